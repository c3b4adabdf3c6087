import FlyteModel
import Foundation
import Terminal

/// The run screen: the action tree on the left, the selected action's detail on the right.
enum RunView {
    static func draw(_ c: inout Canvas, _ s: ExplorerState, _ r: RunScreen, _ body: ListViews.Body) {
        let t = s.theme
        if ListViews.placeholder(&c, s, r.actions, body, what: "the actions of \(r.run)") { return }
        let tw = Explorer.treeWidth(s.width)
        let rows = body.height - 1
        // Header: run summary.
        if let root = r.tree?.root {
            let head = " \(root.phase.symbol(ascii: s.options.ascii)) \(root.phase.name.replacingOccurrences(of: "_", with: " "))"
            var x = c.draw(head, x: 0, y: body.y, style: t[.phase(root.phase)])
            x += c.draw("  \(r.run.name)  \(r.tree?.count ?? 0) actions", x: x, y: body.y, style: t[.accent])
            if let el = root.elapsed(now: s.now) { x += c.draw("  " + DurationText.short(el), x: x, y: body.y, style: t[.muted]) }
            if let f = r.filter { c.draw("  /\(f.text) (\(r.rows.count) shown)", x: x, y: body.y, style: t[.muted]) }
        }
        // Tree.
        let guide = t[.treeGuide]
        for (i, row) in r.rows.dropFirst(r.cursor.top).prefix(rows).enumerated() {
            let y = body.y + 1 + i
            let selected = r.cursor.top + i == r.cursor.selected
            let base = selected ? t[r.focus == .tree ? .selection : .selectionInactive] : t[.body]
            c.fill(x: 0, y: y, width: tw, height: 1, style: base)
            var x = c.draw(String(repeating: s.options.ascii ? "  " : "│ ", count: row.depth).dropLast(row.depth > 0 ? 1 : 0) + (row.depth > 0 ? " " : ""),
                           x: 0, y: y, style: selected ? base : guide, limit: tw)
            let fold = row.childCount == 0 ? "  " : (r.collapsed.contains(row.key) ? (s.options.ascii ? "+ " : "▸ ") : (s.options.ascii ? "- " : "▾ "))
            x += c.draw(fold, x: x, y: y, style: selected ? base : guide, limit: tw - x)
            switch row.kind {
            case .group(let name, _):
                x += c.draw("\(name) [\(row.childCount)]", x: x, y: y, style: selected ? base : t[.treeGroup], limit: tw - x)
            case .action(let a):
                x += c.draw(a.phase.symbol(ascii: s.options.ascii) + " ", x: x, y: y, style: selected ? base : t[.phase(a.phase)], limit: tw - x)
                x += c.draw(a.displayName, x: x, y: y, style: base, limit: tw - x)
                var tail: [(String, ThemeKey)] = []
                if a.attempts > 1 { tail.append((" [x\(a.attempts)]", .accent)) }
                if !a.cacheStatus.marker.isEmpty { tail.append((" " + a.cacheStatus.marker, .cacheHit)) }
                if a.kind != .task { tail.append((" " + a.kind.name, .muted)) }
                for (text, key) in tail where x < tw { x += c.draw(text, x: x, y: y, style: selected ? base : t[key], limit: tw - x) }
                // Right-aligned: data marker and elapsed.
                let data = dataMarker(s, a)
                let el = a.elapsed(now: s.now).map { DurationText.short($0) } ?? ""
                let right = (data.text.isEmpty ? "" : data.text + " ") + el
                let rw = DisplayWidth.of(right)
                if x + rw + 1 < tw {
                    let rx = tw - rw - 1
                    if !data.text.isEmpty { c.draw(data.text, x: rx, y: y, style: selected ? base : t[data.key]) }
                    c.draw(el, x: tw - DisplayWidth.of(el) - 1, y: y, style: selected ? base : t[.muted])
                }
            }
        }
        // Divider.
        for y in body.y + 1..<(body.y + body.height) { c.draw(s.options.ascii ? "|" : "│", x: tw, y: y, style: t[.border]) }
        // Detail.
        let dx = tw + 2
        let dw = s.width - dx
        guard let a = Explorer.selectedAction(r) else {
            if r.rows.indices.contains(r.cursor.selected), case .group(let n, _) = r.rows[r.cursor.selected].kind {
                c.draw("group \(n): \(r.rows[r.cursor.selected].childCount) actions", x: dx, y: body.y + 1, style: t[.treeGroup], limit: dw)
            }
            return
        }
        switch s.details[a.id] {
        case .failed(let m)?:
            c.draw("could not load \(a.id.name):", x: dx, y: body.y + 1, style: t[.flashError], limit: dw)
            c.draw(m, x: dx, y: body.y + 2, style: t[.body], limit: dw)
        case .loaded?:
            let lines = Explorer.detailLines(s, r, width: dw) ?? []
            for (i, l) in lines.dropFirst(r.detailCursor.top).prefix(rows).enumerated() {
                let y = body.y + 1 + i
                let selected = r.focus == .detail && r.detailCursor.top + i == r.detailCursor.selected
                if selected { c.fill(x: dx - 1, y: y, width: dw + 1, height: 1, style: t[.selection]) }
                var x = dx
                for seg in l.segments where x < s.width {
                    x += c.draw(seg.text, x: x, y: y, style: selected ? t[.selection] : t[seg.key], limit: s.width - x)
                }
            }
        default:
            c.draw("loading \(a.id.name)…", x: dx, y: body.y + 1, style: t[.objectLoading], limit: dw)
        }
    }

    /// The tree's data marker for an action: nothing while unknown or fine, else the losses in a word.
    static func dataMarker(_ s: ExplorerState, _ a: ActionSummary) -> (text: String, key: ThemeKey) {
        guard let sum = s.rowData.summary(a.id) else { return ("", .muted) }
        switch sum {
        case .purged(let k): return ((s.options.ascii ? "x " : "✗ ") + k.map(\.rawValue).joined(separator: ","), .objectNotFound)
        case .problem(let st): return ("? " + st.word, ThemeKey.object(st))
        default: return ("", .muted)
        }
    }
}
