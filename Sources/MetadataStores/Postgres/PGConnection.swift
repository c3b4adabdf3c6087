import CPostgres
import Foundation

/// One libpq connection: text-format queries with `$n` parameters, COPY FROM STDIN, LISTEN notifications.
///
/// Not thread-safe: its owner serialises calls (`PostgresDatabase` under a lock, the listener on its own thread).
public final class PGConnection: @unchecked Sendable {
    /// Where it connects, without the password (`postgres://user@host:port/db`).
    public let location: String
    private var conn: OpaquePointer?
    /// Statements prepared on this session, by SQL text (the server skips parsing them again; it still plans each
    /// execution with the values until a generic plan is known to be as good, as `plan_cache_mode = auto` does).
    private var prepared: [String: String] = [:]
    static let preparedLimit = 64

    /// Connects with `conninfo` (a `postgres://` URL or `key=value` pairs; the `PG*` variables and `~/.pgpass` fill
    /// the rest, as libpq does) plus `settings` sent as `-c name=value` server options and `application_name`.
    public init(conninfo: String, applicationName: String = "flytrap", settings: [(String, String)] = [], connectTimeout: Int = 5) throws {
        let parsed = try PGConnInfo.parse(conninfo)
        location = parsed.redacted
        var options = parsed.values["options"] ?? ""
        for (k, v) in settings { options += (options.isEmpty ? "" : " ") + "-c \(k)=\(v)" }
        // dbname first: with expand_dbname it is expanded into its parts, and the keywords after it override them.
        let pairs: [(String, String)] = [("dbname", conninfo), ("application_name", applicationName), ("options", options),
                                         ("connect_timeout", parsed.values["connect_timeout"] ?? String(connectTimeout))]
        let keys = pairs.map { strdup($0.0) }
        let vals = pairs.map { strdup($0.1) }
        defer { (keys + vals).forEach { free($0) } }
        var kp: [UnsafePointer<CChar>?] = keys.map { UnsafePointer($0) } + [nil]
        var vp: [UnsafePointer<CChar>?] = vals.map { UnsafePointer($0) } + [nil]
        conn = PQconnectdbParams(&kp, &vp, 1)
        guard let c = conn, PQstatus(c) == CONNECTION_OK else {
            let msg = conn.map { Self.oneLine(String(cString: PQerrorMessage($0))) } ?? "out of memory"
            PQfinish(conn)
            conn = nil
            throw StoreError.cannotOpen(location: location, reason: msg)
        }
    }

    deinit { close() }

    /// Ends the session (later calls fail as "connection closed").
    public func close() {
        PQfinish(conn)
        conn = nil
        prepared = [:]
    }

    /// Whether the connection is up (libpq notices a lost connection when a call fails).
    public var isConnected: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Reconnects with the original parameters; returns whether the connection is up again.
    @discardableResult
    public func reset() -> Bool {
        guard let c = conn else { return false }
        prepared = [:]
        PQreset(c)
        return PQstatus(c) == CONNECTION_OK
    }

    /// The last connection-level error, on one line.
    public var errorMessage: String { conn.map { Self.oneLine(String(cString: PQerrorMessage($0))) } ?? "closed" }

    /// Runs `sql` with `params` bound to `$1…$n` and calls `each` with every result row, read in place.
    public func query(_ sql: String, _ params: [SQLValue], each: (SQLRow) throws -> Void) throws {
        let res = try execute(sql, params)
        defer { PQclear(res) }
        let types = (0..<PQnfields(res)).map { UInt32(PQftype(res, $0)) }
        try types.withUnsafeBufferPointer { t in
            for r in 0..<PQntuples(res) { try each(SQLRow(.postgres(result: res, row: r, types: t))) }
        }
    }

    /// Runs a statement (or several, without parameters) and discards any rows.
    public func exec(_ sql: String) throws {
        guard let c = conn else { throw StoreError.queryFailed(location: location, message: "connection closed") }
        let res = PQexec(c, sql)
        defer { PQclear(res) }
        try check(res, sql: sql)
    }

