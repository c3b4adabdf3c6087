import FlyteIDL
import FlyteModel
import Foundation
import MetadataStores

/// Builds a demo world on disk: `flyte.db` (the control-plane store), `bucket/flyte-data/` (a `file://` bucket laid
/// out as Flyte 2 lays it out), then applies a retention purge and records it in `purge-manifest.json`.
public enum DemoWorld {
    /// What was built.
    public struct Report: Sendable {
        public var database: String
        public var bucket: String
        public var runs: Int
        public var actions: Int
        public var events: Int
        public var objects: Int
        public var bytes: Int
        public var cacheEntries: Int
        public var purged: Int
        public var seconds: Double
    }

    public static let databaseName = "flyte.db"
    public static let manifestName = "purge-manifest.json"
    public static let rulesName = "lifecycle.json"

    /// Writes a new world into `dir` (created if missing). An existing folder must be empty or hold a previous demo world.
    public static func build(at dir: URL, options: DemoOptions) throws -> Report {
        let started = Date()
        let fm = FileManager.default
        let dir = dir.standardizedFileURL
        if fm.fileExists(atPath: dir.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            // A previous world has its store file, or (when its store went to Postgres) its manifest or rules file.
            if !contents.isEmpty && Set(contents).isDisjoint(with: [databaseName, manifestName, rulesName]) { throw DemoError.notEmpty(dir.path) }
            for c in contents where [databaseName, "bucket", manifestName, rulesName].contains(c) {
                try fm.removeItem(at: dir.appendingPathComponent(c))
            }
        }
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        // A remote prefix (`s3://bucket/path`): rows point there, objects go to DIR/bucket/<bucket>/path/… to upload.
        var bucketRoot = dir.appendingPathComponent("bucket/flyte-data")
        var writerPrefix = "file://" + bucketRoot.path
        if let p = options.storagePrefix, let sep = p.range(of: "://") {
            let bucket = p[sep.upperBound...].split(separator: "/").first.map(String.init) ?? ""
            guard !bucket.isEmpty else { throw DemoError.badURI(p) }
            bucketRoot = dir.appendingPathComponent("bucket/" + bucket)
            writerPrefix = String(p[..<sep.upperBound]) + bucket
        }
        let storagePrefix = options.storagePrefix.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? writerPrefix
        let writer: any DemoDatabaseWriter = try options.database.map { try PostgresWriter(conninfo: $0) }
            ?? SQLiteWriter(creating: dir.appendingPathComponent(databaseName).path)
        try writer.createTables()
        var gen = WorldGenerator(options: options, storagePrefix: storagePrefix)
        try writeRegistry(writer, gen: gen, now: options.now)
        let rules = RetentionRule.demoRules(days: options.purgeDays)
        var sink = Sink(writer: writer, bucket: BucketWriter(root: bucketRoot, uriPrefix: writerPrefix), metadataOnly: options.metadataOnly,
                        purge: Purge(rules: rules, bucketRoot: storagePrefix, now: options.now))
        let runs = try gen.generate(into: &sink)
        try writer.finishLoad()
        writer.close()

        var purged = 0
        if !options.metadataOnly {
            let manifest = PurgeManifest(now: DBTime.iso(options.now), bucket: storagePrefix, rules: rules, objectsBefore: sink.objects,
                                         deleted: sink.purge.finalDeletions())
            purged = manifest.deleted.count
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try enc.encode(manifest).write(to: dir.appendingPathComponent(manifestName))
            try enc.encode(LifecycleFile(bucket: storagePrefix, rules: rules)).write(to: dir.appendingPathComponent(rulesName))
        }
        return Report(database: writer.location, bucket: storagePrefix, runs: runs.count, actions: sink.actions, events: sink.events,
                      objects: sink.objects, bytes: sink.bytes, cacheEntries: sink.cacheRows, purged: purged,
                      seconds: Date().timeIntervalSince(started))
    }

    /// `lifecycle.json`: the rules file the demo's bucket "has", as a local bucket's lifecycle configuration.
    public struct LifecycleFile: Codable, Sendable {
        public var bucket: String
        public var rules: [RetentionRule]
    }

