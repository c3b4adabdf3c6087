import FlyteModel
import Foundation
import Terminal

/// The simpler screens: projects, domains, an object, a task's versions, a trigger's revisions, help.
enum ListViews {
    typealias Body = (y: Int, height: Int)

    /// Draws a loading or failure message in the body; returns true when it drew one.
    static func placeholder<T>(_ c: inout Canvas, _ s: ExplorerState, _ load: Load<T>, _ body: Body, what: String) -> Bool {
        switch load {
        case .idle, .loading:
            c.draw("  loading \(what)…", x: 0, y: body.y + 1, style: s.theme[.objectLoading])
            return true
        case .failed(let m):
            c.draw("  could not load \(what):", x: 0, y: body.y + 1, style: s.theme[.flashError])
            for (i, l) in DetailLines.wrap(TerminalText.sanitize(m), width: max(10, s.width - 4)).prefix(6).enumerated() {
                c.draw("  " + l, x: 0, y: body.y + 2 + i, style: s.theme[.body])
            }
            c.draw("  ctrl-r retries; the explorer keeps working", x: 0, y: body.y + 9, style: s.theme[.muted])
            return true
        case .loaded:
            return false
        }
    }

    static func projects(_ c: inout Canvas, _ s: ExplorerState, _ p: ProjectsScreen, _ body: Body) {
        if placeholder(&c, s, p.projects, body, what: "projects") { return }
        let list = Explorer.filteredProjects(p)
        let ctx = Explorer.rowContext(s)
        let window = list.dropFirst(p.cursor.top).prefix(body.height - 1)
        TableView.draw(into: &c, theme: s.theme, x: 0, y: body.y, width: s.width, height: body.height,
                       columns: ListSpecs.projects.columns(false), rows: window.map { ListSpecs.projects.cells($0, ctx) },
                       selected: p.cursor.selected - p.cursor.top, sorted: nil, ascii: s.options.ascii)
        if list.isEmpty { c.draw(p.filter == nil ? "  no projects in this store" : "  no project matches /\(p.filter!.text)", x: 0, y: body.y + 1, style: s.theme[.muted]) }
    }

    static func domains(_ c: inout Canvas, _ s: ExplorerState, _ d: DomainsScreen, _ body: Body) {
        if placeholder(&c, s, d.domains, body, what: "domains") { return }
        let ds = d.domains.value ?? []
        TableView.draw(into: &c, theme: s.theme, x: 0, y: body.y, width: s.width, height: body.height,
                       columns: [TableColumn("domain of \(d.project)", min: 20, flex: 1)],
                       rows: ds.dropFirst(d.cursor.top).prefix(body.height - 1).map { [TableCell($0, .accent)] },
                       selected: d.cursor.selected - d.cursor.top, sorted: nil, ascii: s.options.ascii)
    }

    static func object(_ c: inout Canvas, _ s: ExplorerState, _ o: ObjectScreen, _ body: Body) {
        c.draw(" " + o.uri, x: 0, y: body.y, style: s.theme[.accent])
        guard case .loaded(let peek) = o.fetch else {
            _ = placeholder(&c, s, o.fetch, (body.y, body.height), what: "the object")
            return
        }
        c.draw(" " + objectStateText(peek.state, ascii: s.options.ascii) + (peek.state.reason.map { " — " + $0 } ?? ""), x: 0, y: body.y + 1, style: s.theme[ThemeKey.object(peek.state)])
        for (i, l) in peek.lines.dropFirst(o.cursor.top).prefix(body.height - 3).enumerated() {
            c.draw(" " + l, x: 0, y: body.y + 3 + i, style: s.theme[.body])
        }
    }

