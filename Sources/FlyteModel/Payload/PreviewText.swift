/// The readable tree of a payload that `inspect -o text` prints and the explorer's preview pane draws: one line per
/// value with its label, type and size, and truncation markers where the budget stopped.
public struct PreviewLine: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        case value
        /// "… 9,981 more items": the budget stopped here.
        case more
        /// A value that could not be decoded.
        case invalid
        /// A column of a DataFrame or schema, or a literal's annotation.
        case detail
    }

    /// Nesting level (0 for a file's named values).
    public var depth: Int
    /// Tree guides for this line (`│  ├─ `), in Unicode or ASCII.
    public var guide: String
    /// The value's name, index (`[3]`) or key; sanitised.
    public var label: String
    /// The type and size (`list[int] (3 items)`, `str (12 B)`).
    public var type: String
    /// The value on one line, sanitised (strings are quoted).
    public var value: String
    public var role: Role
    /// Child indices from the top of the document down to this value (for drilling in).
    public var path: [Int]
}

public enum PreviewText {
    /// The lines of a whole document; `ascii` uses `|-` guides instead of box drawing.
    public static func lines(_ doc: PayloadDocument, ascii: Bool = false) -> [PreviewLine] {
        var out: [PreviewLine] = []
        if let e = doc.error {
            out.append(PreviewLine(depth: 0, guide: "", label: "code", type: "str", value: quoted(e.code), role: .value, path: [0]))
            out.append(PreviewLine(depth: 0, guide: "", label: "kind", type: "enum", value: e.kind, role: .value, path: [1]))
            out.append(PreviewLine(depth: 0, guide: "", label: "origin", type: "enum", value: e.origin, role: .value, path: [2]))
            out.append(PreviewLine(depth: 0, guide: "", label: "message", type: "str (\(PreviewFormat.bytes(e.message.utf8.count)))",
                                   value: quoted(e.message), role: .value, path: [3]))
            return out
        }
        let more = doc.totalValues - doc.values.count
        for (i, v) in doc.values.enumerated() {
            let last = i == doc.values.count - 1 && more <= 0
            walk(v.value, label: doc.kind == .literal && v.name.isEmpty ? "value" : TerminalText.sanitize(v.name),
                 depth: 0, guides: [], last: last, path: [i], ascii: ascii, into: &out)
        }
        if more > 0 {
            out.append(PreviewLine(depth: 0, guide: "", label: "", type: "", value: "… \(PreviewFormat.grouped(more)) more values",
                                   role: .more, path: [doc.values.count]))
        }
        return out
    }

    /// The lines of one value (a preview pane showing a single input or output).
    public static func lines(_ node: PreviewNode, label: String, ascii: Bool = false) -> [PreviewLine] {
        var out: [PreviewLine] = []
        walk(node, label: label, depth: 0, guides: [], last: true, path: [0], ascii: ascii, into: &out)
        return out
    }

    /// The document as text: a header line, then the tree, then any problems.
    public static func render(_ doc: PayloadDocument, source: String, ascii: Bool = false) -> String {
        var text = header(doc, source: source) + "\n"
        for l in lines(doc, ascii: ascii) {
            var line = l.guide
            switch l.role {
            case .more, .detail: line += (l.label.isEmpty ? "" : l.label + ": ") + l.value
            case .value, .invalid:
                line += l.label
                if !l.type.isEmpty { line += (l.label.isEmpty ? "" : ": ") + l.type }
                if !l.value.isEmpty { line += (l.type.isEmpty && l.label.isEmpty ? "" : " = ") + l.value }
            }
            text += line + "\n"
        }
        for c in doc.context { text += "context: \(TerminalText.sanitize(c.key)) = \(quoted(c.value))\n" }
        for p in doc.producedArtifacts {
            text += "produced artifact: \(TerminalText.sanitize(p.output)) → \(TerminalText.sanitize(p.name))"
                + (p.version.isEmpty ? "" : "@" + TerminalText.sanitize(p.version)) + "\n"
        }
        for p in doc.problems { text += "partial: \(TerminalText.sanitize(p))\n" }
        return text
    }

    /// `outputs.pb · task.Outputs · 3 values · 1.2 KiB`, with the kind note and the partial marker when set.
    public static func header(_ doc: PayloadDocument, source: String) -> String {
        var parts = [TerminalText.sanitize(source), doc.kind.title]
        switch doc.kind {
        case .errorDocument: break
        case .literal: parts.append(typeText(doc.values.first?.value ?? PreviewNode(.empty)))
        default: parts.append("\(PreviewFormat.grouped(doc.totalValues)) value" + (doc.totalValues == 1 ? "" : "s"))
        }
        parts.append(PreviewFormat.bytes(doc.byteCount))
        if doc.isPartial { parts.append("PARTIAL (\(doc.problems.count) problem\(doc.problems.count == 1 ? "" : "s"))") }
        if doc.unknownFields > 0 { parts.append("\(doc.unknownFields) unknown field\(doc.unknownFields == 1 ? "" : "s") skipped") }
        var s = parts.joined(separator: " · ")
        if let note = doc.kindNote { s += "\n(" + note + ")" }
        return s
    }

