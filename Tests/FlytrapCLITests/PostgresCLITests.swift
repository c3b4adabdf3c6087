import Foundation
import Testing

/// The CLI against PostgreSQL: a bad or unreachable server is one line naming it without the password, and (with
/// the test server of scripts/test-servers) `demo --db` then `get` answer exactly as the SQLite world does.
@Suite(.serialized) struct PostgresCLITests {
    @Test func anUnreachableServerIsOneLineWithoutThePassword() throws {
        let url = "postgres://flyte:s3cret@127.0.0.1:1/flyte"
        let r = try CLI.run(["get", "runs", "--db", url, "-p", "p", "-d", "d"])
        #expect(r.code == 1)
        #expect(r.err.hasPrefix("flytrap: postgres://flyte@127.0.0.1:1/flyte: "), "\(r.err)")
        #expect(!r.err.contains("s3cret"))
        #expect(r.err.split(separator: "\n").count == 1)
        let info = try CLI.run(["info", "--db", url])
        #expect(info.code == 0)
        #expect(info.out.contains("postgres://flyte@127.0.0.1:1/flyte"))
        #expect(!info.out.contains("s3cret"))
    }

    @Test func demoDbRefusesANonPostgresTarget() throws {
        let r = try CLI.run(["demo", "--dir", NSTemporaryDirectory() + "flytrap-x-\(UUID().uuidString)", "--db", "/tmp/some.db"])
        #expect(r.code == 2)
        #expect(r.err.contains("--db '/tmp/some.db': not a postgres:// URL"))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["FLYTRAP_TEST_PG"] != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func demoIntoPostgresThenGetAnswersAsSQLite() throws {
        guard let server = ProcessInfo.processInfo.environment["FLYTRAP_TEST_PG"] else {
            Issue.record("FLYTRAP_TEST_PG is not set: CI must start scripts/test-servers")
            return
        }
        let scratch = try CLIScratchDatabase(server: server)
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        let pg = scratch.url
        let dir = NSTemporaryDirectory() + "flytrap-cli-pg-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["--runs", "40", "--seed", "5", "--now", "2026-11-21T06:00:00Z"]
        #expect(try CLI.run(["demo", "--dir", dir] + args).code == 0)
        let lite = dir + "/lite.db"
        try FileManager.default.moveItem(atPath: dir + "/flyte.db", toPath: lite)
        let built = try CLI.run(["demo", "--dir", dir, "--db", pg] + args)
        #expect(built.code == 0, "\(built.err)")
        #expect(built.out.contains("open it:   flytrap --db postgres://"))
        for get in [["get", "runs", "-p", "ml-platform", "-d", "production", "-o", "json"], ["get", "tasks", "-p", "data-eng", "-d", "development"],
                    ["get", "cache", "-o", "csv"], ["get", "triggers", "-p", "data-eng", "-d", "staging", "daily-staging"]] {
            let a = try CLI.run(get + ["--db", lite]), b = try CLI.run(get + ["--db", pg])
            #expect(a.code == 0 && b.code == 0, "\(get): \(b.err)")
            #expect(a.out == b.out, "\(get) differs")
            #expect(!a.out.isEmpty)
        }
    }
}

/// A fresh database on the test server (created and dropped through psql), for one test.
final class CLIScratchDatabase {
    let server: String
    let name = "flytrap_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
    /// The server URL with this database's name in place of the admin database's.
    var url: String { String(server[..<server.range(of: "/", options: .backwards)!.upperBound]) + name }

    init(server: String) throws {
        self.server = server
        let r = try CLI.psql(server, "CREATE DATABASE \(name)")
        guard r.code == 0 else { throw CLIScratchError(message: r.err) }
    }

    deinit { _ = try? CLI.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}

struct CLIScratchError: Error { var message: String }

extension CLI {
    /// Runs one statement with psql against `url`.
    static func psql(_ url: String, _ sql: String) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", "-X", "-q", "-d", url, "-c", sql]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, out: "", err: String(decoding: e, as: UTF8.self), outBytes: Data())
    }
}

/// The explorer over Postgres in tmux: the title bar says `live`, and a run the control plane adds and announces
/// appears without a key press (with `--refresh 0`, so polling cannot be what shows it).
@Suite(.serialized, .enabled(if: TmuxSession.available && (ProcessInfo.processInfo.environment["FLYTRAP_TEST_PG"] != nil
                                                               || ProcessInfo.processInfo.environment["CI"] != nil)))
struct PostgresLiveE2ETests {
    @Test func anAnnouncedRunAppearsWithoutAKeyPress() throws {
        let server = try #require(ProcessInfo.processInfo.environment["FLYTRAP_TEST_PG"], "CI must start scripts/test-servers")
        let scratch = try CLIScratchDatabase(server: server)
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        let pg = scratch.url
        let dir = NSTemporaryDirectory() + "flytrap-live-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CLI.run(["demo", "--dir", dir, "--db", pg, "--runs", "20", "--seed", "9", "--metadata-only"]).code == 0)
        let t = try TmuxSession(command: "\(CLI.binary.path) --db '\(pg)' --refresh 0 -p flytesnacks -d development")
        let first = t.wait(for: "● live")
        #expect(first.split(separator: "\n").first?.contains("● live") == true, "\(first)")
        #expect(!first.contains("rzzlivenewrun"))
        let insert = try CLI.psql(pg, """
            INSERT INTO actions (project, domain, run_name, name, phase, created_at, updated_at, task_name)
            VALUES ('flytesnacks', 'development', 'rzzlivenewrun', 'a0', 4, now(), now(), 'hello.live');
            SELECT pg_notify('run_updates', 'flytesnacks/development/rzzlivenewrun/a0')
            """)
        #expect(insert.code == 0, "\(insert.err)")
        let after = t.wait(for: "rzzlivenewrun", timeout: 5)
        #expect(after.contains("rzzlivenewrun"), "\(after)")
        t.send("q")
        #expect(t.wait(for: "EXIT=0").contains("EXIT=0"))
    }
}
