import FlyteIDL
import FlyteModel
import Foundation
import SwiftProtobuf

/// The one implementation of `RunStore`: Flyte 2's control-plane tables through shared SQL, on any
/// `SQLDatabase` (SQLite today, Postgres through the same statements).
public final class SQLRunStore: RunStore, @unchecked Sendable {
    public let db: SQLDatabase
    public var location: String { db.location }
    public private(set) var warnings: [String] = []
    let configuredDomains: [String]
    /// Shares the strings that repeat across decoded rows.
    let interner = StringInterner()
    let actionColumns: Set<String>
    let tables: [String: Set<String>]

    /// The domains Flyte configures by default (`runs.domains`).
    public static let defaultDomains = ["development", "staging", "production"]

    /// Opens the store over `db`, checking the schema: a missing `actions` or `action_events` table, or a
    /// missing required column, is an error; missing optional columns and tables are warnings.
    public init(db: SQLDatabase, domains: [String] = SQLRunStore.defaultDomains) throws {
        self.db = db
        configuredDomains = domains
        var tables: [String: Set<String>] = [:]
        var warnings: [String] = []
        for (table, required) in FlyteSchema.requiredColumns.sorted(by: { $0.key < $1.key }) {
            guard let cols = try db.columns(of: table) else {
                throw StoreError.missingTable(location: db.location, table: table)
            }
            for c in required where !cols.contains(c) { throw StoreError.missingColumn(table: table, column: c) }
            tables[table] = cols
        }
        for table in FlyteSchema.optionalTables {
            if let cols = try db.columns(of: table) {
                tables[table] = cols
            } else {
                warnings.append("\(table): table missing; its section is empty")
            }
        }
        let actionCols = tables["actions"] ?? []
        for c in ActionColumns.names where !actionCols.contains(c) {
            warnings.append("actions.\(c): column missing (older schema); shown as empty")
        }
        for c in ["action_spec", "detailed_info", "run_spec"] where !actionCols.contains(c) {
            warnings.append("actions.\(c): column missing (older schema); URIs from it are unavailable")
        }
        actionColumns = actionCols
        self.tables = tables
        self.warnings = warnings
    }

    /// The database's change feed (Postgres LISTEN), if it has one.
    public func changeFeed() -> (any StoreChangeFeed)? { db.changeFeed() }

    func has(_ table: String, _ column: String? = nil) -> Bool {
        guard let cols = tables[table] else { return false }
        return column.map { cols.contains($0) } ?? true
    }

    func col(_ name: String) -> String { actionColumns.contains(name) ? name : "NULL" }

    // MARK: projects and domains

    public func projects() throws -> [Project] {
        if has("projects") {
            let rows = try db.rows("SELECT identifier, name, description, labels, state, created_at FROM projects ORDER BY identifier")
            return try rows.map { r in
                let id = r[0].string ?? ""
                var labels: [String: String] = [:]
                if let b = r[3].bytes, !b.isEmpty {
                    labels = try decode(Flyteidl2_Task_Labels.self, b, table: "projects", column: "labels", row: "project \(id)").values
                }
                return Project(id: id, name: r[1].string ?? id, description: r[2].string ?? "", labels: labels,
                               state: Project.State(rawValue: Int(r[4].int ?? 0)) ?? .active,
                               createdAt: r[5].string.flatMap(DBTime.parse))
            }
        }
        // No projects table: the projects that have runs, by a loose index scan.
        return try distinct(column: "project", scope: nil).map {
            Project(id: $0, name: $0, description: "", labels: [:], state: .active, createdAt: nil)
        }
    }

    public func domains(project: String?) throws -> [String] {
        var out = configuredDomains
        let present: [String]
        if let p = project {
            present = try distinct(column: "domain", scope: p)
        } else {
            var all = Set<String>()
            for p in try projects() { all.formUnion(try distinct(column: "domain", scope: p.id)) }
            present = all.sorted()
        }
        for d in present where !out.contains(d) { out.append(d) }
        return out
    }

