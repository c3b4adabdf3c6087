import DemoWorld
import FlyteIDL
import FlyteModel
import Foundation
import Testing
@testable import MetadataStores

@Suite struct RunPaginationTests {
    /// Seven runs one minute apart plus children and another domain's runs, which must never show up.
    func sevenRuns(_ backend: Backend) throws -> TestDatabase {
        let db = try TestDatabase(backend)
        for i in 1...7 {
            try db.action(run: "r\(i)", phase: i % 2 == 0 ? .failed : .succeeded,
                          task: i <= 3 ? "wf.old" : "wf.new", created: Double(i) * 60, labels: ["team": i % 3 == 0 ? "ml" : "data"], trigger: i == 5 ? "nightly" : nil)
            try db.action(run: "r\(i)", name: "c\(i)", parent: "a0", created: Double(i) * 60 + 1)
        }
        try db.action(domain: "other", run: "x1", created: 10_000)
        return db
    }

    @Test(arguments: Backend.available) func pagesNewestFirstWithoutGapsOrRepeats(_ backend: Backend) throws {
        let db = try sevenRuns(backend)
        let store = try db.store()
        var seen: [String] = []
        var cursor: Cursor? = nil
        var pages = 0
        repeat {
            let page = try store.runs(RunQuery(project: "p", domain: "d", limit: 3, after: cursor))
            seen += page.items.map(\.id.name)
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 10
        #expect(seen == ["r7", "r6", "r5", "r4", "r3", "r2", "r1"])
        #expect(pages == 3)
    }

    @Test(arguments: Backend.available) func pagesBeforeACursorWalkBackToTheHead(_ backend: Backend) throws {
        let db = try sevenRuns(backend)
        let store = try db.store()
        let all = try store.runs(RunQuery(project: "p", domain: "d", limit: 7)).items
        // Before r3: the newer runs just above it, newest first, and a cursor to go on while newer ones remain.
        var q = RunQuery(project: "p", domain: "d", limit: 2)
        q.before = Cursor(parts: [all[4].root.createdAtKey, "r3"])
        let page = try store.runs(q)
        #expect(page.items.map(\.id.name) == ["r5", "r4"])
        q.before = try #require(page.next)
        let head = try store.runs(q)
        #expect(head.items.map(\.id.name) == ["r7", "r6"])
        #expect(head.next == nil, "nothing is newer than r7")
        // The cursor a before-page hands out is its first row.
        #expect(page.next == Cursor(parts: [all[2].root.createdAtKey, "r5"]))
    }

    @Test(arguments: Backend.available) func anExactMultipleOfThePageSizeEndsWithoutAnEmptyPage(_ backend: Backend) throws {
        let db = try sevenRuns(backend)
        let store = try db.store()
        let first = try store.runs(RunQuery(project: "p", domain: "d", limit: 7))
        #expect(first.items.count == 7)
        #expect(first.next == nil)
        let six = try store.runs(RunQuery(project: "p", domain: "d", limit: 6))
        #expect(six.next != nil)
        let rest = try store.runs(RunQuery(project: "p", domain: "d", limit: 6, after: six.next))
        #expect(rest.items.map(\.id.name) == ["r1"])
        #expect(rest.next == nil)
    }

    @Test(arguments: Backend.available) func tiesOnCreatedAtBreakByRunName(_ backend: Backend) throws {
        let db = try TestDatabase(backend)
        for n in ["ra", "rb", "rc", "rd"] { try db.action(run: n, created: 100) }
        let store = try db.store()
        let p1 = try store.runs(RunQuery(project: "p", domain: "d", limit: 2))
        let p2 = try store.runs(RunQuery(project: "p", domain: "d", limit: 2, after: p1.next))
        #expect(p1.items.map(\.id.name) + p2.items.map(\.id.name) == ["rd", "rc", "rb", "ra"])
    }

    @Test(arguments: Backend.available) func filtersNarrowTheList(_ backend: Backend) throws {
        let db = try sevenRuns(backend)
        let store = try db.store()
        func names(_ q: RunQuery) throws -> [String] { try store.runs(q).items.map(\.id.name) }
        #expect(try names(RunQuery(project: "p", domain: "d", phases: [.failed])) == ["r6", "r4", "r2"])
        #expect(try names(RunQuery(project: "p", domain: "d", taskName: "wf.old")) == ["r3", "r2", "r1"])
        #expect(try names(RunQuery(project: "p", domain: "d", namePrefix: "r7")) == ["r7"])
        #expect(try names(RunQuery(project: "p", domain: "d", namePrefix: "r%")) == [], "LIKE wildcards in the prefix are literal")
        let after = Date(timeIntervalSince1970: 1_795_000_000 + 5 * 60)
        #expect(try names(RunQuery(project: "p", domain: "d", createdAfter: after)) == ["r7", "r6", "r5"])
        #expect(try names(RunQuery(project: "p", domain: "d", createdBefore: after)) == ["r4", "r3", "r2", "r1"])
        #expect(try names(RunQuery(project: "p", domain: "d", trigger: "nightly")) == ["r5"])
        #expect(try names(RunQuery(project: "p", domain: "d", label: "team=ml")) == ["r6", "r3"])
        #expect(try names(RunQuery(project: "p", domain: "d", label: "team")).count == 7)
        #expect(try names(RunQuery(project: "p", domain: "d", phases: [.failed], taskName: "wf.new")) == ["r6", "r4"])
    }

    @Test(arguments: Backend.available) func labelFilterPagesAcrossScannedRows(_ backend: Backend) throws {
        let db = try sevenRuns(backend)
        let store = try db.store()
        let p1 = try store.runs(RunQuery(project: "p", domain: "d", limit: 1, label: "team=ml"))
        #expect(p1.items.map(\.id.name) == ["r6"])
        let p2 = try store.runs(RunQuery(project: "p", domain: "d", limit: 1, after: p1.next, label: "team=ml"))
        #expect(p2.items.map(\.id.name) == ["r3"])
    }

    @Test(arguments: Backend.available) func emptyStoreAndUnknownScope(_ backend: Backend) throws {
        let db = try TestDatabase(backend)
        let store = try db.store()
        #expect(try store.runs(RunQuery(project: "p", domain: "d")).items.isEmpty)
        #expect(try store.projects().isEmpty)
        #expect(try store.domains(project: nil) == SQLRunStore.defaultDomains)
        #expect(try store.findRuns(named: "nope").isEmpty)
        #expect(throws: StoreError.notFound(what: "run p/d/nope")) { try store.actions(of: RunID(project: "p", domain: "d", name: "nope")) }
    }

    @Test(arguments: Backend.available) func domainsIncludeConfiguredThenPresent(_ backend: Backend) throws {
        let db = try sevenRuns(backend)
        let store = try db.store()
        #expect(try store.domains(project: "p") == ["development", "staging", "production", "d", "other"])
        #expect(try store.findRuns(named: "r3") == [RunID(project: "p", domain: "d", name: "r3")])
    }

    @Test func cursorsRoundTripAndRejectGarbage() throws {
        let c = Cursor(parts: ["2026-11-21 06:00:00.000000+00:00", "rabc"])
        #expect(try Cursor(token: c.description, parts: 2) == c)
        #expect(throws: StoreError.self) { try Cursor(token: "!!!not base64", parts: 2) }
        #expect(throws: StoreError.self) { try Cursor(token: Cursor(parts: ["one"]).description, parts: 2) }
    }
}

@Suite struct RunStoreSchemaTests {
    @Test func aFileThatIsNotSQLiteIsNamed() throws {
        let p = NSTemporaryDirectory() + "flytrap-not-sqlite-\(UUID().uuidString).db"
        try Data("hello, I am text".utf8).write(to: URL(fileURLWithPath: p))
        defer { try? FileManager.default.removeItem(atPath: p) }
        #expect(throws: StoreError.cannotOpen(location: p, reason: "not a SQLite database (bad file header)")) { try SQLiteDatabase(path: p) }
        #expect(throws: StoreError.cannotOpen(location: "/nonexistent/x.db", reason: "no such file")) { try SQLiteDatabase(path: "/nonexistent/x.db") }
    }

