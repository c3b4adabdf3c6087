import FlyteModel
import Terminal

/// A payload as a collapsible tree; offloaded values show their object state.
enum PayloadView {
    static func draw(_ c: inout Canvas, _ s: ExplorerState, _ p: PayloadScreen, _ body: ListViews.Body) {
        let t = s.theme
        c.draw(" " + p.uri, x: 0, y: body.y, style: t[.muted])
        guard case .loaded(let f) = p.document else {
            _ = ListViews.placeholder(&c, s, p.document, body, what: p.title)
            return
        }
        guard let doc = f.document else {
            let st = f.state
            c.draw(" " + objectStateText(st, ascii: s.options.ascii), x: 0, y: body.y + 1, style: t[ThemeKey.object(st)])
            if let r = st.reason { c.draw(" " + r, x: 0, y: body.y + 2, style: t[.body]) }
            if st.isNotFound { c.draw(" the object is gone: purged by a retention rule, or never written. The database still points at it.", x: 0, y: body.y + 3, style: t[.muted]) }
            return
        }
        let header = PreviewText.header(doc, source: objectStateText(f.state, ascii: s.options.ascii)) + (f.unreadBytes > 0 ? " · first \(PreviewFormat.bytes(doc.byteCount)) read" : "")
        c.draw(" " + header, x: min(s.width / 2, DisplayWidth.of(p.uri) + 2), y: body.y, style: t[doc.isPartial ? .flashError : .accent])
        let lines = PayloadNav.visibleLines(doc, collapsed: p.collapsed, ascii: s.options.ascii)
        let all = PreviewText.lines(doc, ascii: s.options.ascii)
        for (i, l) in lines.dropFirst(p.cursor.top).prefix(body.height - 1).enumerated() {
            let y = body.y + 1 + i
            let idx = p.cursor.top + i
            let selected = idx == p.cursor.selected
            let base = selected ? t[.selection] : t[.body]
            if selected { c.fill(x: 0, y: y, width: s.width, height: 1, style: base) }
            let fold = PayloadNav.hasChildren(lines, idx, all: all) ? (p.collapsed.contains(l.path) ? (s.options.ascii ? "+" : "▸") : " ") : " "
            var x = c.draw(" " + fold + l.guide, x: 0, y: y, style: selected ? base : t[.treeGuide])
            x += c.draw(l.label, x: x, y: y, style: selected ? base : t[l.role == .more ? .muted : .previewKey])
            if !l.type.isEmpty { x += c.draw(" " + l.type, x: x, y: y, style: selected ? base : t[.previewType]) }
            if !l.value.isEmpty {
                let key: ThemeKey = l.role == .invalid ? .flashError : l.role == .more ? .muted : valueKey(l)
                x += c.draw(" " + l.value, x: x, y: y, style: selected ? base : t[key])
            }
            if let n = PayloadNav.node(doc, l.path), let ref = PayloadNav.reference(n) {
                let st = s.objects[ref.uri]
                c.draw("  " + objectStateText(st, ascii: s.options.ascii), x: x, y: y, style: selected ? base : t[ThemeKey.object(st)])
            }
        }
        if doc.isPartial, let prob = doc.problems.first {
            c.draw(" PARTIAL: " + prob, x: 0, y: body.y + body.height - 1, style: t[.flashError])
        }
    }

    static func valueKey(_ l: PreviewLine) -> ThemeKey {
        if l.value.hasPrefix("\"") { return .previewString }
        if l.value == "None" || l.value == "null" { return .previewNull }
        if let f = l.value.first, f.isNumber || f == "-" { return .previewNumber }
        return .body
    }
}