    /// Distinct values of `project` (or of `domain` within a project) by repeated index seeks: O(values × log n).
    func distinct(column: String, scope project: String?) throws -> [String] {
        let sql: String
        let params: [SQLValue]
        if column == "project" {
            sql = """
            WITH RECURSIVE v(x) AS (
              SELECT MIN(project) FROM actions
              UNION ALL
              SELECT (SELECT MIN(project) FROM actions WHERE project > v.x) FROM v WHERE v.x IS NOT NULL
            ) SELECT x FROM v WHERE x IS NOT NULL
            """
            params = []
        } else {
            sql = """
            WITH RECURSIVE v(x) AS (
              SELECT MIN(domain) FROM actions WHERE project = $1
              UNION ALL
              SELECT (SELECT MIN(domain) FROM actions WHERE project = $1 AND domain > v.x) FROM v WHERE v.x IS NOT NULL
            ) SELECT x FROM v WHERE x IS NOT NULL
            """
            params = [.text(project ?? "")]
        }
        return try db.rows(sql, params).compactMap { $0.first?.string }
    }

    // MARK: runs

    public func runs(_ q: RunQuery) throws -> Page<RunSummary> {
        guard q.limit > 0 else { return Page(items: [], next: nil) }
        if let b = q.before {
            guard q.label == nil, q.after == nil else { throw StoreError.badArgument("runs before a cursor: no label filter, no after cursor") }
            let rows = try runSummaries(q, after: nil, before: b, limit: q.limit + 1)
            let items = rows.prefix(q.limit).reversed()
            let first = items.first?.root
            return Page(items: Array(items), next: rows.count > q.limit ? first.map { Cursor(run: $0) } : nil)
        }
        var cursor = q.after
        var items: [RunSummary] = []
        var scanned = 0
        let labelFilter = q.label.map(LabelFilter.init)
        // Labels live in a protobuf blob, so a label filter reads batches until the page is full
        // (bounded, and reported as `scanned`).
        let batch = labelFilter == nil ? q.limit + 1 : max(200, q.limit * 4)
        let scanBudget = 20_000
        while true {
            let rows = try runSummaries(q, after: cursor, limit: batch)
            for run in rows {
                cursor = Cursor(run: run.root)
                if let f = labelFilter, !f.matches(run.labels) {
                    scanned += 1
                    continue
                }
                if items.count == q.limit {
                    let last = items[items.count - 1].root
                    return Page(items: items, next: Cursor(run: last), scanned: scanned)
                }
                items.append(run)
            }
            if rows.count < batch { return Page(items: items, next: nil, scanned: scanned) }
            if labelFilter == nil {
                // A full batch without a (limit+1)th row to prove another page: continue after the last one.
                guard let last = items.last?.root else { return Page(items: [], next: nil, scanned: scanned) }
                return Page(items: items, next: Cursor(run: last), scanned: scanned)
            }
            if scanned >= scanBudget {
                // Stop scanning; hand back a cursor at the last row read so the caller can continue.
                return Page(items: items, next: cursor, scanned: scanned)
            }
        }
    }

    public func findRuns(named name: String) throws -> [RunID] {
        var out: [RunID] = []
        for p in try distinct(column: "project", scope: nil) {
            for d in try distinct(column: "domain", scope: p) {
                let hit = try db.rows("SELECT 1 FROM actions WHERE project = $1 AND domain = $2 AND run_name = $3 AND parent_action_name IS NULL",
                                      [.text(p), .text(d), .text(name)])
                if !hit.isEmpty { out.append(RunID(project: p, domain: d, name: name)) }
            }
        }
        return out
    }

    /// How many runs `q` selects (labels aside: they are filtered after the query); for progress bars.
    public func countRuns(_ q: RunQuery) throws -> Int? {
        let (whereSQL, params) = try runFilter(q, after: nil)
        let sql = "SELECT COUNT(*) FROM actions WHERE \(whereSQL.joined(separator: " AND "))"
        return try db.rows(sql, params.values).first?[0].int.map(Int.init)
    }