    @Test(arguments: Backend.available) func aDatabaseWithoutFlyteTablesIsNamed(_ backend: Backend) throws {
        let db = try TestDatabase(backend, ddl: "CREATE TABLE unrelated (x INTEGER)")
        #expect(throws: StoreError.missingTable(location: db.location, table: "action_events")) { try db.store() }
    }

    @Test(arguments: Backend.available) func aMissingRequiredColumnIsNamed(_ backend: Backend) throws {
        let db = try TestDatabase(backend, ddl: backend.ddl.removingColumns(["parent_action_name"]))
        #expect(throws: StoreError.missingColumn(table: "actions", column: "parent_action_name")) { try db.store() }
    }

    @Test(arguments: Backend.available) func aMissingOptionalColumnDegradesAndSaysWhich(_ backend: Backend) throws {
        // An older schema: no trigger or created_by columns, and no cache table.
        var ddl = backend.ddl.removingColumns(["trigger_name", "trigger_task_name", "trigger_revision", "created_by", "created_by_subject"])
        ddl = String(ddl[..<ddl.range(of: "CREATE TABLE IF NOT EXISTS cache_service_outputs")!.lowerBound])
        let db = try TestDatabase(backend, ddl: ddl)
        try db.writer.insert("INSERT INTO actions (project, domain, run_name, name, created_at, updated_at) VALUES ('p','d','r1','a0',?,?)",
                             [.text(TestDatabase.t(0)), .text(TestDatabase.t(0))])
        let store = try db.store()
        #expect(store.warnings.contains("actions.trigger_name: column missing (older schema); shown as empty"))
        #expect(store.warnings.contains("cache_service_outputs: table missing; its section is empty"))
        let runs = try store.runs(RunQuery(project: "p", domain: "d"))
        #expect(runs.items.map(\.id.name) == ["r1"])
        #expect(runs.items[0].root.trigger == nil)
        #expect(try store.cacheEntries(CacheQuery()).items.isEmpty)
        #expect(throws: StoreError.missingColumn(table: "actions", column: "trigger_name")) {
            try store.runs(RunQuery(project: "p", domain: "d", trigger: "x"))
        }
    }

