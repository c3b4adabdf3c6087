import FlyteModel
import Foundation

extension Explorer {
    /// Opens a run's screen and loads its actions.
    static func openRun(_ s: inout ExplorerState, _ id: RunID, select: String? = nil) -> [Effect] {
        var r = RunScreen(run: id)
        let req = s.request()
        r.actions = .loading(req)
        r.pendingSelect = select
        r.lastRefresh = s.now
        s.stack.append(.run(r))
        return [.loadActions(id, req)]
    }

    /// Rebuilds the visible tree rows after actions, collapsing or the filter changed, keeping the selection.
    static func rebuildTree(_ s: inout ExplorerState) {
        guard case .run(var r) = s.top, let tree = r.tree else { return }
        let selectedKey = r.rows.indices.contains(r.cursor.selected) ? r.rows[r.cursor.selected].key : r.pendingSelect
        var rows = tree.rows(collapsed: r.collapsed)
        if let f = r.filter {
            rows = rows.filter { row in
                switch row.kind {
                case .action(let a): f.matches("\(a.id.name) \(a.displayName) \(a.taskName ?? "") \(a.phase.name)")
                case .group(let n, _): f.matches(n)
                }
            }
        }
        r.rows = rows
        if let k = selectedKey, let i = rows.firstIndex(where: { $0.key == k }) {
            r.cursor.select(i, count: rows.count, visible: listRows(s))
            if k == r.pendingSelect { r.pendingSelect = nil }
        } else {
            r.cursor.clamp(count: rows.count, visible: listRows(s))
        }
        s.top = .run(r)
    }

    /// The action selected in the tree.
    static func selectedAction(_ r: RunScreen) -> ActionSummary? {
        guard r.rows.indices.contains(r.cursor.selected), case .action(let a) = r.rows[r.cursor.selected].kind else { return nil }
        return a
    }

    /// Loads details for the tree rows on screen (their data markers) and, for the selected action, its previews,
    /// checkpoints and cache entry.
    static func runLazyLoads(_ s: inout ExplorerState) -> [Effect] {
        guard case .run(let r) = s.top else { return [] }
        var fx: [Effect] = []
        let lo = r.cursor.top
        let hi = min(r.rows.count, lo + listRows(s))
        if lo < hi {
            for row in r.rows[lo..<hi] {
                guard case .action(let a) = row.kind, s.details[a.id] == nil else { continue }
                s.details[a.id] = .loading(0)
                fx.append(.loadDetail(a.id))
            }
        }
        guard let a = selectedAction(r), case .loaded(let d)? = s.details[a.id] else { return fx }
        let objs = ActionObjects(d, attempt: r.attempt[a.id.name])
        var heads = objs.items.map(\.uri)
        let attempt = r.attempt[a.id.name].flatMap { n in d.attempts.first { $0.number == n } } ?? d.latestAttempt
        if let at = attempt, let cp = d.checkpointPrefix(of: at) { heads.append(cp) }
        let missing = heads.filter { s.objects[$0] == nil && !s.objectsInFlight.contains($0) }
        if !missing.isEmpty {
            s.objectsInFlight.formUnion(missing)
            fx.append(.checkObjects(missing))
        }
        for item in objs.items where item.kind != .deck && s.objects[item.uri]?.isPresent == true && s.payloads[item.uri] == nil {
            s.payloads[item.uri] = .loading(0)
            fx.append(.previewPayload(uri: item.uri))
        }
        if let key = d.cacheKey, !key.isEmpty {
            if s.cacheEntries[key] == nil {
                s.cacheEntries[key] = .loading(0)
                fx.append(.loadCacheEntry(key: key))
            } else if case .loaded(let e?)? = s.cacheEntries[key], s.objects[e.outputURI] == nil, !s.objectsInFlight.contains(e.outputURI) {
                s.objectsInFlight.insert(e.outputURI)
                fx.append(.checkObjects([e.outputURI]))
            }
        }
        trimCaches(&s)
        return fx
    }

    /// Keeps the caches bounded, so memory follows the screen rather than the store: each is trimmed to half its cap
    /// when it passes it (keys are collected first; removing while iterating would copy the whole dictionary).
    static func trimCaches(_ s: inout ExplorerState) {
        if s.payloads.count > 48 {
            let drop = Array(s.payloads.lazy.filter { !$0.value.isLoading }.map(\.key).prefix(s.payloads.count - 32))
            for k in drop { s.payloads[k] = nil }
        }
        // Object states of runs-list rows live on, summarised, in `rowData`: on the list they are dropped sooner.
        let objectCap: Int
        if case .hub = s.top { objectCap = 4_000 } else { objectCap = 20_000 }
        if s.objects.count > objectCap { s.objects = [:] }
        if s.rowData.count > 50_000 { s.rowData = RowDataIndex() }
        // Details are large (attempts, transitions, errors); the rows' data states live on in `rowData`.
        if s.details.count > 2_000 {
            var keep: Set<ActionID> = []
            if case .run(let r) = s.top, let a = selectedAction(r) { keep.insert(a.id) }
            let drop = Array(s.details.lazy.filter { !$0.value.isLoading && !keep.contains($0.key) }.map(\.key).prefix(s.details.count - 1_000))
            for k in drop { s.details[k] = nil }
        }
    }

