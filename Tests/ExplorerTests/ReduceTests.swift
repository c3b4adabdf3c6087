import Explorer
import FlyteModel
import Foundation
import Terminal
import Testing

@Suite("Explorer reduce")
struct ReduceTests {
    /// A state on the runs of flytesnacks/development with `runs` loaded.
    func loaded(_ runs: [RunSummary], next: String? = nil, width: Int = 100, height: Int = 20) -> (ExplorerState, [Effect]) {
        var s = Fixture.state(width: width, height: height, project: "flytesnacks")
        let fx = Explorer.start(&s)
        let id = fx.compactMap { if case .loadRuns(_, _, _, _, _, let r) = $0 { r } else { nil } }.first!
        let more = s.apply(.runsLoaded(id, .success((runs, next))))
        return (s, fx + more)
    }

    @Test("start opens the configured project's runs and asks for projects, domains and runs")
    func start() {
        var s = Fixture.state(project: "flytesnacks")
        let fx = Explorer.start(&s)
        #expect(fx.contains { if case .loadProjects = $0 { true } else { false } })
        #expect(fx.contains { if case .loadDomains(project: "flytesnacks", _) = $0 { true } else { false } })
        #expect(fx.contains { if case .loadRuns(project: "flytesnacks", domain: "development", phases: [], _, after: nil, _) = $0 { true } else { false } })
        #expect(s.stack.map(\.crumb) == ["projects", "flytesnacks", "development · runs"])
    }

    @Test("a result for a request the user has left is dropped")
    func stale() {
        var s = Fixture.state(project: "flytesnacks")
        _ = Explorer.start(&s)
        s.apply(.runsLoaded(9_999, .success(([Fixture.run("rstale")], nil))))
        #expect(!s.screenText.contains("rstale"))
    }

    @Test("the data column asks for visible rows only, then says what was purged")
    func dataColumn() {
        let runs = (0..<40).map { Fixture.run("r\($0)", ago: Double($0) * 60) }
        var (s, fx) = loaded(runs, height: 12)
        let asked = fx.compactMap { if case .loadDetail(let id) = $0 { id.run.name } else { nil } }
        // 12 rows: title, crumbs, section bar, header, status → 7 visible rows.
        #expect(asked == (0..<7).map { "r\($0)" })
        #expect(s.screenText.contains("…"))
        let d0 = Fixture.detail(runs[0].root)
        let d1 = Fixture.detail(runs[1].root)
        s.apply(.detailLoaded(runs[0].root.id, .success(d0)), .detailLoaded(runs[1].root.id, .success(d1)))
        s.apply(.objectsChecked([d0.inputsURI!: .notFound(reason: "gone"), d0.attempts[0].outputURI!: .present(ObjectInfo(size: 3)),
                                 d1.inputsURI!: .present(ObjectInfo(size: 3)), d1.attempts[0].outputURI!: .notFound(reason: "gone")]))
        let rows = s.screenText.split(separator: "\n")
        #expect(rows.first { $0.contains("r0 ") }?.contains("inputs purged") == true)
        #expect(rows.first { $0.contains("r1 ") }?.contains("purged: outputs") == true)
    }

    @Test("not found is drawn in its own theme style, not just its own words")
    func notFoundStyle() {
        let runs = [Fixture.run("r0"), Fixture.run("r1")]
        var (s, _) = loaded(runs)
        let d = Fixture.detail(runs[0].root)
        s.apply(.detailLoaded(runs[0].root.id, .success(d)))
        s.apply(.objectsChecked([d.inputsURI!: .notFound(reason: "gone"), d.attempts[0].outputURI!: .present(ObjectInfo(size: 1))]))
        s.press(.down)  // select r1 so r0's row is drawn unselected
        let c = Render.frame(s)
        let y = c.rows.firstIndex { $0.contains("inputs purged") }!
        let x = c.rows[y].distance(from: c.rows[y].startIndex, to: c.rows[y].range(of: "inputs purged")!.lowerBound)
        #expect(c[x, y].style == s.theme[.objectNotFound])
        #expect(c[x, y].style != s.theme[.body])
    }

    @Test("/ filters by regex, ! inverts, esc clears")
    func filter() {
        let runs = [Fixture.run("alpha", phase: .failed), Fixture.run("beta"), Fixture.run("gamma", phase: .failed)]
        var (s, _) = loaded(runs)
        s.press(.char("/"))
        s.type("fail")
        var text = s.screenText
        #expect(text.contains(" alpha ") && text.contains(" gamma ") && !text.contains(" beta "))
        s.press(.enter, .char("/"), .ctrl("u"))
        s.type("!alpha|beta")
        s.press(.enter)
        text = s.screenText
        #expect(text.contains(" gamma ") && !text.contains(" alpha ") && !text.contains(" beta "))
        s.press(.escape)
        text = s.screenText
        #expect(text.contains("alpha") && text.contains("beta") && text.contains("gamma"))
    }

    @Test("phase quick filters ask the store, not the loaded rows")
    func phaseFilter() {
        var (s, _) = loaded([Fixture.run("a")])
        let fx = s.press(.char("F"))
        #expect(fx.contains { if case .loadRuns(_, _, phases: [.failed, .timedOut], _, after: nil, _) = $0 { true } else { false } })
        #expect(!s.screenText.contains(" a "))
    }

