import FlyteIDL

/// Renders a `core.LiteralType` as the Python-like type text users recognise (`list[int]`, `File`, `Optional[str]`).
public enum LiteralTypeText {
    /// A one-line description of `t`; nesting deeper than `depth` is shown as `…`.
    public static func describe(_ t: Flyteidl2_Core_LiteralType, depth: Int = 8) -> String {
        guard depth > 0 else { return "…" }
        switch t.type {
        case .simple(let s):
            switch s {
            case .none: return "None"
            case .integer: return "int"
            case .float: return "float"
            case .string: return "str"
            case .boolean: return "bool"
            case .datetime: return "datetime"
            case .duration: return "timedelta"
            case .binary: return "bytes"
            case .error: return "error"
            case .struct:
                return t.structure.tag.isEmpty ? "dict" : t.structure.tag
            case .UNRECOGNIZED(let n): return "simple(\(n))"
            }
        case .schema: return "schema"
        case .collectionType(let inner): return "list[\(describe(inner, depth: depth - 1))]"
        case .mapValueType(let inner): return "dict[str, \(describe(inner, depth: depth - 1))]"
        case .blob(let b):
            let kind = b.dimensionality == .multipart ? "Dir" : "File"
            return b.format.isEmpty ? kind : "\(kind)[\(b.format)]"
        case .enumType(let e): return "enum(\(e.values.joined(separator: "|")))"
        case .structuredDatasetType(let d): return d.format.isEmpty ? "DataFrame" : "DataFrame[\(d.format)]"
        case .unionType(let u):
            let parts = u.variants.map { describe($0, depth: depth - 1) }
            if parts.count == 2, parts.contains("None") {
                return "Optional[\(parts.first { $0 != "None" } ?? "None")]"
            }
            return "Union[\(parts.joined(separator: ", "))]"
        case nil: return "unknown"
        }
    }
}
