import DemoWorld
import FlyteModel
import Foundation
import MetadataStores
import ObjectStores
import Testing
@testable import Triage

/// What a demo world's `purge-manifest.json` implies, derived from the manifest and the store's rows alone (not
/// from the audit's code): which runs lose what, and which cache entries are dead.
struct ManifestExpectations {
    var byConsequence: [Consequence: Set<RunID>] = [:]
    var deadCacheKeys = Set<String>()
    /// URIs of deleted objects the database says were written (everything but Decks, checkpoints, offloaded data).
    var expectedLost = Set<String>()
    var manifest: PurgeManifest

    init(dir: URL, storeLocation: String) throws {
        manifest = try JSONDecoder().decode(PurgeManifest.self, from: Data(contentsOf: dir.appendingPathComponent(DemoWorld.manifestName)))
        let db = try SQLiteDatabase(path: storeLocation)
        var phases: [RunID: Phase] = [:]
        for r in try db.rows("SELECT project, domain, run_name, phase FROM actions WHERE parent_action_name IS NULL", []) {
            phases[RunID(project: r[0].string ?? "", domain: r[1].string ?? "", name: r[2].string ?? "")] = Phase(rawValue: Int(r[3].int ?? 0))
        }
        let deleted = Set(manifest.deleted.map(\.uri))
        for r in try db.rows("SELECT key, output_uri FROM cache_service_outputs", []) where deleted.contains(r[1].string ?? "") {
            deadCacheKeys.insert(r[0].string ?? "")
        }
        func add(_ c: Consequence, _ run: RunID) { byConsequence[c, default: []].insert(run) }
        for d in manifest.deleted {
            let run = RunID(project: d.project, domain: d.domain, name: d.run)
            // Terminal phases: succeeded, failed, aborted, timed out, recovered (reference §5.1).
            let inFlight = ![5, 6, 7, 8, 10].contains(phases[run]?.rawValue ?? 0)
            switch d.kind {
            case "inputs":
                add(d.action == "a0" ? .cannotRerun : .previewsLost, run)
                if inFlight { add(.inFlightBroken, run) }
            case "outputs": add(inFlight ? .inFlightBroken : .previewsLost, run)
            case "trace_outputs":
                add(.traceCannotResume, run)
                if inFlight { add(.inFlightBroken, run) }
            case "error": add(.previewsLost, run)
            default: continue
            }
            expectedLost.insert(d.uri)
        }
    }
}

/// Builds a demo world once per process (fixed seed and clock: the same world every time).
enum AuditWorlds {
    static let now = DBTime.parse("2026-11-21T06:00:00Z")!

    static func build(_ name: String, runs: Int, storagePrefix: String? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flytrap-audit-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        _ = try DemoWorld.build(at: dir, options: DemoOptions(runs: runs, seed: 42, now: now, storagePrefix: storagePrefix))
        return dir
    }

    static func audit(store: SQLRunStore, router: ObjectRouter, scope: AuditScope = AuditScope(), rules: [BucketRules] = [])
        throws -> (runs: [RunFallout], summary: AuditSummary, requests: RequestCounts) {
        let checker = ExistenceChecker(router: router, concurrency: 16)
        let runner = AuditRunner(store: store, checker: checker, scope: scope, localRules: rules, now: now)
        var out: [RunFallout] = []
        let summary = try runner.run(emit: { out.append($0) })
        return (out, summary, checker.requests)
    }

    /// Compares an audit with what the manifest implies.
    static func expectMatches(_ runs: [RunFallout], _ summary: AuditSummary, _ m: ManifestExpectations, decksExplained: Bool = true) {
        for c in [Consequence.inFlightBroken, .cannotRerun, .traceCannotResume, .previewsLost] {
            let got = Set(runs.filter { $0.consequences.contains(c) }.map(\.run))
            let want = m.byConsequence[c] ?? []
            #expect(got.symmetricDifference(want).isEmpty, "\(c.rawValue): audit \(got.count) runs, manifest \(want.count); extra \(got.subtracting(want).prefix(3)), missing \(want.subtracting(got).prefix(3))")
            #expect(!want.isEmpty, "the world should exercise \(c.rawValue)")
            #expect(summary.tally.byConsequence[c.rawValue] ?? 0 == want.count)
        }
        #expect(summary.tally.deadCacheKeys == m.deadCacheKeys.count && !m.deadCacheKeys.isEmpty)
        let lost = Set(runs.flatMap { $0.lost.map(\.uri) })
        #expect(lost.subtracting(m.manifest.deleted.map(\.uri)).isEmpty, "reported lost but not deleted: \(lost.subtracting(m.manifest.deleted.map(\.uri)).prefix(3))")
        #expect(m.expectedLost.subtracting(lost).isEmpty, "deleted but not reported: \(m.expectedLost.subtracting(lost).prefix(3))")
        // Every Deck the purge deleted is among the missing Decks (others may never have been written).
        let decks = Set(runs.flatMap { $0.decksMissing.map(\.uri) })
        if decksExplained { #expect(Set(m.manifest.deleted.filter { $0.kind == "report" }.map(\.uri)).subtracting(decks).isEmpty) }
        #expect(runs.allSatisfy { $0.unchecked.isEmpty })
    }
}

@Suite("Audit of the demo world (file:// bucket)", .serialized)
struct DemoWorldAuditTests {
    static let dir = Result { try AuditWorlds.build("file", runs: 300) }

