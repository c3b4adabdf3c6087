import Foundation
import MetadataStores

/// A writable Postgres connection for `flytrap demo --db postgres://…` and the tests; flytrap's stores never use it.
///
/// Rows of `INSERT INTO t (cols) VALUES (?,…)` are buffered per statement and sent with `COPY t (cols) FROM STDIN`
/// (a million-run world loads in minutes, not hours); `INSERT OR REPLACE` rows go as batched
/// `INSERT … ON CONFLICT (first column) DO UPDATE`; any other statement runs at once with `$n` placeholders.
///
/// It only writes into a database that is empty or that it wrote before (marked by a `flytrap_demo` table): it will
/// not drop the tables of a real Flyte database.
public final class PostgresWriter: DemoDatabaseWriter {
    public var location: String { connection.location }
    private let connection: PGConnection
    /// Buffered COPY text per target (`table (cols)`), in first-use order.
    private var copies: [String: [UInt8]] = [:]
    private var copyOrder: [String] = []
    /// Buffered upserts per statement, deduplicated by key (Postgres refuses one key twice in one upsert).
    private var upserts: [String: (target: Target, rows: [String: [SQLValue]], order: [String])] = [:]
    private var targets: [String: Target?] = [:]
    static let flushBytes = 8 << 20
    static let marker = "flytrap_demo"

    /// A parsed `INSERT [OR REPLACE] INTO table (cols) VALUES (?,…)`.
    struct Target {
        var table: String
        var columns: [String]
        var replace: Bool
    }

    /// Connects to `conninfo` (read-write: this is the demo's own database).
    public init(conninfo: String) throws {
        connection = try PGConnection(conninfo: conninfo, applicationName: "flytrap demo",
                                      settings: [("TimeZone", "UTC"), ("client_min_messages", "warning")])
    }

    deinit { close() }

    /// Ends the session; rows not yet flushed are lost (`finishLoad` and `flush` send them).
    public func close() { connection.close() }

