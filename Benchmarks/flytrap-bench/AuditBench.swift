import ArgumentParser
import DemoWorld
import FlyteModel
import Foundation
import MetadataStores
import ObjectStores
import Triage

/// `flytrap-bench audit`: (a) requests per run on a 1,000-run world in moto; (b) objects checked per second on a
/// 10,000-run world served by nginx on loopback (HEAD strategy), beside a boto3 ThreadPoolExecutor(32) script that
/// HEADs the same keys; the audit's peak RSS; (c) the same world settled from an S3 Inventory report of its bucket;
/// (d) reading a synthetic inventory of `--inventory-rows` objects: rows per second, index size, peak RSS.
struct AuditBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Requests per run (moto, 1,000 runs) and objects per second against nginx (10,000 runs) beside boto3.",
        discussion: "Targets (issue 5): ≤ 1.5 requests per run; ≥ 5× the boto3 script's objects per second; peak RSS ≤ 80 MB.")

    @Option(help: "Where worlds are kept between runs.")
    var dir: String = NSTemporaryDirectory() + "flytrap-bench-audit"
    @Option(help: "moto's endpoint (scripts/test-servers start s3).")
    var s3: String = ProcessInfo.processInfo.environment["FLYTRAP_TEST_S3"] ?? "http://127.0.0.1:9000"
    @Option(help: "A Python with boto3.")
    var python: String = ProcessInfo.processInfo.environment["FLYTRAP_TEST_PYTHON"] ?? "python3"
    @Option(help: "Runs in the moto world.")
    var motoRuns = 1_000
    @Option(help: "Runs in the nginx world.")
    var nginxRuns = 10_000
    @Flag(help: "Skip the moto part.")
    var skipMoto = false
    @Flag(help: "Only the inventory parts (c) and (d).")
    var inventoryOnly = false
    @Option(help: "Objects in the synthetic inventory of part (d).")
    var inventoryRows = 2_000_000

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let now = "2026-11-21T06:00:00Z"

    func world(_ name: String, runs: Int, prefix: String) throws -> URL {
        let d = URL(fileURLWithPath: dir).appendingPathComponent("\(name)-\(runs)")
        if !FileManager.default.fileExists(atPath: d.appendingPathComponent("flyte.db").path) {
            print("building the \(runs)-run world for \(prefix) in \(d.path) …")
            _ = try DemoWorld.build(at: d, options: DemoOptions(runs: runs, seed: 42, now: DBTime.parse(Self.now)!, storagePrefix: prefix))
        }
        return d
    }

    func run() throws {
        if !skipMoto && !inventoryOnly {
            let bucket = "bench-audit-\(motoRuns)"
            let w = try world("moto", runs: motoRuns, prefix: "s3://\(bucket)")
            let (code, out) = try BenchSupport.shell([python, Self.repo.appendingPathComponent("scripts/s3-seed.py").path, s3, bucket,
                                              w.appendingPathComponent("bucket/\(bucket)").path])
            guard code == 0 else { throw ValidationError("seeding moto at \(s3) failed (is it running? scripts/test-servers start s3)") }
            print(out.trimmingCharacters(in: .whitespacesAndNewlines))
            let (_, json) = try BenchSupport.shell([CommandLine.arguments[0], "audit-run", "--db", w.appendingPathComponent("flyte.db").path, "--endpoint", s3])
            let r = try JSONDecoder().decode(AuditRun.Result.self, from: Data(json.utf8))
            print(String(format: "moto, %d runs: %d requests (%d lists, %d HEADs, %d lifecycle) = %.2f per run; %d objects in %.2fs; peak RSS %.1f MB",
                         r.runs, r.requests, r.lists, r.heads, r.lifecycle, Double(r.requests) / Double(max(1, r.runs)), r.objects, r.seconds, r.rssMB))
        }

        // nginx serving the world's bucket folder as path-style buckets.
        let w = try world("nginx", runs: nginxRuns, prefix: "s3://flyte-data")
        let (nginx, endpoint) = try BenchSupport.nginx(root: w.appendingPathComponent("bucket").path, dir: w.path)
        defer { nginx.terminate(); nginx.waitUntilExit() }
        if !inventoryOnly { try heads(w, endpoint) }
        try inventories(w, endpoint)
    }

    /// (b) One HEAD per object, beside the boto3 script.
    func heads(_ w: URL, _ endpoint: String) throws {
        let keys = w.appendingPathComponent("keys.txt").path
        let (_, json) = try BenchSupport.shell([CommandLine.arguments[0], "audit-run", "--db", w.appendingPathComponent("flyte.db").path,
                                        "--endpoint", endpoint, "--head-only", "--dump-keys", keys])
        let r = try JSONDecoder().decode(AuditRun.Result.self, from: Data(json.utf8))
        let (bcode, bout) = try BenchSupport.shell([python, BenchSupport.script("boto3_heads.py"), endpoint, keys])
        guard bcode == 0, let b = try? JSONSerialization.jsonObject(with: Data(bout.utf8)) as? [String: Any],
              let bRate = b["per_second"] as? Double else { throw ValidationError("the boto3 script failed: \(bout)") }
        // One HEAD per distinct object (the checker asks once per batch for a key several runs reference).
        let rate = Double(r.heads) / r.seconds
        print(String(format: "nginx, %d runs, HEAD strategy: flytrap checked %d objects (%d references) in %.2fs = %.0f objects/s; peak RSS %.1f MB",
                     r.runs, r.heads, r.objects, r.seconds, rate, r.rssMB))
        print(String(format: "boto3 ThreadPoolExecutor(32): %d objects in %.2fs = %.0f objects/s → flytrap is %.1f×",
                     b["objects"] as? Int ?? 0, b["seconds"] as? Double ?? 0, bRate, rate / bRate))
    }

    /// (c) and (d): the audit settled from an S3 Inventory report; reading a large report.
    func inventories(_ w: URL, _ endpoint: String) throws {
        // (c) The same world, settled from an inventory of its bucket (what a daily S3 Inventory report gives).
        let script = Self.repo.appendingPathComponent("scripts/s3-inventory.py").path
        let reports = w.appendingPathComponent("inventory")
        try? FileManager.default.removeItem(at: reports)
        let (icode, iout) = try BenchSupport.shell([python, script, endpoint, "flyte-data", reports.path, "--files", "4",
                                                    "--from-dir", w.appendingPathComponent("bucket/flyte-data").path])
        guard icode == 0 else { throw ValidationError("scripts/s3-inventory.py failed: \(iout)") }
        for trust in [false, true] {
            let (_, ijson) = try BenchSupport.shell([CommandLine.arguments[0], "audit-run", "--db", w.appendingPathComponent("flyte.db").path,
                                                     "--endpoint", endpoint, "--inventory", reports.appendingPathComponent("flyte-data/flytrap-test/").path]
                                                    + (trust ? ["--trust-inventory"] : []))
            let ir = try JSONDecoder().decode(AuditRun.Result.self, from: Data(ijson.utf8))
            print(String(format: "nginx, %d runs, with an S3 Inventory%@: %d objects in %.2fs, %d requests (%d inventory GETs, %d lists, %d HEADs) = %.2f per run; peak RSS %.1f MB",
                         ir.runs, trust ? " (--trust-inventory)" : " (misses confirmed live)", ir.objects, ir.seconds, ir.requests, ir.gets, ir.lists, ir.heads,
                         Double(ir.requests) / Double(max(1, ir.runs)), ir.rssMB))
        }

        // (d) Scale: a synthetic report of many objects, read into the index.
        let big = URL(fileURLWithPath: dir).appendingPathComponent("inventory-\(inventoryRows)")
        if !FileManager.default.fileExists(atPath: big.appendingPathComponent("big-bucket/flytrap-test/data").path) {
            print("writing a synthetic \(inventoryRows)-object inventory in \(big.path) …")
            let (c, o) = try BenchSupport.shell([python, script, endpoint, "big-bucket", big.path, "--rows-per-file", String(max(1, inventoryRows / 8)), "--synthetic", String(inventoryRows)])
            guard c == 0 else { throw ValidationError("scripts/s3-inventory.py failed: \(o)") }
        }
        let (_, ljson) = try BenchSupport.shell([CommandLine.arguments[0], "inventory-run", big.appendingPathComponent("big-bucket/flytrap-test/").path])
        let l = try JSONDecoder().decode(InventoryRun.Result.self, from: Data(ljson.utf8))
        print(String(format: "inventory of %d objects (%.1f MB gzip, %d files): read in %.2fs = %.0f objects/s; index %.1f MB (%.1f bytes/object); peak RSS %.1f MB",
                     l.objects, Double(l.bytes) / 1e6, l.files, l.seconds, Double(l.objects) / l.seconds, Double(l.indexBytes) / 1_048_576,
                     Double(l.indexBytes) / Double(max(1, l.objects)), l.rssMB))
    }
}

