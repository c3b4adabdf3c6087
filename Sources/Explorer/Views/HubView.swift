import FlyteModel
import Terminal

/// The project hub: a section bar (Runs, Tasks, Triggers, Cache) over the section's table.
enum HubView {
    static func draw(_ c: inout Canvas, _ s: ExplorerState, _ h: HubScreen, _ body: ListViews.Body) {
        let t = s.theme
        // The section bar shares the header line's right end: "1 Runs  2 Tasks  3 Triggers  4 Cache".
        var bar = ""
        for sec in HubSection.allCases { bar += sec == h.section ? "[\(sec.rawValue) \(sec.title)] " : " \(sec.rawValue) \(sec.title)  " }
        let ctx = Explorer.rowContext(s)
        let tableY = body.y + 1
        let tableH = body.height - 1
        c.fill(x: 0, y: body.y, width: s.width, height: 1, style: t[.body])
        c.draw(" " + bar, x: 0, y: body.y, style: t[.accent])
        func info(_ text: String) {
            let w = DisplayWidth.of(text)
            if s.width > DisplayWidth.of(bar) + w + 4 { c.draw(text + " ", x: s.width - w - 1, y: body.y, style: t[.muted]) }
        }
        func table<T>(_ l: PagedList<T>, _ spec: ListSpec<T>, empty: String) {
            let rows = l.window(tableH - 1).map { spec.cells($0, ctx) }
            TableView.draw(into: &c, theme: t, x: 0, y: tableY, width: s.width, height: tableH, columns: spec.columns(ctx.wide), rows: rows,
                           selected: l.cursor.selected - l.cursor.top, sorted: l.sort.isDefault ? nil : (l.sort.column, l.sort.ascending), ascii: s.options.ascii)
            var note: String?
            if let e = l.error { note = "could not load: " + e }
            else if !l.loaded { note = "loading…" }
            else if l.visible.isEmpty { note = l.filter != nil ? "no row matches /\(l.filter!.text)" + (l.hasMore ? " in the rows loaded so far (loading more…)" : "") : empty }
            if let n = note { c.draw("  " + n, x: 0, y: tableY + 1, style: t[l.error != nil ? .flashError : .muted]) }
            let count = l.filter != nil ? "\(l.visible.count) of \(l.items.count)\(l.hasMore ? "+" : "")" : "\(l.items.count)\(l.hasMore ? "+" : "")"
            let f = l.filter.map { "  /\($0.text)" } ?? ""
            info("\(count) rows" + f + (l.request != nil && l.loaded ? "  loading…" : ""))
        }
        switch h.section {
        case .runs:
            let phase = h.phaseFilter == .all ? "" : "[\(h.phaseFilter.rawValue)] "
            let rows = h.runs.window(tableH - 1).map { ListSpecs.runs.cells($0, ctx) }
            TableView.draw(into: &c, theme: t, x: 0, y: tableY, width: s.width, height: tableH, columns: ListSpecs.runs.columns(ctx.wide), rows: rows,
                           selected: h.runs.cursor.selected - h.runs.cursor.top,
                           sorted: h.runs.sort.isDefault ? nil : (h.runs.sort.column, h.runs.sort.ascending), ascii: s.options.ascii)
            var note: String?
            if let e = h.runs.error { note = "could not load runs: " + e }
            else if !h.runs.loaded { note = "loading runs…" }
            else if h.runs.visible.isEmpty {
                note = h.runs.filter != nil ? "no run matches /\(h.runs.filter!.text)" + (h.runs.hasMore ? " in the runs loaded so far (loading more…)" : "")
                    : "no runs in \(h.project)/\(h.domain)" + (h.phaseFilter == .all ? "" : " with phase \(h.phaseFilter.rawValue) (A for all)")
            }
            if let n = note { c.draw("  " + TerminalText.sanitize(n), x: 0, y: tableY + 1, style: t[h.runs.error != nil ? .flashError : .muted]) }
            let l = h.runs
            let count = l.filter != nil ? "\(l.visible.count) of \(l.items.count)\(l.hasMore ? "+" : "")" : "\(l.items.count)\(l.hasMore ? "+" : "")"
            info(phase + "\(count) runs" + (l.filter.map { "  /\($0.text)" } ?? "") + (l.request != nil && l.loaded ? "  loading…" : ""))
        case .tasks: table(h.tasks, ListSpecs.tasks, empty: "no tasks registered in \(h.project)/\(h.domain)")
        case .triggers: table(h.triggers, ListSpecs.triggers, empty: "no triggers in \(h.project)/\(h.domain)")
        case .cache: table(h.cache, ListSpecs.cache, empty: "no cache entries in this store")
        }
    }
}
