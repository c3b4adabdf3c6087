import FlyteModel
import Foundation
import Terminal

extension Explorer {
    /// Dispatches commands that belong to one kind of screen.
    static func screenCommand(_ s: inout ExplorerState, _ cmd: Command) -> [Effect] {
        switch (s.top, cmd) {
        case (_, .audit): return openFallout(&s, falloutScope(s))
        case (_, .stopAudit): return cancelFallout(&s)
        case (.hub, .sortLeft), (.hub, .sortRight), (.hub, .sortReverse): return changeSort(&s, cmd)
        case (.hub, .phaseAll): return setPhaseFilter(&s, .all)
        case (.hub, .phaseFailed): return setPhaseFilter(&s, .failed)
        case (.hub, .phaseActive): return setPhaseFilter(&s, .active)
        case (.hub, .phaseSucceeded): return setPhaseFilter(&s, .succeeded)
        case (.hub, .section1): return switchSection(&s, .runs)
        case (.hub, .section2): return switchSection(&s, .tasks)
        case (.hub, .section3): return switchSection(&s, .triggers)
        case (.hub, .section4): return switchSection(&s, .cache)
        case (.run, _): return runCommand(&s, cmd)
        case (.payload, _): return payloadCommand(&s, cmd)
        case (.deck, _): return deckCommand(&s, cmd)
        default: return []
        }
    }

    /// The number of rows of the list in view and how many fit.
    static func listShape(_ s: ExplorerState) -> (count: Int, rows: Int) {
        let rows = listRows(s)
        switch s.top {
        case .projects(let p): return (filteredProjects(p).count, rows)
        case .domains(let d): return (d.domains.value?.count ?? 0, rows)
        case .hub(let h):
            switch h.section {
            case .runs: return (h.runs.visible.count, rows)
            case .tasks: return (h.tasks.visible.count, rows)
            case .triggers: return (h.triggers.visible.count, rows)
            case .cache: return (h.cache.visible.count, rows)
            }
        case .run(let r):
            if r.focus == .detail { return (detailLines(s, r, width: detailWidth(s.width))?.count ?? 0, rows) }
            return (r.rows.count, rows)
        case .payload(let p):
            guard case .loaded(let f) = p.document, let doc = f.document else { return (0, rows) }
            return (PayloadNav.visibleLines(doc, collapsed: p.collapsed, ascii: s.options.ascii).count, rows)
        case .deck(let d): return (d.deck.value?.text?.lines.count ?? 0, deckRows(s))
        case .object(let o): return (o.fetch.value?.lines.count ?? 0, rows)
        case .task(let t): return (t.versions.value?.count ?? 0, max(1, rows / 2))
        case .triggerRevisions(let t): return (t.revisions.value?.count ?? 0, rows)
        case .help: return (helpLines(s).count, rows)
        case .fallout(let f): return (f.drill == nil ? FalloutSeverity.all.count : f.drilledRuns.count, rows)
        }
    }

    static func filteredProjects(_ p: ProjectsScreen) -> [Project] {
        let all = p.projects.value ?? []
        guard let f = p.filter else { return all }
        return all.filter { f.matches("\($0.id) \($0.name) \($0.description)") }
    }