    /// Streams `rows` (already in COPY text format, one line each) into `COPY <target> FROM STDIN`.
    public func copyIn(_ target: String, data: [UInt8]) throws {
        guard let c = conn else { throw StoreError.queryFailed(location: location, message: "connection closed") }
        let start = PQexec(c, "COPY \(target) FROM STDIN")
        let status = PQresultStatus(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw StoreError.queryFailed(location: location, message: "COPY \(target): \(errorMessage)") }
        let ok = data.withUnsafeBufferPointer { b -> Bool in
            var off = 0
            while off < b.count {
                let n = min(1 << 20, b.count - off)
                let rc = UnsafeRawPointer(b.baseAddress! + off).withMemoryRebound(to: CChar.self, capacity: n) { PQputCopyData(c, $0, Int32(n)) }
                if rc != 1 { return false }
                off += n
            }
            return true
        }
        _ = PQputCopyEnd(c, ok ? nil : "client failed to send data")
        var failure: String? = ok ? nil : errorMessage
        while let res = PQgetResult(c) {
            if PQresultStatus(res) != PGRES_COMMAND_OK, failure == nil {
                failure = Self.oneLine(String(cString: PQresultErrorMessage(res)))
            }
            PQclear(res)
        }
        if let f = failure { throw StoreError.queryFailed(location: location, message: "COPY \(target): \(f)") }
    }

    // MARK: notifications

    /// The socket to wait on for notifications (-1 when closed).
    public var socket: Int32 { conn.map { PQsocket($0) } ?? -1 }

    /// Reads what the server sent and returns the notifications received, as (channel, payload).
    public func notifications() throws -> [(channel: String, payload: String)] {
        guard let c = conn, PQconsumeInput(c) == 1 else {
            throw StoreError.connectionLost(location: location, message: errorMessage)
        }
        var out: [(String, String)] = []
        while let n = PQnotifies(c) {
            out.append((String(cString: n.pointee.relname), String(cString: n.pointee.extra)))
            PQfreemem(n)
        }
        return out
    }

    // MARK: internals

    private func execute(_ sql: String, _ params: [SQLValue]) throws -> OpaquePointer {
        guard let c = conn else { throw StoreError.queryFailed(location: location, message: "connection closed") }
        // Text for every parameter except blobs, which go as binary bytea; types are left to the server to infer.
        var owned: [UnsafeMutablePointer<CChar>?] = []
        defer { owned.forEach { free($0) } }
        var types: [Oid] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for p in params {
            switch p {
            case .null: owned.append(nil); types.append(0); lengths.append(0); formats.append(0)
            case .int(let i): owned.append(strdup(String(i))); types.append(0); lengths.append(0); formats.append(0)
            case .double(let d): owned.append(strdup(String(d))); types.append(0); lengths.append(0); formats.append(0)
            case .text(let s): owned.append(strdup(s)); types.append(0); lengths.append(0); formats.append(0)
            case .blob(let b):
                let m = malloc(max(1, b.count))!.assumingMemoryBound(to: CChar.self)
                b.withUnsafeBytes { if let base = $0.baseAddress { memcpy(m, base, b.count) } }
                owned.append(m); types.append(17); lengths.append(Int32(b.count)); formats.append(1)
            }
        }
        let values: [UnsafePointer<CChar>?] = owned.map { $0.map { UnsafePointer($0) } }
        let name = try statementName(c, sql, types)
        let res = PQexecPrepared(c, name, Int32(params.count), values, lengths, formats, 0)
        guard let r = res else { throw StoreError.connectionLost(location: location, message: errorMessage) }
        do {
            try check(r, sql: sql)
        } catch {
            PQclear(r)
            throw error
        }
        return r
    }

    /// The name of `sql` prepared on this session, preparing it (with these parameter types) the first time.
    private func statementName(_ c: OpaquePointer, _ sql: String, _ types: [Oid]) throws -> String {
        if let n = prepared[sql] { return n }
        if prepared.count >= Self.preparedLimit {
            try exec("DEALLOCATE ALL")
            prepared = [:]
        }
        let name = "flytrap_\(prepared.count + 1)"
        let res = PQprepare(c, name, sql, Int32(types.count), types)
        defer { PQclear(res) }
        try check(res, sql: sql)
        prepared[sql] = name
        return name
    }

    private func check(_ res: OpaquePointer?, sql: String) throws {
        let status = PQresultStatus(res)
        guard status != PGRES_TUPLES_OK, status != PGRES_COMMAND_OK, status != PGRES_EMPTY_QUERY else { return }
        let message = res.map { Self.oneLine(String(cString: PQresultErrorMessage($0))) } ?? errorMessage
        if !isConnected { throw StoreError.connectionLost(location: location, message: message.isEmpty ? errorMessage : message) }
        let state = res.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        throw StoreError.queryFailed(location: location, message: state.isEmpty ? message : "\(message) [SQLSTATE \(state)]")
    }

    /// libpq messages end in newlines and may span lines ("ERROR: …\nLINE 1: …"); the first line says it.
    static func oneLine(_ s: String) -> String {
        let first = s.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return first.hasPrefix("ERROR:  ") ? String(first.dropFirst(8)) : first.trimmingCharacters(in: .whitespaces)
    }
}