    /// The retention purge, applied as objects are written: an object a rule expires by `now` is recorded in the
    /// manifest instead of being left in the bucket (the bucket ends exactly as lifecycle rules would leave it).
    struct Purge {
        let rules: [RetentionRule]
        let rootSlash: String
        let now: Date
        var deleted: [PurgedObject] = []
        /// Shared keys some write left in the bucket: an expired older copy of them is not gone.
        var keptShared = Set<String>()

        init(rules: [RetentionRule], bucketRoot: String, now: Date) {
            self.rules = rules
            rootSlash = bucketRoot + "/"
            self.now = now
        }

        /// The deletions that left the bucket without the object: a shared key written again and kept is not gone;
        /// one purged after several runs wrote it is listed once per run (each of them lost it).
        func finalDeletions() -> [PurgedObject] {
            var seen = Set<String>()
            return deleted.filter { !keptShared.contains($0.uri) && seen.insert($0.uri + "\u{1F}" + $0.run).inserted }
                .sorted { ($0.uri, $0.run) < ($1.uri, $1.run) }
        }

        /// Records and returns true when a rule deletes `o` by `now`.
        mutating func expires(_ o: ObjectRow) -> Bool {
            guard o.uri.hasPrefix(rootSlash) else { return false }
            let key = String(o.uri.dropFirst(rootSlash.count))
            let age = now.timeIntervalSince(o.writtenAt) / 86400
            guard let rule = rules.first(where: { $0.matches(key: key, ageDays: age) }) else {
                if o.shared { keptShared.insert(o.uri) }
                return false
            }
            deleted.append(PurgedObject(uri: o.uri, key: key, kind: o.kind.rawValue, rule: rule.id, writtenAt: DBTime.iso(o.writtenAt),
                                        ageDays: (age * 100).rounded() / 100, project: o.run.project, domain: o.run.domain,
                                        run: o.run.name, action: o.action, attempt: o.attempt))
            return true
        }
    }

