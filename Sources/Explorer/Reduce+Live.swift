import FlyteModel
import Foundation

/// Live updates: the store's change notifications refresh the screen in view at once; a lost or refused feed is
/// said on the status line and in the title bar, and the explorer falls back to polling.
extension Explorer {
    static func storeFeed(_ s: inout ExplorerState, _ event: StoreFeedEvent) -> [Effect] {
        switch event {
        case .changed(let changes):
            return storeChanged(&s, changes)
        case .link(let link):
            let wasDown = if case .down = s.storeLink { true } else { false }
            s.storeLink = link
            switch link {
            case .live where wasDown:
                // Notifications sent while the link was down are lost: re-read the screen in view.
                s.say("store connection back: live updates resumed")
                s.liveDirty = true
                return liveRefreshIfPending(&s)
            case .live, .polling:
                return []
            case .pollingFallback(let why):
                s.say("no live updates (\(why)); refreshing every \(Int(s.options.refreshInterval))s", .warn)
                return []
            case .down(let why):
                s.say("store connection lost: \(why); reconnecting", .error)
                return []
            }
        }
    }

    /// Forgets what the changed actions' cached details said, then refreshes the screen in view if it shows them.
    static func storeChanged(_ s: inout ExplorerState, _ changes: [StoreChange]) -> [Effect] {
        for c in changes {
            guard let name = c.action else { continue }
            let id = ActionID(run: c.run, name: name)
            s.details[id] = nil
            s.rowData.forget(id)
        }
        guard changes.contains(where: { shows(s.top, $0) }) else { return [] }
        s.liveDirty = true
        return liveRefreshIfPending(&s)
    }

    /// Whether the screen shows the run a change is about.
    static func shows(_ screen: Screen, _ c: StoreChange) -> Bool {
        switch screen {
        case .hub(let h): h.section == .runs && h.project == c.run.project && h.domain == c.run.domain
        case .run(let r): r.run == c.run
        default: false
        }
    }

    /// Refreshes the screen in view for announced changes, unless its previous refresh is still running (the tick
    /// after it ends picks the changes up).
    static func liveRefreshIfPending(_ s: inout ExplorerState) -> [Effect] {
        guard s.liveDirty else { return [] }
        switch s.top {
        case .hub(let h) where h.runs.request != nil || h.runs.refreshRequest != nil: return []
        case .run(let r) where r.refreshRequest != nil: return []
        default: break
        }
        s.liveDirty = false
        return refresh(&s, force: false, announced: true)
    }
}
