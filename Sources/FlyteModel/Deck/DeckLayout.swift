/// Lays Deck blocks out as lines of at most `width` cells: wraps paragraphs, aligns tables, lists link footnotes.
enum DeckLayout {
    static func layout(_ blocks: [DeckBlock], links: [String], width: Int, ascii: Bool, budget: DeckBudget) -> DeckText {
        var out = DeckText()
        func add(_ text: String, _ style: DeckText.Style) {
            if out.lines.count < budget.lines { out.lines.append(DeckText.Line(text: text, style: style)) } else { out.droppedLines += 1 }
        }
        func gap() { if let last = out.lines.last, !last.text.isEmpty { add("", .text) } }

        for block in blocks {
            if out.lines.count >= budget.lines {
                out.droppedLines += 1
                continue
            }
            switch block {
            case .section(let name):
                gap()
                let title = TerminalText.sanitize(name)
                add((ascii ? "== " : "━━ ") + title + " " + String(repeating: ascii ? "=" : "━", count: max(3, width - DisplayWidth.of(title) - 4)), .section)
            case .heading(let level, let text):
                gap()
                for l in wrap(TerminalText.sanitize(text), width: width, first: String(repeating: "#", count: level) + " ") { add(l, .heading) }
            case .paragraph(let text, let indent, let bullet):
                let pad = String(repeating: " ", count: indent)
                if bullet.isEmpty {
                    if out.lines.last?.style != .text || !(out.lines.last?.text.hasPrefix(" ") ?? false) { gap() }
                    for l in wrap(TerminalText.sanitize(text), width: width, first: pad, indent: pad) { add(l, .text) }
                } else {
                    let mark = ascii && bullet == "•" ? "-" : bullet
                    let first = pad + mark + " "
                    let hang = String(repeating: " ", count: DisplayWidth.of(first))
                    for l in wrap(TerminalText.sanitize(text), width: width, first: first, indent: hang) { add(l, .text) }
                }
            case .pre(let lines):
                gap()
                for l in lines {
                    let clean = TerminalText.sanitize(l.replacingOccurrences(of: "\t", with: "    "))
                    add("  " + DisplayWidth.truncate(clean, to: width - 2), .code)
                }
            case .table(let rows, let header, let dropped):
                gap()
                for (i, l) in table(rows, header: header, width: width, ascii: ascii).enumerated() {
                    add(l, header && i < 2 ? .tableHeader : .table)
                }
                if dropped > 0 { add("… \(PreviewFormat.grouped(dropped)) more rows", .note) }
            case .rule:
                gap()
                add(String(repeating: ascii ? "-" : "─", count: min(width, 40)), .text)
            }
        }
        if !links.isEmpty {
            gap()
            add("Links", .heading)
            for (i, l) in links.enumerated() { add("[\(i + 1)] " + DisplayWidth.truncate(TerminalText.sanitize(l), to: width - 6), .link) }
        }
        if out.droppedLines > 0 {
            out.lines.append(DeckText.Line(text: "… \(PreviewFormat.grouped(out.droppedLines)) more lines (line budget \(PreviewFormat.grouped(budget.lines)))", style: .note))
        }
        out.links = links
        return out
    }

    /// Greedy word wrap by display width: the first line starts with `first`, the others with `indent`; words
    /// longer than a line are split.
    static func wrap(_ text: String, width: Int, first: String = "", indent: String = "") -> [String] {
        let indent = DisplayWidth.of(indent) < width / 2 ? indent : ""
        let iw = DisplayWidth.of(indent)
        var lines: [String] = []
        var line = first
        var lw = DisplayWidth.of(first)
        var empty = true
        func newLine() {
            lines.append(line)
            line = indent
            lw = iw
            empty = true
        }
        for word in text.split(separator: " ") {
            let ww = DisplayWidth.of(String(word))
            if !empty && lw + 1 + ww > width { newLine() }
            if !empty {
                line += " "
                lw += 1
            }
            if lw + ww <= width {
                line += word
                lw += ww
                empty = false
                continue
            }
            // A word wider than the line: split it at the display width that fits, in one pass.
            for u in word.unicodeScalars {
                let cw = DisplayWidth.of(u)
                if lw + cw > width && !empty {
                    newLine()
                    if lines.count > 200_000 { return lines }
                }
                line.unicodeScalars.append(u)
                lw += cw
                empty = false
            }
        }
        if !empty || line != indent && !line.isEmpty && lines.isEmpty { lines.append(line) }
        return lines
    }

    /// An aligned table: columns as wide as their widest cell, shrunk to fit `width`, cut with `…`.
    static func table(_ rows: [[String]], header: Bool, width: Int, ascii: Bool) -> [String] {
        let clean = rows.map { $0.prefix(50).map { TerminalText.sanitize($0) } }
        let cols = clean.map(\.count).max() ?? 0
        guard cols > 0 else { return [] }
        var widths = [Int](repeating: 1, count: cols)
        for r in clean { for (i, c) in r.enumerated() { widths[i] = max(widths[i], min(60, DisplayWidth.of(c))) } }
        let sep = ascii ? " | " : " │ "
        let budget = width - (cols - 1) * 3
        while widths.reduce(0, +) > budget, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 3 {
            widths[widest] -= 1
        }
        var out: [String] = []
        for (ri, r) in clean.enumerated() {
            let cells = (0..<cols).map { i -> String in
                let c = i < r.count ? r[i] : ""
                let cut = DisplayWidth.of(c) > widths[i] ? DisplayWidth.truncate(c, to: widths[i]) : c
                let numeric = Double(c.replacingOccurrences(of: ",", with: "")) != nil
                return DisplayWidth.pad(cut, to: widths[i], right: numeric)
            }
            var line = cells.joined(separator: sep)
            while line.hasSuffix(" ") { line.removeLast() }
            out.append(line)
            if ri == 0 && header {
                out.append(widths.map { String(repeating: ascii ? "-" : "─", count: $0) }.joined(separator: ascii ? "-+-" : "─┼─"))
            }
        }
        return out
    }
}