    /// Projects, tasks, task specs, triggers and trigger revisions.
    static func writeRegistry(_ w: any DemoDatabaseWriter, gen: WorldGenerator, now: Date) throws {
        func t(_ d: Date) -> SQLValue { .text(DBTime.format(d)) }
        for (i, p) in WorldGenerator.projects.enumerated() {
            var labels = Flyteidl2_Task_Labels()
            labels.values = ["owner": ["platform", "ml", "data"][i], "cost-center": "cc-\(100 + i)"]
            try w.insert("INSERT INTO projects (identifier, name, description, labels, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                         [.text(p.id), .text(p.name), .text(p.description), .blob(ActionPlanner.bytes(labels)), .int(0),
                          t(now.addingTimeInterval(-400 * 86400)), t(now.addingTimeInterval(-30 * 86400))])
        }
        var digests = Set<String>()
        for (p, d, row) in gen.taskRows() {
            let at = now.addingTimeInterval(-row.age * 86400)
            try w.insert("""
                INSERT INTO tasks (project, domain, name, version, environment, function_name, created_at, updated_at, deployed_by,
                trigger_name, total_triggers, active_triggers, task_spec, env_description, short_description) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, [.text(p), .text(d), .text(row.name), .text(row.version), .text(row.environment), .text(row.functionName), t(at), t(at),
                      .text(row.deployedBy), row.trigger.map { .text($0) } ?? .null, .int(row.trigger == nil ? 0 : 1),
                      .int(row.trigger == nil ? 0 : (d == "staging" ? 0 : 1)), .blob(row.spec), .text(row.envDescription), .text(row.shortDescription)])
            if digests.insert(row.digest).inserted {
                try w.insert("INSERT INTO task_specs (digest, spec, created_at, updated_at) VALUES (?,?,?,?)", [.text(row.digest), .blob(row.spec), t(at), t(at)])
            }
        }
        // Triggers: a daily schedule per domain (three revisions), an hourly rate that was switched off, an artifact trigger.
        for d in ["development", "staging", "production"] {
            var revisions: [(Int64, Bool, Flyteidl2_Task_TriggerAutomationSpec, String, Double)] = []
            var cron = Flyteidl2_Task_TriggerAutomationSpec()
            cron.type = .typeSchedule
            var c = Flyteidl2_Task_Cron()
            c.expression = "0 5 * * *"
            c.timezone = "UTC"
            cron.schedule.cron = c
            revisions.append((1, true, cron, "CREATE", 200))
            c.expression = "0 6 * * *"
            cron.schedule.cron = c
            revisions.append((2, true, cron, "UPDATE", 120))
            revisions.append((3, d != "staging", cron, d == "staging" ? "DEACTIVATE" : "UPDATE", 60))
            try writeTrigger(w, project: "data-eng", domain: d, task: TaskCatalog.reportRoot, name: "daily-\(d)", revisions: revisions, now: now)
        }
        var rate = Flyteidl2_Task_TriggerAutomationSpec()
        rate.type = .typeSchedule
        var fr = Flyteidl2_Task_FixedRate()
        fr.value = 1
        fr.unit = .hour
        rate.schedule.rate = fr
        try writeTrigger(w, project: "data-eng", domain: "development", task: TaskCatalog.etlRoot, name: "hourly-sync",
                         revisions: [(1, true, rate, "CREATE", 90), (2, false, rate, "DEACTIVATE", 45)], now: now)
        var art = Flyteidl2_Task_TriggerAutomationSpec()
        art.type = .typeArtifact
        art.artifact.artifactName = "daily_report"
        art.artifact.inputArg = "report"
        try writeTrigger(w, project: "ml-platform", domain: "production", task: TaskCatalog.trainRoot, name: "on-new-report",
                         revisions: [(1, true, art, "CREATE", 70)], now: now)
    }

    static func writeTrigger(_ w: any DemoDatabaseWriter, project: String, domain: String, task: TaskDef, name: String,
                             revisions: [(Int64, Bool, Flyteidl2_Task_TriggerAutomationSpec, String, Double)], now: Date) throws {
        func t(_ d: Date) -> SQLValue { .text(DBTime.format(d)) }
        var spec = Flyteidl2_Task_TaskTriggerSpec()
        spec.description_p = "Runs \(task.shortName) on a schedule"
        for (rev, active, auto, action, age) in revisions {
            spec.active = active
            try w.insert("""
                INSERT INTO trigger_revisions (project, domain, task_name, name, revision, spec, automation_spec, task_version, active,
                automation_type, deployed_by, updated_by, deployed_at, updated_at, triggered_at, deleted_at, action, created_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
                [.text(project), .text(domain), .text(task.name), .text(name), .int(rev), .blob(ActionPlanner.bytes(spec)),
                 .blob(ActionPlanner.bytes(auto)), .text(task.version), .int(active ? 1 : 0), .text(Self.typeName(auto.type)),
                 .text("ana"), .text("bo"), t(now.addingTimeInterval(-200 * 86400)), t(now.addingTimeInterval(-age * 86400)),
                 active ? t(now.addingTimeInterval(-3600)) : .null, .null, .text(action), t(now.addingTimeInterval(-age * 86400))])
        }
        if let last = revisions.last {
            try w.insert("""
                INSERT INTO triggers (project, domain, task_name, name, latest_revision, spec, automation_spec, task_version, active,
                automation_type, deployed_by, updated_by, deployed_at, updated_at, triggered_at, deleted_at, description)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """,
                [.text(project), .text(domain), .text(task.name), .text(name), .int(last.0), .blob(ActionPlanner.bytes(spec)),
                 .blob(ActionPlanner.bytes(last.2)), .text(task.version), .int(last.1 ? 1 : 0), .text(Self.typeName(last.2.type)),
                 .text("ana"), .text("bo"), t(now.addingTimeInterval(-200 * 86400)), t(now.addingTimeInterval(-last.4 * 86400)),
                 last.1 ? t(now.addingTimeInterval(-3600)) : .null, .null, .text(spec.description_p)])
        }
    }

    static func typeName(_ t: Flyteidl2_Task_TriggerAutomationSpecType) -> String {
        switch t {
        case .typeSchedule: "TYPE_SCHEDULE"
        case .typeArtifact: "TYPE_ARTIFACT"
        default: "TYPE_NONE"
        }
    }