    // MARK: Tree

    private static func walk(_ node: PreviewNode, label: String, depth: Int, guides: [Bool], last: Bool, path: [Int],
                             ascii: Bool, into out: inout [PreviewLine]) {
        let guide = guideText(guides, last: last, ascii: ascii)
        let role: PreviewLine.Role = { if case .invalid = node.value { return .invalid }; return .value }()
        var value = valueText(node)
        if let a = node.annotations { value += annotationText(a) }
        out.append(PreviewLine(depth: depth, guide: guide, label: label, type: typeText(node), value: value, role: role, path: path))
        let childGuides = guides + [last]
        let kids = children(node)
        let details = detailLines(node)
        for (i, d) in details.enumerated() {
            let isLast = i == details.count - 1 && kids.items.isEmpty && kids.more == 0
            out.append(PreviewLine(depth: depth + 1, guide: guideText(childGuides, last: isLast, ascii: ascii), label: d.0, type: "",
                                   value: d.1, role: .detail, path: path + [-1 - i]))
        }
        for (i, kid) in kids.items.enumerated() {
            let isLast = i == kids.items.count - 1 && kids.more == 0
            walk(kid.node, label: kid.label, depth: depth + 1, guides: childGuides, last: isLast, path: path + [i], ascii: ascii, into: &out)
        }
        if kids.more > 0 {
            out.append(PreviewLine(depth: depth + 1, guide: guideText(childGuides, last: true, ascii: ascii), label: "", type: "",
                                   value: "… \(PreviewFormat.grouped(kids.more)) more \(kids.unit)", role: .more, path: path + [kids.items.count]))
        }
    }

    private static func guideText(_ guides: [Bool], last: Bool, ascii: Bool) -> String {
        guard !guides.isEmpty else { return "" }
        var s = ""
        for parentLast in guides.dropFirst() { s += parentLast ? "   " : (ascii ? "|  " : "│  ") }
        return s + (last ? (ascii ? "`- " : "└─ ") : (ascii ? "|- " : "├─ "))
    }

    /// The children of a container, their labels, and how many the budget left out.
    public static func children(_ node: PreviewNode) -> (items: [(label: String, node: PreviewNode)], more: Int, unit: String) {
        switch node.value {
        case .list(let items, let total):
            return (items.enumerated().map { ("[\($0.offset)]", $0.element) }, total - items.count, "items")
        case .map(let entries, let total):
            return (entries.map { (keyLabel($0.key), $0.value) }, total - entries.count, "keys")
        case .msgpack(let inner), .generic(let inner), .union(let inner, _): return children(inner)
        default: return ([], 0, "")
        }
    }

    private static func detailLines(_ node: PreviewNode) -> [(String, String)] {
        switch node.value {
        case .dataset(_, _, let cols), .schema(_, let cols):
            return cols.map { (TerminalText.sanitize($0.name), TerminalText.sanitize($0.type)) }
        case .error(_, let failed) where !failed.isEmpty: return [("failed node", TerminalText.sanitize(failed))]
        default: return []
        }
    }

    private static func keyLabel(_ key: PreviewNode) -> String {
        if case .string(let s, _) = key.value { return TerminalText.sanitize(s) }
        return "<" + typeText(key) + " " + valueText(key) + ">"
    }

    private static func annotationText(_ a: LiteralAnnotations) -> String {
        var s = ""
        if !a.hash.isEmpty { s += "  [hash \(TerminalText.sanitize(a.hash))]" }
        for m in a.metadata { s += "  [\(TerminalText.sanitize(m.key))=\(TerminalText.sanitize(m.value))]" }
        if let art = a.artifact { s += "  [artifact \(TerminalText.sanitize(art))]" }
        return s
    }