    /// Applies a cursor movement to the list in view.
    static func move(_ s: inout ExplorerState, _ cmd: Command) -> [Effect] {
        let (count, rows) = listShape(s)
        func apply(_ c: inout ListCursor, scrollOnly: Bool = false) {
            let delta: Int
            switch cmd {
            case .up: delta = -1
            case .down: delta = 1
            case .pageUp: delta = -rows
            case .pageDown: delta = rows
            case .halfUp: delta = -max(1, rows / 2)
            case .halfDown: delta = max(1, rows / 2)
            case .top: delta = -count
            default: delta = count
            }
            if scrollOnly { c.scroll(by: delta, count: count, visible: rows) } else { c.move(by: delta, count: count, visible: rows) }
        }
        switch s.top {
        case .projects(var p): apply(&p.cursor); s.top = .projects(p)
        case .domains(var d): apply(&d.cursor); s.top = .domains(d)
        case .hub(var h):
            switch h.section {
            case .runs:
                if cmd == .top, h.runs.hasNewerAbove {
                    // The newest runs were dropped from the window: start again from them.
                    let fx = reloadRunsFromHead(&s, &h)
                    s.top = .hub(h)
                    return fx
                }
                apply(&h.runs.cursor)
                // A movement key is the user asking for more: a filtered list may page on its own again.
                if cmd != .up, cmd != .pageUp, cmd != .halfUp, cmd != .top { h.runs.autoPages = 0 }
            case .tasks: apply(&h.tasks.cursor)
            case .triggers: apply(&h.triggers.cursor)
            case .cache: apply(&h.cache.cursor)
            }
            s.top = .hub(h)
        case .run(var r):
            if r.focus == .detail { apply(&r.detailCursor) } else {
                let before = r.cursor.selected
                apply(&r.cursor)
                if before != r.cursor.selected { r.detailCursor = ListCursor() }
            }
            s.top = .run(r)
        case .payload(var p): apply(&p.cursor); s.top = .payload(p)
        case .deck(var d): apply(&d.cursor, scrollOnly: true); s.top = .deck(d)
        case .object(var o): apply(&o.cursor, scrollOnly: true); s.top = .object(o)
        case .task(var t): apply(&t.cursor); s.top = .task(t)
        case .triggerRevisions(var t): apply(&t.cursor); s.top = .triggerRevisions(t)
        case .help(var h): apply(&h.cursor, scrollOnly: true); s.top = .help(h)
        case .fallout(var f):
            if f.drill == nil { apply(&f.cursor) } else { apply(&f.runCursor) }
            s.top = .fallout(f)
        }
        return lazyLoads(&s)
    }

    /// `enter`: drills into the selected row.
    static func open(_ s: inout ExplorerState) -> [Effect] {
        switch s.top {
        case .fallout(let f): return openInFallout(&s, f)
        case .projects(let p):
            let list = filteredProjects(p)
            guard list.indices.contains(p.cursor.selected) else { return [] }
            return [pushDomains(&s, project: list[p.cursor.selected].id)]
        case .domains(let d):
            guard let ds = d.domains.value, ds.indices.contains(d.cursor.selected) else { return [] }
            return openHub(&s, project: d.project, domain: ds[d.cursor.selected], filter: nil)
        case .hub(let h):
            switch h.section {
            case .runs:
                guard let r = h.runs.selectedItem else { return [] }
                return openRun(&s, r.id)
            case .tasks:
                guard let t = h.tasks.selectedItem else { return [] }
                var ts = TaskScreen(project: h.project, domain: h.domain, name: t.name)
                let r = s.request()
                ts.versions = .loading(r)
                s.stack.append(.task(ts))
                return [.loadTaskVersions(project: h.project, domain: h.domain, name: t.name, r)]
            case .triggers:
                guard let t = h.triggers.selectedItem else { return [] }
                var ts = TriggerRevisionsScreen(project: h.project, domain: h.domain, taskName: t.taskName, name: t.name)
                let r = s.request()
                ts.revisions = .loading(r)
                s.stack.append(.triggerRevisions(ts))
                return [.loadTriggerRevisions(project: h.project, domain: h.domain, taskName: t.taskName, name: t.name, r)]
            case .cache:
                guard let e = h.cache.selectedItem else { return [] }
                if let run = e.sourceRun, !run.isEmpty {
                    return openRun(&s, RunID(project: h.project, domain: h.domain, name: run), select: e.sourceAction)
                }
                return openTarget(&s, .payload(uri: e.outputURI, title: "cached outputs"))
            }
        case .run: return runOpen(&s)
        case .payload: return payloadCommand(&s, .open)
        default: return []
        }
    }

    /// The filter of the list in view.
    static func currentFilter(_ s: ExplorerState) -> ListFilter? {
        switch s.top {
        case .projects(let p): p.filter
        case .hub(let h):
            switch h.section {
            case .runs: h.runs.filter
            case .tasks: h.tasks.filter
            case .triggers: h.triggers.filter
            case .cache: h.cache.filter
            }
        case .run(let r): r.filter
        default: nil
        }
    }

    /// Sets (or clears, with nil) the `/` filter of the list in view.
    static func setFilter(_ s: inout ExplorerState, _ text: String?) -> [Effect] {
        let f = text.flatMap(ListFilter.init)
        switch s.top {
        case .projects(var p):
            p.filter = f
            p.cursor.clamp(count: filteredProjects(p).count, visible: listRows(s))
            s.top = .projects(p)
        case .hub(var h):
            switch h.section {
            case .runs:
                // A new filter may search a few pages on its own; refining it as it is typed does not add more.
                if h.runs.filter == nil || f == nil { h.runs.autoPages = 0 }
                h.runs.filter = f
            case .tasks: h.tasks.filter = f
            case .triggers: h.triggers.filter = f
            case .cache: h.cache.filter = f
            }
            s.top = .hub(h)
            recomputeTop(&s)
        case .run(var r):
            r.filter = f
            s.top = .run(r)
            rebuildTree(&s)
        default:
            if text != nil { s.say("/ filters lists (runs, projects, tasks, triggers, cache, the action tree)", .warn) }
            return []
        }
        return lazyLoads(&s)
    }

