/// A value read from or bound to a SQL statement, the same for every database backend.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value as text: text as is, numbers printed, blobs as UTF-8 when valid.
    public var string: String? {
        switch self {
        case .null: nil
        case .text(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .blob(let b): String(decoding: b, as: UTF8.self)
        }
    }

    /// The value as an integer: integers as is, integral text parsed (Postgres text results).
    public var int: Int64? {
        switch self {
        case .int(let i): i
        case .double(let d): Int64(exactly: d.rounded()) ?? nil
        case .text(let s): Int64(s)
        default: nil
        }
    }

    /// The value as a boolean: SQLite's 0/1 or Postgres's `t`/`f`.
    public var bool: Bool? {
        switch self {
        case .int(let i): i != 0
        case .text(let s): ["t", "true", "1", "yes", "on"].contains(s.lowercased())
        default: nil
        }
    }

    /// The value as bytes: blobs as is, text as UTF-8.
    public var bytes: [UInt8]? {
        switch self {
        case .blob(let b): b
        case .text(let s): Array(s.utf8)
        default: nil
        }
    }
}

/// Parameters of a statement being built: `bind` appends a value and returns its `$n` placeholder.
struct SQLParams {
    private(set) var values: [SQLValue]

    init(_ values: [SQLValue] = []) { self.values = values }

    mutating func bind(_ v: SQLValue) -> String {
        values.append(v)
        return "$\(values.count)"
    }
}
