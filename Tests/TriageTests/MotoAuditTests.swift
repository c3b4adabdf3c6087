import DemoWorld
import FlyteModel
import Foundation
import MetadataStores
import ObjectStores
import Testing
@testable import Triage

/// The audit against moto (S3): a demo world made for `s3://<bucket>`, its surviving objects uploaded, a lifecycle
/// configuration set through moto's API. Started by `scripts/test-servers` (`FLYTRAP_TEST_S3`, `FLYTRAP_TEST_PYTHON`);
/// skipped locally without them, a failure under CI.
@Suite("Audit against moto (S3)", .serialized)
struct MotoAuditTests {
    static let env = ProcessInfo.processInfo.environment

    static func servers() -> (endpoint: String, python: String)? {
        if let e = env["FLYTRAP_TEST_S3"], !e.isEmpty, let p = env["FLYTRAP_TEST_PYTHON"], !p.isEmpty { return (e, p) }
        if env["CI"] != nil { Issue.record("FLYTRAP_TEST_S3 / FLYTRAP_TEST_PYTHON are not set: CI must start scripts/test-servers") }
        return nil
    }

    /// The lifecycle configuration set on the bucket: the demo's two misconfigured rules as S3 can say them
    /// (S3 filters have no suffix condition) and one rule on offloaded data that is fine.
    static let lifecycle = """
    {"Rules": [
      {"ID": "expire-uploads", "Filter": {"Prefix": "uploads/"}, "Status": "Enabled", "Expiration": {"Days": 30}},
      {"ID": "expire-everything", "Filter": {"Prefix": ""}, "Status": "Enabled", "Expiration": {"Days": 75}},
      {"ID": "expire-datasets", "Filter": {"Prefix": "datasets/"}, "Status": "Enabled", "Expiration": {"Days": 30}},
      {"ID": "tagged", "Filter": {"Tag": {"Key": "tier", "Value": "scratch"}}, "Status": "Enabled", "Expiration": {"Days": 1}}
    ]}
    """