    /// Refuses a database holding tables flytrap did not write; drops a previous demo world's tables.
    public func createTables() throws {
        var tables: [String] = []
        try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", []) { r in
            if let t = r.string(0) { tables.append(t) }
        }
        if !tables.isEmpty {
            guard tables.contains(Self.marker) else {
                throw DemoError.foreignDatabase(location: location, tables: tables.sorted())
            }
            let flyte = FlyteSchema.tableStatements(in: FlyteSchema.postgresDDL).compactMap(Self.tableName)
            try connection.exec("DROP TABLE IF EXISTS " + (flyte + [Self.marker]).joined(separator: ", ") + " CASCADE")
        }
        for s in FlyteSchema.tableStatements(in: FlyteSchema.postgresDDL) { try connection.exec(s) }
        try connection.exec("CREATE TABLE \(Self.marker) (written_at TIMESTAMPTZ NOT NULL DEFAULT now(), note TEXT); INSERT INTO \(Self.marker) (note) VALUES ('written by flytrap demo')")
    }

    public func insert(_ sql: String, _ values: [SQLValue]) throws {
        let target: Target?
        if let t = targets[sql] {
            target = t
        } else {
            target = Self.parse(sql)
            targets[sql] = target
        }
        guard let t = target, t.columns.count == values.count else {
            try flush()
            try connection.query(Self.dollarPlaceholders(sql), values) { _ in }
            return
        }
        if t.replace {
            let key = values[0].string ?? ""
            var u = upserts[sql] ?? (t, [:], [])
            if u.rows.updateValue(values, forKey: key) == nil { u.order.append(key) }
            upserts[sql] = u
            if u.order.count >= 500 { try flushUpsert(sql) }
            return
        }
        let dest = "\(t.table) (\(t.columns.joined(separator: ", ")))"
        if copies[dest] == nil { copyOrder.append(dest) }
        var buf = copies[dest, default: []]
        copies[dest] = nil  // keep the buffer uniquely referenced while appending
        Self.appendCopyRow(values, to: &buf)
        copies[dest] = buf
        if buf.count >= Self.flushBytes { try flushCopy(dest) }
    }

    public func exec(_ sql: String) throws {
        try flush()
        try connection.exec(Self.dollarPlaceholders(sql))
    }

    public func finishLoad() throws {
        try flush()
        for s in FlyteSchema.indexStatements(in: FlyteSchema.postgresDDL) { try connection.exec(s) }
        try connection.exec("ANALYZE")
    }

    /// Sends every buffered row.
    public func flush() throws {
        for dest in copyOrder { try flushCopy(dest) }
        for sql in upserts.keys.sorted() { try flushUpsert(sql) }
    }

    private func flushCopy(_ dest: String) throws {
        guard let buf = copies[dest], !buf.isEmpty else { return }
        copies[dest] = []
        try connection.copyIn(dest, data: buf)
    }

    private func flushUpsert(_ sql: String) throws {
        guard let u = upserts[sql], !u.order.isEmpty else { return }
        upserts[sql] = (u.target, [:], [])
        let cols = u.target.columns
        var params: [SQLValue] = []
        var tuples: [String] = []
        for key in u.order {
            let row = u.rows[key]!
            tuples.append("(" + row.indices.map { "$\(params.count + $0 + 1)" }.joined(separator: ",") + ")")
            params += row
        }
        let set = cols.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
        let stmt = "INSERT INTO \(u.target.table) (\(cols.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", ")) "
            + "ON CONFLICT (\(cols[0])) DO " + (set.isEmpty ? "NOTHING" : "UPDATE SET \(set)")
        try connection.query(stmt, params) { _ in }
    }

    // MARK: pure helpers

    /// Parses `INSERT [OR REPLACE] INTO t (a, b) VALUES (?, ?)`; nil for anything else (literals, SELECT …).
    static func parse(_ sql: String) -> Target? {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard words.count >= 4, words[0].uppercased() == "INSERT" else { return nil }
        var i = 1
        var replace = false
        if words[i].uppercased() == "OR", i + 1 < words.count, words[i + 1].uppercased() == "REPLACE" { replace = true; i += 2 }
        guard i < words.count, words[i].uppercased() == "INTO", i + 1 < words.count else { return nil }
        guard let open = sql.firstIndex(of: "("), let close = sql[open...].firstIndex(of: ")"),
              let values = sql.range(of: "VALUES", options: .caseInsensitive, range: close..<sql.endIndex) else { return nil }
        let table = sql[..<open].split(whereSeparator: { $0 == " " || $0 == "\n" }).last.map(String.init) ?? ""
        let cols = sql[sql.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let rest = sql[values.upperBound...].filter { !$0.isWhitespace }
        guard rest == "(" + Array(repeating: "?", count: cols.count).joined(separator: ",") + ")", !table.isEmpty else { return nil }
        return Target(table: table, columns: cols, replace: replace)
    }

    /// SQLite's `?` placeholders as Postgres's `$1…$n` (outside quoted strings).
    static func dollarPlaceholders(_ sql: String) -> String {
        var out = ""
        var n = 0
        var quoted = false
        for c in sql {
            if c == "'" { quoted.toggle() }
            if c == "?" && !quoted {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Appends one row in COPY text format: tab-separated, `\N` for NULL, backslash escapes, bytea as `\\x…` hex.
    static func appendCopyRow(_ values: [SQLValue], to buf: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for (i, v) in values.enumerated() {
            if i > 0 { buf.append(9) }
            switch v {
            case .null: buf += [92, 78]
            case .int(let x): buf += Array(String(x).utf8)
            case .double(let x): buf += Array(String(x).utf8)
            case .text(let s):
                for b in s.utf8 {
                    switch b {
                    case 92: buf += [92, 92]
                    case 9: buf += [92, 116]
                    case 10: buf += [92, 110]
                    case 13: buf += [92, 114]
                    default: buf.append(b)
                    }
                }
            case .blob(let bytes):
                buf += [92, 92, 120]
                buf.reserveCapacity(buf.count + bytes.count * 2)
                for b in bytes { buf.append(hex[Int(b >> 4)]); buf.append(hex[Int(b & 15)]) }
            }
        }
        buf.append(10)
    }

    static func tableName(_ createStatement: String) -> String? {
        guard let r = createStatement.range(of: "IF NOT EXISTS ") else { return nil }
        return createStatement[r.upperBound...].split(whereSeparator: { $0 == " " || $0 == "(" }).first.map(String.init)
    }
}