    /// The WHERE terms and parameters of a runs-list query.
    func runFilter(_ q: RunQuery, after: Cursor?, before: Cursor? = nil) throws -> ([String], SQLParams) {
        var whereSQL = ["project = $1", "domain = $2", "parent_action_name IS NULL"]
        var params = SQLParams([.text(q.project), .text(q.domain)])
        func bind(_ v: SQLValue) -> String { params.bind(v) }
        if !q.phases.isEmpty {
            let list = q.phases.sorted().map { bind(.int(Int64($0.rawValue))) }.joined(separator: ", ")
            whereSQL.append("phase IN (\(list))")
        }
        if let t = q.taskName { whereSQL.append("task_name = \(bind(.text(t)))") }
        if let p = q.namePrefix, !p.isEmpty {
            whereSQL.append("run_name LIKE \(bind(.text(Self.likePrefix(p)))) ESCAPE '\\'")
        }
        if let a = q.createdAfter { whereSQL.append("created_at >= \(bind(.text(DBTime.format(a))))") }
        if let b = q.createdBefore { whereSQL.append("created_at < \(bind(.text(DBTime.format(b))))") }
        if let t = q.trigger {
            guard actionColumns.contains("trigger_name") else {
                throw StoreError.missingColumn(table: "actions", column: "trigger_name")
            }
            whereSQL.append("trigger_name = \(bind(.text(t)))")
        }
        if let c = after {
            guard c.parts.count == 2 else { throw StoreError.badArgument("cursor: not a runs-list token") }
            let t = bind(.text(c.parts[0]))
            let n = bind(.text(c.parts[1]))
            whereSQL.append("created_at <= \(t) AND (created_at < \(t) OR run_name < \(n))")
        }
        if let c = before {
            guard c.parts.count == 2 else { throw StoreError.badArgument("cursor: not a runs-list token") }
            let t = bind(.text(c.parts[0]))
            let n = bind(.text(c.parts[1]))
            whereSQL.append("created_at >= \(t) AND (created_at > \(t) OR run_name > \(n))")
        }
        return (whereSQL, params)
    }

    /// The runs-list query, its rows decoded as they arrive.
    func runSummaries(_ q: RunQuery, after: Cursor?, before: Cursor? = nil, limit: Int) throws -> [RunSummary] {
        var (whereSQL, params) = try runFilter(q, after: after, before: before)
        func bind(_ v: SQLValue) -> String { params.bind(v) }
        let runSpec = actionColumns.contains("run_spec") ? "run_spec" : "NULL AS run_spec"
        let sql = """
        SELECT \(ActionColumns.selectList(present: actionColumns, dialect: db.dialect)), \(runSpec)
        FROM actions \(db.dialect.runsListHint)
        WHERE \(whereSQL.joined(separator: " AND "))
        ORDER BY \(before == nil ? "created_at DESC, run_name DESC" : "created_at ASC, run_name ASC")
        LIMIT \(bind(.int(Int64(limit))))
        """
        var runs: [RunSummary] = []
        var strings = RepeatedStrings()
        try db.query(sql, params.values) { runs.append(try decodeRun($0, strings: &strings)) }
        return runs
    }

    func decodeRun(_ r: SQLRow, strings: inout RepeatedStrings) throws -> RunSummary {
        let root = try ActionColumns.decode(r, strings: &strings, interner: interner)
        var labels: [String: String] = [:]
        if let b = r.bytes(ActionColumns.names.count), !b.isEmpty {
            // Only the labels: a projection of RunSpec skips decoding the rest of every row's spec.
            labels = try decode(Flytrap_RunSpecLabels.self, b, table: "actions", column: "run_spec",
                                row: "run \(root.id.run.name) action \(root.id.name)", discardUnknown: true).labels.values
        }
        return RunSummary(root: root, labels: labels)
    }

