import FlyteModel
import Foundation

/// The field/value lines `flytrap get action` prints in table and CSV form.
enum ActionDetailText {
    static func fields(_ d: ActionDetail, now: Date) -> [(String, String)] {
        let a = d.summary
        var f: [(String, String)] = [
            ("run", a.id.run.description), ("action", a.id.name), ("kind", a.kind.name), ("name", a.displayName),
            ("phase", RecordFormats.phaseCell(a.phase)),
        ]
        if let p = a.parent { f.append(("parent", p)) }
        if let g = a.group { f.append(("group", g)) }
        f += [("task", [a.taskName, a.taskVersion].compactMap { $0 }.joined(separator: "@")), ("type", a.taskType)]
        if let e = a.environment { f.append(("environment", e)) }
        f += [("created", DBTime.iso(a.createdAt) + " (" + DurationText.ago(a.createdAt, now: now) + ")"),
              ("ended", a.endedAt.map(DBTime.iso) ?? "-"), ("duration", RecordFormats.duration(a, now: now)),
              ("attempts", String(a.attempts)), ("cache", a.cacheStatus.name)]
        if a.parent == nil { f.append(("source", a.source.word + (a.trigger.map { " (trigger \($0.name))" } ?? ""))) }
        if let r = a.abortReason { f.append(("abort reason", r)) }
        if let e = d.error { f.append(("error", "\(e.kind.name.uppercased())\(e.code.map { " \($0)" } ?? ""): \(e.message)")) }
        if let t = d.task {
            f.append(("image", t.image ?? "-"))
            if !t.inputs.isEmpty { f.append(("interface in", t.inputs.map { "\($0.name): \($0.type)" }.joined(separator: ", "))) }
            if !t.outputs.isEmpty { f.append(("interface out", t.outputs.map { "\($0.name): \($0.type)" }.joined(separator: ", "))) }
            f.append(("retries", String(t.retries)))
            f.append(("cacheable", t.cacheable ? "yes" : "no"))
        }
        if let c = d.condition {
            f.append(("prompt", c.prompt))
            f.append(("expects", c.expectedType))
            f.append(("signal", c.output.map { PreviewText.oneLine(PayloadDecoder.literal($0)) + (c.signalledBy.map { " (by \($0))" } ?? "") } ?? "waiting"))
        }
        if !d.labels.isEmpty { f.append(("labels", d.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))) }
        if let k = d.cacheKey { f.append(("cache key", k)) }
        f.append(("inputs", d.inputsURI ?? "-"))
        f.append(("outputs", d.outputsURI ?? "-"))
        for t in d.attempts {
            let span = t.end.flatMap { e in t.start.map { DurationText.short(e.timeIntervalSince($0)) } } ?? "…"
            f.append(("attempt \(t.number)", "\(RecordFormats.phaseCell(t.phase)) \(span) cache=\(t.cacheStatus.name)"))
            if let o = t.outputURI { f.append(("  outputs.pb", o)) }
            if let r = t.reportURI { f.append(("  report", r)) }
            if let e = t.errorDocumentURI { f.append(("  error.pb", e)) }
            if let c = d.checkpointPrefix(of: t) { f.append(("  checkpoints", c)) }
            if let e = t.error { f.append(("  error", "\(e.kind.name) \(e.code ?? ""): \(e.message)")) }
            if let s = t.cacheSource { f.append(("  cached from", s)) }
            for l in t.logs { f.append(("  log", "\(l.name): \(l.uri)")) }
            if !t.phaseTransitions.isEmpty {
                f.append(("  phases", t.phaseTransitions.map { p in
                    p.phase.name + (p.phase.isTerminal ? "" : (p.end.flatMap { e in p.start.map { " " + DurationText.short(e.timeIntervalSince($0)) } } ?? ""))
                }.joined(separator: " → ")))
            }
        }
        for w in d.warnings { f.append(("warning", w)) }
        return f
    }
}