    static func task(_ c: inout Canvas, _ s: ExplorerState, _ t: TaskScreen, _ body: Body) {
        if placeholder(&c, s, t.versions, body, what: "versions of \(t.name)") { return }
        let vs = t.versions.value ?? []
        let listH = max(3, min(vs.count + 1, body.height / 2))
        let ctx = Explorer.rowContext(s)
        let cols = [TableColumn("version", min: 14, flex: 2, priority: 10), TableColumn("environment", min: 12, priority: 5),
                    TableColumn("type", min: 8, priority: 4), TableColumn("deployed by", min: 12, priority: 3), TableColumn("deployed", min: 10, priority: 6)]
        TableView.draw(into: &c, theme: s.theme, x: 0, y: body.y, width: s.width, height: listH, columns: cols,
                       rows: vs.dropFirst(t.cursor.top).prefix(listH - 1).map {
                           [TableCell($0.version, .accent), TableCell($0.environment), TableCell($0.taskType ?? "-", .muted),
                            TableCell($0.deployedBy, .muted), TableCell($0.createdAt.map { DurationText.ago($0, now: ctx.now) } ?? "-", .muted)]
                       }, selected: t.cursor.selected - t.cursor.top, sorted: nil, ascii: s.options.ascii)
        guard vs.indices.contains(t.cursor.selected) else { return }
        let v = vs[t.cursor.selected]
        var y = body.y + listH + 1
        func line(_ k: String, _ val: String, _ key: ThemeKey = .body) {
            guard y < body.y + body.height else { return }
            c.draw(" " + DisplayWidth.pad(k, to: 13), x: 0, y: y, style: s.theme[.muted])
            c.draw(val, x: 15, y: y, style: s.theme[key])
            y += 1
        }
        c.draw(" spec of \(v.name) @ \(v.version)", x: 0, y: y - 1, style: s.theme[.accent])
        line("function", v.functionName)
        line("environment", v.environment + (v.envDescription.map { " — \($0)" } ?? ""))
        if let ty = v.taskType { line("type", ty) }
        if let img = v.image { line("image", img) }
        line("inputs", v.inputs.isEmpty ? "none" : v.inputs.joined(separator: ", "), .previewKey)
        line("outputs", v.outputs.isEmpty ? "none" : v.outputs.joined(separator: ", "), .previewKey)
        if v.defaultInputs.isEmpty { line("defaults", "none") }
        for (i, d) in v.defaultInputs.enumerated() { line(i == 0 ? "defaults" : "", d, .previewString) }
        if let d = v.shortDescription { line("description", d) }
        line("triggers", v.totalTriggers == 0 ? "none" : "\(v.activeTriggers) active of \(v.totalTriggers)" + (v.triggerName.map { " (\($0))" } ?? ""))
        line("deployed by", v.deployedBy)
    }

    static func triggerRevisions(_ c: inout Canvas, _ s: ExplorerState, _ t: TriggerRevisionsScreen, _ body: Body) {
        if placeholder(&c, s, t.revisions, body, what: "revisions of \(t.name)") { return }
        let rs = t.revisions.value ?? []
        let cols = [TableColumn("rev", min: 4, priority: 9, right: true), TableColumn("change", min: 10, priority: 8),
                    TableColumn("active", min: 8, priority: 7), TableColumn("automation", min: 16, flex: 2, priority: 6),
                    TableColumn("task version", min: 12, flex: 1, priority: 4), TableColumn("by", min: 10, priority: 3),
                    TableColumn("when", min: 19, priority: 5)]
        TableView.draw(into: &c, theme: s.theme, x: 0, y: body.y, width: s.width, height: body.height, columns: cols,
                       rows: rs.dropFirst(t.cursor.top).prefix(body.height - 1).map {
                           [TableCell("\($0.revision)"), TableCell($0.change ?? "-", .accent), TableCell($0.active ? "active" : "inactive", $0.active ? .phase(.succeeded) : .muted),
                            TableCell($0.automation), TableCell($0.taskVersion, .muted), TableCell($0.deployedBy ?? "-", .muted),
                            TableCell(($0.updatedAt ?? $0.deployedAt).map(DBTime.short) ?? "-", .muted)]
                       }, selected: t.cursor.selected - t.cursor.top, sorted: nil, ascii: s.options.ascii)
    }

    static func help(_ c: inout Canvas, _ s: ExplorerState, _ h: HelpScreen, _ body: Body) {
        let lines = Explorer.helpLines(s)
        let keyW = min(28, max(12, lines.filter { !$0.isTitle }.map { DisplayWidth.of($0.key) }.max() ?? 12))
        for (i, l) in lines.dropFirst(h.cursor.top).prefix(body.height).enumerated() {
            let y = body.y + i
            if l.isTitle {
                c.draw(" " + l.key, x: 0, y: y, style: s.theme[.accent])
            } else {
                c.draw("  " + DisplayWidth.pad(l.key, to: keyW), x: 0, y: y, style: s.theme[.key])
                c.draw(l.help, x: keyW + 3, y: y, style: s.theme[.body])
            }
        }
    }
}