/// Internal: one audit in a fresh process (so its peak RSS is its own), printed as JSON.
struct AuditRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit-run", abstract: "Internal: one audit, as JSON.", shouldDisplay: false)
    @Option var db: String
    @Option var endpoint: String
    @Flag var headOnly = false
    @Option var dumpKeys: String?
    @Option var inventory: String?
    @Flag var trustInventory = false

    struct Result: Codable {
        var runs: Int, objects: Int, requests: Int, lists: Int, heads: Int, gets: Int, lifecycle: Int, seconds: Double, rssMB: Double
    }

    func run() throws {
        let store = try SQLRunStore(db: try SQLiteDatabase(path: db))
        var settings = StorageSettings()
        settings.endpoint = endpoint
        settings.region = "us-east-1"
        let router = ObjectRouter(settings: settings, env: ["AWS_ACCESS_KEY_ID": "testkey", "AWS_SECRET_ACCESS_KEY": "testsecret", "HOME": "/nonexistent"])
        let checker = ExistenceChecker(router: router, concurrency: 64)
        checker.headOnly = headOnly
        let runner = AuditRunner(store: store, checker: checker, scope: AuditScope(), now: DBTime.parse(AuditBench.now)!)
        runner.inventoryURIs = inventory.map { [$0] } ?? []
        runner.trustInventory = trustInventory
        var dump: FileHandle? = nil
        if let p = dumpKeys {
            _ = FileManager.default.createFile(atPath: p, contents: nil)
            dump = FileHandle(forWritingAtPath: p)
        }
        let t0 = Date()
        let s = try runner.run(emit: { _ in })
        let seconds = Date().timeIntervalSince(t0)
        let rss = (BenchSupport.statusKB("VmHWM") ?? 0) / 1024  // before the key dump below, which is not the audit
        if let d = dump {
            // The keys the audit checked, for the boto3 script (listed again outside the timing).
            var seen = Set<String>()
            var ids: [RunID] = []
            try store.db.query("SELECT project, domain, run_name FROM actions WHERE parent_action_name IS NULL", []) { row in
                ids.append(RunID(project: row.string(0) ?? "", domain: row.string(1) ?? "", name: row.string(2) ?? ""))
            }
            for id in ids {
                let details = try store.actionDetails(of: id)
                var cache: [String: String] = [:]
                for dt in details { if let k = dt.cacheKey, let e = try store.cacheEntries(CacheQuery(selector: .key(k), limit: 1)).items.first { cache[k] = e.outputURI } }
                for ref in RunReferences.of(details, cacheOutputs: cache)?.references ?? [] where seen.insert(ref.uri).inserted {
                    d.write(Data((ref.uri + "\n").utf8))
                }
            }
            try d.close()
        }
        let t = s.tally
        let r = Result(runs: t.runs, objects: t.objectsChecked + t.objectsUnchecked, requests: s.requests.total, lists: s.requests.lists,
                       heads: s.requests.heads, gets: s.requests.gets, lifecycle: s.requests.lifecycle, seconds: seconds, rssMB: rss)
        print(String(decoding: try JSONEncoder().encode(r), as: UTF8.self))
    }
}

/// Internal: reads one inventory report in a fresh process (so its peak RSS is its own), printed as JSON.
struct InventoryRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inventory-run", abstract: "Internal: read an inventory, as JSON.", shouldDisplay: false)
    @Argument var uri: String

    struct Result: Codable {
        var objects: Int, files: Int, bytes: Int64, indexBytes: Int, seconds: Double, rssMB: Double
    }

    func run() throws {
        let t0 = Date()
        let snap = try InventoryLoader(router: ObjectRouter(settings: StorageSettings(), env: ["HOME": "/nonexistent"])).load(uri)
        let r = Result(objects: snap.index.objects, files: snap.files, bytes: snap.bytesRead, indexBytes: snap.index.bytes,
                       seconds: Date().timeIntervalSince(t0), rssMB: (BenchSupport.statusKB("VmHWM") ?? 0) / 1024)
        print(String(decoding: try JSONEncoder().encode(r), as: UTF8.self))
    }
}