    @Test(arguments: Backend.available) func extraTablesAndColumnsAreIgnored(_ backend: Backend) throws {
        let db = try TestDatabase(backend, ddl: backend.ddl + "; ALTER TABLE actions ADD COLUMN future_thing TEXT; CREATE TABLE settings (id INTEGER);")
        try db.action(run: "r1", created: 0)
        let store = try db.store()
        #expect(store.warnings.isEmpty)
        #expect(try store.runs(RunQuery(project: "p", domain: "d")).items.count == 1)
    }

    @Test(arguments: Backend.available) func aCorruptBlobNamesTableColumnAndRow(_ backend: Backend) throws {
        let db = try TestDatabase(backend)
        try db.action(run: "r3x", created: 0, detailedInfo: [0x0A, 0xFF, 0x01])  // field 1, length 255, 1 byte: truncated
        let store = try db.store()
        #expect(throws: StoreError.undecodable(table: "actions", column: "detailed_info", row: "run r3x action a0",
                                               message: "cannot decode RunInfo (3 bytes): truncated")) {
            try store.action(ActionID(run: RunID(project: "p", domain: "d", name: "r3x"), name: "a0"))
        }
        let e = StoreError.undecodable(table: "actions", column: "detailed_info", row: "run r3x action a0", message: "cannot decode RunInfo (3 bytes): truncated")
        #expect(e.description == "actions.detailed_info: cannot decode RunInfo (3 bytes): truncated for run r3x action a0")
    }

    @Test(arguments: Backend.available) func theConnectionIsReadOnly(_ backend: Backend) throws {
        let db = try TestDatabase(backend)
        try db.action(run: "r1", created: 0)
        let store = try db.store()
        let t = TestDatabase.t(0)
        // Statements that would succeed on a writable connection (valid rows, existing tables) are refused.
        for sql in ["INSERT INTO projects (identifier, created_at, updated_at) VALUES ('x', '\(t)', '\(t)')", "DELETE FROM actions",
                    "CREATE TABLE scratch (x INTEGER)"] {
            #expect(throws: StoreError.self, "\(sql)") { _ = try store.db.rows(sql) }
        }
        #expect(try store.runs(RunQuery(project: "p", domain: "d")).items.count == 1)
        #expect(try store.projects().isEmpty)
    }
}

@Suite struct ActionDetailTests {
    @Test(arguments: Backend.available) func mergesAttemptsAndReadsURIsFromTheStore(_ backend: Backend) throws {
        let db = try TestDatabase(backend)
        var info = Flyteidl2_Workflow_RunInfo()
        info.inputsUri = "s3://b/uploads/p/d/offloaded-inputs/h/inputs.pb"
        try db.action(run: "r1", phase: .failed, created: 0, detailedInfo: try info.serializedBytes())
        func ev(_ attempt: UInt32, _ phase: Flyteidl2_Common_ActionPhase, _ at: Int64, error: String? = nil) throws -> [UInt8] {
            var e = Flyteidl2_Workflow_ActionEvent()
            e.attempt = attempt
            e.phase = phase
            e.updatedTime = Google_Protobuf_Timestamp(seconds: at, nanos: 0)
            e.outputs.outputUri = "s3://b/zz/p/d/r1/a0/\(attempt)/outputs.pb"
            if let m = error { e.errorInfo.message = m; e.errorInfo.kind = .user; e.errorInfo.code = "ValueError" }
            return try e.serializedBytes()
        }
        try db.event(run: "r1", name: "a0", attempt: 1, phase: .running, info: ev(1, .running, 10))
        try db.event(run: "r1", name: "a0", attempt: 1, phase: .failed, info: ev(1, .failed, 20, error: "first"))
        try db.event(run: "r1", name: "a0", attempt: 2, phase: .failed, info: ev(2, .failed, 40, error: "second"))
        try db.writer.exec("UPDATE actions SET attempts = 2")
        let store = try db.store()
        let d = try store.action(ActionID(run: RunID(project: "p", domain: "d", name: "r1"), name: "a0"))
        #expect(d.inputsURI == "s3://b/uploads/p/d/offloaded-inputs/h/inputs.pb")
        #expect(d.attempts.map(\.number) == [1, 2])
        #expect(d.error?.message == "second", "the error of the latest attempt")
        #expect(d.attempts[0].errorDocumentURI == "s3://b/zz/p/d/r1/a0/1/error.pb")
        #expect(d.outputsURI == "s3://b/zz/p/d/r1/a0/2/outputs.pb")
    }

    @Test(arguments: Backend.available) func aMissingActionIsNotFound(_ backend: Backend) throws {
        let db = try TestDatabase(backend)
        let store = try db.store()
        #expect(throws: StoreError.notFound(what: "action p/d/r/zz")) {
            try store.action(ActionID(run: RunID(project: "p", domain: "d", name: "r"), name: "zz"))
        }
    }
}
