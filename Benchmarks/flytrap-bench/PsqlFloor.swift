import Foundation
import MetadataStores

/// A `SQLDatabase` that forwards to another and keeps the statements it ran (the benchmark hands them to psql).
final class RecordingDatabase: SQLDatabase, @unchecked Sendable {
    let inner: SQLDatabase
    var recorded: [(sql: String, params: [SQLValue])] = []
    var dialect: SQLDialect { inner.dialect }
    var location: String { inner.location }

    init(_ inner: SQLDatabase) { self.inner = inner }

    func query(_ sql: String, _ params: [SQLValue], each: (SQLRow) throws -> Void) throws {
        recorded.append((sql, params))
        try inner.query(sql, params, each: each)
    }

    func columns(of table: String) throws -> Set<String>? { try inner.columns(of: table) }
    func indexExists(_ name: String) throws -> Bool { try inner.indexExists(name) }
}

/// The floor for a store query: psql running the same statements, values inlined as literals, timed by `\timing`.
enum PsqlFloor {
    /// The time (ms) of each of `repeats` runs of the statements together, after 5 warm-up runs.
    static func samples(conninfo: String, statements: [(sql: String, params: [SQLValue])], repeats: Int) throws -> [Double] {
        let batch = statements.map { inline($0.sql, $0.params) + ";" }
        // One psql session; each repetition's statements are timed separately and summed.
        var script = "\\timing on\n"
        for _ in 0..<(repeats + 5) { script += batch.joined(separator: "\n") + "\n" }
        let file = NSTemporaryDirectory() + "flytrap-psql-\(UUID().uuidString).sql"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Rows go to /dev/null (-o); the `Time:` lines still come to stdout.
        p.arguments = ["psql", "-X", "-q", "-d", conninfo, "-f", file, "-o", "/dev/null", "-v", "ON_ERROR_STOP=1"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw StoreError.queryFailed(location: "psql", message: "exit \(p.terminationStatus)") }
        let times = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("Time: ") else { return nil }
            return Double(line.dropFirst(6).split(separator: " ").first ?? "")
        }
        let n = statements.count
        guard times.count == n * (repeats + 5) else {
            throw StoreError.queryFailed(location: "psql", message: "expected \(n * (repeats + 5)) timings, got \(times.count)")
        }
        return (5..<(repeats + 5)).map { i in times[(i * n)..<((i + 1) * n)].reduce(0, +) }
    }

    /// `$n` placeholders replaced by SQL literals (text quoted, `'` doubled).
    static func inline(_ sql: String, _ params: [SQLValue]) -> String {
        var out = sql
        // Highest numbers first, so $1 does not eat the start of $10.
        for (i, v) in params.enumerated().reversed() {
            let lit: String
            switch v {
            case .null: lit = "NULL"
            case .int(let x): lit = String(x)
            case .double(let x): lit = String(x)
            case .text(let t): lit = "'" + t.replacingOccurrences(of: "'", with: "''") + "'"
            case .blob(let b): lit = "'\\x" + b.map { String(format: "%02x", $0) }.joined() + "'::bytea"
            }
            out = out.replacingOccurrences(of: "$\(i + 1)", with: lit)
        }
        return out.replacingOccurrences(of: "\n", with: " ")
    }
}

extension StoreBench {
    /// Root runs in a Postgres world, or nil when it holds no Flyte tables.
    static func rootRuns(in conninfo: String) throws -> Int? {
        let db = try PostgresDatabase(conninfo: conninfo)
        guard try db.columns(of: "actions") != nil else { return nil }
        return try db.rows("SELECT count(*) FROM actions WHERE parent_action_name IS NULL").first?.first?.int.map(Int.init)
    }
}
