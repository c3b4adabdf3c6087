import FlyteIDL
import FlyteModel
import Foundation
import Testing
@testable import DemoWorld
@testable import MetadataStores

/// One small world shared by the read-only checks below (built once: ~60 runs).
final class SmallWorld: @unchecked Sendable {
    static let shared = SmallWorld()
    static let now = Date(timeIntervalSince1970: 1_795_241_365)  // 2026-11-21T06:09:25Z
    let dir: URL
    let report: DemoWorld.Report?
    let error: String?

    init() {
        dir = URL(fileURLWithPath: NSTemporaryDirectory() + "flytrap-demo-\(UUID().uuidString)")
        do {
            report = try DemoWorld.build(at: dir, options: DemoOptions(runs: 60, seed: 7, purgeDays: 30, now: Self.now))
            error = nil
        } catch {
            report = nil
            self.error = "\(error)"
        }
    }

    func manifest() throws -> PurgeManifest {
        try JSONDecoder().decode(PurgeManifest.self, from: Data(contentsOf: dir.appendingPathComponent(DemoWorld.manifestName)))
    }

    func store() throws -> SQLRunStore { try SQLRunStore(db: SQLiteDatabase(path: dir.appendingPathComponent("flyte.db").path)) }

    /// Every file left in the bucket, as file:// URIs.
    func bucketFiles() -> Set<String> {
        let root = dir.appendingPathComponent("bucket").path
        var out = Set<String>()
        let e = FileManager.default.enumerator(atPath: root)
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            let p = root + "/" + rel
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { out.insert("file://" + p) }
        }
        return out
    }
}

@Suite struct LayoutTests {
    @Test func shardMatchesTheReferenceAlgorithm() {
        // Vectors computed independently in Python from the reference: base36pair[fnv32a("<ns>/<run>-<action>") % 1296].
        let l = FlyteLayout(storagePrefix: "s3://flyte-data")
        #expect(FlyteLayout.fnv32a("flyte/rb2x9kq-a0") == 0x9CDE_387B)
        #expect(l.shard(run: "rb2x9kq", action: "a0") == "7x")
        #expect(l.shard(run: "rlmnpqrstvwxz2456789bc", action: "k3f") == "md")
        #expect(l.attemptPrefix(project: "p", domain: "d", run: "rb2x9kq", action: "a0", attempt: 2) == "s3://flyte-data/7x/p/d/rb2x9kq/a0/2")
        #expect(l.childInputs(project: "p", domain: "d", run: "r", action: "k3f") == "s3://flyte-data/p/d/r/k3f/inputs.pb")
    }

