import FlyteModel
import Foundation
import MetadataStores

/// How each record prints: table columns and cells, and the stable JSON documented in the README.
enum RecordFormats {
    static func phaseCell(_ p: Phase) -> String { "\(p.symbol()) \(p.name)" }

    static func duration(_ a: ActionSummary, now: Date) -> String {
        guard let e = a.elapsed(now: now) else { return "-" }
        return DurationText.short(e) + (a.phase.isTerminal ? "" : "…")
    }

    // MARK: projects

    static let projectColumns = [TableColumn("id", min: 8, priority: 9), TableColumn("name", min: 8, priority: 5),
                                 TableColumn("state", min: 6, priority: 3), TableColumn("description", min: 10, priority: 2),
                                 TableColumn("labels", min: 10, priority: 1)]
    static func projectRow(_ p: Project) -> [String] {
        [p.id, p.name, p.state.word, p.description, p.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")]
    }
    static func projectJSON(_ p: Project) -> JSONValue {
        .object([("id", .string(p.id)), ("name", .string(p.name)), ("description", .string(p.description)), ("state", .string(p.state.word)),
                 ("labels", labels(p.labels)), ("created_at", .date(p.createdAt))])
    }

    static func labels(_ l: [String: String]) -> JSONValue { .object(l.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) }

    // MARK: runs

    static func runColumns(wide: Bool) -> [TableColumn] {
        [TableColumn("phase", min: 9, priority: 9), TableColumn("run", min: 12, priority: 10), TableColumn("task", min: 10, priority: 7),
         TableColumn("started", min: 8, priority: 6), TableColumn("duration", min: 8, priority: 5, right: true),
         TableColumn("attempts", min: 3, priority: 3, right: true), TableColumn("source", min: 6, priority: 2),
         TableColumn("trigger", min: 6, priority: 1)] + (wide ? [TableColumn("labels", min: 10, priority: 0)] : [])
    }
    static func runRow(_ r: RunSummary, now: Date, wide: Bool) -> [String] {
        let a = r.root
        let started = wide ? DBTime.iso(a.createdAt) : DurationText.ago(a.createdAt, now: now)
        return [phaseCell(a.phase), a.id.run.name, a.taskName ?? a.functionName, started, duration(a, now: now), String(a.attempts),
                a.source.word, a.trigger?.name ?? "-"] + (wide ? [r.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")] : [])
    }
    static func runJSON(_ r: RunSummary) -> JSONValue {
        let a = r.root
        return .object([
            ("project", .string(a.id.run.project)), ("domain", .string(a.id.run.domain)), ("name", .string(a.id.run.name)),
            ("phase", .string(a.phase.name)), ("task", .opt(a.taskName)), ("task_version", .opt(a.taskVersion)),
            ("task_type", .string(a.taskType)), ("environment", .opt(a.environment)), ("source", .string(a.source.word)),
            ("trigger", a.trigger.map { .object([("name", .string($0.name)), ("task", .string($0.taskName)), ("revision", $0.revision.map { .int($0) } ?? .null)]) } ?? .null),
            ("labels", labels(r.labels)), ("created_by", .opt(a.createdBy)), ("created_at", .date(a.createdAt)),
            ("ended_at", .date(a.endedAt)), ("duration_ms", a.durationMs.map { .int($0) } ?? .null), ("attempts", .int(Int64(a.attempts))),
            ("cache_status", .string(a.cacheStatus.name)), ("abort_reason", .opt(a.abortReason)),
        ])
    }

    // MARK: actions

    static let actionColumns = [TableColumn("action", min: 16, priority: 10), TableColumn("kind", min: 4, priority: 5),
                                TableColumn("phase", min: 9, priority: 9), TableColumn("attempts", min: 3, priority: 4, right: true),
                                TableColumn("cache", min: 5, priority: 3), TableColumn("elapsed", min: 7, priority: 6, right: true),
                                TableColumn("name", min: 8, priority: 2)]
    static func actionRows(_ tree: ActionTree, now: Date) -> [[String]] {
        tree.rows().map { row in
            let indent = String(repeating: "  ", count: row.depth)
            switch row.kind {
            case .group(let name, _):
                return [indent + "▸ \(name) [\(row.childCount)]", "group", "", "", "", "", ""]
            case .action(let a):
                let label = indent + a.displayName + (a.attempts > 1 ? " [x\(a.attempts)]" : "") + (a.cacheStatus.marker.isEmpty ? "" : " \(a.cacheStatus.marker)")
                return [label, a.kind.name, phaseCell(a.phase), String(a.attempts), a.cacheStatus == .disabled ? "-" : a.cacheStatus.name,
                        duration(a, now: now), a.id.name]
            }
        }
    }
    static func actionJSON(_ a: ActionSummary, depth: Int?) -> JSONValue {
        var kv: [(String, JSONValue)] = [
            ("name", .string(a.id.name)), ("parent", .opt(a.parent)), ("group", .opt(a.group)), ("kind", .string(a.kind.name)),
            ("phase", .string(a.phase.name)), ("display_name", .string(a.displayName)), ("task", .opt(a.taskName)),
            ("task_version", .opt(a.taskVersion)), ("task_type", .string(a.taskType)), ("created_at", .date(a.createdAt)),
            ("ended_at", .date(a.endedAt)), ("duration_ms", a.durationMs.map { .int($0) } ?? .null),
            ("attempts", .int(Int64(a.attempts))), ("cache_status", .string(a.cacheStatus.name)),
        ]
        if let d = depth { kv.append(("depth", .int(Int64(d)))) }
        return .object(kv)
    }

    // MARK: action detail

    static func attemptJSON(_ t: Attempt) -> JSONValue {
        .object([
            ("attempt", .int(Int64(t.number))), ("phase", .string(t.phase.name)), ("start", .date(t.start)), ("end", .date(t.end)),
            ("outputs_uri", .opt(t.outputURI)), ("report_uri", .opt(t.reportURI)), ("error_uri", .opt(t.errorDocumentURI)),
            ("error", t.error.map { .object([("kind", .string($0.kind.name)), ("code", .opt($0.code)), ("message", .string($0.message))]) } ?? .null),
            ("cache_status", .string(t.cacheStatus.name)), ("cache_source", .opt(t.cacheSource)), ("cluster", .opt(t.cluster)),
            ("logs", .array(t.logs.map { .object([("name", .string($0.name)), ("uri", .string($0.uri))]) })),
            ("phase_transitions", .array(t.phaseTransitions.map { .object([("phase", .string($0.phase.name)), ("start", .date($0.start)), ("end", .date($0.end))]) })),
            ("cluster_events", .array(t.clusterEvents.map { .object([("at", .date($0.occurredAt)), ("reason", .string($0.reason)), ("message", .string($0.message)), ("warning", .bool($0.warning))]) })),
        ])
    }

    static func detailJSON(_ d: ActionDetail) -> JSONValue {
        var kv: [(String, JSONValue)] = [("run", .string(d.summary.id.run.description))]
        if case .object(let a) = actionJSON(d.summary, depth: nil) { kv += a }
        kv += [
            ("environment", .opt(d.summary.environment)), ("source", .string(d.summary.source.word)), ("abort_reason", .opt(d.summary.abortReason)),
            ("inputs_uri", .opt(d.inputsURI)), ("outputs_uri", .opt(d.outputsURI)), ("run_output_base", .opt(d.runOutputBase)),
            ("cache_key", .opt(d.cacheKey)), ("labels", labels(d.labels)),
            ("error", d.error.map { .object([("kind", .string($0.kind.name)), ("code", .opt($0.code)), ("message", .string($0.message))]) } ?? .null),
            ("task_spec", d.task.map { t in .object([
                ("name", .string(t.name)), ("version", .string(t.version)), ("type", .string(t.type)), ("environment", .string(t.environment)),
                ("image", .opt(t.image)), ("runtime", .opt(t.runtime)), ("retries", .int(Int64(t.retries))), ("cacheable", .bool(t.cacheable)),
                ("inputs", .object(t.inputs.map { ($0.name, .string($0.type)) })), ("outputs", .object(t.outputs.map { ($0.name, .string($0.type)) })),
            ]) } ?? .null),
            ("condition", d.condition.map { c in .object([
                ("name", .string(c.name)), ("prompt", .string(c.prompt)), ("type", .string(c.expectedType)),
                ("signalled", .bool(c.output != nil)), ("signalled_by", .opt(c.signalledBy)), ("value", c.output.map { PreviewJSON.value(PayloadDecoder.literal($0)) } ?? .null),
            ]) } ?? .null),
            ("attempts", .array(d.attempts.map(attemptJSON))),
            ("warnings", .array(d.warnings.map { .string($0) })),
        ]
        return .object(kv)
    }

    // MARK: cache, tasks, triggers

    static let cacheColumns = [TableColumn("key", min: 12, priority: 8), TableColumn("output uri", min: 20, priority: 9),
                               TableColumn("source run", min: 12, priority: 5), TableColumn("task", min: 8, priority: 4),
                               TableColumn("created", min: 8, priority: 3)]
    static func cacheRow(_ c: CacheEntry, now: Date) -> [String] {
        [c.key, c.outputURI, c.sourceRun ?? "-", c.sourceTask ?? "-", c.createdAt.map { DurationText.ago($0, now: now) } ?? "-"]
    }
    static func cacheJSON(_ c: CacheEntry) -> JSONValue {
        .object([("key", .string(c.key)), ("output_uri", .string(c.outputURI)), ("source_task", .opt(c.sourceTask)), ("source_run", .opt(c.sourceRun)),
                 ("source_action", .opt(c.sourceAction)), ("created_at", .date(c.createdAt)), ("last_updated", .date(c.lastUpdated))])
    }

    static let taskColumns = [TableColumn("name", min: 12, priority: 9), TableColumn("version", min: 4, priority: 8),
                              TableColumn("type", min: 6, priority: 4), TableColumn("environment", min: 6, priority: 5),
                              TableColumn("deployed", min: 8, priority: 3), TableColumn("triggers", min: 3, priority: 2, right: true),
                              TableColumn("description", min: 10, priority: 1)]
    static func taskRow(_ t: TaskRecord, now: Date) -> [String] {
        [t.name, t.version, t.taskType ?? "-", t.environment, t.createdAt.map { DurationText.ago($0, now: now) } ?? "-",
         "\(t.activeTriggers)/\(t.totalTriggers)", t.shortDescription ?? ""]
    }
    static func taskJSON(_ t: TaskRecord) -> JSONValue {
        .object([("project", .string(t.project)), ("domain", .string(t.domain)), ("name", .string(t.name)), ("version", .string(t.version)),
                 ("type", .opt(t.taskType)), ("environment", .string(t.environment)), ("image", .opt(t.image)), ("deployed_by", .string(t.deployedBy)),
                 ("created_at", .date(t.createdAt)), ("short_description", .opt(t.shortDescription)), ("trigger", .opt(t.triggerName)),
                 ("total_triggers", .int(Int64(t.totalTriggers))), ("active_triggers", .int(Int64(t.activeTriggers))),
                 ("inputs", .array(t.inputs.map { .string($0) })), ("outputs", .array(t.outputs.map { .string($0) })),
                 ("default_inputs", .array(t.defaultInputs.map { .string($0) }))])
    }

    static let triggerColumns = [TableColumn("name", min: 10, priority: 9), TableColumn("task", min: 10, priority: 7),
                                 TableColumn("automation", min: 10, priority: 8), TableColumn("active", min: 6, priority: 6),
                                 TableColumn("rev", min: 3, priority: 4, right: true), TableColumn("last triggered", min: 8, priority: 5),
                                 TableColumn("change", min: 6, priority: 2)]
    static func triggerRow(_ t: TriggerRecord, now: Date) -> [String] {
        [t.name, t.taskName, t.automation, t.active ? "● active" : "○ inactive", String(t.revision),
         t.triggeredAt.map { DurationText.ago($0, now: now) } ?? "never", t.change ?? "-"]
    }
    static func triggerJSON(_ t: TriggerRecord) -> JSONValue {
        .object([("project", .string(t.project)), ("domain", .string(t.domain)), ("task", .string(t.taskName)), ("name", .string(t.name)),
                 ("revision", .int(t.revision)), ("task_version", .string(t.taskVersion)), ("active", .bool(t.active)),
                 ("automation_type", .string(t.automationType)), ("automation", .string(t.automation)), ("description", .opt(t.description)),
                 ("deployed_by", .opt(t.deployedBy)), ("deployed_at", .date(t.deployedAt)), ("updated_at", .date(t.updatedAt)),
                 ("triggered_at", .date(t.triggeredAt)), ("change", .opt(t.change))])
    }
}
