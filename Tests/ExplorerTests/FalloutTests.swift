import Explorer
import FlyteModel
import Foundation
import Testing

/// The Fallout view: it opens on `:audit` or `!`, streams the audit's runs into a summary by severity, drills into
/// a severity's runs and then into a run with its lost objects marked, and stops the audit when asked or left.
@Suite struct FalloutTests {
    static func fallout(_ name: String, _ phase: Phase, _ consequences: Set<Consequence>, lost: [(ObjectRole, String)] = [],
                        unchecked: Bool = false) -> RunFallout {
        RunFallout(run: RunID(project: "flytesnacks", domain: "development", name: name), phase: phase, createdAt: Fixture.now.addingTimeInterval(-86400 * 40),
                   consequences: consequences,
                   lost: lost.map { FalloutObject(role: $0.0, uri: $0.1, action: "a0", attempt: nil, state: "not found", reason: "\($0.1): 404") },
                   unchecked: unchecked ? [FalloutObject(role: .inputs, uri: "s3://b/x", action: "a0", attempt: nil, state: "denied", reason: "403")] : [],
                   objectsChecked: 3)
    }

    func opened() -> (ExplorerState, RequestID) {
        var s = Fixture.state(project: "flytesnacks")
        _ = Explorer.start(&s)
        let fx = s.type(":audit flytesnacks/development") + s.press(.enter)
        guard case .audit(let scope, let id)? = fx.first(where: { if case .audit = $0 { true } else { false } }) else {
            Issue.record("no audit effect: \(fx)")
            return (s, 0)
        }
        #expect(scope == FalloutScope(project: "flytesnacks", domain: "development"))
        return (s, id)
    }

    @Test("updates stream into the summary: counts per severity, the lost objects known to the run screen")
    func streams() {
        var (s, id) = opened()
        #expect(s.screenText.contains("auditing"))
        s.apply(.falloutUpdate(id, FalloutUpdate(runs: [Self.fallout("r1", .running, [.inFlightBroken, .cannotRerun], lost: [(.inputs, "s3://b/in1")]),
                                                       Self.fallout("r2", .succeeded, [])], runsJudged: 2, objects: 6, requests: 2)))
        s.apply(.falloutUpdate(id, FalloutUpdate(runs: [Self.fallout("r3", .succeeded, [.cacheDead], lost: [(.cacheOutput, "s3://b/o3")]),
                                                       Self.fallout("r4", .failed, [], unchecked: true)],
                                                 runsJudged: 4, objects: 12, requests: 3, finished: true, ruleLines: ["FLAG everything: every key, after 75.0d"])))
        let text = s.screenText
        #expect(text.contains("done: 4 runs"))
        for (word, n) in [("broken", 1), ("rerun", 0), ("cache", 1), ("unverified", 1), ("intact", 1)] {
            #expect(text.split(separator: "\n").contains { $0.hasPrefix(word) && $0.contains(" \(n) ") }, "\(word) \(n)\n\(text)")
        }
        #expect(text.contains("FLAG everything"))
        #expect(s.objects["s3://b/in1"]?.isNotFound == true)
    }

    @Test("enter drills into a severity, enter again opens the run; esc walks back to the summary")
    func drills() {
        var (s, id) = opened()
        s.apply(.falloutUpdate(id, FalloutUpdate(runs: [Self.fallout("r1", .running, [.inFlightBroken], lost: [(.outputs, "s3://b/o1")])],
                                                 runsJudged: 1, objects: 3, requests: 1, finished: true)))
        s.press(.enter)
        #expect(s.screenText.contains("r1") && s.screenText.contains("outputs.pb"))
        let fx = s.press(.enter)
        #expect(fx.contains { if case .loadActions(let run, _) = $0 { run.name == "r1" } else { false } })
        s.press(.escape)
        s.press(.escape)
        #expect(s.screenText.contains("SEVERITY"))
    }

    @Test("x stops a running audit; leaving it stops it too; an update for a closed view stops its audit")
    func stops() {
        var (s, id) = opened()
        #expect(s.press(.char("x")).contains(.cancelAudit(id)))
        #expect(s.press(.escape).contains(.cancelAudit(id)))
        #expect(s.apply(.falloutUpdate(id, FalloutUpdate(runs: [], runsJudged: 0, objects: 0, requests: 0))).contains(.cancelAudit(id)))
    }

    @Test("! audits what is in view: the hub's project and domain")
    func bang() {
        var s = Fixture.state(project: "flytesnacks")
        _ = Explorer.start(&s)
        let fx = s.press(.char("!"))
        #expect(fx.contains { if case .audit(let sc, _) = $0 { sc == FalloutScope(project: "flytesnacks", domain: "development") } else { false } })
        #expect(ExplorerCommand.parse("audit *") == .success(.audit(project: "*", domain: nil)))
    }
}
