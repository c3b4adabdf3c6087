import FlyteModel

/// Walks a decoded payload by the child paths `PreviewText` gives its lines; collapses subtrees. Pure.
public enum PayloadNav {
    /// The node at `path` (value index, then child indices).
    public static func node(_ doc: PayloadDocument, _ path: [Int]) -> PreviewNode? {
        guard let first = path.first, doc.values.indices.contains(first) else { return nil }
        var n = doc.values[first].value
        for i in path.dropFirst() {
            let kids = PreviewText.children(n).items
            guard kids.indices.contains(i) else { return nil }
            n = kids[i].node
        }
        return n
    }

    /// The URI an offloaded or external value points at, and whether it is a literal file (peek as a payload).
    public static func reference(_ node: PreviewNode) -> (uri: String, isLiteral: Bool)? {
        switch node.value {
        case .offloaded(let uri, _, _): (uri, true)
        case .blob(let uri, _, _), .dataset(let uri, _, _), .schema(let uri, _): uri.isEmpty ? nil : (uri, false)
        case .union(let inner, _), .msgpack(let inner), .generic(let inner): reference(inner)
        default: nil
        }
    }

    /// The lines of `doc` with collapsed subtrees hidden.
    public static func visibleLines(_ doc: PayloadDocument, collapsed: Set<[Int]>, ascii: Bool) -> [PreviewLine] {
        let all = PreviewText.lines(doc, ascii: ascii)
        guard !collapsed.isEmpty else { return all }
        return all.filter { l in
            !collapsed.contains { c in c.count < l.path.count && Array(l.path.prefix(c.count)) == c }
        }
    }

    /// Whether the line at `index` of `lines` has children below it.
    public static func hasChildren(_ lines: [PreviewLine], _ index: Int, all: [PreviewLine]) -> Bool {
        guard lines.indices.contains(index) else { return false }
        let p = lines[index].path
        guard let i = all.firstIndex(where: { $0.path == p && $0.role == lines[index].role }), i + 1 < all.count else { return false }
        let n = all[i + 1].path
        return n.count > p.count && Array(n.prefix(p.count)) == p
    }
}
