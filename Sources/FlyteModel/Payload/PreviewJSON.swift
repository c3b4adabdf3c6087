/// The stable JSON form of payloads (`flytrap inspect -o json`, documented in the README).
///
/// Primitives are JSON scalars (datetime: ISO-8601 ending in `Z`; duration: seconds; non-finite floats: the
/// strings `"NaN"`, `"Infinity"`, `"-Infinity"`); none is `null`; collections are arrays; maps are objects;
/// msgpack binaries are their decoded value; a union is its inner value; other kinds are one-key objects.
/// Values past the budget are summarised by a last element `{"truncated":{"more_items":N}}` (arrays) or a key
/// `"…"` holding `{"truncated":{"more_keys":N}}` (objects).
public enum PreviewJSON {
    /// A whole payload file: an object of name → value in file order; an error.pb is `{"error":{…}}`; a bare
    /// literal is its value.
    public static func document(_ doc: PayloadDocument) -> JSONValue {
        switch doc.kind {
        case .errorDocument:
            let e = doc.error ?? PayloadDocument.ContainerError(code: "", message: "", kind: "non_recoverable", origin: "unknown")
            return .object([("error", .object([("code", .string(e.code)), ("message", .string(e.message)),
                                               ("kind", .string(e.kind)), ("origin", .string(e.origin))]))])
        case .literal:
            return doc.values.first.map { value($0.value) } ?? .null
        case .inputs, .outputs, .namedLiterals:
            var fields = doc.values.map { ($0.name, value($0.value)) }
            if doc.totalValues > doc.values.count {
                fields.append(("…", truncated("more_keys", doc.totalValues - doc.values.count)))
            }
            return .object(fields)
        }
    }

    /// One value.
    public static func value(_ node: PreviewNode) -> JSONValue {
        switch node.value {
        case .integer(let i): return .int(i)
        case .unsigned(let u): return .uint(u)
        case .float(let d):
            if d.isNaN { return .string("NaN") }
            if d.isInfinite { return .string(d < 0 ? "-Infinity" : "Infinity") }
            return .double(d)
        case .string(let s, _): return .string(s)
        case .bool(let b): return .bool(b)
        case .datetime(let s, let n): return .string(PreviewFormat.iso(seconds: s, nanos: n))
        case .duration(let s, let n): return .double(PreviewFormat.seconds(s, n))
        case .none, .empty: return .null
        case .list(let items, let total):
            var out = items.map(value)
            if total > items.count { out.append(truncated("more_items", total - items.count)) }
            return .array(out)
        case .map(let entries, let total):
            var out = entries.map { (keyText($0.key), value($0.value)) }
            if total > entries.count { out.append(("…", truncated("more_keys", total - entries.count))) }
            return .object(out)
        case .msgpack(let inner), .generic(let inner): return value(inner)
        case .union(let inner, _): return value(inner)
        case .pickle(let n): return one("pickle", [("bytes", .int(Int64(n)))])
        case .binary(let tag, let n): return one("binary", [("tag", .string(tag)), ("bytes", .int(Int64(n)))])
        case .bytes(let n): return one("bin", [("bytes", .int(Int64(n)))])
        case .ext(let t, let n): return one("ext", [("type", .int(Int64(t))), ("bytes", .int(Int64(n)))])
        case .blob(let uri, let format, let multipart):
            return one("blob", [("uri", .string(uri)), ("format", .string(format)),
                                ("dimensionality", .string(multipart ? "multipart" : "single"))])
        case .dataset(let uri, let format, let columns):
            return one("dataset", [("uri", .string(uri)), ("format", .string(format)),
                                   ("columns", .array(columns.map { .object([("name", .string($0.name)), ("type", .string($0.type))]) }))])
        case .schema(let uri, _): return one("schema", [("uri", .string(uri))])
        case .offloaded(let uri, let size, _): return one("offloaded", [("uri", .string(uri)), ("size_bytes", .uint(size))])
        case .error(let message, let node): return one("error", [("message", .string(message)), ("failed_node_id", .string(node))])
        case .invalid(let reason): return one("invalid", [("reason", .string(reason))])
        }
    }

    /// A map key as a JSON object key: strings as they are, other MessagePack keys as their JSON text.
    static func keyText(_ key: PreviewNode) -> String {
        if case .string(let s, _) = key.value { return s }
        return value(key).renderCompact()
    }

    private static func one(_ key: String, _ fields: [(String, JSONValue)]) -> JSONValue { .object([(key, .object(fields))]) }
    private static func truncated(_ key: String, _ n: Int) -> JSONValue { one("truncated", [(key, .int(Int64(n)))]) }
}
