import CSQLite
import Foundation
import MetadataStores

/// A writable SQLite connection for building demo and test databases. flytrap's stores never use it:
/// exploring is read-only (`SQLiteDatabase`); only `flytrap demo` writes, and only where it is told to.
public final class SQLiteWriter: DemoDatabaseWriter {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    public let path: String
    public var location: String { path }
    private var pending = 0

    /// Creates (or truncates) the database at `path`, set up for a fast bulk load.
    public init(creating path: String) throws {
        self.path = path
        try? FileManager.default.removeItem(atPath: path)
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            throw StoreError.cannotOpen(location: path, reason: msg)
        }
        try exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -16000; PRAGMA page_size = 8192")
    }

    deinit { close() }

    /// Finishes pending work and closes the file.
    public func close() {
        for (_, s) in statements { sqlite3_finalize(s) }
        statements.removeAll()
        if db != nil { sqlite3_close(db) }
        db = nil
    }

    public func createTables() throws {
        for s in FlyteSchema.tableStatements(in: FlyteSchema.sqliteDDL) { try exec(s) }
        try exec("BEGIN")
    }

    /// Rows are visible once written (outside a load's transaction); nothing is buffered.
    public func flush() throws {}

    public func finishLoad() throws {
        try exec("COMMIT")
        for s in FlyteSchema.indexStatements(in: FlyteSchema.sqliteDDL) { try exec(s) }
        try exec("PRAGMA analysis_limit = 1000; ANALYZE")
    }

    /// Runs one or more statements without parameters.
    public func exec(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &err) != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? "error"
            sqlite3_free(err)
            throw StoreError.queryFailed(location: path, message: msg)
        }
    }

    /// Inserts one row: `sql` uses `?` placeholders in order.
    public func insert(_ sql: String, _ values: [SQLValue]) throws {
        let stmt: OpaquePointer
        if let s = statements[sql] {
            stmt = s
        } else {
            var s: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK, let p = s else {
                throw StoreError.queryFailed(location: path, message: String(cString: sqlite3_errmsg(db)))
            }
            statements[sql] = p
            stmt = p
        }
        guard SQLiteStatement.bind(values, to: stmt) == SQLITE_OK else {
            sqlite3_reset(stmt)
            throw StoreError.queryFailed(location: path, message: String(cString: sqlite3_errmsg(db)))
        }
        let rc = sqlite3_step(stmt)
        sqlite3_reset(stmt)
        guard rc == SQLITE_DONE else { throw StoreError.queryFailed(location: path, message: String(cString: sqlite3_errmsg(db))) }
        pending += 1
        if pending >= 100_000 {
            try exec("COMMIT; BEGIN")
            pending = 0
        }
    }
}
