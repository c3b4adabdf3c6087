import FlyteIDL
import Foundation

/// A one-line summary of a literal for list cells (a signalled condition value, a small input):
/// primitives print as values, other kinds as their kind and size.
public enum LiteralSummary {
    public static func oneLine(_ l: Flyteidl2_Core_Literal) -> String {
        switch l.value {
        case .scalar(let s):
            switch s.value {
            case .primitive(let p):
                switch p.value {
                case .integer(let i): return String(i)
                case .floatValue(let d): return d.isNaN ? "nan" : (d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)")
                case .stringValue(let s): return TerminalText.sanitize(s)
                case .boolean(let b): return b ? "true" : "false"
                case .datetime(let t): return DBTime.iso(Date(timeIntervalSince1970: Double(t.seconds) + Double(t.nanos) / 1e9))
                case .duration(let d): return DurationText.short(Double(d.seconds) + Double(d.nanos) / 1e9)
                case nil: return "primitive"
                }
            case .noneType: return "None"
            case .blob(let b): return (b.metadata.type.dimensionality == .multipart ? "Dir " : "File ") + TerminalText.sanitize(b.uri)
            case .binary(let b): return b.tag.isEmpty ? "pickle (\(b.value.count) bytes)" : "\(b.tag) (\(b.value.count) bytes)"
            case .schema(let x): return "schema " + TerminalText.sanitize(x.uri)
            case .error(let e): return "error: " + TerminalText.sanitize(e.message)
            case .generic(let g): return "struct (\(g.fields.count) fields)"
            case .structuredDataset(let d): return "DataFrame " + TerminalText.sanitize(d.uri)
            case .union(let u): return oneLine(u.value)
            case nil: return "scalar"
            }
        case .collection(let c): return "list (\(c.literals.count) items)"
        case .map(let m): return "dict (\(m.literals.count) keys)"
        case .offloadedMetadata(let o): return "offloaded \(o.sizeBytes) bytes at " + TerminalText.sanitize(o.uri)
        case nil: return "empty"
        }
    }
}
