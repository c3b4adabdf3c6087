import FlyteModel
import Terminal

/// A Deck rendered as text: headings, tables and links styled by role (each also differs in text), search matches
/// highlighted.
enum DeckView {
    static func draw(_ c: inout Canvas, _ s: ExplorerState, _ d: DeckScreen, _ body: ListViews.Body) {
        let t = s.theme
        guard case .loaded(let f) = d.deck else {
            c.draw(" " + d.uri, x: 0, y: body.y, style: t[.muted])
            _ = ListViews.placeholder(&c, s, d.deck, body, what: "the Deck")
            return
        }
        guard let text = f.text else {
            c.draw(" " + d.uri, x: 0, y: body.y, style: t[.muted])
            let st = f.state
            c.draw(" " + objectStateText(st, ascii: s.options.ascii), x: 0, y: body.y + 1, style: t[ThemeKey.object(st)])
            if let r = st.reason { c.draw(" " + r, x: 0, y: body.y + 2, style: t[.body]) }
            if st.isNotFound {
                c.draw(" Flyte advertises a report URI for every task; the file exists only if the task wrote a report,", x: 0, y: body.y + 3, style: t[.muted])
                c.draw(" so this Deck was purged by a retention rule or never written.", x: 0, y: body.y + 4, style: t[.muted])
            }
            return
        }
        let info = "\(text.lines.count) lines" + (text.sections.isEmpty ? "" : " · tabs: " + text.sections.joined(separator: ", "))
            + (d.search.map { " · /\($0): \(d.matches.count) matches" } ?? "")
        // The URI gives way to the tab list and match count when both do not fit.
        let iw = min(DisplayWidth.of(info), s.width / 2)
        c.draw(" " + DisplayWidth.truncate(d.uri, to: max(10, s.width - iw - 3)), x: 0, y: body.y, style: t[.muted])
        c.draw(DisplayWidth.truncate(info, to: iw), x: s.width - iw - 1, y: body.y, style: t[.accent])
        let rows = body.height - 1
        for (i, l) in text.lines.dropFirst(d.cursor.top).prefix(rows).enumerated() {
            let y = body.y + 1 + i
            let key: ThemeKey = switch l.style {
            case .section, .heading: .deckHeading
            case .code: .deckCode
            case .table, .tableHeader: .deckTable
            case .link: .deckLink
            case .note: .muted
            case .text: .body
            }
            c.draw(" " + l.text, x: 0, y: y, style: t[key])
            if let q = d.search, d.matches.contains(d.cursor.top + i) { highlight(&c, y: y, line: " " + l.text, query: q, style: t[.match]) }
        }
        if text.unreadBytes > 0 || text.droppedLines > 0, text.lines.count - d.cursor.top <= rows {
            c.draw(" … the rest of the Deck was not rendered (\(PreviewFormat.bytes(text.unreadBytes)) unread); o opens it in a browser",
                   x: 0, y: min(body.y + body.height - 1, body.y + 1 + text.lines.count - d.cursor.top), style: t[.muted])
        }
    }

    /// Re-draws the matching spans of `line` in `style`.
    static func highlight(_ c: inout Canvas, y: Int, line: String, query: String, style: CellStyle) {
        var searchFrom = line.startIndex
        while let r = line.range(of: query, options: .caseInsensitive, range: searchFrom..<line.endIndex) {
            let x = DisplayWidth.of(String(line[..<r.lowerBound]))
            c.draw(String(line[r]), x: x, y: y, style: style)
            searchFrom = r.upperBound
        }
    }
}
