import DemoWorld
import FlyteModel
import Foundation
import Testing
@testable import MetadataStores

/// What only the Postgres backend has: the demo world written through COPY reads back identical to SQLite's, the
/// session is read-only with a statement timeout, a dropped connection comes back, and LISTEN reports changes.
/// Needs `FLYTRAP_TEST_PG` (scripts/test-servers); skipped locally without it, failing under CI.
@Suite(.enabled(if: Backend.available.contains(.postgres)), .serialized) struct PostgresStoreTests {
    @Test func theDemoWorldReadsTheSameFromPostgresAsFromSQLite() throws {
        let scratch = try ScratchDatabase()
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        let dir = URL(fileURLWithPath: NSTemporaryDirectory() + "flytrap-pgworld-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = DBTime.parse("2026-11-21T06:00:00Z")!
        // Same folder and clock, so URIs and keys match; the SQLite file is moved aside before the Postgres build.
        _ = try DemoWorld.build(at: dir, options: DemoOptions(runs: 80, now: now))
        let sqlitePath = dir.path + ".db"
        try FileManager.default.moveItem(atPath: dir.appendingPathComponent(DemoWorld.databaseName).path, toPath: sqlitePath)
        defer { try? FileManager.default.removeItem(atPath: sqlitePath) }
        let report = try DemoWorld.build(at: dir, options: DemoOptions(runs: 80, now: now, database: scratch.url))
        #expect(report.database.hasPrefix("postgres://"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(DemoWorld.databaseName).path))

        let lite = try SQLRunStore(db: SQLiteDatabase(path: sqlitePath))
        let pg = try SQLRunStore(db: PostgresDatabase(conninfo: scratch.url))
        #expect(pg.warnings == lite.warnings)
        func same<T>(_ what: String, _ read: (SQLRunStore) throws -> T) throws {
            let a = canonical(try read(lite)), b = canonical(try read(pg))
            #expect(a == b, "\(what) differs")
        }
        try same("projects") { try $0.projects() }
        var runs = 0, actions = 0
        for p in try lite.projects().map(\.id) {
            try same("domains of \(p)") { try $0.domains(project: p) }
            for d in try lite.domains(project: p) {
                // Small pages, so cursors made by one backend's timestamps are followed to the end.
                var cursor: Cursor? = nil
                repeat {
                    let q = RunQuery(project: p, domain: d, limit: 7, after: cursor)
                    let (a, b) = (try lite.runs(q), try pg.runs(q))
                    #expect(canonical(a.items) == canonical(b.items), "runs page of \(p)/\(d)")
                    #expect(a.next?.description == b.next?.description)
                    for r in a.items {
                        runs += 1
                        try same("actions of \(r.id)") { try $0.actions(of: r.id) }
                        for act in try lite.actions(of: r.id) {
                            actions += 1
                            try same("action \(act.id)") { try $0.action(act.id) }
                        }
                    }
                    cursor = a.next
                } while cursor != nil
                try same("tasks \(p)/\(d)") { try $0.tasks(TaskQuery(project: p, domain: d, limit: 1000)).items }
                try same("triggers \(p)/\(d)") { try $0.triggers(project: p, domain: d) }
                for t in try lite.triggers(project: p, domain: d) {
                    try same("revisions of \(t.name)") { try $0.triggerRevisions(project: p, domain: d, taskName: t.taskName, name: t.name) }
                }
            }
        }
        try same("cache") { try $0.cacheEntries(CacheQuery(limit: 10_000)).items }
        #expect(runs == 80)
        #expect(actions == report.actions)
    }

    @Test func demoRefusesADatabaseItDidNotWriteAndRewritesItsOwn() throws {
        let scratch = try ScratchDatabase()
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        try scratch.admin().exec("CREATE TABLE payroll (id INTEGER)")
        let dir = URL(fileURLWithPath: NSTemporaryDirectory() + "flytrap-pgrefuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: DemoError.self) { try DemoWorld.build(at: dir, options: DemoOptions(runs: 3, metadataOnly: true, database: scratch.url)) }
        #expect(try scratch.admin().rowsOf("SELECT count(*) FROM payroll") == [["0"]], "the foreign table is untouched")
        try scratch.admin().exec("DROP TABLE payroll")
        _ = try DemoWorld.build(at: dir, options: DemoOptions(runs: 3, metadataOnly: true, database: scratch.url))
        let again = try DemoWorld.build(at: dir, options: DemoOptions(runs: 5, metadataOnly: true, database: scratch.url))
        #expect(again.runs == 5)
        #expect(try scratch.admin().rowsOf("SELECT count(*) FROM actions WHERE parent_action_name IS NULL") == [["5"]])
    }

    @Test func copyCarriesEveryByteAndCharacter() throws {
        let scratch = try ScratchDatabase()
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        let w = try PostgresWriter(conninfo: scratch.url)
        try w.exec("CREATE TABLE t (id INTEGER, s TEXT, b BYTEA, n BIGINT, f DOUBLE PRECISION, flag BOOLEAN)")
        let nasty = "tab\there\nnew\\line\r\\N \u{1b}[31m ünï ☃ \u{7}"
        let bytes: [UInt8] = Array(0...255) + [92, 78, 9, 10]
        try w.insert("INSERT INTO t (id, s, b, n, f, flag) VALUES (?,?,?,?,?,?)", [.int(1), .text(nasty), .blob(bytes), .int(Int64.min), .double(-1.5e-7), .int(1)])
        try w.insert("INSERT INTO t (id, s, b, n, f, flag) VALUES (?,?,?,?,?,?)", [.int(2), .null, .blob([]), .null, .null, .int(0)])
        try w.flush()
        let rows = try PostgresDatabase(conninfo: scratch.url).rows("SELECT id, s, b, n, f, flag FROM t ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows[0] == [.int(1), .text(nasty), .blob(bytes), .int(Int64.min), .double(-1.5e-7), .int(1)])
        #expect(rows[1] == [.int(2), .null, .blob([]), .null, .null, .int(0)])
    }

    @Test func theSessionIsReadOnlyNamedAndTimeLimited() throws {
        let scratch = try ScratchDatabase()
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        let db = try PostgresDatabase(conninfo: scratch.url, statementTimeoutMs: 300)
        #expect(try db.rows("SHOW default_transaction_read_only") == [[.text("on")]])
        #expect(try db.rows("SHOW application_name") == [[.text("flytrap")]])
        #expect(try db.rows("SHOW TimeZone") == [[.text("UTC")]])
        do {
            _ = try db.rows("CREATE TABLE x (i INTEGER)")
            Issue.record("a write succeeded")
        } catch let e as StoreError {
            #expect(e.description.contains("read-only transaction"), "\(e)")
        }
        do {
            _ = try db.rows("SELECT pg_sleep(3)")
            Issue.record("the statement timeout did not cancel a 3 s query")
        } catch let e as StoreError {
            #expect(e.description.contains("statement timeout"), "\(e)")
        }
        #expect(try db.rows("SELECT 1") == [[.int(1)]], "the session is usable after a cancelled statement")
    }

    @Test func badConnectionStringsAndServersAreNamedWithoutThePassword() throws {
        for url in ["postgres://flyte:hunter2@127.0.0.1:1/flyte", "postgresql://flyte:hunter2@[zz"] {
            do {
                _ = try PostgresDatabase(conninfo: url)
                Issue.record("\(url) opened")
            } catch let e as StoreError {
                let line = e.description
                #expect(!line.contains("hunter2"), "\(line)")
                #expect(line.hasPrefix("postgres"), "names the server: \(line)")
                #expect(!line.contains("\n"))
            }
        }
    }

    @Test func aDroppedConnectionIsReestablishedWithBackoff() throws {
        let scratch = try ScratchDatabase()
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        let db = try PostgresDatabase(conninfo: scratch.url)
        let admin = try PGConnection(conninfo: scratch.server)
        func kill() throws {
            try admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(scratch.name)' AND application_name = 'flytrap'")
        }
        #expect(try db.rows("SELECT 1") == [[.int(1)]])
        // Killed between queries: the next query reconnects at once and answers.
        try kill()
        #expect(try db.rows("SELECT 2") == [[.int(2)]])
        // Killed while the server refuses new connections: the query fails as "connection lost" and the next attempt
        // waits for the backoff; once the server accepts connections again, the store answers.
        try admin.exec("ALTER DATABASE \(scratch.name) ALLOW_CONNECTIONS false")
        try kill()
        #expect {
            _ = try db.rows("SELECT 3")
        } throws: { e in
            guard case .connectionLost(_, let m)? = e as? StoreError else { return false }
            return m.contains("next attempt in 0.5s")
        }
        #expect {
            _ = try db.rows("SELECT 3")
        } throws: { e in
            guard case .connectionLost(_, let m)? = e as? StoreError else { return false }
            return m.hasPrefix("reconnecting in")
        }
        try admin.exec("ALTER DATABASE \(scratch.name) ALLOW_CONNECTIONS true")
        Thread.sleep(forTimeInterval: 0.6)
        #expect(try db.rows("SELECT 4") == [[.int(4)]])
    }

    @Test func listenReportsAnnouncedChangesAndALostConnection() throws {
        let scratch = try ScratchDatabase()
        defer { withExtendedLifetime(scratch) {} }  // dropped only when the test ends
        let writer = try PostgresWriter(conninfo: scratch.url)
        try writer.exec(FlyteSchema.postgresDDL)
        let store = try SQLRunStore(db: PostgresDatabase(conninfo: scratch.url))
        let feed = try #require(store.changeFeed())
        let events = EventLog()
        feed.start { events.append($0) }
        defer { feed.stop() }
        #expect(events.wait { $0.contains(.link(.live)) }, "the feed goes live")
        let admin = try PGConnection(conninfo: scratch.server)
        let notifier = try scratch.admin()  // NOTIFY reaches listeners of the same database only
        try notifier.exec("SELECT pg_notify('run_updates', 'p/d/r1/a0'), pg_notify('action_updates', 'p/d/r1/n2'), pg_notify('action_updates', 'p/d/r1/n2'), pg_notify('run_updates', 'garbage')")
        #expect(events.wait { $0.contains(.changed([StoreChange(run: RunID(project: "p", domain: "d", name: "r1"), action: "a0"),
                                                    StoreChange(run: RunID(project: "p", domain: "d", name: "r1"), action: "n2")])) },
                "one batch, deduplicated, the malformed payload dropped: \(events.all)")
        try admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flytrap listen' AND datname = '\(scratch.name)'")
        #expect(events.wait { $0.contains { if case .link(.down) = $0 { true } else { false } } }, "a lost connection is reported")
        #expect(events.wait { $0.filter { $0 == .link(.live) }.count == 2 }, "and the feed comes back live")
        try notifier.exec("SELECT pg_notify('run_updates', 'p/d/r2')")
        #expect(events.wait { $0.contains(.changed([StoreChange(run: RunID(project: "p", domain: "d", name: "r2"), action: nil)])) })
    }

    @Test func payloadsParseAsProjectDomainRunAction() {
        #expect(StoreChange(payload: "p/d/r/a") == StoreChange(run: RunID(project: "p", domain: "d", name: "r"), action: "a"))
        #expect(StoreChange(payload: "p/d/r") == StoreChange(run: RunID(project: "p", domain: "d", name: "r"), action: nil))
        #expect(StoreChange(payload: "p/d/r/a/b")?.action == "a/b", "an action name keeps its slashes")
        #expect(StoreChange(payload: "p/d") == nil)
        #expect(StoreChange(payload: "p//r") == nil)
    }
}

