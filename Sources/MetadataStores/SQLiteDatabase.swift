import CSQLite
import Foundation

/// A read-only SQLite connection: opened with `SQLITE_OPEN_READONLY` and `PRAGMA query_only`.
///
/// flytrap never writes to a store it explores; the demo writer uses its own connection type.
public final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
    public let location: String
    public private(set) var dialect: SQLDialect = .sqlite(runsListHint: "")
    private var db: OpaquePointer?
    private let lock = NSLock()
    private var statements: [String: OpaquePointer] = [:]

    /// Opens `path` read-only; fails with a one-line reason when it is missing or not SQLite.
    public init(path: String) throws {
        location = path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw StoreError.cannotOpen(location: path, reason: "no such file")
        }
        guard !isDir.boolValue else { throw StoreError.cannotOpen(location: path, reason: "is a directory, not a SQLite file") }
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(location: path, reason: "cannot read (permission denied?)")
        }
        let header = (try? fh.read(upToCount: 16)) ?? Data()
        try? fh.close()
        guard header.count == 16, header.starts(with: Array("SQLite format 3".utf8) + [0]) else {
            throw StoreError.cannotOpen(location: path, reason: header.isEmpty ? "empty file, not a SQLite database" : "not a SQLite database (bad file header)")
        }
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nil)
        guard rc == SQLITE_OK, let h = handle else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(rc)"
            sqlite3_close(handle)
            throw StoreError.cannotOpen(location: path, reason: msg)
        }
        db = h
        sqlite3_busy_timeout(h, 2000)
        _ = try rows("PRAGMA query_only = ON")
        if try indexExists("idx_actions_created") {
            dialect = .sqlite(runsListHint: "INDEXED BY idx_actions_created")
        }
    }

    deinit {
        for (_, s) in statements { sqlite3_finalize(s) }
        sqlite3_close(db)
    }

    private func errorMessage() -> String {
        db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed"
    }

    public func query(_ sql: String, _ params: [SQLValue], each: (SQLRow) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        let stmt: OpaquePointer
        if let cached = statements[sql] {
            stmt = cached
        } else {
            // Placeholders are rewritten once, when a statement is first prepared; the cache is keyed by the shared SQL.
            var s: OpaquePointer?
            guard sqlite3_prepare_v2(db, dialect.placeholders(sql), -1, &s, nil) == SQLITE_OK, let p = s else {
                throw StoreError.queryFailed(location: location, message: errorMessage())
            }
            if statements.count > 64 {
                for (_, old) in statements { sqlite3_finalize(old) }
                statements.removeAll()
            }
            statements[sql] = p
            stmt = p
        }
        defer {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        guard SQLiteStatement.bind(params, to: stmt) == SQLITE_OK else {
            throw StoreError.queryFailed(location: location, message: errorMessage())
        }
        let row = SQLRow(.sqlite(statement: stmt, columns: sqlite3_column_count(stmt)))
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw StoreError.queryFailed(location: location, message: errorMessage()) }
            try each(row)
        }
    }

    public func columns(of table: String) throws -> Set<String>? {
        let r = try rows("SELECT name FROM pragma_table_info($1)", [.text(table)])
        return r.isEmpty ? nil : Set(r.compactMap { $0.first?.string })
    }

    public func indexExists(_ name: String) throws -> Bool {
        try !rows("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = $1", [.text(name)]).isEmpty
    }
}

/// Binding values to a prepared SQLite statement, shared by the read-only store and the demo writer.
public enum SQLiteStatement {
    /// Binds `values` to parameters 1…n of `stmt` (text and blobs copied); returns the first failing code, or `SQLITE_OK`.
    public static func bind(_ values: [SQLValue], to stmt: OpaquePointer) -> Int32 {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch v {
            case .null: rc = sqlite3_bind_null(stmt, idx)
            case .int(let x): rc = sqlite3_bind_int64(stmt, idx, x)
            case .double(let x): rc = sqlite3_bind_double(stmt, idx, x)
            case .text(let x): rc = sqlite3_bind_text(stmt, idx, x, -1, transient)
            case .blob(let x):
                // An empty blob still needs a non-null pointer, or SQLite stores NULL.
                rc = x.withUnsafeBytes { sqlite3_bind_blob(stmt, idx, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), transient) }
            }
            if rc != SQLITE_OK { return rc }
        }
        return SQLITE_OK
    }
}