    static func run(_ exe: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static var repoRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    @Test("consequences equal what purge-manifest.json implies; rules are read from S3 and flagged")
    func audit() throws {
        guard let (endpoint, python) = Self.servers() else { return }
        let bucket = "flytrap-audit-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try AuditWorlds.build("moto", runs: 150, storagePrefix: "s3://\(bucket)")
        let rulesFile = dir.appendingPathComponent("s3-lifecycle.json")
        try Data(Self.lifecycle.utf8).write(to: rulesFile)
        let seeded = try Self.run(python, [Self.repoRoot.appendingPathComponent("scripts/s3-seed.py").path, endpoint, bucket,
                                           dir.appendingPathComponent("bucket/\(bucket)").path, "--lifecycle", rulesFile.path])
        try #require(seeded == 0, "scripts/s3-seed.py failed")

        let loc = dir.appendingPathComponent(DemoWorld.databaseName).path
        let store = try SQLRunStore(db: try SQLiteDatabase(path: loc))
        let router = Self.motoRouter(endpoint)
        let (runs, summary, requests) = try AuditWorlds.audit(store: store, router: router)
        #expect(runs.count == 150)
        // The bucket's rules say nothing about Decks (S3 has no suffix filter), so no missing Deck is explained.
        AuditWorlds.expectMatches(runs, summary, try ManifestExpectations(dir: dir, storeLocation: loc), decksExplained: false)

        // The audit listed instead of HEADing: far fewer requests than objects.
        #expect(requests.lists > 0 && requests.heads < 10)
        #expect(requests.total * 4 < summary.tally.objectsChecked, "\(requests.total) requests for \(summary.tally.objectsChecked) objects")

        // The rules came from the bucket, as moto stores them; the bucket-wide and uploads/ rules are flagged.
        let rules = try #require(summary.rules.first { $0.root == "s3://\(bucket)" })
        #expect(rules.source.contains("S3"))
        #expect(Set(rules.rules.map(\.id)) == ["expire-uploads", "expire-everything", "expire-datasets", "tagged"])
        #expect(Set(rules.rules.filter { $0.unevaluable == nil && !summary.flags(root: rules.root, rule: $0).isEmpty }.map(\.id)) == ["expire-uploads", "expire-everything"])
        #expect(rules.rules.first { $0.id == "tagged" }?.unevaluable != nil)
        #expect(summary.coverage(root: "s3://\(bucket)", rule: "expire-uploads")["inputs"] ?? 0 > 0)
    }

    /// Runs `scripts/s3-inventory.py` (a report written the way S3 writes one) and returns the report folder.
    /// A router that reads moto with its test keys (and nothing from this machine's AWS files).
    static func motoRouter(_ endpoint: String) -> ObjectRouter {
        var settings = StorageSettings()
        settings.endpoint = endpoint
        settings.region = "us-east-1"
        return ObjectRouter(settings: settings, env: ["AWS_ACCESS_KEY_ID": "testkey", "AWS_SECRET_ACCESS_KEY": "testsecret", "HOME": "/nonexistent"])
    }

    /// A demo world of `runs` runs made for `s3://<name>-<random>`, its surviving objects uploaded to moto.
    static func seededWorld(_ name: String, runs: Int, endpoint: String, python: String) throws -> (bucket: String, dir: URL) {
        let bucket = "flytrap-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try AuditWorlds.build("moto-\(name)", runs: runs, storagePrefix: "s3://\(bucket)")
        try #require(try Self.run(python, [Self.repoRoot.appendingPathComponent("scripts/s3-seed.py").path, endpoint, bucket,
                                           dir.appendingPathComponent("bucket/\(bucket)").path]) == 0, "scripts/s3-seed.py failed")
        return (bucket, dir)
    }

    static func inventory(python: String, endpoint: String, bucket: String, dest: String, extra: [String] = []) throws -> String {
        let status = try Self.run(python, [Self.repoRoot.appendingPathComponent("scripts/s3-inventory.py").path, endpoint, bucket, dest] + extra)
        try #require(status == 0, "scripts/s3-inventory.py failed")
        return "\(dest)/\(bucket)/flytrap-test/"
    }

    @Test("an S3 Inventory settles existence: the same consequences, requests only for what the report lacks")
    func inventoryAudit() throws {
        guard let (endpoint, python) = Self.servers() else { return }
        let (bucket, dir) = try Self.seededWorld("inv", runs: 120, endpoint: endpoint, python: python)
        // Three data files, so rows of one folder land in several files (the index must not rely on order).
        let folder = try Self.inventory(python: python, endpoint: endpoint, bucket: bucket, dest: "s3://\(bucket)-inventory/reports", extra: ["--files", "3"])
        let loc = dir.appendingPathComponent(DemoWorld.databaseName).path
        let store = try SQLRunStore(db: try SQLiteDatabase(path: loc))
        let router = Self.motoRouter(endpoint)
        let expected = try ManifestExpectations(dir: dir, storeLocation: loc)

        func audit(trust: Bool, inventory: String) throws -> ([RunFallout], AuditSummary, RequestCounts) {
            let checker = ExistenceChecker(router: router, concurrency: 16)
            let runner = AuditRunner(store: store, checker: checker, scope: AuditScope(), now: AuditWorlds.now)
            runner.inventoryURIs = [inventory]
            runner.trustInventory = trust
            var out: [RunFallout] = []
            let summary = try runner.run(emit: { out.append($0) })
            return (out, summary, checker.requests)
        }

        // Default: what the report lists is present; what it lacks is confirmed live.
        let (runs, summary, requests) = try audit(trust: false, inventory: folder)
        #expect(runs.count == 120)
        AuditWorlds.expectMatches(runs, summary, expected, decksExplained: false)
        let note = try #require(summary.inventories.first)
        #expect(note.root == "s3://\(bucket)" && note.files == 3)
        #expect(note.settled > 0 && note.checkedLive > 0)
        // Live requests only for references the report lacks: the lost ones, and Decks never written.
        let lostURIs = Set(runs.flatMap { ($0.lost + $0.decksMissing).map(\.uri) })
        #expect(note.checkedLive >= lostURIs.count && note.checkedLive < note.settled, "checked live \(note.checkedLive), settled \(note.settled), lost \(lostURIs.count)")
        #expect(requests.heads + requests.lists <= note.checkedLive)

        // Trusted: no live request at all for objects written before the report.
        let (trusted, trustedSummary, trustedRequests) = try audit(trust: true, inventory: folder)
        AuditWorlds.expectMatches(trusted, trustedSummary, expected, decksExplained: false)
        #expect(trustedRequests.heads + trustedRequests.lists < requests.heads + requests.lists)

        // A report filtered to other keys cannot invent losses when misses are confirmed live.
        let partial = try Self.inventory(python: python, endpoint: endpoint, bucket: bucket, dest: "s3://\(bucket)-inventory/filtered",
                                         extra: ["--skip-prefix", "metadata/"])
        let (filtered, filteredSummary, _) = try audit(trust: false, inventory: partial)
        AuditWorlds.expectMatches(filtered, filteredSummary, expected, decksExplained: false)
    }

    @Test("a damaged inventory is one clear error naming the file")
    func damagedInventory() throws {
        guard let (endpoint, python) = Self.servers() else { return }
        let (bucket, _) = try Self.seededWorld("inv-bad", runs: 5, endpoint: endpoint, python: python)
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("flytrap-inv-\(UUID().uuidString)")
        _ = try Self.inventory(python: python, endpoint: endpoint, bucket: bucket, dest: local.path)
        let router = ObjectRouter(settings: StorageSettings(), env: ["HOME": "/nonexistent"])
        let reportDir = local.appendingPathComponent("\(bucket)/flytrap-test")
        // The report reads from local disk too (a copy of a report); then one data file is cut short.
        let snap = try InventoryLoader(router: router).load(reportDir.path)
        #expect(snap.index.objects > 0 && snap.root == "s3://\(bucket)")
        let data = try #require(try FileManager.default.contentsOfDirectory(atPath: reportDir.appendingPathComponent("data").path).first)
        let file = reportDir.appendingPathComponent("data/\(data)")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        #expect {
            try InventoryLoader(router: router).load(reportDir.path)
        } throws: { e in
            let text = "\(e)"
            return text.contains(data) && !text.contains("\n")
        }
    }
}