    @Test("sorting by a column orders rows by that column, both ways")
    func sort() {
        let names = ["mango", "apple", "kiwi", "banana"]
        var (s, _) = loaded(names.enumerated().map { Fixture.run($1, ago: Double($0)) })
        s.press(.char(":"))
        s.type("sort run")
        s.press(.enter)
        func order(_ text: String) -> [String] { names.sorted { text.range(of: " \($0) ")!.lowerBound < text.range(of: " \($1) ")!.lowerBound } }
        #expect(order(s.screenText) == names.sorted())
        s.press(.char("s"))
        #expect(order(s.screenText) == names.sorted().reversed())
        s.press(.char(":"))
        s.type("sort run")
        s.press(.enter)
        #expect(order(s.screenText) == names.sorted())
        s.press(.char(":"))
        s.type("sort run-")
        s.press(.enter)
        #expect(order(s.screenText) == names.sorted().reversed(), "a trailing - sorts descending")
        #expect(s.flash?.text.hasSuffix("descending") == true)
    }

    @Test("scrolling near the end asks for the next keyset page")
    func infiniteScroll() {
        var (s, _) = loaded((0..<30).map { Fixture.run("r\($0)") }, next: "TOKEN")
        let fx = s.press(.char("G"))
        #expect(fx.contains { if case .loadRuns(_, _, _, _, after: "TOKEN", _) = $0 { true } else { false } })
    }

    @Test("live refresh keeps the selected run selected when new runs arrive above it")
    func refreshKeepsSelection() {
        var s = Fixture.state(project: "flytesnacks", refresh: 5)
        let fx = Explorer.start(&s)
        let id = fx.compactMap { if case .loadRuns(_, _, _, _, _, let r) = $0 { r } else { nil } }.first!
        let runs = (0..<5).map { Fixture.run("r\($0)", phase: .running) }
        s.apply(.runsLoaded(id, .success((runs, nil))))
        s.press(.down, .down)
        let rfx = s.apply(.tick(Fixture.now.addingTimeInterval(6)))
        let rid = rfx.compactMap { if case .loadRuns(_, _, _, _, after: nil, let r) = $0 { r } else { nil } }.first
        #expect(rid != nil)
        s.apply(.runsLoaded(rid!, .success(([Fixture.run("rnew", phase: .queued)] + runs, nil))))
        #expect(s.press(.char("y")) == [.copy("flytesnacks/development/r2")])
    }

    @Test("enter opens a run; its actions become a tree with groups and retries")
    func openRun() {
        var (s, _) = loaded([Fixture.run("r0")])
        let fx = s.press(.enter)
        guard case .loadActions(let rid, let req)? = fx.first(where: { if case .loadActions = $0 { true } else { false } }) else {
            Issue.record("no loadActions")
            return
        }
        #expect(rid.name == "r0")
        let actions = [Fixture.action("r0"), Fixture.action("r0", "a1", parent: "a0", group: "shards", attempts: 3, ago: 3000),
                       Fixture.action("r0", "a2", parent: "a0", group: "shards", phase: .failed, ago: 2900)]
        let more = s.apply(.actionsLoaded(req, .success(actions)))
        let text = s.screenText
        #expect(text.contains("shards [2]"))
        #expect(text.contains("[x3]"))
        #expect(more.contains { if case .loadDetail(let id) = $0 { id.name == "a1" } else { false } })
        // Collapse the group.
        s.press(.down, .char(" "))
        #expect(!s.screenText.contains("[x3]"))
    }

    @Test("leaving a Deck that is still loading cancels its fetch; returning to it fetches again")
    func leavingCancelsFetch() {
        var (s, _) = loaded([Fixture.run("r0")])
        let fx = s.press(.enter)
        guard case .loadActions(_, let req)? = fx.first(where: { if case .loadActions = $0 { true } else { false } }) else {
            Issue.record("no loadActions"); return
        }
        let a0 = Fixture.action("r0")
        s.apply(.actionsLoaded(req, .success([a0])), .detailLoaded(a0.id, .success(Fixture.detail(a0))))
        guard case .fetchDeck(_, _, let deckReq)? = s.press(.char("d")).first(where: { if case .fetchDeck = $0 { true } else { false } }) else {
            Issue.record("d did not fetch the Deck"); return
        }
        #expect(s.press(.escape).contains(.cancelFetch(deckReq)))
        // A fetch that already answered is not cancelled on leaving.
        guard case .fetchDeck(_, _, let again)? = s.press(.char("d")).first(where: { if case .fetchDeck = $0 { true } else { false } }) else {
            Issue.record("d did not fetch the Deck again"); return
        }
        #expect(again != deckReq)
        s.apply(.deckFetched(again, DeckFetch(state: .notFound(reason: "gone"), text: nil, width: 80)))
        #expect(!s.press(.escape).contains { if case .cancelFetch = $0 { true } else { false } })
    }

