import FlyteModel
import Foundation
import Terminal

/// The explorer's brain: `start` and `reduce` change the state and return the effects to run. Pure: no I/O, no
/// clock (time arrives as `.tick`), so every behaviour is tested by feeding actions and reading the state.
public enum Explorer {
    /// The first screen and its loads: the projects list, and the runs of `options.project` when one is set.
    public static func start(_ s: inout ExplorerState) -> [Effect] {
        var fx: [Effect] = [.loadProjects(beginProjects(&s))]
        if let p = s.options.project {
            fx.append(pushDomains(&s, project: p))
            fx += openHub(&s, project: p, domain: s.options.domain ?? "development", filter: nil)
        }
        return fx
    }

    /// Pushes the domains screen of `project` and returns the load it needs.
    static func pushDomains(_ s: inout ExplorerState, project: String) -> Effect {
        var d = DomainsScreen(project: project)
        let r = s.request()
        d.domains = .loading(r)
        s.stack.append(.domains(d))
        return .loadDomains(project: project, r)
    }

    static func beginProjects(_ s: inout ExplorerState) -> RequestID {
        let r = s.request()
        if case .projects(var p) = s.stack[0] {
            p.projects = .loading(r)
            s.stack[0] = .projects(p)
        }
        return r
    }

    /// Applies one action.
    public static func reduce(_ s: inout ExplorerState, _ action: Action) -> [Effect] {
        reduce(&s, actions: [action])
    }

    /// Applies a batch of actions (what arrived while the loop waited), then re-filters and re-sorts the list in view
    /// once if answers changed what its rows show: a page of 50 detail answers costs one recompute, not 50.
    public static func reduce(_ s: inout ExplorerState, actions: [Action]) -> [Effect] {
        var fx: [Effect] = []
        for a in actions { fx += apply(&s, a) }
        if s.rowsStale {
            s.rowsStale = false
            recomputeTop(&s)
            fx += lazyLoads(&s)
        }
        return fx
    }

    static func apply(_ s: inout ExplorerState, _ action: Action) -> [Effect] {
        switch action {
        case .key(let k): return key(&s, k)
        case .resize(let w, let h):
            s.width = w
            s.height = h
            clampAll(&s)
            return lazyLoads(&s)
        case .tick(let now):
            s.now = now
            if let f = s.flash, f.until <= now { s.flash = nil }
            return refreshIfDue(&s)
        case .storeFeed(let event):
            return storeFeed(&s, event)
        default:
            return result(&s, action)
        }
    }

    /// The key context of the screen in view.
    static func context(_ screen: Screen) -> KeyContext {
        switch screen {
        case .hub: .runs
        case .run: .run
        case .payload: .payload
        case .deck: .deck
        default: .list
        }
    }

    static func key(_ s: inout ExplorerState, _ k: Key) -> [Effect] {
        switch s.mode {
        case .command(var e):
            switch k {
            case .enter:
                s.mode = .normal
                return runCommand(&s, e.text)
            case .escape:
                s.mode = .normal
            case .tab:
                let (line, options) = ExplorerCommand.complete(e.text) { completions(s, for: $0) }
                e = LineEditor(line)
                s.mode = .command(e)
                if options.count > 1 { s.say(options.prefix(12).joined(separator: "  ")) }
            default:
                if k == .backspace, e.text.isEmpty { s.mode = .normal; return [] }
                _ = e.apply(k)
                s.mode = .command(e)
            }
            return []
        case .filter(var e):
            switch k {
            case .enter: s.mode = .normal
            case .escape:
                s.mode = .normal
                return setFilter(&s, nil)
            default:
                if k == .backspace, e.text.isEmpty { s.mode = .normal; return setFilter(&s, nil) }
                _ = e.apply(k)
                s.mode = .filter(e)
                return setFilter(&s, e.text)
            }
            return []
        case .search(var e):
            switch k {
            case .enter:
                s.mode = .normal
                deckSearch(&s, e.text, jump: true)
                if case .deck(let d) = s.top, d.search != nil, d.matches.isEmpty { s.say("no match for /\(e.text)", .warn) }
            case .escape:
                s.mode = .normal
                deckSearch(&s, nil, jump: false)
            default:
                _ = e.apply(k)
                s.mode = .search(e)
                deckSearch(&s, e.text, jump: true)
            }
            return []
        case .normal:
            break
        }
        if case .resize = k { return [] }
        if case .mouse(let m) = k { return mouse(&s, m) }
        if s.width < MinimumSize.width || s.height < MinimumSize.height {
            if s.keyMap.command(for: k, in: .global) == .quit { s.quit = true; return [.quit] }
            return []
        }
        guard let cmd = s.keyMap.command(for: k, in: context(s.top)) else {
            if case .char(let c) = k { s.say("\(c): no action here (? for help)", .warn) }
            return []
        }
        return perform(&s, cmd)
    }