    /// Writes rows into SQLite and objects into the bucket, remembering what it wrote for the purge.
    struct Sink: WorldSink {
        let writer: any DemoDatabaseWriter
        var bucket: BucketWriter
        let metadataOnly: Bool
        var purge: Purge
        /// Objects the world made (written or purged) and the bytes of those still in the bucket.
        var objects = 0, actions = 0, events = 0, bytes = 0, cacheRows = 0
        var sharedSeen = Set<String>()

        init(writer: any DemoDatabaseWriter, bucket: BucketWriter, metadataOnly: Bool, purge: Purge) {
            self.writer = writer
            self.bucket = bucket
            self.metadataOnly = metadataOnly
            self.purge = purge
        }

        static let actionInsert = """
            INSERT INTO actions (project, domain, run_name, name, parent_action_name, phase, run_source, action_type, action_group,
            task_project, task_domain, task_name, task_version, task_type, task_short_name, function_name, environment_name,
            action_spec, action_details, detailed_info, run_spec, abort_requested_at, abort_attempt_count, abort_reason,
            created_at, updated_at, ended_at, duration_ms, attempts, cache_status, trigger_name, trigger_task_name, trigger_revision,
            created_by, created_by_subject) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """

        mutating func action(_ r: ActionRow) throws {
            func opt(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
            func t(_ d: Date?) -> SQLValue { d.map { .text(DBTime.format($0)) } ?? .null }
            try writer.insert(Self.actionInsert, [
                .text(r.run.project), .text(r.run.domain), .text(r.run.name), .text(r.name), opt(r.parent), .int(Int64(r.phase.rawValue)),
                .text(r.source.rawValue), .int(Int64(r.kind.rawValue)), opt(r.group), .text(r.run.project), .text(r.run.domain),
                opt(r.taskName), opt(r.taskVersion), .text(r.taskType), opt(r.shortName), .text(r.functionName), opt(r.environment),
                .blob(r.actionSpec), .blob(Array("{}".utf8)), .blob(r.detailedInfo), r.runSpec.map { .blob($0) } ?? .null,
                t(r.abortRequestedAt), .int(r.abortRequestedAt == nil ? 0 : 1), opt(r.abortReason),
                t(r.createdAt), t(r.updatedAt), t(r.endedAt), r.durationMs.map { .int($0) } ?? .null, .int(Int64(r.attempts)),
                .int(Int64(r.cacheStatus.rawValue)), opt(r.trigger?.name), opt(r.trigger?.taskName), r.trigger?.revision.map { .int($0) } ?? .null,
                r.createdBy.map { .blob($0) } ?? .null, opt(r.createdBySubject),
            ])
            actions += 1
        }

        mutating func event(_ r: EventRow) throws {
            let at = SQLValue.text(DBTime.format(r.at))
            try writer.insert("""
                INSERT INTO action_events (project, domain, run_name, name, attempt, phase, version, info, error_kind, created_at, updated_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?)
                """, [.text(r.run.project), .text(r.run.domain), .text(r.run.name), .text(r.action), .int(Int64(r.attempt)),
                      .int(Int64(r.phase.rawValue)), .int(Int64(r.version)), .blob(r.info), r.errorKind.map { .text($0) } ?? .null, at, at])
            events += 1
        }

        mutating func object(_ r: ObjectRow) throws {
            guard !metadataOnly else { return }
            // A shared key is one object however many runs write it.
            if !r.shared || sharedSeen.insert(r.uri).inserted { objects += 1 }
            if purge.expires(r) { return }
            try bucket.write(r.bytes, to: r.uri, at: r.writtenAt)
            bytes += r.bytes.count
        }

        mutating func cache(_ r: CacheRow) throws {
            let at = SQLValue.text(DBTime.format(r.at))
            try writer.insert("INSERT OR REPLACE INTO cache_service_outputs (key, output_uri, metadata, last_updated, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                              [.text(r.key), .text(r.outputURI), .blob(r.metadata), at, at, at])
            cacheRows += 1
        }
    }
}
