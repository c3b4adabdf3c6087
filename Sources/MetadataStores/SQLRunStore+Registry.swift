import FlyteIDL
import FlyteModel
import Foundation

/// Tasks, triggers and cache entries: the project hub's other sections.
extension SQLRunStore {
    public func cacheEntries(_ q: CacheQuery) throws -> Page<CacheEntry> {
        guard has("cache_service_outputs") else { return Page(items: [], next: nil) }
        var whereSQL: [String] = []
        var params = SQLParams([])
        func bind(_ v: SQLValue) -> String { params.bind(v) }
        let order: String
        switch q.selector {
        case .all:
            order = "key"
            if let c = q.after { whereSQL.append("key > \(bind(.text(c.parts.first ?? "")))") }
        case .key(let k):
            order = "key"
            whereSQL.append("key = \(bind(.text(k)))")
        case .outputPrefix(let p):
            order = "output_uri, key"
            whereSQL.append("output_uri LIKE \(bind(.text(Self.likePrefix(p)))) ESCAPE '\\'")
            if let c = q.after, c.parts.count == 2 {
                let u = bind(.text(c.parts[0]))
                let k = bind(.text(c.parts[1]))
                whereSQL.append("(output_uri > \(u) OR (output_uri = \(u) AND key > \(k)))")
            }
        }
        let sql = """
        SELECT key, output_uri, metadata, last_updated, created_at FROM cache_service_outputs
        \(whereSQL.isEmpty ? "" : "WHERE " + whereSQL.joined(separator: " AND "))
        ORDER BY \(order) LIMIT \(bind(.int(Int64(q.limit + 1))))
        """
        var items: [CacheEntry] = []
        for r in try db.rows(sql, params.values) {
            let key = r[0].string ?? ""
            var task: String?, run: String?, action: String?
            if let b = r[2].bytes, !b.isEmpty {
                let md = try decode(Flyteidl2_Cacheservice_Metadata.self, b, table: "cache_service_outputs", column: "metadata", row: "key \(key)")
                let km = md.keyMap.values
                let id = md.sourceIdentifier
                task = id.name.isEmpty ? nil : (id.version.isEmpty ? id.name : "\(id.name)@\(id.version)")
                if let p = km["exec-project"], let d = km["exec-domain"], let n = km["execution-name"] { run = "\(p)/\(d)/\(n)" }
                action = km["exec-node"].map { n in km["exec-attempt"].map { "\(n)#\($0)" } ?? n }
            }
            items.append(CacheEntry(key: key, outputURI: r[1].string ?? "", sourceTask: task, sourceRun: run, sourceAction: action,
                                    lastUpdated: r[3].string.flatMap(DBTime.parse), createdAt: r[4].string.flatMap(DBTime.parse)))
        }
        var next: Cursor? = nil
        if items.count > q.limit {
            items.removeLast()
            if let last = items.last {
                if case .outputPrefix = q.selector { next = Cursor(parts: [last.outputURI, last.key]) } else { next = Cursor(parts: [last.key]) }
            }
        }
        return Page(items: items, next: next)
    }

    public func tasks(_ q: TaskQuery) throws -> Page<TaskRecord> {
        guard has("tasks") else { return Page(items: [], next: nil) }
        var whereSQL = ["project = $1", "domain = $2"]
        var params = SQLParams([.text(q.project), .text(q.domain)])
        func bind(_ v: SQLValue) -> String { params.bind(v) }
        if let n = q.name { whereSQL.append("name = \(bind(.text(n)))") }
        if let c = q.after, c.parts.count == 2 {
            let n = bind(.text(c.parts[0]))
            let v = bind(.text(c.parts[1]))
            whereSQL.append("(name > \(n) OR (name = \(n) AND version > \(v)))")
        }
        func opt(_ c: String) -> String { has("tasks", c) ? c : "NULL" }
        let sql = """
        SELECT project, domain, name, version, \(opt("environment")), \(opt("function_name")), \(opt("deployed_by")),
               \(opt("short_description")), \(opt("env_description")), \(opt("trigger_name")), \(opt("total_triggers")),
               \(opt("active_triggers")), created_at, \(opt("task_spec"))
        FROM tasks WHERE \(whereSQL.joined(separator: " AND "))
        ORDER BY name, version LIMIT \(bind(.int(Int64(q.limit + 1))))
        """
        var items: [TaskRecord] = []
        for r in try db.rows(sql, params.values) {
            let name = r[2].string ?? "", version = r[3].string ?? ""
            var type: String?, image: String?, inputs: [String] = [], outputs: [String] = [], defaults: [String] = []
            if let b = r[13].bytes, !b.isEmpty {
                let spec = try decode(Flyteidl2_Task_TaskSpec.self, b, table: "tasks", column: "task_spec", row: "task \(name)@\(version)")
                let info = TaskSpecInfo(spec: spec)
                type = info.type.isEmpty ? nil : info.type
                image = info.image
                inputs = info.inputs.map { "\($0.name): \($0.type)" }
                outputs = info.outputs.map { "\($0.name): \($0.type)" }
                defaults = info.defaultInputs
            }
            items.append(TaskRecord(
                project: r[0].string ?? "", domain: r[1].string ?? "", name: name, version: version,
                environment: r[4].string ?? "", functionName: r[5].string ?? "", deployedBy: r[6].string ?? "",
                shortDescription: r[7].string.flatMap { $0.isEmpty ? nil : $0 }, envDescription: r[8].string.flatMap { $0.isEmpty ? nil : $0 },
                triggerName: r[9].string.flatMap { $0.isEmpty ? nil : $0 }, totalTriggers: Int(r[10].int ?? 0),
                activeTriggers: Int(r[11].int ?? 0), createdAt: r[12].string.flatMap(DBTime.parse), taskType: type,
                image: image, inputs: inputs, outputs: outputs, defaultInputs: defaults))
        }
        var next: Cursor? = nil
        if items.count > q.limit {
            items.removeLast()
            if let last = items.last { next = Cursor(parts: [last.name, last.version]) }
        }
        return Page(items: items, next: next)
    }

