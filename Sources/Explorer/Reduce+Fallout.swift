import FlyteModel
import Foundation

extension Explorer {
    /// Opens the Fallout view over `scope` and starts its audit.
    static func openFallout(_ s: inout ExplorerState, _ scope: FalloutScope) -> [Effect] {
        let r = s.request()
        s.stack.append(.fallout(FalloutScreen(scope: scope, request: r, started: s.now)))
        return [.audit(scope, r)]
    }

    /// The scope `!` audits from the screen in view: the hub's project/domain, a project's, or every project.
    static func falloutScope(_ s: ExplorerState) -> FalloutScope {
        switch s.top {
        case .projects(let p):
            let list = filteredProjects(p)
            return FalloutScope(project: list.indices.contains(p.cursor.selected) ? list[p.cursor.selected].id : nil)
        case .domains(let d):
            let ds = d.domains.value ?? []
            return FalloutScope(project: d.project, domain: ds.indices.contains(d.cursor.selected) ? ds[d.cursor.selected] : nil)
        default:
            let (p, d) = scope(s)
            return FalloutScope(project: p, domain: d)
        }
    }

    /// Folds an audit update into the Fallout screen it belongs to (wherever it is on the stack).
    static func falloutUpdate(_ s: inout ExplorerState, _ id: RequestID, _ u: FalloutUpdate) -> [Effect] {
        guard let i = s.stack.lastIndex(where: { if case .fallout(let f) = $0 { f.request == id } else { false } }),
              case .fallout(var f) = s.stack[i] else { return [.cancelAudit(id)] }
        for r in u.runs {
            f.tally.add(r, now: s.now)
            guard r.severity != .intact else { continue }
            if f.findings.count < FalloutScreen.keep { f.findings.append(r) } else { f.dropped += 1 }
            // The lost objects are facts the run screen can show at once.
            for o in r.lost + r.decksMissing where s.objects[o.uri] == nil { s.objects[o.uri] = .notFound(reason: o.reason ?? "\(o.uri): not found") }
        }
        f.objects = u.objects
        f.requests = u.requests
        f.elapsed = max(f.elapsed, u.elapsed)
        f.totalRuns = u.totalRuns ?? f.totalRuns
        if u.finished {
            f.finishedAt = s.now
            f.partial = u.partial
            f.ruleLines = u.ruleLines
        }
        if let e = u.error { f.error = e }
        s.stack[i] = .fallout(f)
        if let n = u.note, i == s.stack.count - 1 { s.say(n) }
        if u.finished, u.error == nil, i == s.stack.count - 1 {
            s.say("audit of \(f.scope.title) \(u.partial ? "stopped" : "done"): \(PreviewFormat.grouped(f.tally.runs)) runs, "
                  + "\(PreviewFormat.grouped(f.tally.runs - f.tally.count(.intact))) with findings")
        }
        if let e = u.error { s.say("audit failed: \(e)", .error) }
        return []
    }

    /// `enter` in the Fallout view: summary → that severity's runs → the run.
    static func openInFallout(_ s: inout ExplorerState, _ f: FalloutScreen) -> [Effect] {
        var f = f
        if f.drill == nil {
            let sev = FalloutSeverity.all[min(f.cursor.selected, FalloutSeverity.all.count - 1)]
            guard sev != .intact else { s.say("intact runs are not listed (they lost nothing)"); return [] }
            f.drill = sev
            f.runCursor = ListCursor()
            s.top = .fallout(f)
            return []
        }
        let runs = f.drilledRuns
        guard runs.indices.contains(f.runCursor.selected) else { return [] }
        let r = runs[f.runCursor.selected]
        return openRun(&s, r.run, select: r.lost.first?.action)
    }

    /// `esc` in the Fallout view: from a severity's runs back to the summary, else leave (stopping the audit).
    static func backInFallout(_ s: inout ExplorerState, _ f: FalloutScreen) -> [Effect]? {
        if f.drill != nil {
            var f = f
            f.drill = nil
            s.top = .fallout(f)
            return []
        }
        return f.running ? [.cancelAudit(f.request)] : nil
    }

    /// `x`: stops the audit in view; what it found stays.
    static func cancelFallout(_ s: inout ExplorerState) -> [Effect] {
        guard case .fallout(let f) = s.top, f.running else { s.say("no audit running here", .warn); return [] }
        s.say("stopping the audit…")
        return [.cancelAudit(f.request)]
    }
}
