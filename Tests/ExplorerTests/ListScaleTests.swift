import Explorer
import FlyteModel
import Foundation
import Testing

/// How the runs list behaves when the store is far larger than the screen: bounded paging under a filter, data
/// states kept without keeping details, filters matching data states in a batch, and the literal filter fast path.
@Suite("Runs list at scale")
struct ListScaleTests {
    /// Answers every `.loadRuns` in `fx` with a page of `n` runs that `name` names, returning the effects that follow
    /// and how many pages were answered.
    func answerPages(_ s: inout ExplorerState, _ fx: [Effect], rounds: Int, n: Int = 100) -> (pages: Int, last: [Effect]) {
        var pending = fx
        var pages = 0
        for _ in 0..<rounds {
            guard let req = pending.compactMap({ if case .loadRuns(_, _, _, _, _, let r) = $0 { r } else { nil } }).first else { break }
            let runs = (0..<n).map { Fixture.run("p\(pages)x\($0)", ago: Double(pages * n + $0)) }
            pages += 1
            pending = s.apply(.runsLoaded(req, .success((runs, "next\(pages)"))))
        }
        return (pages, pending)
    }

    @Test("a filter that matches nothing stops paging after a bounded number of pages; ↓ asks for more")
    func boundedPaging() {
        var s = Fixture.state(width: 100, height: 20, project: "flytesnacks")
        let start = Explorer.start(&s)
        var (pages, last) = answerPages(&s, start, rounds: 1)
        #expect(pages == 1)
        var fx = s.press(.char("/"))
        fx += s.type("zzz-no-such-run")
        fx += s.press(.enter)
        (pages, last) = answerPages(&s, fx + last, rounds: 1_000)
        #expect(pages == PagedList<RunSummary>.autoPageLimit, "a filter that never matches must not walk the whole store")
        #expect(s.screenText.contains("↓ loads more"))
        let more = s.press(.down)
        #expect(more.contains { if case .loadRuns = $0 { true } else { false } })
    }

    @Test("the runs list keeps each row's data state but not its detail; a data filter sees a batch of answers")
    func dataStatesWithoutDetails() throws {
        var s = Fixture.state(width: 120, height: 20, project: "flytesnacks")
        let start = Explorer.start(&s)
        let runs = (0..<5).map { Fixture.run("r\($0)", ago: Double($0) * 60) }
        let req = try #require(start.compactMap { if case .loadRuns(_, _, _, _, _, let r) = $0 { r } else { nil } }.first)
        s.apply(.runsLoaded(req, .success((runs, nil))))
        s.press(.char("/"))
        s.type("purged")
        s.press(.enter)
        #expect(!s.screenText.contains("r0 "))
        let details = runs.map { Fixture.detail($0.root) }
        var batch: [Action] = details.map { .detailLoaded($0.summary.id, .success($0)) }
        var states: [String: ObjectState] = [:]
        for (i, d) in details.enumerated() {
            states[d.inputsURI!] = i % 2 == 0 ? .notFound(reason: "NoSuchKey") : .present(ObjectInfo(size: 1))
            states[d.attempts[0].outputURI!] = .present(ObjectInfo(size: 1))
        }
        batch.append(.objectsChecked(states))
        _ = Explorer.reduce(&s, actions: batch)
        let text = s.screenText
        #expect(text.contains("r0 ") && text.contains("r2 ") && text.contains("r4 "))
        #expect(!text.contains("r1 ") && !text.contains("r3 "))
        for r in runs { #expect(s.details[r.root.id] == nil, "list rows keep a summary, not the whole detail") }
        #expect(s.rowData.summary(runs[0].root.id) == .purged([.inputs]))
    }

    @Test("a plain filter matches exactly what a case-insensitive regex of the escaped text matches")
    func literalFastPath() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ-_ 019/:éK")
        for _ in 0..<2_000 {
            let hay = String((0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let needle = String((0..<Int.random(in: 1...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                .trimmingCharacters(in: .whitespaces)
            guard let f = ListFilter(needle) else { continue }
            let oracle = try NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: needle), options: [.caseInsensitive])
            let expected = oracle.firstMatch(in: hay, range: NSRange(hay.startIndex..., in: hay)) != nil
            #expect(f.matches(hay) == expected, "\(needle) in \(hay)")
            if !hay.contains("K") && !hay.contains("é") {
                #expect(f.hits(inLowercased: hay.lowercased()) == expected, "\(needle) in \(hay) (lowercased index)")
            }
        }
    }
}
