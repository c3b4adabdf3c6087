import FlyteModel
import Foundation
import Testing
@testable import Triage

/// What each loss breaks, case by case, as the Flyte docs describe it (see `Consequence`).
@Suite("Fallout judge")
struct FalloutJudgeTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let run = RunID(project: "p", domain: "d", name: "r1")

    func judge(phase: Phase, refs: [ObjectReference], states: [String: ObjectState], rules: [BucketRules] = []) -> RunFallout {
        FalloutJudge(rules: rules, now: now).judge(RunReferences(run: run, phase: phase, createdAt: now, references: refs), states: states)
    }

    static let gone = ObjectState.notFound(reason: "404")
    static let here = ObjectState.present(ObjectInfo(size: 1))

    @Test("root inputs gone: cannot re-run; in flight it also breaks the run")
    func rootInputs() {
        let refs = [ObjectReference(uri: "s3://b/in", role: .inputs, action: "a0")]
        #expect(judge(phase: .succeeded, refs: refs, states: ["s3://b/in": Self.gone]).consequences == [.cannotRerun])
        #expect(judge(phase: .running, refs: refs, states: ["s3://b/in": Self.gone]).consequences == [.cannotRerun, .inFlightBroken])
        #expect(judge(phase: .running, refs: refs, states: ["s3://b/in": Self.gone]).severity == .consequence(.inFlightBroken))
    }

    @Test("child inputs and outputs gone: previews lost when terminal, broken in flight")
    func childObjects() {
        let refs = [ObjectReference(uri: "s3://b/c/in", role: .inputs, action: "c1"),
                    ObjectReference(uri: "s3://b/c/out", role: .outputs, action: "c1", attempt: 1)]
        let st = ["s3://b/c/in": Self.gone, "s3://b/c/out": Self.gone]
        #expect(judge(phase: .failed, refs: refs, states: st).consequences == [.previewsLost])
        #expect(judge(phase: .running, refs: refs, states: st).consequences.contains(.inFlightBroken))
    }

    @Test("trace outputs gone: the trace cannot resume; cache output gone: the cache entry is dead")
    func traceAndCache() {
        let refs = [ObjectReference(uri: "s3://b/t/out", role: .traceOutputs, action: "t1"),
                    ObjectReference(uri: "s3://b/x/out", role: .cacheOutput, action: "c2", cacheKey: "k")]
        let f = judge(phase: .succeeded, refs: refs, states: ["s3://b/t/out": Self.gone, "s3://b/x/out": Self.gone])
        #expect(f.consequences == [.traceCannotResume, .cacheDead])
        #expect(f.lost.first { $0.role == .cacheOutput }?.cacheKey == "k")
    }

    @Test("denied and unavailable answers are unchecked, never losses; all present is intact")
    func honesty() {
        let refs = [ObjectReference(uri: "s3://b/in", role: .inputs, action: "a0")]
        let denied = judge(phase: .succeeded, refs: refs, states: ["s3://b/in": .denied(reason: "403 AccessDenied")])
        #expect(denied.consequences.isEmpty && denied.unchecked.count == 1 && denied.severity == .unverified)
        let unavailable = judge(phase: .succeeded, refs: refs, states: ["s3://b/in": .unavailable(reason: "timeout")])
        #expect(unavailable.severity == .unverified)
        #expect(judge(phase: .succeeded, refs: refs, states: ["s3://b/in": Self.here]).severity == .intact)
    }

    @Test("a missing Deck is no loss; one a lifecycle rule would have deleted is listed apart, with the rule")
    func decks() {
        let refs = [ObjectReference(uri: "s3://b/a/report.html", role: .report, action: "a0", attempt: 1, expected: false,
                                    writtenAt: now.addingTimeInterval(-20 * 86400))]
        let st = ["s3://b/a/report.html": Self.gone]
        let none = judge(phase: .succeeded, refs: refs, states: st)
        #expect(none.lost.isEmpty && none.decksMissing.isEmpty && none.severity == .intact)
        let rules = [BucketRules(root: "s3://b", rules: [LifecycleRule(id: "decks", provider: .s3, suffixes: ["/report.html"], ageDays: 15)], source: "test")]
        let ruled = judge(phase: .succeeded, refs: refs, states: st, rules: rules)
        #expect(ruled.decksMissing.map(\.rule) == ["decks"] && ruled.consequences.isEmpty)
    }

    @Test("the forecast lists present objects a rule deletes within the window, and what that would newly break")
    func forecast() {
        let written = now.addingTimeInterval(-25 * 86400)
        let refs = [ObjectReference(uri: "s3://b/uploads/in", role: .inputs, action: "a0", writtenAt: written)]
        let rules = [BucketRules(root: "s3://b", rules: [LifecycleRule(id: "up", provider: .s3, prefixes: ["uploads/"], ageDays: 30)], source: "t")]
        var j = FalloutJudge(rules: rules, now: now, forecastDays: 10)
        let st = ["s3://b/uploads/in": ObjectState.present(ObjectInfo(size: 1, lastModified: written))]
        let f = j.judge(RunReferences(run: run, phase: .succeeded, createdAt: written, references: refs), states: st)
        #expect(f.forecast.map(\.rule) == ["up"] && f.forecastConsequences == [.cannotRerun])
        j.forecastDays = 3
        #expect(j.judge(RunReferences(run: run, phase: .succeeded, createdAt: written, references: refs), states: st).forecast.isEmpty)
    }
}
