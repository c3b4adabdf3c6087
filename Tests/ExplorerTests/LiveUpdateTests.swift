import Explorer
import FlyteModel
import Foundation
import Testing

/// Live updates from the store's change feed: a notification refreshes the screen that shows the changed run at once
/// (not on the polling clock), one refresh at a time; a lost link is said and re-read on return.
@Suite struct LiveUpdateTests {
    func loadedHub(refresh: TimeInterval = 5) -> (ExplorerState, RequestID) {
        var s = Fixture.state(project: "flytesnacks", refresh: refresh)
        let fx = Explorer.start(&s)
        let id = fx.compactMap { if case .loadRuns(_, _, _, _, _, let r) = $0 { r } else { nil } }.first!
        s.apply(.runsLoaded(id, .success(((0..<4).map { Fixture.run("r\($0)") }, nil))))
        return (s, id)
    }

    func runsReloads(_ fx: [Effect]) -> [RequestID] {
        fx.compactMap { if case .loadRuns(_, _, _, _, after: nil, let r) = $0 { r } else { nil } }
    }

    static func change(_ project: String = "flytesnacks", _ domain: String = "development", run: String = "rx", action: String? = "a0") -> StoreChange {
        StoreChange(run: RunID(project: project, domain: domain, name: run), action: action)
    }

    @Test("a notification for the project/domain in view reloads the runs list at once; others do not")
    func notificationRefreshesTheRunsList() {
        var (s, _) = loadedHub()
        s.apply(.storeFeed(.link(.live)))
        #expect(runsReloads(s.apply(.storeFeed(.changed([Self.change("other")])))).isEmpty)
        #expect(runsReloads(s.apply(.storeFeed(.changed([Self.change("flytesnacks", "production")])))).isEmpty)
        let fx = s.apply(.storeFeed(.changed([Self.change()])))
        #expect(runsReloads(fx).count == 1, "the refresh did not wait for the 5 s interval")
    }

    @Test("with a live feed the clock does not poll; changes during a refresh refresh again once it ends")
    func oneRefreshAtATime() {
        var (s, _) = loadedHub()
        s.apply(.storeFeed(.link(.live)))
        #expect(runsReloads(s.apply(.tick(Fixture.now.addingTimeInterval(60)))).isEmpty, "no polling while live")
        let first = runsReloads(s.apply(.storeFeed(.changed([Self.change()]))))
        #expect(first.count == 1)
        #expect(runsReloads(s.apply(.storeFeed(.changed([Self.change(run: "ry")])))).isEmpty, "one refresh in flight at a time")
        s.apply(.runsLoaded(first[0], .success(([Fixture.run("rx")] + (0..<4).map { Fixture.run("r\($0)") }, nil))))
        #expect(s.screenText.contains("rx"))
        #expect(runsReloads(s.apply(.tick(Fixture.now.addingTimeInterval(61)))).count == 1, "the change that came during the refresh")
        #expect(runsReloads(s.apply(.tick(Fixture.now.addingTimeInterval(62)))).isEmpty)
    }

    @Test("without a feed the clock polls as before")
    func pollingWithoutAFeed() {
        var (s, _) = loadedHub()
        #expect(s.storeLink == .polling)
        #expect(runsReloads(s.apply(.tick(Fixture.now.addingTimeInterval(6)))).count == 1)
    }

    @Test("a notification for the run in view reloads its actions and forgets the changed action's detail")
    func notificationRefreshesTheRunScreen() {
        var (s, _) = loadedHub()
        s.apply(.storeFeed(.link(.live)))
        let open = s.press(.enter)
        guard case .loadActions(let rid, let req)? = open.first(where: { if case .loadActions = $0 { true } else { false } }) else {
            Issue.record("no loadActions"); return
        }
        let a0 = Fixture.action(rid.name)
        s.apply(.actionsLoaded(req, .success([a0])))
        s.apply(.detailLoaded(a0.id, .success(Fixture.detail(a0))))
        #expect(s.details[a0.id] != nil)
        let fx = s.apply(.storeFeed(.changed([StoreChange(run: rid, action: "a0")])))
        #expect(fx.contains { if case .loadActions(rid, _) = $0 { true } else { false } }, "all actions terminal, yet re-read")
        #expect(s.details[a0.id] == nil || { if case .loading = s.details[a0.id]! { true } else { false } }())
        #expect(s.apply(.storeFeed(.changed([Self.change(run: "elsewhere")]))).isEmpty)
    }

    @Test("the title bar shows the link; a lost link is said, and its return re-reads the screen")
    func linkStates() {
        var (s, _) = loadedHub()
        #expect(!s.screenText.contains("live"))
        s.apply(.storeFeed(.link(.live)))
        #expect(s.screenText.split(separator: "\n")[0].contains("● live"))
        s.apply(.storeFeed(.link(.down("server closed the connection unexpectedly"))))
        #expect(s.screenText.split(separator: "\n")[0].contains("✗ store down"))
        #expect(s.flash?.text.contains("store connection lost: server closed the connection unexpectedly") == true)
        let back = s.apply(.storeFeed(.link(.live)))
        #expect(runsReloads(back).count == 1, "notifications sent while down are lost: re-read")
        s.apply(.runsLoaded(runsReloads(back)[0], .success(((0..<4).map { Fixture.run("r\($0)") }, nil))))
        s.apply(.storeFeed(.link(.pollingFallback("LISTEN refused: cannot execute LISTEN during recovery"))))
        #expect(s.screenText.split(separator: "\n")[0].contains("polling 5s"))
        #expect(runsReloads(s.apply(.tick(Fixture.now.addingTimeInterval(600)))).count == 1, "polling again")
    }
}
