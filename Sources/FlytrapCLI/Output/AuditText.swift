import FlyteModel
import Foundation
import Triage

/// How `flytrap audit` prints: one line (table), object (JSON) or row (CSV) per run, then the summary.
enum AuditText {
    // MARK: per run

    static func runLine(_ r: RunFallout, now: Date) -> String {
        let sev = r.severity.word.padding(toLength: 10, withPad: " ", startingAt: 0)
        let id = TerminalText.sanitize(r.run.description)
        let age = DurationText.ago(r.createdAt, now: now)
        var line = "\(sev) \(id)  \(r.phase.name)  \(age)"
        let cs = r.consequences.sorted().map(\.title)
        if !cs.isEmpty { line += "  [\(cs.joined(separator: "; "))]" }
        if !r.lost.isEmpty { line += "  lost: " + TerminalText.sanitize(r.lostText) }
        if !r.decksMissing.isEmpty { line += "  no Deck: \(r.decksMissing.count)" }
        if !r.unchecked.isEmpty { line += "  unchecked: \(r.unchecked.count) (\(TerminalText.sanitize(r.unchecked[0].reason ?? r.unchecked[0].state)))" }
        if !r.forecastConsequences.isEmpty {
            line += "  forecast: " + r.forecastConsequences.sorted().map(\.title).joined(separator: "; ")
        }
        return line + "\n"
    }

    /// The lost objects of a run, indented under its line (table output with `--objects`).
    static func objectLines(_ r: RunFallout) -> String {
        (r.lost + r.decksMissing + r.unchecked + r.forecast).map { o in
            let at = o.attempt.map { "#\($0)" } ?? ""
            let rule = o.rule.map { " (rule \($0))" } ?? ""
            return "    \(o.role.label.padding(toLength: 18, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(o.action))\(at)  \(o.state)\(rule)  \(TerminalText.sanitize(o.uri))\n"
        }.joined()
    }

    static func objectJSON(_ o: FalloutObject) -> JSONValue {
        .object([("role", .string(o.role.rawValue)), ("action", .string(o.action)), ("attempt", o.attempt.map { .int(Int64($0)) } ?? .null),
                 ("uri", .string(o.uri)), ("state", .string(o.state)), ("reason", o.reason.map { .string($0) } ?? .null),
                 ("rule", o.rule.map { .string($0) } ?? .null), ("cache_key", o.cacheKey.map { .string($0) } ?? .null)])
    }

    static func runJSON(_ r: RunFallout) -> JSONValue {
        .object([("project", .string(r.run.project)), ("domain", .string(r.run.domain)), ("run", .string(r.run.name)),
                 ("phase", .string(r.phase.name)), ("created_at", .string(DBTime.iso(r.createdAt))), ("severity", .string(r.severity.word)),
                 ("consequences", .array(r.consequences.sorted().map { .string($0.rawValue) })),
                 ("objects_checked", .int(Int64(r.objectsChecked))), ("lost", .array(r.lost.map(objectJSON))), ("decks_missing", .array(r.decksMissing.map(objectJSON))),
                 ("unchecked", .array(r.unchecked.map(objectJSON))), ("forecast", .array(r.forecast.map(objectJSON))),
                 ("forecast_consequences", .array(r.forecastConsequences.sorted().map { .string($0.rawValue) }))])
    }

    static let csvHeader = ["project", "domain", "run", "phase", "created_at", "severity", "consequences", "objects_checked",
                            "lost", "lost_objects", "unchecked", "forecast_consequences"]

    static func csvRow(_ r: RunFallout) -> [String] {
        [r.run.project, r.run.domain, r.run.name, r.phase.name, DBTime.iso(r.createdAt), r.severity.word,
         r.consequences.sorted().map(\.rawValue).joined(separator: ";"), String(r.objectsChecked), String(r.lost.count),
         r.lost.map(\.uri).joined(separator: ";"), String(r.unchecked.count),
         r.forecastConsequences.sorted().map(\.rawValue).joined(separator: ";")]
    }

    // MARK: summary

