import Foundation

/// A JSON value with ordered object keys, so the CLI's JSON output is stable from run to run.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.render() == b.render() }

    /// An optional string: `null` when nil.
    public static func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    /// An optional date as RFC 3339 UTC with milliseconds.
    public static func date(_ d: Date?) -> JSONValue { d.map { .string(DBTime.iso($0)) } ?? .null }

    /// The JSON text, pretty-printed with two-space indentation.
    public func render(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d):
            if d.isNaN || d.isInfinite { return "null" }
            if d == 0 && d.sign == .minus { return "-0.0" }
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        case .string(let s): return Self.quote(s)
        case .array(let xs):
            if xs.isEmpty { return "[]" }
            return "[\n" + xs.map { inner + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
        case .object(let kv):
            if kv.isEmpty { return "{}" }
            return "{\n" + kv.map { inner + Self.quote($0.0) + ": " + $0.1.render(indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)}"
        }
    }

    /// The JSON text on one line with no spaces (`[1,2]`, `{"a":1}`).
    public func renderCompact() -> String {
        switch self {
        case .array(let xs): return "[" + xs.map { $0.renderCompact() }.joined(separator: ",") + "]"
        case .object(let kv): return "{" + kv.map { Self.quote($0.0) + ":" + $0.1.renderCompact() }.joined(separator: ",") + "}"
        default: return render()
        }
    }

    /// A JSON string literal: quotes, backslashes and every character `TerminalText` deems unsafe escaped (so raw
    /// control characters from data never reach the terminal).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if TerminalText.isUnsafe(u) {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
