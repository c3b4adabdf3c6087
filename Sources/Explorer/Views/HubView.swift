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
        /// Draws a section's table, its empty/loading/error note and the row count; `row`/`rows` name the rows.
        func table<T>(_ l: PagedList<T>, _ spec: ListSpec<T>, empty: String, row: String = "row", rows: String = "rows",
                      what: String = "", prefix: String = "") {
            let cells = l.window(tableH - 1).map { spec.cells($0, ctx) }
            TableView.draw(into: &c, theme: t, x: 0, y: tableY, width: s.width, height: tableH, columns: spec.columns(ctx.wide), rows: cells,
                           selected: l.cursor.selected - l.cursor.top, sorted: l.sort.isDefault ? nil : (l.sort.column, l.sort.ascending), ascii: s.options.ascii)
            var note: String?
            if let e = l.error { note = "could not load\(what): " + e }
            else if !l.loaded { note = "loading\(what)…" }
            else if l.visible.isEmpty { note = l.filter != nil ? "no \(row) matches /\(l.filter!.text)" + (l.hasMore ? " in the \(l.items.count) \(rows) loaded so far" + (l.request != nil ? " (loading more…)" : " (↓ loads more)") : "") : empty }
            if let n = note { c.draw("  " + n, x: 0, y: tableY + 1, style: t[l.error != nil ? .flashError : .muted]) }
            let more = l.hasMore ? "+" : ""
            let count = l.filter != nil ? "\(l.visible.count) of \(l.items.count)\(more)"
                : l.dropped > 0 ? "\(PreviewFormat.grouped(l.dropped + 1))–\(PreviewFormat.grouped(l.dropped + l.items.count))\(more)"
                : "\(l.items.count)\(more)"
            let f = l.filter.map { "  /\($0.text)" } ?? ""
            info(prefix + "\(count) \(rows)" + f + (l.request != nil && l.loaded ? "  loading…" : ""))
        }
        switch h.section {
        case .runs:
            table(h.runs, ListSpecs.runs,
                  empty: "no runs in \(h.project)/\(h.domain)" + (h.phaseFilter == .all ? "" : " with phase \(h.phaseFilter.rawValue) (A for all)"),
                  row: "run", rows: "runs", what: " runs", prefix: h.phaseFilter == .all ? "" : "[\(h.phaseFilter.rawValue)] ")
        case .tasks: table(h.tasks, ListSpecs.tasks, empty: "no tasks registered in \(h.project)/\(h.domain)")
        case .triggers: table(h.triggers, ListSpecs.triggers, empty: "no triggers in \(h.project)/\(h.domain)")
        case .cache: table(h.cache, ListSpecs.cache, empty: "no cache entries in this store")
        }
    }
}
