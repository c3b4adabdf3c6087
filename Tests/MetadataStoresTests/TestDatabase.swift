import DemoWorld
import FlyteIDL
import FlyteModel
import Foundation
import Testing
@testable import MetadataStores

/// The database backends the RunStore suite runs against: SQLite always; Postgres when `FLYTRAP_TEST_PG` points at a
/// server (`scripts/test-servers` starts one; CI always does, and a missing server fails there instead of skipping).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The backends to run: Postgres is left out locally when no server is configured.
    static var available: [Backend] {
        let env = ProcessInfo.processInfo.environment
        return env["FLYTRAP_TEST_PG"] != nil || env["CI"] != nil ? [.sqlite, .postgres] : [.sqlite]
    }

    /// The Flyte DDL in this backend's spelling.
    var ddl: String { self == .sqlite ? FlyteSchema.sqliteDDL : FlyteSchema.postgresDDL }

    /// The test server's admin connection string, or a recorded failure.
    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["FLYTRAP_TEST_PG"] else {
            Issue.record("FLYTRAP_TEST_PG is not set: CI must start scripts/test-servers")
            throw StoreError.badArgument("no Postgres test server")
        }
        return url
    }

    /// `url` with its database name replaced.
    static func url(_ url: String, database: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards, range: url.range(of: "://")!.upperBound..<url.endIndex) else { return url + "/" + database }
        let query = url[slash.upperBound...].firstIndex(of: "?").map { String(url[$0...]) } ?? ""
        return String(url[..<slash.upperBound]) + database + query
    }
}

/// A fresh, empty database on the Postgres test server, dropped (with any session still on it) when released.
final class ScratchDatabase {
    let name = "flytrap_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    /// The server's admin connection string.
    let server: String
    /// This database's connection string.
    let url: String

    init() throws {
        server = try Backend.serverURL()
        try PGConnection(conninfo: server).exec("CREATE DATABASE \(name)")
        url = Backend.url(server, database: name)
    }

    deinit { try? PGConnection(conninfo: server).exec("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    /// A writable session on this database.
    func admin() throws -> PGConnection { try PGConnection(conninfo: url) }
}

/// Builds small control-plane databases by hand, row by row, so expectations come from the rows written here.
/// On Postgres each one is a fresh database, dropped when the test ends.
final class TestDatabase {
    let backend: Backend
    /// The SQLite path or the Postgres connection string.
    let conninfo: String
    let writer: any DemoDatabaseWriter
    private var scratch: ScratchDatabase?

    init(_ backend: Backend = .sqlite, ddl: String? = nil) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            conninfo = NSTemporaryDirectory() + "flytrap-test-\(UUID().uuidString).db"
            writer = try SQLiteWriter(creating: conninfo)
        case .postgres:
            let db = try ScratchDatabase()
            scratch = db
            conninfo = db.url
            writer = try PostgresWriter(conninfo: conninfo)
        }
        try writer.exec(ddl ?? backend.ddl)
    }

    deinit {
        if backend == .sqlite { try? FileManager.default.removeItem(atPath: conninfo) }
    }

    /// Where the store says it is (SQLite path, or the Postgres URL without a password).
    var location: String { writer.location }

    func close() { writer.close() }

    /// Opens the read-only database the store reads through.
    func database() throws -> SQLDatabase {
        switch backend {
        case .sqlite:
            close()
            return try SQLiteDatabase(path: conninfo)
        case .postgres:
            try writer.flush()
            return try PostgresDatabase(conninfo: conninfo)
        }
    }

    func store() throws -> SQLRunStore { try SQLRunStore(db: database()) }

    static func t(_ seconds: Double) -> String { DBTime.format(Date(timeIntervalSince1970: 1_795_000_000 + seconds)) }

    /// Inserts an action row; `runSpec` labels go into the run_spec blob.
    func action(project: String = "p", domain: String = "d", run: String, name: String = "a0", parent: String? = nil,
                phase: Phase = .succeeded, task: String = "wf.main", created: Double, group: String? = nil,
                labels: [String: String] = [:], trigger: String? = nil, detailedInfo: [UInt8]? = nil, actionSpec: [UInt8]? = nil,
                kind: ActionKind = .task) throws {
        var rs = Flyteidl2_Task_RunSpec()
        rs.labels.values = labels
        let runSpec: [UInt8] = try rs.serializedBytes()
        try writer.insert("""
            INSERT INTO actions (project, domain, run_name, name, parent_action_name, phase, run_source, action_type, action_group,
            task_name, task_version, task_type, function_name, action_spec, detailed_info, run_spec, created_at, updated_at, attempts,
            cache_status, trigger_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(project), .text(domain), .text(run), .text(name), parent.map { .text($0) } ?? .null, .int(Int64(phase.rawValue)),
                  .text("RUN_SOURCE_CLI"), .int(Int64(kind.rawValue)), group.map { .text($0) } ?? .null, .text(task), .text("v1"), .text("python"),
                  .text(task), actionSpec.map { .blob($0) } ?? .null, detailedInfo.map { .blob($0) } ?? .null,
                  parent == nil ? .blob(runSpec) : .null, .text(Self.t(created)), .text(Self.t(created)), .int(1), .int(0),
                  trigger.map { .text($0) } ?? .null])
    }

    func event(project: String = "p", domain: String = "d", run: String, name: String, attempt: Int, phase: Phase, info: [UInt8]) throws {
        try writer.insert("""
            INSERT INTO action_events (project, domain, run_name, name, attempt, phase, version, info, created_at, updated_at)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, [.text(project), .text(domain), .text(run), .text(name), .int(Int64(attempt)), .int(Int64(phase.rawValue)), .int(0),
                  .blob(info), .text(Self.t(0)), .text(Self.t(0))])
    }
}

extension String {
    /// The DDL without the named columns' lines (works on either dialect's spelling).
    func removingColumns(_ names: [String]) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            return !names.contains { t.hasPrefix($0 + " ") && t.hasSuffix(",") } && !names.contains { t.contains("(\($0))") && t.hasPrefix("CREATE INDEX") }
        }.joined(separator: "\n")
    }
}
