import ArgumentParser
import DemoWorld
import FlyteModel
import Foundation
import MetadataStores

/// flytrap's benchmarks. `flytrap-bench store` times the metadata-store queries the explorer and CLI depend on.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flytrap-bench", abstract: "flytrap benchmarks (run in release: swift run -c release flytrap-bench …).",
        subcommands: [StoreBench.self, StoreQueries.self, PayloadBench.self, FuzzBench.self, UIBench.self, UIKeys.self, AuditBench.self, AuditRun.self, InventoryRun.self, HeadsBench.self, HeadsRun.self])
}

/// `flytrap-bench store`: builds (or reuses) metadata-only demo worlds and times three queries in a fresh process each.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Time first page, a page 500,000 rows deep, and a 500-action tree at each world size; report peak RSS.",
        discussion: "Targets (issue 2): each query < 5 ms at 1M runs, peak RSS < 50 MB, 1M-vs-10k growth ≤ 1.5×.")

    @Option(name: .long, parsing: .upToNextOption, help: "World sizes in runs.")
    var runs: [Int] = [10_000, 1_000_000]
    @Option(name: .long, help: "Where worlds are kept between runs (each size in its own folder).")
    var dir: String = NSTemporaryDirectory() + "flytrap-bench-worlds"
    @Option(name: .long, help: "Timed repetitions of each query.")
    var repeats: Int = 200
    @Flag(name: .long, help: "Rebuild worlds even if present.")
    var rebuild = false
    @Option(name: .long, help: ArgumentHelp("""
        A Postgres database to hold the world (built there by flytrap demo when it holds another size); each query is \
        then also run by psql, the same SQL with the same values, as the floor. One world size (the last --runs).
        """, valueName: "postgres-url"))
    var db: String?

    func validate() throws {
        if let d = db, !PGConnInfo.isPostgres(d) { throw ValidationError("--db: expected a postgres:// URL") }
    }

    func run() throws {
        var results: [(Int, [String: Double])] = []
        for n in db == nil ? runs : [runs.last ?? 1_000_000] {
            let world = URL(fileURLWithPath: dir).appendingPathComponent(db == nil ? "runs-\(n)" : "pg-\(n)")
            let options = DemoOptions(runs: n, seed: 42, metadataOnly: true, now: Date(timeIntervalSince1970: 1_795_241_365), database: db)
            let target = db ?? world.appendingPathComponent(DemoWorld.databaseName).path
            let present = db.map { (try? Self.rootRuns(in: $0)) == n } ?? FileManager.default.fileExists(atPath: target)
            if rebuild || !present {
                FileHandle.standardError.write(Data("building a \(n)-run metadata-only world in \(PGConnInfo.printable(target)) …\n".utf8))
                let r = try DemoWorld.build(at: world, options: options)
                FileHandle.standardError.write(Data("  \(r.actions) actions, \(r.events) events in \(String(format: "%.0f", r.seconds))s\n".utf8))
            }
            let db = target
            // Measure in a fresh process so the world build does not inflate peak RSS.
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            if !FileManager.default.isExecutableFile(atPath: p.executableURL!.path) {
                p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            }
            p.arguments = ["store-queries", "--db", db, "--repeats", String(repeats)] + (PGConnInfo.isPostgres(db) ? ["--psql"] : [])
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard p.terminationStatus == 0, let obj = try JSONSerialization.jsonObject(with: data) as? [String: Double] else {
                throw ValidationError("store-queries failed for \(db)")
            }
            results.append((n, obj))
        }
        print("flytrap-bench store (median / p99 of \(repeats) runs per query, ms; peak RSS of the query process)")
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - s.count)) }
        print(pad("runs", 11) + pad("first page (50)", 20) + pad("page N deep", 20) + pad("500-action tree", 20) + "peak RSS")
        for (n, r) in results {
            func c(_ k: String) -> String { String(format: "%.3f / %.3f", r[k + "_p50"] ?? -1, r[k + "_p99"] ?? -1) }
            print(pad(String(n), 11) + pad(c("first"), 20) + pad(c("deep"), 20) + pad(c("tree"), 20)
                  + String(format: "%.1f MB   (deep page at row %.0f of %.0f; tree of %.0f actions)", (r["rss_kb"] ?? 0) / 1024,
                           r["deep_row"] ?? 0, r["runs_in_scope"] ?? 0, r["tree_actions"] ?? 0))
        }
        if let r = results.last?.1, r["psql_first_p50"] != nil {
            print("psql, the same statements with the same values (median / p99, ms, psql's \\timing) and flytrap's ratio to it:")
            for (k, name) in [("first", "first page (50)"), ("deep", "page N deep"), ("tree", "500-action tree"), ("treeq", "  its query alone")] {
                let ours = r[k + "_p50"] ?? 0, floor = r["psql_\(k == "treeq" ? "tree" : k)_p50"] ?? 0
                print(String(format: "  %@ flytrap %.3f   psql %.3f / %.3f   flytrap/psql %.2fx", pad(name, 18) as NSString, ours, floor,
                             r["psql_\(k == "treeq" ? "tree" : k)_p99"] ?? 0, ours / max(1e-9, floor)))
            }
        }
        if results.count >= 2, let small = results.first?.1, let big = results.last?.1 {
            for k in ["first", "deep", "tree"] {
                print(String(format: "growth %@: %.2fx", k as NSString, (big[k + "_p50"] ?? 0) / max(1e-9, small[k + "_p50"] ?? 1)))
            }
            print(String(format: "growth peak RSS: %.2fx", (big["rss_kb"] ?? 0) / max(1, small["rss_kb"] ?? 1)))
        }
    }
}