    /// Runs a command from the key map.
    static func perform(_ s: inout ExplorerState, _ cmd: Command) -> [Effect] {
        switch cmd {
        case .quit:
            s.quit = true
            return [.quit]
        case .help:
            if case .help = s.top { return back(&s) }
            s.stack.append(.help(HelpScreen()))
            return []
        case .command:
            s.mode = .command(LineEditor())
            return []
        case .filter:
            if case .deck = s.top { s.mode = .search(LineEditor()); return [] }
            s.mode = .filter(LineEditor(currentFilter(s)?.text ?? ""))
            return []
        case .back: return back(&s)
        case .lastView:
            guard let last = s.previous.popLast() else { s.say("no screen to return to", .warn); return [] }
            s.stack.append(last)
            return reloadTop(&s)
        case .redraw:
            s.redrawAll = true
            return []
        case .refresh: return refresh(&s, force: true)
        case .copy:
            guard let text = copyText(s) else { s.say("nothing to copy here", .warn); return [] }
            s.say("copied: " + DisplayWidth.truncate(text, to: 60))
            return [.copy(text)]
        case .presign: return presign(&s, seconds: 3600)
        case .up, .down, .pageUp, .pageDown, .halfUp, .halfDown, .top, .bottom:
            return move(&s, cmd)
        case .open: return open(&s)
        default:
            return screenCommand(&s, cmd)
        }
    }

    /// Leaves the screen in view (clearing its filter first, as k9s does).
    static func back(_ s: inout ExplorerState) -> [Effect] {
        if currentFilter(s) != nil { return setFilter(&s, nil) }
        var stop: [Effect] = []
        if case .fallout(let f) = s.top, let e = backInFallout(&s, f) {
            if e.isEmpty { return [] }
            stop = e
        }
        if case .deck(let d) = s.top, d.search != nil { deckSearch(&s, nil, jump: false); return [] }
        guard s.stack.count > 1 else { s.say("at the top (q quits)"); return [] }
        // A fetch still loading for the screen being left is abandoned (its transfers stop); the screen reloads if
        // the user returns to it.
        if let id = pendingFetch(s.top) { stop.append(.cancelFetch(id)) }
        s.previous.append(s.stack.removeLast())
        if s.previous.count > 20 { s.previous.removeFirst() }
        clampAll(&s)
        return stop + lazyLoads(&s)
    }
}

extension Explorer {
    /// The request a payload, Deck or object screen is still waiting for.
    static func pendingFetch(_ screen: Screen?) -> RequestID? {
        switch screen {
        case .payload(let p): if case .loading(let id) = p.document { return id }
        case .deck(let d): if case .loading(let id) = d.deck { return id }
        case .object(let o): if case .loading(let id) = o.fetch { return id }
        default: break
        }
        return nil
    }
}

/// The smallest terminal the explorer draws in; below it a notice asks for more room.
public enum MinimumSize {
    public static let width = 60
    public static let height = 12
}