    /// The type and size of a value, as shown beside its label.
    public static func typeText(_ node: PreviewNode) -> String {
        let size = node.encodedBytes.map { ", " + PreviewFormat.bytes($0) } ?? ""
        switch node.value {
        case .integer, .unsigned: return "int"
        case .float: return "float"
        case .string(_, let total): return total > 32 ? "str (\(PreviewFormat.bytes(total)))" : "str"
        case .bool: return "bool"
        case .datetime: return "datetime"
        case .duration: return "timedelta"
        case .none: return "None"
        case .list(_, let total): return "list (\(PreviewFormat.grouped(total)) item\(total == 1 ? "" : "s")\(size))"
        case .map(_, let total): return "dict (\(PreviewFormat.grouped(total)) key\(total == 1 ? "" : "s")\(size))"
        case .msgpack(let inner): return "msgpack " + typeText(inner)
        case .pickle: return "pickle"
        case .binary(let tag, _): return "binary[\(TerminalText.sanitize(tag))]"
        case .bytes: return "bin"
        case .ext(let t, _): return "ext(\(t))"
        case .blob(_, let format, let multipart):
            let kind = multipart ? "Dir" : "File"
            return format.isEmpty ? kind : "\(kind)[\(TerminalText.sanitize(format))]"
        case .dataset(_, let format, let cols):
            return (format.isEmpty ? "DataFrame" : "DataFrame[\(TerminalText.sanitize(format))]") + (cols.isEmpty ? "" : " (\(cols.count) columns)")
        case .schema(_, let cols): return "schema" + (cols.isEmpty ? "" : " (\(cols.count) columns)")
        case .union(let inner, let variant):
            return TerminalText.sanitize(variant) + " (union)" + (children(inner).items.isEmpty ? "" : " " + typeText(inner))
        case .error: return "error"
        case .generic(let inner):
            if case .map(_, let total) = inner.value { return "struct (\(PreviewFormat.grouped(total)) field\(total == 1 ? "" : "s")\(size))" }
            return "struct"
        case .offloaded(_, _, let type): return "offloaded \(TerminalText.sanitize(type))"
        case .invalid: return "invalid"
        case .empty: return "empty"
        }
    }

    /// The value on one line; containers show nothing here (their children follow).
    public static func valueText(_ node: PreviewNode) -> String {
        switch node.value {
        case .integer(let i): return String(i)
        case .unsigned(let u): return String(u)
        case .float(let d): return PreviewFormat.float(d)
        case .string(let s, let total):
            let kept = s.utf8.count
            return quoted(s) + (total > kept ? "… (\(PreviewFormat.bytes(total - kept)) more)" : "")
        case .bool(let b): return b ? "true" : "false"
        case .datetime(let s, let n): return PreviewFormat.iso(seconds: s, nanos: n)
        case .duration(let s, let n): return PreviewFormat.duration(seconds: s, nanos: n)
        case .none, .list, .map, .generic: return ""
        case .msgpack(let inner): return valueText(inner)
        case .pickle(let n): return "\(PreviewFormat.bytes(n)) (not unpickled)"
        case .binary(_, let n), .bytes(let n), .ext(_, let n): return PreviewFormat.bytes(n)
        case .blob(let uri, _, _), .dataset(let uri, _, _), .schema(let uri, _): return TerminalText.sanitize(uri)
        case .union(let inner, _): return valueText(inner)
        case .error(let message, _): return quoted(message)
        case .offloaded(let uri, let size, _):
            return "\(PreviewFormat.bytes(Int(clamping: size))) at \(TerminalText.sanitize(uri)) (fetched on demand)"
        case .invalid(let reason): return TerminalText.sanitize(reason)
        case .empty: return "(no value set)"
        }
    }

    /// A compact one-line rendering for table cells: `42`, `"text"`, `[1, 2, 3, … +1,997]`, `{a: 1, …}`,
    /// `File s3://…`; at most `limit` characters (cut with `…`).
    public static func oneLine(_ node: PreviewNode, limit: Int = 80) -> String {
        var out = ""
        compact(node, into: &out, limit: limit)
        if out.count > limit { out = String(out.prefix(max(0, limit - 1))) + "…" }
        return out
    }

    private static func compact(_ node: PreviewNode, into out: inout String, limit: Int) {
        guard out.count <= limit else { return }
        switch node.value {
        case .list(let items, let total):
            out += "["
            for (i, item) in items.enumerated() {
                if out.count > limit { break }
                if i > 0 { out += ", " }
                compact(item, into: &out, limit: limit)
            }
            if total > items.count { out += (items.isEmpty ? "" : ", ") + "… +\(PreviewFormat.grouped(total - items.count))" }
            out += "]"
        case .map(let entries, let total):
            out += "{"
            for (i, e) in entries.enumerated() {
                if out.count > limit { break }
                if i > 0 { out += ", " }
                out += keyLabel(e.key) + ": "
                compact(e.value, into: &out, limit: limit)
            }
            if total > entries.count { out += (entries.isEmpty ? "" : ", ") + "… +\(PreviewFormat.grouped(total - entries.count))" }
            out += "}"
        case .msgpack(let inner), .generic(let inner), .union(let inner, _): compact(inner, into: &out, limit: limit)
        case .none: out += "None"
        case .blob, .dataset, .schema: out += typeText(node).split(separator: " ").first.map(String.init)! + " " + valueText(node)
        case .pickle(let n): out += "pickle (\(PreviewFormat.bytes(n)))"
        case .offloaded(let uri, let size, _): out += "offloaded \(PreviewFormat.bytes(Int(clamping: size))) at \(TerminalText.sanitize(uri))"
        case .error(let m, _): out += "error: " + quoted(m)
        default: out += valueText(node)
        }
    }

    /// A string in double quotes with control characters made visible.
    static func quoted(_ s: String) -> String {
        "\"" + TerminalText.sanitize(s).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