    @Test("the : command line runs k9s-style commands and names what it cannot")
    func commands() {
        var (s, _) = loaded([Fixture.run("r0")])
        s.press(.char(":"))
        s.type("runs other/prod /fail")
        let fx = s.press(.enter)
        #expect(fx.contains { if case .loadRuns(project: "other", domain: "prod", _, _, _, _) = $0 { true } else { false } })
        s.press(.char(":"))
        s.type("bogus")
        s.press(.enter)
        #expect(s.flash?.text.contains(":bogus: unknown command") == true)
        s.press(.char(":"))
        s.type("th")
        s.press(.tab)
        guard case .command(let e) = s.mode else { Issue.record("not in command mode"); return }
        #expect(e.text == "theme ")
        s.type("sol")
        s.press(.tab)
        guard case .command(let e2) = s.mode else { return }
        #expect(e2.text == "theme solarized-dark ")
        let tfx = s.press(.enter)
        #expect(tfx == [.loadTheme("solarized-dark")])
        s.press(.char(":"), .char("q"))
        #expect(s.press(.enter) == [.quit])
        #expect(s.quit)
    }

    @Test("y copies the selected run's id")
    func copy() {
        var (s, _) = loaded([Fixture.run("r0")])
        #expect(s.press(.char("y")) == [.copy("flytesnacks/development/r0")])
    }

    @Test("Y asks for a signed URL for the object in view and copies it when it comes; what cannot be signed says why")
    func presign() {
        var (s, _) = loaded([Fixture.run("r0")])
        #expect(s.press(.char("Y")).isEmpty)
        #expect(s.flash?.text.contains("select an object") == true)
        let fx = s.press(.enter)
        guard case .loadActions(_, let req)? = fx.first(where: { if case .loadActions = $0 { true } else { false } }) else {
            Issue.record("no loadActions"); return
        }
        let a0 = Fixture.action("r0")
        let detail = Fixture.detail(a0, base: "s3://bucket/data")
        s.apply(.actionsLoaded(req, .success([a0])), .detailLoaded(a0.id, .success(detail)))
        s.press(.char("d"))
        let report = detail.attempts[0].reportURI!
        #expect(s.press(.char("Y")) == [.presign(uri: report, seconds: 3600)])
        let signed = PresignedURL(url: "https://bucket.s3.amazonaws.com/data/r0/a0/1/report.html?X-Amz-Signature=abc",
                                  expires: s.now.addingTimeInterval(3600), signedWith: "SigV4, test keys")
        #expect(s.apply(.presigned(uri: report, .success(signed))) == [.copy(signed.url)])
        #expect(s.flash?.text.contains("works for 1h00m without credentials") == true)
        #expect(s.apply(.presigned(uri: report, .failure(LoadFailure("s3://bucket/x: no AWS credentials to sign with")))).isEmpty)
        #expect(s.flash?.level == .error && s.flash?.text.contains("no AWS credentials") == true)
        s.press(.char(":"))
        s.type("presign 15m")
        #expect(s.press(.enter) == [.presign(uri: report, seconds: 900)])
        s.press(.char(":"))
        s.type("presign soon")
        #expect(s.press(.enter).isEmpty)
        #expect(s.flash?.text.contains("'soon' is not a duration") == true)
    }

    @Test("a terminal below the minimum shows a notice, and q still quits")
    func tooSmall() {
        var s = Fixture.state(width: 40, height: 8)
        _ = Explorer.start(&s)
        #expect(s.screenText.contains("flytrap needs at least"))
        #expect(s.press(.char("q")) == [.quit])
    }

    @Test("resizing keeps the selection in view")
    func resize() {
        var (s, _) = loaded((0..<50).map { Fixture.run("r\($0)") }, height: 40)
        for _ in 0..<30 { s.press(.down) }
        s.apply(.resize(width: 100, height: 14))
        #expect(s.screenText.contains("r30 "))
    }

    @Test("control characters from the store never reach the screen raw")
    func sanitised() {
        var bad = Fixture.run("r0")
        bad.root.taskName = "evil\u{1B}]52;c;AAAA\u{07}\u{1B}[2J"
        let (s, _) = loaded([bad])
        let c = Render.frame(s)
        #expect(!c.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        #expect(s.screenText.contains("evil^[]52"))
    }

    @Test("help is generated from the key map: every binding's help text appears")
    func help() {
        var s = Fixture.state(width: 140, height: 200)
        _ = Explorer.start(&s)
        s.press(.char("?"))
        let text = s.screenText
        for b in s.keyMap.bindings { #expect(text.contains(b.help), "\(b.command) missing from help") }
    }

    @Test("key overrides rebind commands and name unknown ones")
    func overrides() throws {
        let m = try KeyMap.default.overriding(["quit": ["ctrl-q"]])
        #expect(m.command(for: .ctrl("q"), in: .runs) == .quit)
        #expect(m.command(for: .char("q"), in: .runs) == nil)
        #expect(throws: KeyMapError.self) { try KeyMap.default.overriding(["explode": ["x"]]) }
        do { _ = try KeyMap.default.overriding(["quit": ["ctrl-"]]) } catch { #expect(error.message.contains("keys.quit")) }
    }
}