    /// Keeps every cursor valid after a resize.
    static func clampAll(_ s: inout ExplorerState) {
        recomputeTop(&s)
        let (count, rows) = listShape(s)
        switch s.top {
        case .projects(var p): p.cursor.clamp(count: count, visible: rows); s.top = .projects(p)
        case .payload(var p): p.cursor.clamp(count: count, visible: rows); s.top = .payload(p)
        case .deck(var d): d.cursor.scroll(by: 0, count: count, visible: rows); s.top = .deck(d)
        default: break
        }
    }

    /// What `y` copies on the screen in view: the selected URI or value.
    static func copyText(_ s: ExplorerState) -> String? {
        switch s.top {
        case .projects(let p):
            let l = filteredProjects(p)
            return l.indices.contains(p.cursor.selected) ? l[p.cursor.selected].id : nil
        case .domains(let d): return d.domains.value.flatMap { $0.indices.contains(d.cursor.selected) ? "\(d.project)/\($0[d.cursor.selected])" : nil }
        case .hub(let h):
            switch h.section {
            case .runs: return h.runs.selectedItem?.id.description
            case .tasks: return h.tasks.selectedItem.map { "\($0.name)@\($0.version)" }
            case .triggers: return h.triggers.selectedItem?.name
            case .cache: return h.cache.selectedItem?.outputURI
            }
        case .run(let r):
            if r.focus == .detail, let lines = detailLines(s, r, width: detailWidth(s.width)), lines.indices.contains(r.detailCursor.selected) {
                return lines[r.detailCursor.selected].target?.copyText ?? lines[r.detailCursor.selected].text
            }
            return selectedAction(r)?.id.description
        case .payload(let p):
            guard case .loaded(let f) = p.document, let doc = f.document else { return p.uri }
            let lines = PayloadNav.visibleLines(doc, collapsed: p.collapsed, ascii: s.options.ascii)
            guard lines.indices.contains(p.cursor.selected) else { return p.uri }
            if let n = PayloadNav.node(doc, lines[p.cursor.selected].path) {
                if let ref = PayloadNav.reference(n) { return ref.uri }
                return PreviewJSON.value(n).renderCompact()
            }
            return lines[p.cursor.selected].value
        case .deck(let d): return d.uri
        case .object(let o): return o.uri
        case .task(let t):
            guard let v = t.versions.value, v.indices.contains(t.cursor.selected) else { return nil }
            return "\(v[t.cursor.selected].name)@\(v[t.cursor.selected].version)"
        case .triggerRevisions(let t): return t.name
        case .help: return nil
        case .fallout(let f):
            guard f.drill != nil else { return nil }
            let runs = f.drilledRuns
            guard runs.indices.contains(f.runCursor.selected) else { return nil }
            let r = runs[f.runCursor.selected]
            return r.lost.first?.uri ?? r.run.description
        }
    }

    /// Mouse (only with `--mouse`): the wheel scrolls, a click selects a row.
    static func mouse(_ s: inout ExplorerState, _ m: MouseEvent) -> [Effect] {
        switch m.button {
        case .wheelUp: return move(&s, .up)
        case .wheelDown: return move(&s, .down)
        case .left:
            let row = m.y - 3
            guard row >= 0 else { return [] }
            switch s.top {
            case .hub(var h) where h.section == .runs:
                h.runs.cursor.select(h.runs.cursor.top + row, count: h.runs.visible.count, visible: listRows(s))
                s.top = .hub(h)
            case .run(var r) where m.x < treeWidth(s.width):
                r.focus = .tree
                r.cursor.select(r.cursor.top + row, count: r.rows.count, visible: listRows(s))
                s.top = .run(r)
            case .projects(var p):
                p.cursor.select(p.cursor.top + row, count: filteredProjects(p).count, visible: listRows(s))
                s.top = .projects(p)
            default: return []
            }
            return lazyLoads(&s)
        }
    }
}
