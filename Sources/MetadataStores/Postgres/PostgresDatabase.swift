import Foundation

/// A read-only Postgres connection for the shared Flyte 2 queries: every session runs with
/// `default_transaction_read_only = on`, a `statement_timeout` and `application_name = flytrap`, and timestamps
/// print in UTC ISO form (the form SQLite stores), so the same SQL and decoders serve both databases.
///
/// A dropped connection is re-established with exponential backoff (0.5 s doubling to 30 s); until then queries fail
/// with `StoreError.connectionLost`, which the explorer shows in place and the CLI prints as one line.
public final class PostgresDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.postgres
    public var location: String { connection.location }
    private let connection: PGConnection
    private let lock = NSLock()
    private var backoff = Backoff()
    private var nextAttempt = Date.distantPast
    /// The connection string as given, for the change feed's own connection.
    private let conninfo: String
    private let statementTimeoutMs: Int

    /// The session settings that make a connection read-only and give timestamps one text form.
    static func sessionSettings(statementTimeoutMs: Int) -> [(String, String)] {
        [("default_transaction_read_only", "on"), ("statement_timeout", String(statementTimeoutMs)),
         ("TimeZone", "UTC"), ("DateStyle", "ISO")]
    }

    /// Connects read-only; fails with one line naming the server (password hidden) and libpq's reason.
    public init(conninfo: String, statementTimeoutMs: Int = 30_000) throws {
        self.conninfo = conninfo
        self.statementTimeoutMs = statementTimeoutMs
        connection = try PGConnection(conninfo: conninfo, settings: Self.sessionSettings(statementTimeoutMs: statementTimeoutMs))
    }

    public func query(_ sql: String, _ params: [SQLValue], each: (SQLRow) throws -> Void) throws {
        try lock.withLock {
            try ensureConnected()
            do {
                try connection.query(sql, params, each: each)
            } catch StoreError.connectionLost {
                // The server went away between queries: reconnect once right away and retry (reads are idempotent).
                try ensureConnected()
                try connection.query(sql, params, each: each)
            }
        }
    }

    /// Whether the connection is up now (the explorer's status line reads this after a failure).
    public var isConnected: Bool { lock.withLock { connection.isConnected } }

    /// Reconnects when the connection is down, no sooner than the backoff allows.
    private func ensureConnected() throws {
        guard !connection.isConnected else { return }
        let now = Date()
        guard now >= nextAttempt else {
            throw StoreError.connectionLost(location: location, message: "reconnecting in \(String(format: "%.1f", nextAttempt.timeIntervalSince(now)))s")
        }
        if connection.reset() {
            backoff.reset()
            return
        }
        let wait = backoff.next()
        nextAttempt = now.addingTimeInterval(wait)
        throw StoreError.connectionLost(location: location, message: "\(connection.errorMessage) (next attempt in \(String(format: "%.1f", wait))s)")
    }

    /// Postgres announces changes on `run_updates` / `action_updates`: a feed on a connection of its own.
    public func changeFeed() -> (any StoreChangeFeed)? {
        PostgresChangeFeed(conninfo: conninfo, settings: Self.sessionSettings(statementTimeoutMs: statementTimeoutMs))
    }

    public func columns(of table: String) throws -> Set<String>? {
        // to_regclass follows search_path and is NULL for a missing table (no error), as the store's schema check wants.
        var exists = false
        var cols = Set<String>()
        try query("""
            SELECT a.attname FROM (SELECT to_regclass($1) AS t) r
            LEFT JOIN pg_attribute a ON a.attrelid = r.t AND a.attnum > 0 AND NOT a.attisdropped
            WHERE r.t IS NOT NULL
            """, [.text(table)]) { r in
            exists = true
            if let c = r.string(0) { cols.insert(c) }
        }
        return exists ? cols : nil
    }

    public func indexExists(_ name: String) throws -> Bool {
        try rows("SELECT to_regclass($1) IS NOT NULL", [.text(name)]).first?.first?.int == 1
    }
}
