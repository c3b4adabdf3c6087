import Explorer
import FlyteModel
import Foundation
import ObjectStores
import Triage

/// The Fallout view's audits: each runs on a thread of its own and posts what it judged after every batch.
extension EffectRunner {
    func startAudit(_ scope: FalloutScope, _ id: RequestID) {
        let stop = Locked(false)
        audits.mutate { $0[id] = stop }
        var router = objects
        router.cache = nil  // an audit's answers would only push the previews out of the cache
        let checker = ExistenceChecker(router: router, concurrency: 32)
        let runner = AuditRunner(store: store, checker: checker, scope: AuditScope(project: scope.project, domain: scope.domain),
                                 localRules: (try? auditRules.get()) ?? [], now: Date())
        if case .failure(let e) = auditRules { runner.warn("\(e)") }
        runner.batchRuns = 64
        runner.countTotal = true
        runner.inventoryURIs = auditInventories
        let t = Thread { [weak self] in
            var pending: [RunFallout] = []
            do {
                let summary = try runner.run(emit: { pending.append($0) }, progress: { p in
                    self?.post(.falloutUpdate(id, FalloutUpdate(runs: pending, runsJudged: p.runs, objects: p.objects, requests: p.requests,
                                                                elapsed: p.elapsed, totalRuns: p.totalRuns, note: p.note)))
                    pending = []
                }, cancelled: { stop.value })
                let t = summary.tally
                self?.post(.falloutUpdate(id, FalloutUpdate(runs: pending, runsJudged: t.runs, objects: t.objectsChecked + t.objectsUnchecked,
                                                            requests: summary.requests.total, elapsed: summary.seconds, finished: true, partial: summary.partial,
                                                            ruleLines: summary.inventories.map(\.summaryLine) + summary.ruleLines)))
            } catch {
                self?.post(.falloutUpdate(id, FalloutUpdate(runs: pending, runsJudged: 0, objects: 0, requests: checker.requests.total,
                                                            finished: true, error: Self.failure(error).message)))
            }
            self?.audits.mutate { $0[id] = nil }
        }
        t.name = "flytrap-audit"
        t.start()
    }

    func cancelAudit(_ id: RequestID) {
        audits.value[id]?.value = true
    }
}