    static func summaryText(_ s: AuditSummary, store: String) -> String {
        let t = s.tally
        var out = "\n"
        out += "Retention audit of \(TerminalText.sanitize(store)) (\(s.scope))\(s.partial ? " — PARTIAL: stopped early" : "")\n"
        out += "  \(grouped(t.runs)) runs, \(grouped(t.objectsChecked)) objects checked in \(String(format: "%.1f", s.seconds))s with "
            + "\(grouped(s.requests.total)) requests (\(s.requests.lists) lists, \(s.requests.heads) HEADs, \(s.requests.gets) GETs"
            + (s.requests.lifecycle > 0 ? ", \(s.requests.lifecycle) lifecycle reads" : "") + ")"
            + (t.runs > 0 ? String(format: ", %.2f per run", Double(s.requests.total) / Double(t.runs)) : "") + "\n"
        for i in s.inventories { out += "  " + i.summaryLine + "\n" }
        out += "  history: intact for every run (it lives in the metadata store)\n\n"
        out += "Runs by severity\n"
        for sev in FalloutSeverity.all {
            out += "  \(sev.word.padding(toLength: 11, withPad: " ", startingAt: 0)) \(pad(t.count(sev), 9))  \(sev.title)\n"
        }
        out += "\nRuns by consequence (a run counts under each it has)\n"
        for c in Consequence.allCases {
            out += "  \(c.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(pad(t.byConsequence[c.rawValue] ?? 0, 9))  \(c.explanation)\n"
        }
        out += "  dead cache entries: \(grouped(t.deadCacheKeys)); objects lost: \(grouped(t.objectsLost)); "
            + "report.html not found where a rule would have deleted it: \(grouped(t.decksNotFound)) (purged, or never written: Flyte writes a Deck only for tasks that report); "
            + "objects not checkable: \(grouped(t.objectsUnchecked))\n"
        out += "\nBy project/domain\n" + matrix(t.byProjectDomain, keys: t.byProjectDomain.keys.sorted())
        out += "\nBy age of the run\n" + matrix(t.byAge, keys: FalloutTally.ageBuckets.filter { t.byAge[$0] != nil })
        out += rulesText(s)
        if let days = s.forecastDays {
            out += "\nForecast: within \(LifecycleRule.days(days)) days the current rules delete \(grouped(t.objectsForecast)) more referenced objects\n"
            for c in Consequence.allCases { out += "  \(c.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(pad(t.forecastByConsequence[c.rawValue] ?? 0, 9)) more runs\n" }
        }
        for w in s.warnings { out += "warning: \(TerminalText.sanitize(w))\n" }
        return out
    }

    static func rulesText(_ s: AuditSummary) -> String {
        guard !s.rules.isEmpty else { return "\nLifecycle rules: none read (pass --lifecycle FILE for a local bucket)\n" }
        var out = "\nLifecycle rules\n"
        for b in s.rules {
            out += "  \(TerminalText.sanitize(b.root)) (\(TerminalText.sanitize(b.source))): \(b.rules.isEmpty ? "no rules" : "\(b.rules.count) rules")\n"
            for r in b.rules {
                let flags = s.flags(root: b.root, rule: r)
                out += "    \(flags.isEmpty ? "ok  " : "FLAG") \(TerminalText.sanitize(r.id)): \(TerminalText.sanitize(r.conditionText))\n"
                for f in flags { out += "         \(f)\n" }
                let cov = s.coverage(root: b.root, rule: r.id)
                if !cov.isEmpty {
                    out += "         selects referenced " + cov.sorted { $0.key < $1.key }.map { "\(grouped($0.value)) \($0.key)" }.joined(separator: ", ") + "\n"
                }
            }
        }
        return out
    }

