import FlyteModel
import Foundation

extension Explorer {
    /// Rows a list shows below its header.
    static func listRows(_ s: ExplorerState) -> Int {
        if case .hub = s.top { return hubRows(s) }
        return max(1, s.height - 4)
    }

    /// Rows a hub list shows (its section bar takes one more line than other lists).
    static func hubRows(_ s: ExplorerState) -> Int { max(1, s.height - 5) }

    /// Whether the screen is wide enough for absolute times.
    static func wide(_ s: ExplorerState) -> Bool { s.width >= 160 }

    static func rowContext(_ s: ExplorerState) -> RowContext {
        let rowData = s.rowData
        let objects = s.objects
        return RowContext(now: s.now, ascii: s.options.ascii, wide: wide(s), data: { rowData.summary($0) ?? .checking },
                          object: { objects[$0] })
    }

    /// Opens the hub of a project/domain on its runs, replacing a hub already on top of the stack.
    static func openHub(_ s: inout ExplorerState, project: String, domain: String, filter: String?) -> [Effect] {
        var h = HubScreen(project: project, domain: domain)
        h.runs.filter = filter.flatMap(ListFilter.init)
        let r = s.request()
        h.runs.request = r
        h.lastRefresh = s.now
        if case .hub = s.top { s.top = .hub(h) } else { s.stack.append(.hub(h)) }
        if !s.knownDomains.contains(domain) { s.knownDomains.append(domain) }
        return [.loadRuns(project: project, domain: domain, phases: [], limit: s.options.pageSize, after: nil, r)]
    }

    /// Loads the section in view if it has not been loaded.
    static func loadSection(_ s: inout ExplorerState) -> [Effect] {
        guard case .hub(var h) = s.top else { return [] }
        var fx: [Effect] = []
        switch h.section {
        case .runs:
            if !h.runs.loaded, h.runs.request == nil {
                let r = s.request()
                h.runs.request = r
                fx.append(.loadRuns(project: h.project, domain: h.domain, phases: h.phaseFilter.phases, limit: s.options.pageSize, after: nil, r))
            }
        case .tasks:
            if !h.tasks.loaded, h.tasks.request == nil {
                let r = s.request()
                h.tasks.request = r
                fx.append(.loadTasks(project: h.project, domain: h.domain, after: nil, r))
            }
        case .triggers:
            if !h.triggers.loaded, h.triggers.request == nil {
                let r = s.request()
                h.triggers.request = r
                fx.append(.loadTriggers(project: h.project, domain: h.domain, r))
            }
        case .cache:
            if !h.cache.loaded, h.cache.request == nil {
                let r = s.request()
                h.cache.request = r
                fx.append(.loadCache(after: nil, r))
            }
        }
        s.top = .hub(h)
        return fx
    }

    /// Asks for whatever the rows on screen still lack: run data states, cache pointer states, tree node details,
    /// the selected action's detail and previews, and the next page near the end of a list.
    static func lazyLoads(_ s: inout ExplorerState) -> [Effect] {
        var fx: [Effect] = []
        let rows = listRows(s)
        switch s.top {
        case .hub(var h):
            switch h.section {
            case .runs:
                for r in h.runs.window(rows) {
                    let id = r.root.id
                    guard s.rowData.summary(id) == nil, s.details[id] == nil, !s.rowDataPending.contains(id) else { continue }
                    s.rowDataPending.insert(id)
                    fx.append(.loadDetail(id))
                }
                let nearEnd = h.runs.cursor.selected >= h.runs.visible.count - rows
                let underfilled = h.runs.filter != nil && h.runs.visible.count < rows + h.runs.cursor.top
                let mayPage = h.runs.filter == nil || h.runs.autoPages < PagedList<RunSummary>.autoPageLimit
                if h.runs.hasNewerAbove, h.runs.prevRequest == nil, h.runs.request == nil, h.runs.showsStoreOrder,
                   h.runs.cursor.selected < rows, let first = h.runs.items.first {
                    let r = s.request()
                    h.runs.prevRequest = r
                    fx.append(.loadRunsBefore(project: h.project, domain: h.domain, phases: h.phaseFilter.phases, limit: s.options.pageSize,
                                              before: PageToken.run(first), r))
                }
                if h.runs.hasMore, h.runs.request == nil, h.runs.prevRequest == nil, nearEnd || underfilled, mayPage {
                    if h.runs.filter != nil { h.runs.autoPages += 1 }
                    let r = s.request()
                    h.runs.request = r
                    fx.append(.loadRuns(project: h.project, domain: h.domain, phases: h.phaseFilter.phases, limit: s.options.pageSize, after: h.runs.next, r))
                }
            case .tasks:
                if h.tasks.hasMore, h.tasks.request == nil, h.tasks.cursor.selected >= h.tasks.visible.count - rows {
                    let r = s.request()
                    h.tasks.request = r
                    fx.append(.loadTasks(project: h.project, domain: h.domain, after: h.tasks.next, r))
                }
            case .cache:
                let uris = h.cache.window(rows).map(\.outputURI).filter { s.objects[$0] == nil && !s.objectsInFlight.contains($0) }
                if !uris.isEmpty {
                    s.objectsInFlight.formUnion(uris)
                    fx.append(.checkObjects(uris))
                }
                if h.cache.hasMore, h.cache.request == nil, h.cache.cursor.selected >= h.cache.visible.count - rows {
                    let r = s.request()
                    h.cache.request = r
                    fx.append(.loadCache(after: h.cache.next, r))
                }
            case .triggers: break
            }
            s.top = .hub(h)
            trimCaches(&s)
        case .run:
            fx += runLazyLoads(&s)
        case .payload:
            fx += payloadLazyLoads(&s)
        default: break
        }
        return fx
    }