    public func triggers(project: String, domain: String) throws -> [TriggerRecord] {
        guard has("triggers") else { return [] }
        let sql = """
        SELECT project, domain, task_name, name, latest_revision, task_version, active, automation_type, automation_spec,
               description, deployed_by, deployed_at, updated_at, triggered_at, deleted_at, NULL
        FROM triggers WHERE project = $1 AND domain = $2 ORDER BY task_name, name
        """
        return try db.rows(sql, [.text(project), .text(domain)]).map { try trigger($0, table: "triggers") }
    }

    public func triggerRevisions(project: String, domain: String, taskName: String, name: String) throws -> [TriggerRecord] {
        guard has("trigger_revisions") else { return [] }
        let sql = """
        SELECT project, domain, task_name, name, revision, task_version, active, automation_type, automation_spec,
               NULL, deployed_by, deployed_at, updated_at, triggered_at, deleted_at, action
        FROM trigger_revisions WHERE project = $1 AND domain = $2 AND task_name = $3 AND name = $4
        ORDER BY revision DESC
        """
        let rows = try db.rows(sql, [.text(project), .text(domain), .text(taskName), .text(name)])
        guard !rows.isEmpty else { throw StoreError.notFound(what: "trigger \(project)/\(domain)/\(taskName)/\(name)") }
        return try rows.map { try trigger($0, table: "trigger_revisions") }
    }

    func trigger(_ r: [SQLValue], table: String) throws -> TriggerRecord {
        let name = r[3].string ?? ""
        var automation = r[7].string ?? ""
        if let b = r[8].bytes, !b.isEmpty {
            let spec = try decode(Flyteidl2_Task_TriggerAutomationSpec.self, b, table: table, column: "automation_spec", row: "trigger \(name)")
            automation = Self.describe(spec)
        }
        return TriggerRecord(
            project: r[0].string ?? "", domain: r[1].string ?? "", taskName: r[2].string ?? "", name: name,
            revision: r[4].int ?? 0, taskVersion: r[5].string ?? "", active: r[6].bool ?? false,
            automationType: r[7].string ?? "", automation: automation, description: r[9].string,
            deployedBy: r[10].string, deployedAt: r[11].string.flatMap(DBTime.parse), updatedAt: r[12].string.flatMap(DBTime.parse),
            triggeredAt: r[13].string.flatMap(DBTime.parse), deletedAt: r[14].string.flatMap(DBTime.parse), change: r[15].string)
    }

    /// A readable automation: `cron 0 * * * * (UTC)`, `every 5 minutes`, `on artifact daily_report`.
    static func describe(_ spec: Flyteidl2_Task_TriggerAutomationSpec) -> String {
        switch spec.automation {
        case .schedule(let s):
            switch s.expression {
            case .cronExpression(let e): return "cron \(e)"
            case .cron(let c): return "cron \(c.expression)" + (c.timezone.isEmpty ? "" : " (\(c.timezone))")
            case .rate(let r):
                let unit: String
                switch r.unit {
                case .minute: unit = "minute"
                case .hour: unit = "hour"
                case .day: unit = "day"
                default: unit = "unit"
                }
                return "every \(r.value) \(unit)\(r.value == 1 ? "" : "s")"
            case nil: return "schedule"
            }
        case .artifact(let a): return "on artifact \(a.artifactName)"
        case nil: return spec.type == .typeNone ? "manual" : "none"
        }
    }
}
