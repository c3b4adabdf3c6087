import FlyteIDL
import FlyteModel
import Foundation

/// What to build.
public struct DemoOptions: Sendable {
    public var runs: Int
    public var seed: UInt64
    /// Base retention of the purge rules, in days (offloaded data and uploaded inputs expire after this).
    public var purgeDays: Int
    /// Store rows only, no bucket objects (for million-run benchmarks).
    public var metadataOnly: Bool
    /// The world's clock: the newest runs are in flight at this instant.
    public var now: Date
    /// A Postgres connection string to write the store into instead of `DIR/flyte.db` (the bucket stays in DIR).
    public var database: String?
    /// The URI prefix the store's rows point at (`s3://flyte-data`); nil: `file://DIR/bucket/flyte-data`. The
    /// objects are written under `DIR/bucket/<bucket>/` either way, ready to upload to that bucket.
    public var storagePrefix: String?

    public init(runs: Int = 300, seed: UInt64 = 42, purgeDays: Int = 30, metadataOnly: Bool = false, now: Date = Date(),
                database: String? = nil, storagePrefix: String? = nil) {
        self.database = database
        self.storagePrefix = storagePrefix
        self.runs = runs
        self.seed = seed
        self.purgeDays = purgeDays
        self.metadataOnly = metadataOnly
        self.now = now
    }
}

/// Plans a whole demo world, run by run, into a sink: several projects and domains, every scenario, every
/// literal kind, retries, cache hits, failures, aborts and runs still in flight.
public struct WorldGenerator {
    public static let projects: [(id: String, name: String, description: String)] = [
        ("flytesnacks", "flytesnacks", "Examples and smoke tests"),
        ("ml-platform", "ML Platform", "Training and evaluation pipelines"),
        ("data-eng", "Data Engineering", "Nightly ETL and daily reports"),
    ]
    static let users = ["ana", "bo", "chen", "dara", "eli"]

    let options: DemoOptions
    let layout: FlyteLayout
    var planner: ActionPlanner

    public init(options: DemoOptions, storagePrefix: String) {
        self.options = options
        layout = FlyteLayout(storagePrefix: storagePrefix)
        planner = ActionPlanner(rng: SeededRandom(seed: options.seed))
    }

    /// How many days of history the world spans: three times the purge window, so every rule has victims.
    public var historyDays: Double { Double(max(3, options.purgeDays) * 3) }

    /// The scenario, project and domain of run `i` (deterministic for a seed).
    mutating func shape(_ i: Int) -> (Scenario, String, String) {
        let r = planner.rng.unit()
        let scenario: Scenario = r < 0.22 ? .hello : r < 0.47 ? .etl : r < 0.64 ? .training : r < 0.88 ? .dailyReport : .legacy
        let project: String
        switch scenario {
        case .hello, .legacy: project = "flytesnacks"
        case .training: project = "ml-platform"
        case .etl, .dailyReport: project = "data-eng"
        }
        let d = planner.rng.unit()
        let domain = d < 0.6 ? "development" : d < 0.8 ? "staging" : "production"
        return (scenario, project, domain)
    }