    /// Switches the hub section (`1`–`4`, `:tasks`, …).
    static func switchSection(_ s: inout ExplorerState, _ section: HubSection) -> [Effect] {
        guard case .hub(var h) = s.top else {
            s.say(":\(section.title.lowercased()) needs a project (open one first, or :runs project/domain)", .warn)
            return []
        }
        h.section = section
        s.top = .hub(h)
        return loadSection(&s) + lazyLoads(&s)
    }

    /// Asks the store for runs in another phase set (quick filters).
    static func setPhaseFilter(_ s: inout ExplorerState, _ f: PhaseFilter) -> [Effect] {
        guard case .hub(var h) = s.top else { return [] }
        h.phaseFilter = f
        h.section = .runs
        let fx = reloadRunsFromHead(&s, &h)
        s.top = .hub(h)
        s.say(f == .all ? "runs: every phase" : "runs: \(f.rawValue) only (A for all)")
        return fx
    }

    /// Empties the hub's runs list and asks for its first page (the newest runs in the phase filter).
    static func reloadRunsFromHead(_ s: inout ExplorerState, _ h: inout HubScreen) -> [Effect] {
        h.runs.restartAtHead()
        let r = s.request()
        h.runs.request = r
        return [.loadRuns(project: h.project, domain: h.domain, phases: h.phaseFilter.phases, limit: s.options.pageSize, after: nil, r)]
    }

    /// Moves the sort column (`<`, `>`) or reverses it (`s`); the first move leaves the store's order.
    static func changeSort(_ s: inout ExplorerState, _ cmd: Command) -> [Effect] {
        guard case .hub(var h) = s.top else { return [] }
        let ctx = rowContext(s)
        func update<T>(_ l: inout PagedList<T>, _ spec: ListSpec<T>) {
            let n = spec.columns(ctx.wide).count
            switch cmd {
            case .sortReverse:
                if l.sort.isDefault { l.sort = SortOrder(column: h.section == .runs ? 3 : 0, ascending: h.section != .runs, isDefault: false) }
                l.sort.ascending.toggle()
            case .sortLeft, .sortRight:
                let start = l.sort.isDefault ? (h.section == .runs ? 3 : 0) : l.sort.column
                let next = (start + (cmd == .sortLeft ? n - 1 : 1)) % n
                l.sort = SortOrder(column: next, ascending: true, isDefault: false)
            default: break
            }
            l.recompute(spec: spec, ctx: ctx, window: listRows(s))
            let title = spec.columns(ctx.wide)[l.sort.column].title
            s.say("sorted by \(title) \(l.sort.ascending ? "ascending" : "descending") (rows loaded so far)")
        }
        switch h.section {
        case .runs: update(&h.runs, ListSpecs.runs)
        case .tasks: update(&h.tasks, ListSpecs.tasks)
        case .triggers: update(&h.triggers, ListSpecs.triggers)
        case .cache: update(&h.cache, ListSpecs.cache)
        }
        s.top = .hub(h)
        return lazyLoads(&s)
    }

    /// `:sort COLUMN` on the hub section in view.
    static func sortBy(_ s: inout ExplorerState, _ name: String) -> [Effect] {
        guard case .hub(var h) = s.top else { s.say(":sort works on the project hub's lists", .warn); return [] }
        let ctx = rowContext(s)
        var fx: [Effect] = []
        // A trailing `-` asks for descending order; the rest names the column.
        let desc = name.hasSuffix("-")
        let column = (desc ? String(name.dropLast()) : name).lowercased()
        func apply<T>(_ l: inout PagedList<T>, _ spec: ListSpec<T>) {
            let titles = spec.columns(ctx.wide).map(\.title)
            guard !column.isEmpty, let i = titles.firstIndex(where: { $0.lowercased().hasPrefix(column) }) else {
                s.say(":sort \(name): no such column (\(titles.joined(separator: ", ")))", .error)
                return
            }
            l.sort = SortOrder(column: i, ascending: !desc, isDefault: false)
            l.recompute(spec: spec, ctx: ctx, window: listRows(s))
            s.say("sorted by \(titles[i]) \(desc ? "descending" : "ascending")")
        }
        switch h.section {
        case .runs: apply(&h.runs, ListSpecs.runs)
        case .tasks: apply(&h.tasks, ListSpecs.tasks)
        case .triggers: apply(&h.triggers, ListSpecs.triggers)
        case .cache: apply(&h.cache, ListSpecs.cache)
        }
        s.top = .hub(h)
        fx += lazyLoads(&s)
        return fx
    }

    /// Recomputes every list of the screen in view (after data arrived that changes cells, sort or filter).
    static func recomputeTop(_ s: inout ExplorerState) {
        let ctx = rowContext(s)
        let rows = listRows(s)
        switch s.top {
        case .hub:
            s.withHub { h in
                switch h.section {
                case .runs: h.runs.recompute(spec: ListSpecs.runs, ctx: ctx, window: rows)
                case .tasks: h.tasks.recompute(spec: ListSpecs.tasks, ctx: ctx, window: rows)
                case .triggers: h.triggers.recompute(spec: ListSpecs.triggers, ctx: ctx, window: rows)
                case .cache: h.cache.recompute(spec: ListSpecs.cache, ctx: ctx, window: rows)
                }
            }
        case .run:
            rebuildTree(&s)
        default: break
        }
    }
}