/// A value's full description with dictionaries in key order (their printed order varies from one instance to the next).
func canonical(_ value: Any) -> String {
    let m = Mirror(reflecting: value)
    switch m.displayStyle {
    case .dictionary:
        return "[" + m.children.map { canonical($0.value) }.sorted().joined(separator: ", ") + "]"
    case .optional:
        return m.children.first.map { canonical($0.value) } ?? "nil"
    case .struct, .class, .tuple, .enum, .collection, .set:
        guard !m.children.isEmpty else { return String(describing: value) }
        let parts = m.children.map { ($0.label.map { $0 + ": " } ?? "") + canonical($0.value) }
        return "\(m.subjectType)(" + (m.displayStyle == .set ? parts.sorted() : parts).joined(separator: ", ") + ")"
    default:
        return String(describing: value)
    }
}

/// Events from a feed's thread, waited on by the test.
final class EventLog: @unchecked Sendable {
    private var events: [StoreFeedEvent] = []
    private let lock = NSLock()
    func append(_ e: StoreFeedEvent) { lock.withLock { events.append(e) } }
    var all: [StoreFeedEvent] { lock.withLock { events } }
    /// Waits up to 10 s for `done` to hold.
    func wait(_ done: ([StoreFeedEvent]) -> Bool) -> Bool {
        for _ in 0..<200 {
            if done(all) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}

extension PGConnection {
    /// Rows as text, for checks.
    func rowsOf(_ sql: String) throws -> [[String]] {
        var out: [[String]] = []
        try query(sql, []) { out.append($0.values.map { $0.string ?? "NULL" }) }
        return out
    }
}
