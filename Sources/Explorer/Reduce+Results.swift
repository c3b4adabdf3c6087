import FlyteModel
import Foundation

extension Explorer {
    /// Applies the result of an effect; results for requests the user has moved away from are dropped.
    static func result(_ s: inout ExplorerState, _ action: Action) -> [Effect] {
        switch action {
        case .falloutUpdate(let id, let u):
            return falloutUpdate(&s, id, u)
        case .projectsLoaded(let id, let r):
            guard case .projects(var p) = s.stack[0], p.projects.awaits(id) else { return [] }
            switch r {
            case .success(let ps):
                p.projects = .loaded(ps)
                s.knownProjects = ps.map(\.id)
            case .failure(let e): p.projects = .failed(e.message)
            }
            p.cursor.clamp(count: filteredProjects(p).count, visible: listRows(s))
            s.stack[0] = .projects(p)
            return []
        case .domainsLoaded(let id, let r):
            for i in s.stack.indices {
                guard case .domains(var d) = s.stack[i], d.domains.awaits(id) else { continue }
                switch r {
                case .success(let ds):
                    d.domains = .loaded(ds)
                    for x in ds where !s.knownDomains.contains(x) { s.knownDomains.append(x) }
                    if let cur = s.stack.dropFirst(i + 1).first, case .hub(let h) = cur, let j = ds.firstIndex(of: h.domain) { d.cursor.select(j, count: ds.count, visible: listRows(s)) }
                case .failure(let e): d.domains = .failed(e.message)
                }
                s.stack[i] = .domains(d)
            }
            return []
        case .runsLoaded(let id, let r):
            return hubResult(&s, id) { h, ctx, rows in
                if h.runs.prevRequest == id {
                    // The page before a window that dropped its head: it goes in front.
                    h.runs.prevRequest = nil
                    switch r {
                    case .success(let page):
                        h.runs.prepend(page.items, atHead: page.next == nil, margin: rows * 2, spec: ListSpecs.runs, ctx: ctx, window: rows)
                        h.runs.error = nil
                    case .failure(let e): h.runs.error = e.message
                    }
                    return
                }
                h.runs.request = nil
                let keep = h.runs.isRefresh(id) ? h.runs.selectedItem.map(ListSpecs.runs.id) : nil
                switch r {
                case .success(let page):
                    if h.runs.isRefresh(id) { h.runs.replaceItems(page.items) } else { h.runs.items += page.items }
                    // A refresh reloads the rows loaded so far (up to 1,000): the list goes on after its last row.
                    h.runs.next = page.next
                    h.runs.hasMore = page.next != nil
                    h.runs.loaded = true
                    h.runs.error = nil
                case .failure(let e): h.runs.error = e.message
                }
                h.runs.refreshRequest = nil
                h.runs.recompute(spec: ListSpecs.runs, ctx: ctx, window: rows, keep: keep)
                h.runs.trimFront(margin: rows * 2)
            }
        case .tasksLoaded(let id, let r):
            return hubResult(&s, id) { h, ctx, rows in h.tasks.appendPage(r, spec: ListSpecs.tasks, ctx: ctx, window: rows) }
        case .triggersLoaded(let id, let r):
            return hubResult(&s, id) { h, ctx, rows in
                h.triggers.request = nil
                switch r {
                case .success(let items):
                    h.triggers.replaceItems(items)
                    h.triggers.loaded = true
                case .failure(let e): h.triggers.error = e.message
                }
                h.triggers.recompute(spec: ListSpecs.triggers, ctx: ctx, window: rows)
            }
        case .cacheLoaded(let id, let r):
            return hubResult(&s, id) { h, ctx, rows in h.cache.appendPage(r, spec: ListSpecs.cache, ctx: ctx, window: rows) }
        case .taskVersionsLoaded(let id, let r):
            guard case .task(var t) = s.top, t.versions.awaits(id) else { return [] }
            t.versions = r.map { .loaded($0) }.get(or: { .failed($0.message) })
            s.top = .task(t)
            return []
        case .triggerRevisionsLoaded(let id, let r):
            guard case .triggerRevisions(var t) = s.top, t.revisions.awaits(id) else { return [] }
            t.revisions = r.map { .loaded($0) }.get(or: { .failed($0.message) })
            s.top = .triggerRevisions(t)
            return []
        case .actionsLoaded(let id, let r):
            guard let i = s.stack.lastIndex(where: { if case .run(let x) = $0 { x.actions.awaits(id) || x.refreshRequest == id } else { false } }),
                  case .run(var run) = s.stack[i] else { return [] }
            switch r {
            case .success(let actions):
                run.actions = .loaded(actions)
                run.tree = ActionTree(actions: actions)
                if run.cursor.selected == 0, run.pendingSelect == nil, run.rows.isEmpty {
                    run.pendingSelect = ActionID.rootName
                }
            case .failure(let e):
                if run.tree == nil { run.actions = .failed(e.message) } else { s.say("refresh failed: \(e.message)", .error) }
            }
            run.refreshRequest = nil
            s.stack[i] = .run(run)
            if i == s.stack.count - 1 {
                rebuildTree(&s)
                return runLazyLoads(&s)
            }
            return []
        case .detailLoaded(let id, let r):
            s.rowDataPending.remove(id)
            switch r {
            case .success(let d):
                // Keep the detail only when a run screen asked for it; the runs list needs just its data state.
                if s.details[id] != nil { s.details[id] = .loaded(d) }
                s.rowData.record(id, ActionObjects(d), states: s.objects)
                // `loadDetail` checks these objects itself (off the UI thread): do not ask again while it does.
                s.objectsInFlight.formUnion(ActionObjects(d).items.map(\.uri))
            case .failure(let e): s.details[id] = .failed(e.message)
            }
            s.rowsStale = true
            return []
        case .objectsChecked(let states):
            for (u, st) in states {
                s.objects[u] = st
                s.objectsInFlight.remove(u)
            }
            s.rowData.objectsChanged(states.map(\.0), states: s.objects)
            s.rowsStale = true
            return []
        case .payloadFetched(let id, let f):
            guard case .payload(var p) = s.top, p.document.awaits(id) else { return [] }
            p.document = .loaded(f)
            s.objects[p.uri] = f.state
            s.top = .payload(p)
            return payloadLazyLoads(&s)
        case .previewFetched(let uri, let f):
            s.payloads[uri] = .loaded(f)
            return []
        case .cacheEntryLoaded(let key, let r):
            s.cacheEntries[key] = r.map { .loaded($0) }.get(or: { .failed($0.message) })
            return lazyLoads(&s)
        case .deckFetched(let id, let f):
            guard case .deck(var d) = s.top, d.deck.awaits(id) else { return [] }
            d.deck = .loaded(f)
            s.objects[d.uri] = f.state
            s.top = .deck(d)
            return []
        case .objectFetched(let id, let peek):
            guard case .object(var o) = s.top, o.fetch.awaits(id) else { return [] }
            o.fetch = .loaded(peek)
            s.objects[o.uri] = peek.state
            s.top = .object(o)
            return []
        case .runFound(let name, let r):
            switch r {
            case .success(let ids) where ids.isEmpty:
                s.say(":run \(name): no run of that name in any project/domain", .error)
            case .success(let ids):
                let (p, d) = scope(s)
                let pick = ids.first { $0.project == p && $0.domain == d } ?? ids.first { $0.project == p } ?? ids[0]
                // Rebuild the stack as projects → project → hub → run, so the breadcrumbs and esc follow the run's scope.
                var fx = runCommand(&s, "runs \(pick.project)/\(pick.domain)")
                fx += openRun(&s, pick)
                if ids.count > 1 { s.say("\(ids.count) runs named \(name); opened \(pick) (others: \(ids.filter { $0 != pick }.prefix(3).map(\.description).joined(separator: ", ")))", .warn) }
                return fx
            case .failure(let e):
                s.say(e.message, .error)
            }
            return []
        case .themeLoaded(let r):
            switch r {
            case .success(let t):
                s.theme = t
                s.redrawAll = true
                s.say("theme: \(t.name)")
            case .failure(let e):
                s.say(e.message, .error)
            }
            return []
        case .presigned(let uri, .success(let signed)):
            let left = DurationText.short(signed.expires.timeIntervalSince(s.now).rounded())
            s.say("copied a signed URL for \(DisplayWidth.truncate(uri, to: 48)): works for \(left) without credentials (\(signed.signedWith))")
            return [.copy(signed.url)]
        case .presigned(_, .failure(let e)):
            s.say(e.message, .error)
            return []
        case .notice(let text, let isError):
            s.say(text, isError ? .error : .info)
            return []
        default:
            return []
        }
    }