    /// The detail lines of the selected action, as the detail pane shows them.
    static func detailLines(_ s: ExplorerState, _ r: RunScreen, width: Int) -> [DetailLine]? {
        guard let a = selectedAction(r), case .loaded(let d)? = s.details[a.id] else { return nil }
        return DetailLines.build(DetailInputs(
            detail: d, attempt: r.attempt[a.id.name], objects: s.objects, payloads: s.payloads,
            cacheEntry: d.cacheKey.flatMap { s.cacheEntries[$0] }, now: s.now, ascii: s.options.ascii, width: width))
    }

    /// Width of the detail pane for a screen width.
    static func detailWidth(_ width: Int) -> Int { width - treeWidth(width) - 1 }
    static func treeWidth(_ width: Int) -> Int { max(28, min(60, width * 2 / 5)) }

    /// Run-screen commands: attempts, collapsing, focus, shortcuts to data.
    static func runCommand(_ s: inout ExplorerState, _ cmd: Command) -> [Effect] {
        guard case .run(var r) = s.top else { return [] }
        switch cmd {
        case .focus:
            r.focus = r.focus == .tree ? .detail : .tree
            r.detailCursor = ListCursor()
            s.top = .run(r)
            return []
        case .prevAttempt, .nextAttempt:
            guard let a = selectedAction(r), case .loaded(let d)? = s.details[a.id] else { return [] }
            let numbers = d.attempts.map(\.number).sorted()
            guard numbers.count > 1 else { s.say("\(a.displayName) has one attempt", .warn); return [] }
            let cur = r.attempt[a.id.name] ?? d.latestAttempt?.number ?? numbers.last!
            let i = numbers.firstIndex(of: cur) ?? numbers.count - 1
            let ni = cmd == .prevAttempt ? max(0, i - 1) : min(numbers.count - 1, i + 1)
            r.attempt[a.id.name] = numbers[ni]
            s.top = .run(r)
            s.say("attempt \(numbers[ni]) of \(numbers.count)")
            return runLazyLoads(&s)
        case .collapse, .expand, .toggle:
            guard r.rows.indices.contains(r.cursor.selected) else { return [] }
            let row = r.rows[r.cursor.selected]
            let isCollapsed = r.collapsed.contains(row.key)
            if row.childCount == 0 || (cmd == .collapse && isCollapsed) {
                if cmd == .collapse, row.depth > 0, let parent = r.rows[..<r.cursor.selected].lastIndex(where: { $0.depth < row.depth }) {
                    r.cursor.select(parent, count: r.rows.count, visible: listRows(s))
                    s.top = .run(r)
                    return runLazyLoads(&s)
                }
                return []
            }
            if cmd == .collapse || (cmd == .toggle && !isCollapsed) { r.collapsed.insert(row.key) } else { r.collapsed.remove(row.key) }
            s.top = .run(r)
            rebuildTree(&s)
            return runLazyLoads(&s)
        case .inputs, .outputs, .deck, .errorDoc:
            guard let a = selectedAction(r), case .loaded(let d)? = s.details[a.id] else { s.say("the action's detail is still loading", .warn); return [] }
            let objs = ActionObjects(d, attempt: r.attempt[a.id.name])
            let kind: ActionObjects.Kind = cmd == .inputs ? .inputs : cmd == .outputs ? .outputs : cmd == .deck ? .deck : .error
            guard let item = objs.item(kind) else { s.say("\(a.displayName) has no \(kind.label)", .warn); return [] }
            return openTarget(&s, kind == .deck ? .deck(uri: item.uri) : .payload(uri: item.uri, title: "\(a.displayName) \(kind.label)"))
        default:
            return []
        }
    }

    /// `enter` on the run screen: toggles a tree node, or opens the detail line's target.
    static func runOpen(_ s: inout ExplorerState) -> [Effect] {
        guard case .run(let r) = s.top else { return [] }
        if r.focus == .tree { return runCommand(&s, .toggle) }
        guard let lines = detailLines(s, r, width: detailWidth(s.width)), lines.indices.contains(r.detailCursor.selected),
              let t = lines[r.detailCursor.selected].target else { return [] }
        return openTarget(&s, t)
    }

    /// Opens a payload, Deck, object or run screen.
    static func openTarget(_ s: inout ExplorerState, _ t: DetailTarget) -> [Effect] {
        switch t {
        case .payload(let uri, let title):
            var p = PayloadScreen(uri: uri, title: title)
            let r = s.request()
            p.document = .loading(r)
            s.stack.append(.payload(p))
            return [.fetchPayload(uri: uri, r)]
        case .deck(let uri):
            var d = DeckScreen(uri: uri)
            let r = s.request()
            d.deck = .loading(r)
            s.stack.append(.deck(d))
            return [.fetchDeck(uri: uri, width: max(20, s.width - 2), r)]
        case .object(let uri):
            var o = ObjectScreen(uri: uri)
            let r = s.request()
            o.fetch = .loading(r)
            s.stack.append(.object(o))
            return [.fetchObject(uri: uri, r)]
        case .run(let id):
            return openRun(&s, id)
        case .value(let v):
            s.say("copied: " + DisplayWidth.truncate(v, to: 60))
            return [.copy(v)]
        }
    }
}