    @Test("the audit's consequences equal what purge-manifest.json implies")
    func matchesManifest() throws {
        let dir = try Self.dir.get()
        let loc = dir.appendingPathComponent(DemoWorld.databaseName).path
        let store = try SQLRunStore(db: try SQLiteDatabase(path: loc))
        let rules = try LifecycleFiles.load([dir.appendingPathComponent(DemoWorld.rulesName).path])
        let (runs, summary, _) = try AuditWorlds.audit(store: store, router: ObjectRouter(), rules: rules)
        #expect(runs.count == 300 && summary.tally.runs == 300)
        AuditWorlds.expectMatches(runs, summary, try ManifestExpectations(dir: dir, storeLocation: loc))
        // The misconfigured rules are flagged; the offloaded-data rule is not.
        let flagged = Set(summary.rules.flatMap { b in b.rules.filter { !summary.flags(root: b.root, rule: $0).isEmpty } }.map(\.id))
        #expect(flagged == ["expire-uploads", "expire-everything"])
        // Lost objects carry the rule that explains them.
        #expect(runs.flatMap(\.lost).filter { $0.role == .inputs && $0.action == "a0" }.allSatisfy { $0.rule == "expire-uploads" || $0.rule == "expire-everything" })
    }

    @Test("--deep: lost offloaded values are exactly the purged ones that readable outputs still reference")
    func deep() throws {
        let dir = try Self.dir.get()
        let loc = dir.appendingPathComponent(DemoWorld.databaseName).path
        let store = try SQLRunStore(db: try SQLiteDatabase(path: loc))
        let (runs, _, requests) = try AuditWorlds.audit(store: store, router: ObjectRouter(), scope: AuditScope(deep: true))
        #expect(requests.gets > 0)
        let m = try ManifestExpectations(dir: dir, storeLocation: loc)
        let deleted = Set(m.manifest.deleted.map(\.uri))
        let lostOffloaded = runs.flatMap(\.lost).filter { $0.role == .offloaded }.map(\.uri)
        #expect(!lostOffloaded.isEmpty)
        // Each one is a purged object or a folder whose every purged file is in the manifest.
        let unexplained = lostOffloaded.filter { u in !deleted.contains(u) && !deleted.contains { $0.hasPrefix(u + "/") } }
        #expect(unexplained.isEmpty, "\(unexplained.count) lost offloaded values not in the manifest, e.g. \(unexplained.prefix(2))")
        // Each purged offloaded object whose attempt's outputs.pb survives is reported.
        var missed: [String] = []
        defer { #expect(missed.isEmpty, "\(missed.count) purged offloaded values not reported, e.g. \(missed.prefix(2))") }
        for d in m.manifest.deleted where d.kind.hasPrefix("offloaded") {
            guard let attempt = d.attempt else { continue }
            let folder = d.uri.components(separatedBy: "/\(d.action)/\(attempt)/").first! + "/\(d.action)/\(attempt)/"
            guard !deleted.contains(folder + "outputs.pb"), FileManager.default.fileExists(atPath: String((folder + "outputs.pb").dropFirst(7))) else { continue }
            if !lostOffloaded.contains(where: { d.uri == $0 || d.uri.hasPrefix($0 + "/") }) { missed.append(d.uri) }
        }
    }

    @Test("scope filters: one project, one phase, named runs")
    func scopes() throws {
        let dir = try Self.dir.get()
        let store = try SQLRunStore(db: try SQLiteDatabase(path: dir.appendingPathComponent(DemoWorld.databaseName).path))
        let one = try AuditWorlds.audit(store: store, router: ObjectRouter(), scope: AuditScope(project: "data-eng", domain: "staging"))
        #expect(!one.runs.isEmpty && one.runs.allSatisfy { $0.run.project == "data-eng" && $0.run.domain == "staging" })
        #expect(try store.countRuns(RunQuery(project: "data-eng", domain: "staging")) == one.runs.count, "the progress bar's total")
        #expect(try store.countRuns(RunQuery(project: "data-eng", domain: "staging", phases: [.running])) == one.runs.filter { $0.phase == .running }.count)
        let running = try AuditWorlds.audit(store: store, router: ObjectRouter(), scope: AuditScope(phases: [.running]))
        #expect(!running.runs.isEmpty && running.runs.allSatisfy { $0.phase == .running })
        let names = Array(one.runs.prefix(2).map(\.run.name))
        let named = try AuditWorlds.audit(store: store, router: ObjectRouter(), scope: AuditScope(runs: names))
        #expect(Set(named.runs.map(\.run.name)) == Set(names))
        #expect(throws: StoreError.self) { try AuditWorlds.audit(store: store, router: ObjectRouter(), scope: AuditScope(runs: ["no-such-run"])) }
    }
}
