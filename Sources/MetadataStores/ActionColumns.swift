import FlyteModel
import Foundation

/// The `actions` columns a summary needs, in select order, with `NULL` standing in for optional columns an
/// older schema lacks (each named in the store's warnings).
struct ActionColumns {
    static let names = [
        "project", "domain", "run_name", "name", "parent_action_name", "action_group", "action_type", "phase",
        "task_name", "task_version", "task_type", "task_short_name", "function_name", "environment_name",
        "created_at", "updated_at", "ended_at", "duration_ms", "attempts", "cache_status", "run_source",
        "trigger_name", "trigger_task_name", "trigger_revision", "created_by_subject", "abort_reason",
    ]

    /// Columns whose values repeat across rows (project, domain, task, version, …), shared through the interner.
    static let repeating: [Bool] = names.indices.map { [0, 1, 8, 9, 10, 11, 12, 13, 20, 21, 22, 24].contains($0) }

    /// The select list for `present` columns; missing ones become `NULL AS col`. `created_at` is read in the
    /// dialect's key form, so keyset cursors have one spelling whichever database made them.
    static func selectList(present: Set<String>, dialect: SQLDialect) -> String {
        names.map { c in
            guard present.contains(c) else { return "NULL AS \(c)" }
            // Not aliased `created_at`: Postgres would then ORDER BY the text instead of the indexed column.
            return c == "created_at" ? dialect.timestampKey(c) + " AS created_key" : c
        }.joined(separator: ", ")
    }

    /// Decodes the first `names.count` values of a row into a summary.
    static func decode(_ r: [SQLValue], interner: StringInterner? = nil) throws -> ActionSummary {
        func s(_ i: Int) -> String? {
            guard let interner, repeating[i] else { return r[i].string }
            return interner(r[i].string)
        }
        func nonEmpty(_ i: Int) -> String? { s(i).flatMap { $0.isEmpty ? nil : $0 } }
        let run = RunID(project: s(0) ?? "", domain: s(1) ?? "", name: s(2) ?? "")
        let id = ActionID(run: run, name: s(3) ?? "")
        let createdKey = s(14) ?? ""
        guard let created = DBTime.parse(createdKey) else {
            throw StoreError.undecodable(table: "actions", column: "created_at", row: "run \(run.name) action \(id.name)",
                                         message: "cannot parse timestamp '\(TerminalText.sanitize(createdKey))'")
        }
        var trigger: TriggerRef? = nil
        if let tn = nonEmpty(21) {
            trigger = TriggerRef(name: tn, taskName: s(22) ?? "", revision: r[23].int)
        }
        return ActionSummary(
            id: id, parent: s(4), group: nonEmpty(5), kind: ActionKind(number: Int(r[6].int ?? 0)),
            phase: Phase(number: Int(r[7].int ?? 0)), taskName: nonEmpty(8), taskVersion: nonEmpty(9),
            taskType: s(10) ?? "", shortName: nonEmpty(11), functionName: s(12) ?? "", environment: nonEmpty(13),
            createdAt: created, updatedAt: s(15).flatMap(DBTime.parse) ?? created, endedAt: s(16).flatMap(DBTime.parse),
            durationMs: r[17].int, attempts: Int(r[18].int ?? 0), cacheStatus: CacheStatus(number: Int(r[19].int ?? 0)),
            source: RunSource(column: s(20) ?? ""), trigger: trigger, createdBy: nonEmpty(24), abortReason: nonEmpty(25),
            createdAtKey: createdKey
        )
    }
}
