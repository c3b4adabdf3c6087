/// A read-only SQL connection that the shared Flyte 2 queries run on (SQLite, Postgres).
public protocol SQLDatabase: AnyObject, Sendable {
    /// How this database spells the few things that differ between SQL dialects.
    var dialect: SQLDialect { get }
    /// Where the database lives, for messages (`/path/flyte.db`, `postgres://host/db`).
    var location: String { get }
    /// Runs `sql` with `$1…$n` placeholders bound to `params`, calling `each` with every result row in turn (the row
    /// is read in place and valid only during the call).
    func query(_ sql: String, _ params: [SQLValue], each: (SQLRow) throws -> Void) throws
    /// The column names of `table`, or nil when the table does not exist.
    func columns(of table: String) throws -> Set<String>?
    /// Whether an index of that name exists.
    func indexExists(_ name: String) throws -> Bool
    /// A feed of the changes the database announces, or nil when it announces none (SQLite).
    func changeFeed() -> (any StoreChangeFeed)?
}

extension SQLDatabase {
    public func changeFeed() -> (any StoreChangeFeed)? { nil }

    /// Runs `sql` and collects every row as values.
    public func rows(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
        var out: [[SQLValue]] = []
        try query(sql, params) { out.append($0.values) }
        return out
    }
}

/// The differences between SQL dialects, kept in one place.
public struct SQLDialect: Sendable {
    public var name: String
    /// Turns the shared `$n` placeholders into this dialect's.
    public var placeholders: @Sendable (String) -> String
    /// A planner hint placed after `FROM actions` in the runs-list query (SQLite: `INDEXED BY`), if any.
    public var runsListHint: String

    /// A timestamp column as the fixed-width UTC text SQLite stores (`2026-11-21 06:09:25.123456+00:00`): the
    /// runs-list cursor carries it, so both databases must print it alike.
    public var timestampKey: @Sendable (String) -> String

    public init(name: String, placeholders: @escaping @Sendable (String) -> String, runsListHint: String = "",
                timestampKey: @escaping @Sendable (String) -> String = { $0 }) {
        self.name = name
        self.placeholders = placeholders
        self.runsListHint = runsListHint
        self.timestampKey = timestampKey
    }

    /// Postgres: `$n` placeholders as written; timestamptz printed in SQLite's stored form.
    public static let postgres = SQLDialect(name: "postgres", placeholders: { $0 }, timestampKey: {
        "to_char(\($0) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US\"+00:00\"')"
    })

    /// SQLite: `?n` placeholders (same numbering, so a parameter may be used twice).
    public static func sqlite(runsListHint: String) -> SQLDialect {
        SQLDialect(name: "sqlite", placeholders: { sql in
            var out = ""
            out.reserveCapacity(sql.utf8.count)
            var it = sql.makeIterator()
            var pending: Character? = nil
            while let c = pending ?? it.next() {
                pending = nil
                if c == "$" {
                    var digits = ""
                    while let d = it.next() {
                        if d.isASCII && d.isNumber { digits.append(d) } else { pending = d; break }
                    }
                    out += digits.isEmpty ? "$" : "?" + digits
                } else {
                    out.append(c)
                }
            }
            return out
        }, runsListHint: runsListHint)
    }
}