    /// Applies a result to the hub it was requested for, wherever it is on the stack.
    static func hubResult(_ s: inout ExplorerState, _ id: RequestID, _ apply: (inout HubScreen, RowContext, Int) -> Void) -> [Effect] {
        guard let i = s.stack.lastIndex(where: {
            guard case .hub(let h) = $0 else { return false }
            return [h.runs.request, h.runs.refreshRequest, h.runs.prevRequest, h.tasks.request, h.triggers.request, h.cache.request].contains(id)
        }) else { return [] }
        let ctx = rowContext(s)
        let rows = hubRows(s)
        s.withHub(at: i) { apply(&$0, ctx, rows) }
        return i == s.stack.count - 1 ? lazyLoads(&s) : []
    }

    /// Live refresh: reloads the screen in view every `refreshInterval` seconds, keeping selection, filter, sort and
    /// scroll. Only runs and actions that are still in flight are re-read.
    /// With a live change feed there is no polling: only a notification that arrived during a refresh triggers one.
    static func refreshIfDue(_ s: inout ExplorerState) -> [Effect] {
        if s.storeLink == .live { return liveRefreshIfPending(&s) }
        guard s.options.refreshInterval > 0 else { return [] }
        return refresh(&s, force: false)
    }

    /// `announced`: a store notification says the screen in view changed, so refresh now whatever the interval.
    static func refresh(_ s: inout ExplorerState, force: Bool, announced: Bool = false) -> [Effect] {
        switch s.top {
        case .hub(var h):
            guard force || announced || h.lastRefresh.map({ s.now.timeIntervalSince($0) >= s.options.refreshInterval }) ?? true else { return [] }
            h.lastRefresh = s.now
            guard h.section == .runs || force else { return [] }
            var fx: [Effect] = []
            // A window scrolled far from the head keeps its rows: only the runs still in flight are re-read.
            let reloadRows = !h.runs.hasNewerAbove && h.runs.request == nil && h.runs.refreshRequest == nil && h.runs.prevRequest == nil
            if h.section == .runs, h.runs.hasNewerAbove || reloadRows {
                if reloadRows {
                    let r = s.request()
                    h.runs.refreshRequest = r
                    fx.append(.loadRuns(project: h.project, domain: h.domain, phases: h.phaseFilter.phases,
                                        limit: min(1000, max(s.options.pageSize, h.runs.items.count)), after: nil, r))
                }
                for run in h.runs.items where !run.root.phase.isTerminal {
                    s.details[run.root.id] = nil
                    s.rowData.forget(run.root.id)
                }
            } else if force {
                switch h.section {
                case .tasks: h.tasks = PagedList()
                case .triggers: h.triggers = PagedList()
                case .cache:
                    for e in h.cache.items { s.objects[e.outputURI] = nil }
                    h.cache = PagedList()
                case .runs: break
                }
                s.top = .hub(h)
                fx += loadSection(&s)
                if case .hub(let hh) = s.top { h = hh }
            }
            s.top = .hub(h)
            if force { s.say("refreshing…") }
            return fx
        case .run(var r):
            guard force || announced || r.lastRefresh.map({ s.now.timeIntervalSince($0) >= s.options.refreshInterval }) ?? true else { return [] }
            r.lastRefresh = s.now
            let live = (r.actions.value ?? []).filter { !$0.phase.isTerminal }
            guard force || announced || !live.isEmpty else { s.top = .run(r); return [] }
            let req = s.request()
            r.refreshRequest = req
            for a in live {
                s.details[a.id] = nil
                s.rowData.forget(a.id)
            }
            if force, let a = selectedAction(r) {
                if case .loaded(let d)? = s.details[a.id] { for i in ActionObjects(d).items { s.objects[i.uri] = nil; s.payloads[i.uri] = nil } }
                s.details[a.id] = nil
                s.rowData.forget(a.id)
            }
            s.top = .run(r)
            if force { s.say("refreshing…") }
            return [.loadActions(r.run, req)]
        default:
            return force ? reloadTop(&s) : []
        }
    }

    /// Reloads the screen in view (after `-` reopened it, or `ctrl-r` on a simple screen).
    static func reloadTop(_ s: inout ExplorerState) -> [Effect] {
        switch s.top {
        case .projects: return [.loadProjects(beginProjects(&s))]
        case .domains(var d):
            let r = s.request()
            d.domains = .loading(r)
            s.top = .domains(d)
            return [.loadDomains(project: d.project, r)]
        case .payload(let p):
            s.stack.removeLast()
            return openTarget(&s, .payload(uri: p.uri, title: p.title))
        case .deck(let d):
            s.stack.removeLast()
            return openTarget(&s, .deck(uri: d.uri))
        case .object(let o):
            s.stack.removeLast()
            return openTarget(&s, .object(uri: o.uri))
        default:
            return lazyLoads(&s)
        }
    }
}

extension PagedList {
    func isRefresh(_ id: RequestID) -> Bool { refreshRequest == id }
}

extension Result {
    /// The success value, or what `failure` makes of the error.
    func get(or failure: (Failure) -> Success) -> Success {
        switch self {
        case .success(let v): v
        case .failure(let e): failure(e)
        }
    }
}
