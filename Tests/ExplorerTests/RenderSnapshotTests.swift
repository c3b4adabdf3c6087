import Explorer
import FlyteModel
import Foundation
import Terminal
import Testing

/// Text snapshots of whole frames (re-record with RECORD_SNAPSHOTS=1).
@Suite("Explorer frames")
struct RenderSnapshotTests {
    func runsState(ascii: Bool = false) -> ExplorerState {
        var s = Fixture.state(width: 110, height: 14, project: "flytesnacks")
        s.options.ascii = ascii
        let fx = Explorer.start(&s)
        let id = fx.compactMap { if case .loadRuns(_, _, _, _, _, let r) = $0 { r } else { nil } }.first!
        let runs = [Fixture.run("rlive1", phase: .running, ago: 120), Fixture.run("rfail2", phase: .failed, ago: 7200, attempts: 3),
                    Fixture.run("rok3", ago: 86_400 * 3), Fixture.run("rpurged4", ago: 86_400 * 40)]
        s.apply(.runsLoaded(id, .success((runs, "NEXT"))))
        for r in runs {
            let d = Fixture.detail(r.root)
            s.apply(.detailLoaded(r.root.id, .success(d)))
            var states: [String: ObjectState] = [:]
            for i in ActionObjects(d).items { states[i.uri] = r.id.name == "rpurged4" && i.kind == .inputs ? .notFound(reason: "gone") : .present(.init(size: 10)) }
            s.apply(.objectsChecked(states))
        }
        return s
    }

    @Test("runs list") func runs() { assertSnapshot(runsState().screenText, named: "runs") }
    @Test("runs list in ASCII") func runsASCII() { assertSnapshot(runsState(ascii: true).screenText, named: "runs-ascii") }

    @Test("run screen with tree and detail")
    func run() {
        var s = runsState()
        s.height = 30
        s.press(.down)
        let fx = s.press(.enter)
        guard case .loadActions(_, let req)? = fx.first(where: { if case .loadActions = $0 { true } else { false } }) else { return }
        let run = "rfail2"
        let actions = [Fixture.action(run, phase: .failed, attempts: 1, ago: 7200), Fixture.action(run, "a1", parent: "a0", attempts: 3, ago: 7100),
                       Fixture.action(run, "a2", parent: "a0", group: "shards", ago: 7000, cache: .hit),
                       Fixture.action(run, "a3", parent: "a0", group: "shards", phase: .failed, ago: 6900)]
        s.apply(.actionsLoaded(req, .success(actions)))
        for a in actions { s.apply(.detailLoaded(a.id, .success(Fixture.detail(a)))) }
        assertSnapshot(s.screenText, named: "run")
    }

    @Test("help") func help() {
        var s = Fixture.state(width: 100, height: 24)
        _ = Explorer.start(&s)
        s.press(.char("?"))
        assertSnapshot(s.screenText, named: "help")
    }
}
