import FlyteModel
import Foundation
import Terminal

/// Draws the Fallout view: the audit's progress, runs by severity, and the runs of one severity.
enum FalloutView {
    /// The theme key a severity is drawn with (its word is always drawn too).
    static func style(_ sev: FalloutSeverity) -> ThemeKey {
        switch sev {
        case .consequence(.inFlightBroken), .consequence(.cannotRerun): .phase(.failed)
        case .consequence(.traceCannotResume), .consequence(.cacheDead): .objectNotFound
        case .consequence(.previewsLost): .phase(.aborted)
        case .unverified: .objectUnavailable
        case .intact: .objectPresent
        }
    }

    static func draw(_ c: inout Canvas, _ s: ExplorerState, _ f: FalloutScreen, _ body: (y: Int, height: Int)) {
        let t = s.theme
        let n = PreviewFormat.grouped
        let elapsed = f.elapsed
        let rate = elapsed > 0 ? Double(f.tally.runs) / elapsed : 0
        var head = f.running ? (s.options.ascii ? "auditing... " : "auditing… ") : (f.error != nil ? "audit failed: " : (f.partial ? "stopped: " : "done: "))
        head += "\(n(f.tally.runs))" + (f.running ? f.totalRuns.map { " of \(n($0))" } ?? "" : "")
            + " runs · \(n(f.objects)) objects · \(n(f.requests)) requests · \(DurationText.short(elapsed))"
        if f.running && rate > 0 {
            head += " · \(Int(rate)) runs/s"
            if let total = f.totalRuns, total > f.tally.runs { head += " · ETA " + DurationText.short(Double(total - f.tally.runs) / rate) }
        }
        c.draw(" Retention audit of " + TerminalText.sanitize(f.scope.title) + " — " + head, x: 0, y: body.y,
               style: t[f.error != nil ? .flashError : (f.running ? .accent : .body)])
        if let e = f.error { c.draw("  " + TerminalText.sanitize(e), x: 0, y: body.y + 1, style: t[.flashError]) }
        let listY = body.y + 2
        let listH = max(1, body.height - 2)
        if let d = f.drill { return runs(&c, s, f, d, (listY, listH)) }
        summary(&c, s, f, (listY, listH))
    }

    static func summary(_ c: inout Canvas, _ s: ExplorerState, _ f: FalloutScreen, _ body: (y: Int, height: Int)) {
        let t = s.theme
        let cols = [TableColumn("severity", min: 10, priority: 9), TableColumn("runs", min: 7, priority: 8, right: true),
                    TableColumn("what it breaks", min: 20, flex: 3, priority: 6)]
        let rows = FalloutSeverity.all.map { sev -> [TableCell] in
            let explain: String = switch sev {
            case .consequence(let c): c.explanation
            case .unverified: "the bucket denied or did not answer for some objects: nothing concluded"
            case .intact: "everything the database points at is still in the bucket"
            }
            return [TableCell(sev.word, style(sev)), TableCell(PreviewFormat.grouped(f.tally.count(sev))), TableCell(explain, .muted)]
        }
        TableView.draw(into: &c, theme: t, x: 0, y: body.y, width: s.width, height: min(body.height, rows.count + 1), columns: cols,
                       rows: rows, selected: f.cursor.selected, sorted: nil, ascii: s.options.ascii)
        var y = body.y + rows.count + 2
        func line(_ text: String, _ key: ThemeKey = .muted) {
            guard y < body.y + body.height else { return }
            c.draw(" " + TerminalText.sanitize(text), x: 0, y: y, style: t[key])
            y += 1
        }
        let tally = f.tally
        let by = Consequence.allCases.map { "\($0.rawValue) \(PreviewFormat.grouped(tally.byConsequence[$0.rawValue] ?? 0))" }.joined(separator: "  ")
        line("runs with each consequence: " + by)
        line("objects lost \(PreviewFormat.grouped(tally.objectsLost)) · dead cache entries seen \(PreviewFormat.grouped(Set(f.findings.flatMap { $0.lost.compactMap(\.cacheKey) }).count))"
             + " · Decks a rule would have deleted \(PreviewFormat.grouped(tally.decksNotFound)) · not checkable \(PreviewFormat.grouped(tally.objectsUnchecked))")
        if f.dropped > 0 { line("listing the first \(PreviewFormat.grouped(FalloutScreen.keep)) runs with findings; \(PreviewFormat.grouped(f.dropped)) more are counted above", .flashWarn) }
        for r in f.ruleLines { line(r, r.hasPrefix("FLAG") ? .flashWarn : .muted) }
        if f.tally.runs == 0 && !f.running && f.error == nil { line("no runs in this scope") }
    }

    static func runs(_ c: inout Canvas, _ s: ExplorerState, _ f: FalloutScreen, _ sev: FalloutSeverity, _ body: (y: Int, height: Int)) {
        let runs = f.drilledRuns
        if runs.isEmpty {
            c.draw(" no runs with severity \(sev.word)" + (f.running ? " yet" : ""), x: 0, y: body.y, style: s.theme[.muted])
            return
        }
        let cols = [TableColumn("run", min: 20, priority: 9), TableColumn("project/domain", min: 24, priority: 4),
                    TableColumn("phase", min: 10, priority: 7), TableColumn("age", min: 8, priority: 5, right: true),
                    TableColumn("consequences", min: 24, flex: 2, priority: 8), TableColumn("lost", min: 16, flex: 2, priority: 6)]
        let visible = runs.dropFirst(f.runCursor.top).prefix(max(0, body.height - 1))
        let rows = visible.map { r -> [TableCell] in
            [TableCell(r.run.name, .accent), TableCell("\(r.run.project)/\(r.run.domain)", .muted),
             TableCell(r.phase.name, .phase(r.phase)), TableCell(DurationText.ago(r.createdAt, now: s.now), .muted),
             TableCell(r.consequences.sorted().map(\.title).joined(separator: ", "), style(r.severity)),
             TableCell(r.lost.isEmpty ? (r.unchecked.first.map { "\($0.state): \($0.reason ?? "")" } ?? "-") : r.lostText,
                       r.lost.isEmpty ? .objectUnavailable : .objectNotFound)]
        }
        TableView.draw(into: &c, theme: s.theme, x: 0, y: body.y, width: s.width, height: body.height, columns: cols, rows: rows,
                       selected: f.runCursor.selected - f.runCursor.top, sorted: nil, ascii: s.options.ascii)
    }
}
