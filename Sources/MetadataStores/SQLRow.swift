import CPostgres
import CSQLite

/// One result row read in place: text and blob values are borrowed from the database's own buffers and valid only
/// during the callback that received the row, so a decoder copies only what it keeps.
///
/// Both databases are read through it without building a `[SQLValue]` per row (Postgres values stay in the
/// `PGresult`, SQLite's in the statement); a row made of values (`init(values:)`) serves fakes and tests.
public struct SQLRow {
    enum Source {
        case values([SQLValue])
        case postgres(result: OpaquePointer, row: Int32, types: UnsafeBufferPointer<UInt32>)
        case sqlite(statement: OpaquePointer, columns: Int32)
    }

    let source: Source

    init(_ source: Source) { self.source = source }

    /// A row of ready values.
    public init(values: [SQLValue]) { source = .values(values) }

    /// How many columns the row has.
    public var count: Int {
        switch source {
        case .values(let v): v.count
        case .postgres(let res, _, _): Int(PQnfields(res))
        case .sqlite(_, let n): Int(n)
        }
    }

    /// How many rows the whole result has, when the database knows before they are read (Postgres), so a
    /// caller can reserve room once.
    public var resultCount: Int? {
        if case .postgres(let res, _, _) = source { return Int(PQntuples(res)) }
        return nil
    }

    /// Whether column `i` is NULL.
    public func isNull(_ i: Int) -> Bool {
        switch source {
        case .values(let v): v[i].isNull
        case .postgres(let res, let r, _): PQgetisnull(res, r, Int32(i)) != 0
        case .sqlite(let stmt, _): sqlite3_column_type(stmt, Int32(i)) == SQLITE_NULL
        }
    }

    /// Calls `body` with the bytes of column `i` as the database holds them (text as UTF-8; Postgres's text form
    /// for every type), or returns nil for NULL without calling it.
    public func withBytes<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        switch source {
        case .values(let v):
            switch v[i] {
            case .null: return nil
            case .blob(let b): return try b.withUnsafeBufferPointer(body)
            default:
                var s = v[i].string ?? ""
                return try s.withUTF8(body)
            }
        case .postgres(let res, let r, _):
            let c = Int32(i)
            guard PQgetisnull(res, r, c) == 0 else { return nil }
            let raw = UnsafeRawPointer(PQgetvalue(res, r, c)!).assumingMemoryBound(to: UInt8.self)
            return try body(UnsafeBufferPointer(start: raw, count: Int(PQgetlength(res, r, c))))
        case .sqlite(let stmt, _):
            let c = Int32(i)
            switch sqlite3_column_type(stmt, c) {
            case SQLITE_NULL: return nil
            case SQLITE_BLOB:
                let p = sqlite3_column_blob(stmt, c)
                let n = Int(sqlite3_column_bytes(stmt, c))
                return try body(UnsafeBufferPointer(start: p?.assumingMemoryBound(to: UInt8.self), count: p == nil ? 0 : n))
            default:
                // Text, or a number SQLite prints as text for this call.
                let p = sqlite3_column_text(stmt, c)
                let n = Int(sqlite3_column_bytes(stmt, c))
                return try body(UnsafeBufferPointer(start: p, count: p == nil ? 0 : n))
            }
        }
    }

    /// Column `i` as a new string, or nil for NULL: text as is, other types as their value prints (so a Postgres
    /// boolean reads `1`, as SQLite's does).
    public func string(_ i: Int) -> String? {
        switch source {
        case .values(let v): return v[i].string
        case .postgres(_, _, let types) where PGText.printsDifferently(types[i]): return value(i).string
        default: return withBytes(i) { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Column `i` as an integer (integral text parsed), or nil for NULL or anything else.
    public func int(_ i: Int) -> Int64? {
        switch source {
        case .values(let v): return v[i].int
        case .postgres(_, _, let types):
            // Integers parsed in place; booleans, floats and numerics as their value reads them.
            switch types[i] {
            case PGText.int8, PGText.int4, PGText.int2, PGText.oid: return withBytes(i) { PGText.integer($0) } ?? nil
            default: return value(i).int
            }
        case .sqlite(let stmt, _):
            let c = Int32(i)
            switch sqlite3_column_type(stmt, c) {
            case SQLITE_INTEGER: return sqlite3_column_int64(stmt, c)
            case SQLITE_FLOAT: return Int64(exactly: sqlite3_column_double(stmt, c).rounded())
            case SQLITE_TEXT: return withBytes(i) { PGText.integer($0) } ?? nil
            default: return nil
            }
        }
    }

    /// Column `i` as bytes: blobs as stored (Postgres bytea decoded), text as UTF-8; nil for NULL.
    public func bytes(_ i: Int) -> [UInt8]? {
        if case .postgres(_, _, let types) = source, types[i] == PGText.bytea {
            return withBytes(i) { PGText.hexBytes($0) ?? Array($0) }
        }
        if case .values(let v) = source { return v[i].bytes }
        return withBytes(i) { Array($0) }
    }

    /// Column `i` as a value of its own type (SQLite's storage class; Postgres's column type, booleans as 0/1).
    public func value(_ i: Int) -> SQLValue {
        switch source {
        case .values(let v): return v[i]
        case .postgres(_, _, let types):
            return withBytes(i) { PGText.value($0, type: types[i]) } ?? .null
        case .sqlite(let stmt, _):
            let c = Int32(i)
            switch sqlite3_column_type(stmt, c) {
            case SQLITE_INTEGER: return .int(sqlite3_column_int64(stmt, c))
            case SQLITE_FLOAT: return .double(sqlite3_column_double(stmt, c))
            case SQLITE_TEXT: return .text(string(i) ?? "")
            case SQLITE_BLOB: return .blob(withBytes(i) { Array($0) } ?? [])
            default: return .null
            }
        }
    }

    /// Every column as a value.
    public var values: [SQLValue] {
        if case .values(let v) = source { return v }
        return (0..<count).map(value)
    }
}