    @Test func bucketObjectsFollowFlyteLayout() throws {
        let w = SmallWorld.shared
        #expect(w.error == nil, "\(w.error ?? "")")
        let m = try w.manifest()
        let prefix = m.bucket + "/"
        let attempt = try Regex(#"^[a-z0-9]{2}/[a-z-]+/(development|staging|production)/r[bcdfghjklmnpqrstvwxz2456789]{19}/[a-z0-9]+/[0-9]+/(outputs\.pb|report\.html|error\.pb)$"#)
        let child = try Regex(#"^[a-z-]+/(development|staging|production)/r[bcdfghjklmnpqrstvwxz2456789]{19}/[a-z0-9]{20}/(inputs\.pb|outputs\.pb)$"#)
        let upload = try Regex(#"^uploads/[a-z-]+/(development|staging|production)/offloaded-inputs/[A-Za-z0-9_-]{11}/inputs\.pb$"#)
        var kinds = Set<String>()
        for uri in w.bucketFiles().union(m.deleted.map(\.uri)) {
            #expect(uri.hasPrefix(prefix))
            let key = String(uri.dropFirst(prefix.count))
            if key.hasSuffix("/outputs.pb") || key.hasSuffix("/report.html") || key.hasSuffix("/error.pb") || key.hasSuffix("/inputs.pb") {
                let ok = key.wholeMatch(of: attempt) != nil || key.wholeMatch(of: child) != nil || key.wholeMatch(of: upload) != nil
                #expect(ok, "unexpected layout: \(key)")
            }
            if key.contains("/_flytecheckpoints/") { kinds.insert("checkpoint") }
            if key.hasPrefix("uploads/") { kinds.insert("upload") }
        }
        #expect(kinds == ["checkpoint", "upload"])
    }
}

@Suite struct PurgeTests {
    @Test func manifestAgreesWithTheBucket() throws {
        let w = SmallWorld.shared
        let m = try w.manifest()
        let files = w.bucketFiles()
        #expect(!m.deleted.isEmpty)
        for d in m.deleted { #expect(!files.contains(d.uri), "\(d.uri) is in the manifest but still in the bucket") }
        // A shared key (an uploaded inputs.pb several runs used) is listed once per run that lost it.
        #expect(files.count + Set(m.deleted.map(\.uri)).count == m.objectsBefore, "every object is either still there or in the manifest")
        #expect(m.objectsBefore == w.report?.objects)
        // Each deletion is justified by its rule and age.
        for d in m.deleted {
            let rule = try #require(m.rules.first { $0.id == d.rule })
            #expect(rule.matches(key: d.key, ageDays: d.ageDays + 0.01), "\(d.key) does not match \(d.rule)")
        }
        // What the rules take: every kind of loss the audit must find.
        let kinds = Set(m.deleted.map(\.kind))
        #expect(kinds.isSuperset(of: ["offloaded_data", "report", "checkpoint", "inputs", "outputs"]))
    }

    @Test func anInFlightRunLostItsInputs() throws {
        let w = SmallWorld.shared
        let m = try w.manifest()
        let store = try w.store()
        var found: [String] = []
        for d in m.deleted where d.kind == "inputs" && d.action == "a0" {
            let detail = try store.action(ActionID(run: RunID(project: d.project, domain: d.domain, name: d.run), name: "a0"))
            #expect(detail.inputsURI == d.uri, "the store points at the purged inputs.pb")
            if !detail.summary.phase.isTerminal { found.append(d.run) }
        }
        #expect(!found.isEmpty, "at least one in-flight run's inputs.pb was purged")
    }

    @Test func deadCacheEntriesExist() throws {
        let w = SmallWorld.shared
        let m = try w.manifest()
        let purged = Set(m.deleted.map(\.uri))
        let entries = try w.store().cacheEntries(CacheQuery(limit: 10_000)).items
        #expect(!entries.isEmpty)
        #expect(entries.contains { purged.contains($0.outputURI) }, "some cache entries point at purged outputs.pb")
        #expect(entries.contains { !purged.contains($0.outputURI) })
    }
}

@Suite struct WorldContentTests {
    /// Collects every literal kind in every inputs.pb/outputs.pb still in the bucket and every inline condition value.
    @Test func everyLiteralKindAppears() throws {
        let w = SmallWorld.shared
        var kinds = Set<String>()
        func visit(_ l: Flyteidl2_Core_Literal) {
            if !l.hash.isEmpty { kinds.insert("hash") }
            if !l.metadata.isEmpty { kinds.insert("metadata") }
            if l.hasArtifactID { kinds.insert("artifact_id") }
            switch l.value {
            case .scalar(let s):
                switch s.value {
                case .primitive(let p):
                    switch p.value {
                    case .integer: kinds.insert("integer")
                    case .floatValue(let f): kinds.insert("float"); if f.isNaN { kinds.insert("nan") }; if f.isInfinite { kinds.insert("inf") }
                    case .stringValue: kinds.insert("string")
                    case .boolean: kinds.insert("boolean")
                    case .datetime: kinds.insert("datetime")
                    case .duration: kinds.insert("duration")
                    case nil: break
                    }
                case .blob(let b): kinds.insert(b.metadata.type.dimensionality == .multipart ? "dir" : "file")
                case .binary(let b): kinds.insert(b.tag == "msgpack" ? "msgpack" : (b.tag.isEmpty ? "pickle" : "binary"))
                case .schema: kinds.insert("schema")
                case .noneType: kinds.insert("none")
                case .error: kinds.insert("error")
                case .generic: kinds.insert("generic")
                case .structuredDataset: kinds.insert("dataset")
                case .union(let u): kinds.insert("union"); visit(u.value)
                case nil: break
                }
            case .collection(let c): kinds.insert("collection"); c.literals.forEach(visit)
            case .map(let m): kinds.insert("map"); m.literals.values.forEach(visit)
            case .offloadedMetadata: kinds.insert("offloaded")
            case nil: break
            }
        }
        for uri in w.bucketFiles() where uri.hasSuffix("inputs.pb") || uri.hasSuffix("outputs.pb") {
            let data = try Data(contentsOf: URL(fileURLWithPath: String(uri.dropFirst("file://".count))))
            for l in try Flyteidl2_Task_Inputs(serializedBytes: data).literals { visit(l.value) }
        }
        let expected: Set<String> = ["integer", "float", "nan", "inf", "string", "boolean", "datetime", "duration", "none", "collection",
                                     "map", "msgpack", "pickle", "file", "dir", "dataset", "schema", "union", "error", "generic",
                                     "offloaded", "hash", "metadata", "artifact_id"]
        #expect(expected.subtracting(kinds).isEmpty, "missing literal kinds: \(expected.subtracting(kinds).sorted())")
    }

    @Test func storeHasEveryShapeOfRun() throws {
        let store = try SmallWorld.shared.store()
        #expect(try store.projects().map(\.id) == ["data-eng", "flytesnacks", "ml-platform"])
        var phases = Set<Phase>(), kinds = Set<ActionKind>(), retried = false, grouped = false, hits = false
        for p in ["data-eng", "flytesnacks", "ml-platform"] {
            for d in ["development", "staging", "production"] {
                for run in try store.runs(RunQuery(project: p, domain: d, limit: 1000)).items {
                    phases.insert(run.root.phase)
                    for a in try store.actions(of: run.id) {
                        kinds.insert(a.kind)
                        retried = retried || a.attempts > 1
                        grouped = grouped || a.group != nil
                        hits = hits || a.cacheStatus == .hit
                        phases.insert(a.phase)
                    }
                }
            }
        }
        #expect(phases.isSuperset(of: [.succeeded, .failed, .aborted, .running, .paused]))
        #expect(kinds == [.task, .trace, .condition])
        #expect(retried && grouped && hits)
        #expect(try !store.triggers(project: "data-eng", domain: "production").isEmpty)
        #expect(try store.triggerRevisions(project: "data-eng", domain: "production", taskName: "reports.daily", name: "daily-production").count == 3)
        #expect(try !store.tasks(TaskQuery(project: "ml-platform", domain: "development")).items.isEmpty)
    }
}

@Suite struct DeterminismTests {
    /// Builds into `dir` (URIs in the store are absolute, so determinism holds per folder).
    func build(seed: UInt64, dir: URL) throws -> (runs: [String], purge: [String], bytes: [String]) {
        _ = try DemoWorld.build(at: dir, options: DemoOptions(runs: 25, seed: seed, now: SmallWorld.now))
        let store = try SQLRunStore(db: SQLiteDatabase(path: dir.appendingPathComponent("flyte.db").path))
        var names: [String] = []
        for p in try store.projects() {
            for d in ["development", "staging", "production"] {
                names += try store.runs(RunQuery(project: p.id, domain: d, limit: 1000)).items.map { "\($0.id)|\($0.root.phase.name)|\($0.root.createdAtKey)" }
            }
        }
        let m = try JSONDecoder().decode(PurgeManifest.self, from: Data(contentsOf: dir.appendingPathComponent(DemoWorld.manifestName)))
        // Every protobuf blob in the store and every byte in the bucket, so a determinism check sees the bytes too.
        var bytes: [String] = []
        for row in try store.db.rows("SELECT run_name, name, action_spec, detailed_info, run_spec FROM actions ORDER BY run_name, name") {
            bytes.append(row.map { $0.bytes.map { Data($0).base64EncodedString() } ?? "-" }.joined(separator: "|"))
        }
        for row in try store.db.rows("SELECT run_name, name, attempt, phase, info FROM action_events ORDER BY 1, 2, 3, 4") {
            bytes.append(row.map { $0.string ?? "-" }.joined(separator: "|") + "|" + Data(row[4].bytes ?? []).base64EncodedString())
        }
        let root = dir.appendingPathComponent("bucket").path
        for rel in ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []).sorted() {
            if let d = FileManager.default.contents(atPath: root + "/" + rel) { bytes.append(rel + "|" + d.base64EncodedString()) }
        }
        return (names, m.deleted.map { "\($0.key)|\($0.rule)" }, bytes)
    }

    @Test func sameSeedSameWorldOtherSeedOtherWorld() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory() + "flytrap-det-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try build(seed: 11, dir: dir)
        let second = try build(seed: 11, dir: dir)
        let other = try build(seed: 12, dir: dir)
        #expect(first.runs.count == 25)
        #expect(first.runs == second.runs)
        #expect(first.purge == second.purge)
        #expect(first.bytes.count > first.runs.count, "the comparison covers blobs and objects, not just run names")
        #expect(first.bytes == second.bytes, "same seed, same folder: byte-identical store blobs and bucket objects")
        #expect(first.runs != other.runs)
    }

    @Test func refusesAFolderThatIsNotADemoWorld() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory() + "flytrap-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: DemoError.self) { try DemoWorld.build(at: dir, options: DemoOptions(runs: 2)) }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("notes.txt").path))
    }
}
