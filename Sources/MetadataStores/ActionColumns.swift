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

    /// Decodes the first `names.count` columns of a row into a summary. `strings` carries the previous row's
    /// strings between calls (consecutive rows share most of them); `interner` shares repeating ones across queries.
    static func decode(_ r: SQLRow, strings: inout RepeatedStrings, interner: StringInterner? = nil) throws -> ActionSummary {
        func s(_ i: Int) -> String? {
            let v = strings.string(r, i)
            guard let interner, repeating[i] else { return v }
            return interner(v)
        }
        func nonEmpty(_ i: Int) -> String? { s(i).flatMap { $0.isEmpty ? nil : $0 } }
        func time(_ i: Int) -> Date? { r.withBytes(i) { DBTime.parse(utf8: $0) } ?? nil }
        let run = RunID(project: s(0) ?? "", domain: s(1) ?? "", name: s(2) ?? "")
        let id = ActionID(run: run, name: r.string(3) ?? "")
        // The key text is kept for cursors; the date is parsed from the same bytes.
        let (createdKey, createdAt) = r.withBytes(14) { (String(decoding: $0, as: UTF8.self), DBTime.parse(utf8: $0)) } ?? ("", nil)
        guard let created = createdAt else {
            throw StoreError.undecodable(table: "actions", column: "created_at", row: "run \(run.name) action \(id.name)",
                                         message: "cannot parse timestamp '\(TerminalText.sanitize(createdKey))'")
        }
        var trigger: TriggerRef? = nil
        if let tn = nonEmpty(21) {
            trigger = TriggerRef(name: tn, taskName: s(22) ?? "", revision: r.int(23))
        }
        return ActionSummary(
            id: id, parent: s(4), group: nonEmpty(5), kind: ActionKind(number: Int(r.int(6) ?? 0)),
            phase: Phase(number: Int(r.int(7) ?? 0)), taskName: nonEmpty(8), taskVersion: nonEmpty(9),
            taskType: s(10) ?? "", shortName: nonEmpty(11), functionName: s(12) ?? "", environment: nonEmpty(13),
            createdAt: created, updatedAt: time(15) ?? created, endedAt: time(16),
            durationMs: r.int(17), attempts: Int(r.int(18) ?? 0), cacheStatus: CacheStatus(number: Int(r.int(19) ?? 0)),
            source: RunSource(column: s(20) ?? ""), trigger: trigger, createdBy: nonEmpty(24), abortReason: nonEmpty(25),
            createdAtKey: createdKey
        )
    }

    /// Decodes one row on its own.
    static func decode(_ r: SQLRow) throws -> ActionSummary {
        var strings = RepeatedStrings()
        return try decode(r, strings: &strings)
    }
}

/// The previous row's strings by column, so a value equal to the one above it is shared rather than copied again
/// (one run's actions repeat its project, domain, run name, parent and task columns row after row).
struct RepeatedStrings {
    private var last: [String?] = Array(repeating: nil, count: ActionColumns.names.count)

    /// Column `i` of `r` as a string (nil for NULL), reusing the previous row's when the bytes are equal.
    mutating func string(_ r: SQLRow, _ i: Int) -> String? {
        guard i < last.count else { return r.string(i) }
        let prev = last[i]
        let value = r.withBytes(i) { b -> String in
            if var p = prev, p.utf8.count == b.count,
               p.withUTF8({ q in b.count == 0 || memcmp(q.baseAddress!, b.baseAddress!, b.count) == 0 }) {
                return p
            }
            return String(decoding: b, as: UTF8.self)
        }
        guard let s = value else { return nil }
        last[i] = s
        return s
    }
}