    /// Plans every run into `sink`, oldest first, and returns what it made.
    public mutating func generate<S: WorldSink>(into sink: inout S) throws -> [RunID] {
        var made: [RunID] = []
        let n = max(1, options.runs)
        let span = historyDays * 86400
        let start = options.now.addingTimeInterval(-span)
        // The newest ~4% (at least 6) are still in flight.
        let inFlightFrom = n - max(min(6, n), n / 25)
        // One run paused for approval since 1.5 purge windows ago: its uploaded inputs expire while it waits.
        let stuckIndex = Int(Double(n) * (1 - 1.5 * Double(options.purgeDays) / historyDays))
        for i in 0..<n {
            let step = span / Double(n)
            let created = start.addingTimeInterval(Double(i) * step + planner.rng.unit() * step * 0.8)
            var (scenario, project, domain) = shape(i)
            var state: RunState
            if i >= inFlightFrom {
                state = .inFlight
            } else {
                let x = planner.rng.unit()
                state = x < 0.80 ? .finished : x < 0.94 ? .failed : .aborted
            }
            if i == stuckIndex && n >= 10 {
                (scenario, project, domain, state) = (.training, "ml-platform", "production", .inFlight)
            }
            let runName = "r" + planner.rng.string("bcdfghjklmnpqrstvwxz2456789", count: 19)
            let id = RunID(project: project, domain: domain, name: runName)
            var rs = Flyteidl2_Task_RunSpec()
            rs.labels.values = ["team": project == "ml-platform" ? "ml" : (project == "data-eng" ? "data" : "dev"),
                                "env": domain, "tier": planner.rng.pick(["gold", "silver", "bronze"])]
            rs.rawDataStorage.rawDataPrefix = layout.storagePrefix
            rs.runStartTime = Google_Protobuf_Timestamp(date: created)
            let ctx = RunContext(id: id, layout: layout, now: options.now, metadataOnly: options.metadataOnly, runSpec: rs)
            let user = planner.rng.pick(Self.users)
            let source: RunSource = scenario == .dailyReport ? .scheduleTrigger : (planner.rng.chance(0.7) ? .cli : .web)
            let trigger = scenario == .dailyReport ? TriggerRef(name: "daily-\(domain)", taskName: TaskCatalog.reportRoot.name, revision: 3) : nil
            if i == n / 2 && n >= 1000 {
                // One fan-out run of 500 actions (root, trace, extract, 496 shards, load): the tree benchmark's subject.
                let wide = RunContext(id: RunID(project: "data-eng", domain: "production", name: runName), layout: layout, now: options.now,
                                      metadataOnly: options.metadataOnly, runSpec: rs)
                try planner.etl(ctx: wide, start: created, state: .finished, source: .cli, user: user, shards: 496, sink: &sink)
                made.append(wide.id)
                continue
            }
            try planner.plan(scenario, ctx: ctx, start: created, state: state, source: source, trigger: trigger, user: user, sink: &sink)
            made.append(id)
        }
        return made
    }

    /// The tasks table rows: every catalog task deployed to every project/domain that uses it.
    public func taskRows() -> [(project: String, domain: String, def: TaskInfoRow)] {
        var out: [(String, String, TaskInfoRow)] = []
        let homes: [String: [TaskDef]] = [
            "flytesnacks": [TaskCatalog.hello, TaskCatalog.legacy],
            "ml-platform": [TaskCatalog.trainRoot, TaskCatalog.prepare, TaskCatalog.train, TaskCatalog.evaluate, TaskCatalog.deploy],
            "data-eng": [TaskCatalog.etlRoot, TaskCatalog.etlExtract, TaskCatalog.etlShard, TaskCatalog.etlLoad,
                         TaskCatalog.reportRoot, TaskCatalog.fetch, TaskCatalog.render],
        ]
        for (p, defs) in homes.sorted(by: { $0.key < $1.key }) {
            for d in ["development", "staging", "production"] {
                for def in defs {
                    // Two older versions too, so the task view has history.
                    for (k, v) in [def.version, "v1", "v2"].enumerated() where k == 0 || v != def.version {
                        let versioned = k == 0 ? def : TaskDef(name: def.name, version: v, type: def.type, environment: def.environment,
                                                              image: def.image.replacingOccurrences(of: def.version, with: v), shortName: def.shortName,
                                                              description: def.description, cacheable: def.cacheable, retries: def.retries,
                                                              report: def.report, inputs: def.inputs, outputs: def.outputs)
                        out.append((p, d, TaskInfoRow(
                            name: def.name, version: v, environment: def.environment, functionName: def.name,
                            deployedBy: Self.users[(def.name.count + k) % Self.users.count],
                            shortDescription: def.description, envDescription: "\(def.environment) image \(versioned.image)",
                            spec: versioned.specBytes(project: p, domain: d), digest: versioned.digest(project: p, domain: d),
                            trigger: def.name == TaskCatalog.reportRoot.name && k == 0 ? "daily-\(d)" : nil,
                            age: Double(k == 0 ? 20 : (k == 1 ? 80 : 50)))))
                    }
                }
            }
        }
        return out
    }
}

/// A `tasks` row of the demo world.
public struct TaskInfoRow: Sendable {
    public var name: String
    public var version: String
    public var environment: String
    public var functionName: String
    public var deployedBy: String
    public var shortDescription: String
    public var envDescription: String
    public var spec: [UInt8]
    public var digest: String
    public var trigger: String?
    /// Days before the world's `now` that this version was deployed.
    public var age: Double
}