    /// A LIKE pattern matching strings that start with `prefix`, with `%`, `_` and `\` escaped.
    static func likePrefix(_ prefix: String) -> String {
        var out = ""
        for c in prefix {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "%"
    }

    // MARK: actions

    public func actions(of run: RunID) throws -> [ActionSummary] {
        let sql = """
        SELECT \(ActionColumns.selectList(present: actionColumns, dialect: db.dialect)) FROM actions
        WHERE project = $1 AND domain = $2 AND run_name = $3
        ORDER BY created_at, name
        """
        // Decoded as rows arrive (no array of rows in between); not interned: one run's actions are few and
        // short-lived next to the runs list's rows.
        var actions: [ActionSummary] = []
        var strings = RepeatedStrings()
        try db.query(sql, [.text(run.project), .text(run.domain), .text(run.name)]) { r in
            if actions.isEmpty, let n = r.resultCount { actions.reserveCapacity(n) }
            actions.append(try ActionColumns.decode(r, strings: &strings))
        }
        guard !actions.isEmpty else { throw StoreError.notFound(what: "run \(run)") }
        return actions
    }

    public func action(_ id: ActionID) throws -> ActionDetail {
        let blobs = ["action_spec", "detailed_info", "run_spec"].map { col($0) }.joined(separator: ", ")
        let sql = """
        SELECT \(ActionColumns.selectList(present: actionColumns, dialect: db.dialect)), \(blobs) FROM actions
        WHERE project = $1 AND domain = $2 AND run_name = $3 AND name = $4
        """
        let key: [SQLValue] = [.text(id.run.project), .text(id.run.domain), .text(id.run.name), .text(id.name)]
        guard let r = try db.rows(sql, key).first else {
            throw StoreError.notFound(what: id.isRoot ? "run \(id.run)" : "action \(id)")
        }
        let summary = try ActionColumns.decode(SQLRow(values: r))
        let rowName = "run \(id.run.name) action \(id.name)"
        let n = ActionColumns.names.count
        var warnings: [String] = []
        var spec = Flyteidl2_Workflow_ActionSpec()
        var info = Flyteidl2_Workflow_RunInfo()
        var runSpec = Flyteidl2_Task_RunSpec()
        if let b = r[n].bytes, !b.isEmpty { spec = try decode(Flyteidl2_Workflow_ActionSpec.self, b, table: "actions", column: "action_spec", row: rowName) }
        if let b = r[n + 1].bytes, !b.isEmpty { info = try decode(Flyteidl2_Workflow_RunInfo.self, b, table: "actions", column: "detailed_info", row: rowName) }
        if let b = r[n + 2].bytes, !b.isEmpty {
            runSpec = try decode(Flyteidl2_Task_RunSpec.self, b, table: "actions", column: "run_spec", row: rowName)
        } else if spec.hasRunSpec {
            runSpec = spec.runSpec
        }

        let events = try db.rows("""
            SELECT attempt, phase, version, info FROM action_events
            WHERE project = $1 AND domain = $2 AND run_name = $3 AND name = $4
            ORDER BY attempt, version LIMIT 500
            """, key)
        var parsed: [Flyteidl2_Workflow_ActionEvent] = []
        for e in events {
            guard let b = e[3].bytes, !b.isEmpty else { continue }
            let row = "\(rowName) attempt \(e[0].int ?? 0) phase \(e[1].int ?? 0) version \(e[2].int ?? 0)"
            parsed.append(try decode(Flyteidl2_Workflow_ActionEvent.self, b, table: "action_events", column: "info", row: row))
        }

        // The task spec: by digest from task_specs (as the server does), else the one embedded in the ActionSpec.
        var task: TaskSpecInfo? = nil
        if !info.taskSpecDigest.isEmpty, has("task_specs") {
            if let s = try db.rows("SELECT spec FROM task_specs WHERE digest = $1", [.text(info.taskSpecDigest)]).first?[0].bytes {
                if summary.kind == .trace {
                    _ = try decode(Flyteidl2_Task_TraceSpec.self, s, table: "task_specs", column: "spec", row: "digest \(info.taskSpecDigest)")
                } else {
                    task = TaskSpecInfo(spec: try decode(Flyteidl2_Task_TaskSpec.self, s, table: "task_specs", column: "spec",
                                                         row: "digest \(info.taskSpecDigest)"))
                }
            } else {
                warnings.append("task_specs: no spec with digest \(info.taskSpecDigest)")
            }
        }
        if task == nil, case .task(let t)? = spec.spec, t.hasSpec {
            task = TaskSpecInfo(spec: t.spec)
        }

        var condition: ConditionInfo? = nil
        if summary.kind == .condition {
            let c = info.hasCondition ? info.condition : (spec.condition)
            condition = ConditionInfo(
                name: c.name, prompt: c.prompt, expectedType: c.hasType ? LiteralTypeText.describe(c.type) : "unknown",
                timeout: c.hasTimeout ? Double(c.timeout.seconds) + Double(c.timeout.nanos) / 1e9 : nil,
                output: info.hasOutput ? info.output : nil,
                signalledBy: info.hasPrincipal ? Self.identity(info.principal) : nil)
        }
        var cacheKey: String? = nil
        if case .task(let t)? = spec.spec, t.hasCacheKey, !t.cacheKey.value.isEmpty { cacheKey = t.cacheKey.value }
        let inputs = info.inputsUri.isEmpty ? spec.inputUri : info.inputsUri
        return ActionDetail(
            summary: summary, inputsURI: inputs.isEmpty ? nil : inputs,
            traceOutputsURI: info.outputsUri.isEmpty ? nil : info.outputsUri,
            runOutputBase: spec.runOutputBase.isEmpty ? nil : spec.runOutputBase,
            taskSpecDigest: info.taskSpecDigest.isEmpty ? nil : info.taskSpecDigest, task: task, condition: condition,
            cacheKey: cacheKey, labels: runSpec.labels.values,
            rawDataPrefix: runSpec.rawDataStorage.rawDataPrefix.isEmpty ? nil : runSpec.rawDataStorage.rawDataPrefix,
            runBaseDir: runSpec.runBaseDir.isEmpty ? nil : runSpec.runBaseDir,
            attempts: AttemptMerge.attempts(from: parsed), warnings: warnings)
    }

    public func actionDetails(of run: RunID) throws -> [ActionDetail] {
        let blobs = ["action_spec", "detailed_info"].map { col($0) }.joined(separator: ", ")
        let key: [SQLValue] = [.text(run.project), .text(run.domain), .text(run.name)]
        var rows: [(ActionSummary, [UInt8]?, [UInt8]?)] = []
        var strings = RepeatedStrings()
        let n = ActionColumns.names.count
        try db.query("""
            SELECT \(ActionColumns.selectList(present: actionColumns, dialect: db.dialect)), \(blobs) FROM actions
            WHERE project = $1 AND domain = $2 AND run_name = $3
            ORDER BY created_at, name
            """, key) { r in rows.append((try ActionColumns.decode(r, strings: &strings), r.bytes(n), r.bytes(n + 1))) }
        guard !rows.isEmpty else { throw StoreError.notFound(what: "run \(run)") }
        var events: [String: [Flyteidl2_Workflow_ActionEvent]] = [:]
        try db.query("""
            SELECT name, attempt, phase, version, info FROM action_events
            WHERE project = $1 AND domain = $2 AND run_name = $3
            ORDER BY name, attempt, version
            """, key) { e in
            guard let name = e.string(0), let b = e.bytes(4), !b.isEmpty else { return }
            let row = "run \(run.name) action \(name) attempt \(e.int(1) ?? 0) phase \(e.int(2) ?? 0) version \(e.int(3) ?? 0)"
            events[name, default: []].append(try decode(Flyteidl2_Workflow_ActionEvent.self, b, table: "action_events", column: "info", row: row))
        }
        return try rows.map { summary, specBytes, infoBytes in
            let rowName = "run \(run.name) action \(summary.id.name)"
            var spec = Flytrap_ActionSpecRefs()
            var info = Flytrap_RunInfoRefs()
            if let b = specBytes, !b.isEmpty {
                spec = try decode(Flytrap_ActionSpecRefs.self, b, table: "actions", column: "action_spec", row: rowName, discardUnknown: true)
            }
            if let b = infoBytes, !b.isEmpty {
                info = try decode(Flytrap_RunInfoRefs.self, b, table: "actions", column: "detailed_info", row: rowName, discardUnknown: true)
            }
            let inputs = info.inputsUri.isEmpty ? spec.inputUri : info.inputsUri
            let cacheKey = spec.task.hasCacheKey && !spec.task.cacheKey.value.isEmpty ? spec.task.cacheKey.value : nil
            return ActionDetail(
                summary: summary, inputsURI: inputs.isEmpty ? nil : inputs,
                traceOutputsURI: info.outputsUri.isEmpty ? nil : info.outputsUri,
                runOutputBase: spec.runOutputBase.isEmpty ? nil : spec.runOutputBase,
                taskSpecDigest: info.taskSpecDigest.isEmpty ? nil : info.taskSpecDigest, task: nil, condition: nil,
                cacheKey: cacheKey, labels: [:], rawDataPrefix: nil, runBaseDir: nil,
                attempts: AttemptMerge.attempts(from: events[summary.id.name] ?? []), warnings: [])
        }
    }

    static func identity(_ id: Flyteidl2_Common_EnrichedIdentity) -> String? {
        switch id.principal {
        case .user(let u): u.spec.email.isEmpty ? u.id.subject : u.spec.email
        case .application(let a): a.spec.name.isEmpty ? a.id.subject : a.spec.name
        case nil: nil
        }
    }

    // MARK: blobs

    /// Decodes a protobuf column; a failure names table, column and row.
    func decode<M: SwiftProtobuf.Message>(_ type: M.Type, _ bytes: [UInt8], table: String, column: String, row: String,
                                          discardUnknown: Bool = false) throws -> M {
        do {
            var options = BinaryDecodingOptions()
            options.discardUnknownFields = discardUnknown
            return try M(serializedBytes: bytes, options: options)
        } catch {
            let what = String(describing: M.self).replacingOccurrences(of: "Flyteidl2_", with: "")
                .replacingOccurrences(of: "Flytrap_RunSpecLabels", with: "RunSpec")
                .replacingOccurrences(of: "Flytrap_ActionSpecRefs", with: "ActionSpec").replacingOccurrences(of: "Flytrap_RunInfoRefs", with: "RunInfo")
                .split(separator: "_").last.map(String.init) ?? "message"
            throw StoreError.undecodable(table: table, column: column, row: row,
                                         message: "cannot decode \(what) (\(bytes.count) bytes): \(Self.protobufReason(error))")
        }
    }

    static func protobufReason(_ e: Error) -> String {
        switch e as? BinaryDecodingError {
        case .truncated?: "truncated"
        case .malformedProtobuf?: "malformed protobuf"
        case .invalidUTF8?: "invalid UTF-8 in a string field"
        case .messageDepthLimit?: "nested too deeply"
        case .trailingGarbage?: "trailing garbage"
        default: String(describing: e)
        }
    }
}

/// A label filter: `key` (present) or `key=value` (equal).
struct LabelFilter {
    let key: String
    let value: String?

    init(_ text: String) {
        if let eq = text.firstIndex(of: "=") {
            key = String(text[..<eq])
            value = String(text[text.index(after: eq)...])
        } else {
            key = text
            value = nil
        }
    }

    func matches(_ labels: [String: String]) -> Bool {
        guard let v = labels[key] else { return false }
        return value.map { $0 == v } ?? true
    }
}