/// The measured part, run in its own process: opens the store read-only and times the queries.
struct StoreQueries: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store-queries", abstract: "Internal: time the store queries on one database.", shouldDisplay: false)
    @Option var db: String
    @Option var repeats: Int = 200
    @Flag var psql = false

    func run() throws {
        let recorder = RecordingDatabase(PGConnInfo.isPostgres(db) ? try PostgresDatabase(conninfo: db) : try SQLiteDatabase(path: db))
        let store = try SQLRunStore(db: recorder)
        // The busiest project/domain of the world (data-eng/development), and the cursor 500,000 rows deep (or the last page
        // for smaller scopes), found once with OFFSET outside the timing.
        let project = "data-eng", domain = "development"
        let total = try store.db.rows("SELECT COUNT(*) FROM actions WHERE project = $1 AND domain = $2 AND parent_action_name IS NULL",
                                      [.text(project), .text(domain)])[0][0].int ?? 0
        // As deep as the scope allows: row 500,000, or the last full page when the scope is smaller.
        let depth = max(0, min(500_000, Int(total) - 51))
        let row = try store.db.rows("""
            SELECT created_at, run_name FROM actions WHERE project = $1 AND domain = $2 AND parent_action_name IS NULL
            ORDER BY created_at DESC, run_name DESC LIMIT 1 OFFSET $3
            """, [.text(project), .text(domain), .int(Int64(depth))])
        let cursor = Cursor(parts: [row[0][0].string ?? "", row[0][1].string ?? ""])
        let wide = try store.db.rows("""
            SELECT run_name FROM actions WHERE project = 'data-eng' AND domain = 'production' AND name = 'a0' AND parent_action_name IS NULL
            AND task_name = 'etl.pipeline' ORDER BY (SELECT COUNT(*) FROM actions c WHERE c.project = 'data-eng' AND c.domain = 'production'
            AND c.run_name = actions.run_name) DESC LIMIT 1
            """)
        let wideRun = RunID(project: "data-eng", domain: "production", name: wide.first?[0].string ?? "")

        /// Times `f` `n` times after 5 warm-up calls; milliseconds.
        func samples(_ n: Int, _ f: () throws -> Void) throws -> [Double] {
            for _ in 0..<5 { try f() }
            var xs: [Double] = []
            for _ in 0..<n {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try f()
                xs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            return xs
        }
        func stats(_ xs: [Double]) -> (Double, Double) {
            let s = xs.sorted()
            return (s[s.count / 2], s[min(s.count - 1, Int(Double(s.count) * 0.99))])
        }
        var treeSize = 0
        let queries: [(String, () throws -> Void)] = [
            ("first", { _ = try store.runs(RunQuery(project: project, domain: domain, limit: 50)) }),
            ("deep", { _ = try store.runs(RunQuery(project: project, domain: domain, limit: 50, after: cursor)) }),
            ("tree", {
                let actions = try store.actions(of: wideRun)
                treeSize = ActionTree(actions: actions).count
            }),
            // The same without building the tree: the store query alone, as psql's floor is.
            ("treeq", { _ = try store.actions(of: wideRun) }),
        ]
        // The statements each query issues (recorded on one call), for psql with the values inlined.
        var statements: [String: [(sql: String, params: [SQLValue])]] = [:]
        if psql {
            for (k, q) in queries where k != "tree" {
                recorder.recorded = []
                try q()
                statements[k] = recorder.recorded
            }
        }
        // With psql, flytrap and psql take turns in rounds, so a slow spell of the machine lands on both sides.
        let rounds = psql ? 5 : 1
        var ours: [String: [Double]] = [:], theirs: [String: [Double]] = [:]
        for _ in 0..<rounds {
            for (k, q) in queries {
                ours[k, default: []] += try samples(max(1, repeats / rounds), q)
                if let st = statements[k] {
                    theirs[k, default: []] += try PsqlFloor.samples(conninfo: db, statements: st, repeats: max(1, repeats / rounds))
                }
            }
        }
        let hwm = BenchSupport.statusKB("VmHWM") ?? -1
        var floor: [String: Double] = [:]
        for (k, xs) in theirs {
            let (p50, p99) = stats(xs)
            floor["psql_\(k == "treeq" ? "tree" : k)_p50"] = p50
            floor["psql_\(k == "treeq" ? "tree" : k)_p99"] = p99
        }
        let first = stats(ours["first"]!), deep = stats(ours["deep"]!), tree = stats(ours["tree"]!), treeQuery = stats(ours["treeq"]!)
        let out: [String: Double] = floor.merging(["first_p50": first.0, "first_p99": first.1, "deep_p50": deep.0, "deep_p99": deep.1,
                                     "tree_p50": tree.0, "tree_p99": tree.1, "treeq_p50": treeQuery.0, "treeq_p99": treeQuery.1, "rss_kb": hwm,
                                     "deep_row": Double(depth), "tree_actions": Double(treeSize), "runs_in_scope": Double(total)]) { a, _ in a }
        print(String(data: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), encoding: .utf8) ?? "{}")
    }
}

Bench.main()
