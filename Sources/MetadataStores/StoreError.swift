/// Why a metadata store could not answer, in one line that names the thing that was wrong.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file or connection is not a database flytrap can read.
    case cannotOpen(location: String, reason: String)
    /// The database has no such table: it is not a Flyte 2 control-plane store.
    case missingTable(location: String, table: String)
    /// A required column is missing (an older or foreign schema).
    case missingColumn(table: String, column: String)
    /// A protobuf blob did not decode: names table, column and row.
    case undecodable(table: String, column: String, row: String, message: String)
    /// The thing asked for is not in the store.
    case notFound(what: String)
    /// The database refused a query.
    case queryFailed(location: String, message: String)
    /// The caller passed a bad argument (a malformed cursor, an unknown phase).
    case badArgument(String)
    /// The connection to a database server dropped; the store reconnects with backoff.
    case connectionLost(location: String, message: String)

    public var description: String {
        switch self {
        case .cannotOpen(let l, let r): "\(l): \(r)"
        case .missingTable(let l, let t): "\(l): no table '\(t)': not a Flyte 2 control-plane database"
        case .missingColumn(let t, let c): "\(t).\(c): column missing: this schema is older than flytrap needs"
        case .undecodable(let t, let c, let row, let m): "\(t).\(c): \(m) for \(row)"
        case .notFound(let w): "\(w) not found"
        case .queryFailed(let l, let m): "\(l): query failed: \(m)"
        case .badArgument(let m): m
        case .connectionLost(let l, let m): "\(l): connection lost: \(m)"
        }
    }

    /// True when the error means "no such thing" rather than a broken store.
    public var isNotFound: Bool { if case .notFound = self { true } else { false } }
}
