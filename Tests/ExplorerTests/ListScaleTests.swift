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

/// The runs list as a window over a long store: bounded rows however far the user scrolls, and the same rows in the
/// same order when scrolling back.
@Suite("Runs list window")
struct RunsWindowTests {
    /// A keyset store of `n` runs, newest first, answering the list's page requests as the SQL store does.
    struct Store {
        let all: [RunSummary]
        let position: [String: Int]
        init(n: Int) {
            all = (0..<n).map { Fixture.run(String(format: "r%06d", $0), ago: Double($0)) }
            position = Dictionary(uniqueKeysWithValues: all.enumerated().map { (PageToken.run($1), $0) })
        }

        /// Applies every page request in `fx` (and those the answers cause) to `s`.
        func serve(_ s: inout ExplorerState, _ fx: [Effect]) {
            var pending = fx
            while let e = pending.first(where: { if case .loadRuns = $0 { true } else if case .loadRunsBefore = $0 { true } else { false } }) {
                pending.removeAll { "\($0)" == "\(e)" }
                switch e {
                case .loadRuns(_, _, _, let limit, let after, let r):
                    let from = after.map { position[$0]! + 1 } ?? 0
                    let page = Array(all[from..<min(all.count, from + limit)])
                    let next = from + limit < all.count ? page.last.map(PageToken.run) : nil
                    pending += s.apply(.runsLoaded(r, .success((page, next))))
                case .loadRunsBefore(_, _, _, let limit, let before, let r):
                    let to = position[before]!
                    let from = max(0, to - limit)
                    let page = Array(all[from..<to])
                    pending += s.apply(.runsLoaded(r, .success((page, from > 0 ? page.first.map(PageToken.run) : nil))))
                default: break
                }
            }
        }
    }

    static func runs(_ s: ExplorerState) -> PagedList<RunSummary>? {
        if case .hub(let h) = s.top { h.runs } else { nil }
    }

    @Test("page-down through 20,000 runs holds at most a window of rows; page-up back to the top shows every row again")
    func window() throws {
        let store = Store(n: 20_000)
        var s = Fixture.state(width: 100, height: 30, project: "flytesnacks")
        store.serve(&s, Explorer.start(&s))
        var most = 0
        var positions: [Int] = []
        for _ in 0..<700 {
            store.serve(&s, s.press(.pageDown))
            let l = try #require(Self.runs(s))
            most = max(most, l.items.count)
            let abs = l.dropped + l.cursor.selected
            // The selected row is the run at that position in the store: nothing skipped, nothing repeated.
            #expect(l.selectedItem?.id == store.all[abs].id, "at \(abs)")
            positions.append(abs)
        }
        let deep = try #require(Self.runs(s))
        #expect(deep.dropped > 10_000, "the window moved down the store (dropped \(deep.dropped))")
        #expect(most <= PagedList<RunSummary>.windowRows + 100, "held \(most) rows")
        #expect(s.screenText.contains("–"), "the count says which rows the window holds")
        // Every step moved down by one screen; back up, every step moves up by one screen too.
        let step = positions[1] - positions[0]
        #expect(step > 10 && zip(positions, positions.dropFirst()).allSatisfy { $1 - $0 == step })
        var previous = deep.dropped + deep.cursor.selected
        for _ in 0..<800 {
            store.serve(&s, s.press(.pageUp))
            let l = try #require(Self.runs(s))
            let abs = l.dropped + l.cursor.selected
            #expect(l.selectedItem?.id == store.all[abs].id, "at \(abs)")
            #expect(abs == max(0, previous - step), "from \(previous) to \(abs)")
            #expect(l.items.count <= PagedList<RunSummary>.windowRows + 100)
            previous = abs
        }
        let top = try #require(Self.runs(s))
        #expect(top.dropped == 0 && top.cursor.selected == 0 && top.selectedItem?.id == store.all[0].id)

        // Deep again, then home: the list starts over at the newest run.
        for _ in 0..<300 { store.serve(&s, s.press(.pageDown)) }
        #expect(try #require(Self.runs(s)).dropped > 0)
        store.serve(&s, s.press(.home))
        let home = try #require(Self.runs(s))
        #expect(home.dropped == 0 && home.selectedItem?.id == store.all[0].id)
    }
}