    static func summaryJSON(_ s: AuditSummary) -> JSONValue {
        let t = s.tally
        func counts(_ d: [String: Int]) -> JSONValue { .object(d.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) }) }
        return .object([
            ("scope", .string(s.scope)), ("partial", .bool(s.partial)), ("seconds", .double(s.seconds)), ("runs", .int(Int64(t.runs))),
            ("by_severity", .object(FalloutSeverity.all.map { ($0.word, .int(Int64(t.count($0)))) })),
            ("by_consequence", .object(Consequence.allCases.map { ($0.rawValue, .int(Int64(t.byConsequence[$0.rawValue] ?? 0))) })),
            ("by_project_domain", .object(t.byProjectDomain.sorted { $0.key < $1.key }.map { ($0.key, counts($0.value)) })),
            ("by_age", .object(FalloutTally.ageBuckets.compactMap { k in t.byAge[k].map { (k, counts($0)) } })),
            ("objects_checked", .int(Int64(t.objectsChecked))), ("objects_lost", .int(Int64(t.objectsLost))),
            ("decks_not_found", .int(Int64(t.decksNotFound))), ("objects_unchecked", .int(Int64(t.objectsUnchecked))),
            ("dead_cache_entries", .int(Int64(t.deadCacheKeys))),
            ("requests", .object([("total", .int(Int64(s.requests.total))), ("lists", .int(Int64(s.requests.lists))),
                                  ("heads", .int(Int64(s.requests.heads))), ("gets", .int(Int64(s.requests.gets))),
                                  ("lifecycle", .int(Int64(s.requests.lifecycle)))])),
            ("rules", .array(s.rules.flatMap { b in b.rules.map { r in
                JSONValue.object([("bucket", .string(b.root)), ("source", .string(b.source)), ("id", .string(r.id)),
                                  ("conditions", .string(r.conditionText)), ("flags", .array(s.flags(root: b.root, rule: r).map { .string($0) })),
                                  ("selects", counts(s.coverage(root: b.root, rule: r.id)))])
            } })),
            ("forecast_days", s.forecastDays.map { .double($0) } ?? .null),
            ("forecast_objects", .int(Int64(t.objectsForecast))), ("forecast_by_consequence", counts(t.forecastByConsequence)),
            ("warnings", .array(s.warnings.map { .string($0) })),
            ("inventories", .array(s.inventories.map { i in
                JSONValue.object([("bucket", .string(i.root)), ("manifest", .string(i.manifest)),
                                  ("created_at", i.createdAt.map { .string(DBTime.iso($0)) } ?? .null), ("files", .int(Int64(i.files))),
                                  ("objects", .int(Int64(i.objects))), ("bytes_read", .int(i.bytesRead)), ("index_bytes", .int(Int64(i.indexBytes))),
                                  ("settled", .int(Int64(i.settled))), ("checked_live", .int(Int64(i.checkedLive)))])
            })),
        ])
    }

    static func matrix(_ m: [String: [String: Int]], keys: [String]) -> String {
        let cols = FalloutSeverity.all.map(\.word)
        let w = max(12, (keys.map(\.count).max() ?? 0) + 2)
        var out = "  " + "".padding(toLength: w, withPad: " ", startingAt: 0) + cols.map { $0.leftPadded(11) }.joined() + "\n"
        for k in keys {
            out += "  " + TerminalText.sanitize(k).padding(toLength: w, withPad: " ", startingAt: 0)
                + cols.map { String(m[k]?[$0] ?? 0).leftPadded(11) }.joined() + "\n"
        }
        return out
    }

    static func grouped(_ n: Int) -> String { PreviewFormat.grouped(n) }
    static func pad(_ n: Int, _ w: Int) -> String { grouped(n).leftPadded(w) }

    // MARK: progress

    /// `[#####·····] 1,234 runs · 5,678 objects · 312 req · 820 runs/s · ETA 0:04`, fit to `width`.
    static func progressLine(_ p: AuditProgress, width: Int) -> String {
        if let note = p.note { return String(TerminalText.sanitize(note).prefix(max(10, width - 1))) }
        let rate = p.elapsed > 0 ? Double(p.runs) / p.elapsed : 0
        var line = "\(grouped(p.runs)) runs · \(grouped(p.objects)) objects · \(grouped(p.requests)) req · \(Int(rate)) runs/s"
        if let total = p.totalRuns, total > 0 {
            let frac = min(1, Double(p.runs) / Double(total))
            let bar = 20
            let filled = Int(frac * Double(bar))
            line = "[" + String(repeating: "#", count: filled) + String(repeating: "·", count: bar - filled) + "] " + line
            if rate > 0 { line += " · ETA " + clock(Double(total - p.runs) / rate) }
        }
        return String(line.prefix(max(10, width - 1)))
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}

extension String {
    func leftPadded(_ w: Int) -> String { count >= w ? self : String(repeating: " ", count: w - count) + self }
}
