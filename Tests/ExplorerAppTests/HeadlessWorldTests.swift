import DemoWorld
import Explorer
import ExplorerApp
import FlyteModel
import Foundation
import MetadataStores
import ObjectStores
import Terminal
import Testing

/// The real loop, effect runner, SQLite store and file:// bucket of a demo world, drawn into a headless terminal.
@Suite("Explorer over the demo world (headless)", .serialized)
struct HeadlessWorldTests {
    struct World {
        let dir: URL
        let store: SQLRunStore
        /// (project/domain/run, kind) of every purged object of a run's root action.
        let rootPurges: Set<String>
    }

    static let world: World = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flytrap-headless-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        _ = try! DemoWorld.build(at: dir, options: DemoOptions(runs: 300, seed: 7, now: Date(timeIntervalSince1970: 1_795_000_000)))
        let store = try! SQLRunStore(db: try! SQLiteDatabase(path: dir.appendingPathComponent(DemoWorld.databaseName).path), domains: SQLRunStore.defaultDomains)
        let manifest = try! JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("purge-manifest.json"))) as! [String: Any]
        var purges = Set<String>()
        for e in manifest["deleted"] as! [[String: Any]] where (e["action"] as? String) == "a0" {
            purges.insert("\(e["project"]!)/\(e["domain"]!)/\(e["run"]!)|\(e["kind"]!)")
        }
        return World(dir: dir, store: store, rootPurges: purges)
    }()

    func loop(project: String, domain: String, width: Int = 180, height: Int = 60) -> (ExplorerLoop, HeadlessTerminal, EffectRunner) {
        let term = HeadlessTerminal(width: width, height: height)
        let runner = EffectRunner(store: Self.world.store, objects: ObjectRouter(), themes: ThemeCatalog(), monochrome: false, env: [:])
        let theme = try! ThemeCatalog().theme(named: "default")
        let state = ExplorerState(width: width, height: height, now: Date(timeIntervalSince1970: 1_795_000_000),
                                  options: .init(project: project, domain: domain, refreshInterval: 0), theme: theme)
        let l = ExplorerLoop(state: state, backend: term, runner: runner)
        l.start()
        settle(l, runner)
        return (l, term, runner)
    }

    /// Steps the loop until the runner is idle and no result is pending.
    func settle(_ l: ExplorerLoop, _ r: EffectRunner, keys: [Key] = []) {
        l.step(keys: keys)
        let deadline = Date().addingTimeInterval(20)
        var quiet = 0
        while Date() < deadline {
            usleep(5_000)
            let changed = l.step()
            quiet = (!changed && !r.busy) ? quiet + 1 : 0
            if quiet >= 10 { return }
        }
    }

    @Test("the runs list marks exactly the runs whose root inputs the purge manifest lists")
    func dataColumnMatchesManifest() throws {
        let (l, term, _) = loop(project: "data-eng", domain: "development")
        let rows = term.frame.rows
        var checked = 0
        for case .hub(let h) in [l.state.top] {
            for run in h.runs.window(40) {
                guard let line = rows.first(where: { $0.contains(" \(run.id.name) ") }) else { continue }
                let inputsPurged = Self.world.rootPurges.contains("\(run.id)|inputs")
                let anyPurged = ["inputs", "outputs", "error"].contains { Self.world.rootPurges.contains("\(run.id)|\($0)") }
                if inputsPurged { #expect(line.contains("purged") && line.contains("inputs"), "\(run.id): \(line)") }
                if !anyPurged { #expect(!line.contains("purged"), "\(run.id): \(line)") }
                checked += 1
            }
        }
        #expect(checked >= 30)
        #expect(Self.world.rootPurges.contains { $0.hasPrefix("data-eng/development/") && $0.hasSuffix("|inputs") })
    }

    @Test("a run with purged inputs shows not found on the inputs row, and the run screen keeps working")
    func purgedRun() throws {
        let (l, term, runner) = loop(project: "data-eng", domain: "development")
        guard case .hub(let h) = l.state.top,
              let idx = h.runs.visible.firstIndex(where: { Self.world.rootPurges.contains("\(h.runs.items[$0].id)|inputs") }) else {
            Issue.record("no purged run on the first page")
            return
        }
        settle(l, runner, keys: Array(repeating: .down, count: idx) + [.enter])
        let text = term.frame.rows.joined(separator: "\n")
        let inputsLine = term.frame.rows.first { $0.contains("inputs.pb") }
        #expect(inputsLine?.contains("not found") == true, "\(text)")
        // Opening the purged inputs says not found in place, and esc goes back.
        settle(l, runner, keys: [.char("i")])
        #expect(term.frame.rows.joined().contains("not found"))
        settle(l, runner, keys: [.escape])
        guard case .run = l.state.top else { Issue.record("esc did not return to the run"); return }
    }

    @Test("a Deck opens as text with its tabs as sections")
    func deck() throws {
        let decks = try FileManager.default.subpathsOfDirectory(atPath: Self.world.dir.appendingPathComponent("bucket").path).filter { $0.hasSuffix("/a0/1/report.html") }
        guard let path = decks.first else { Issue.record("the demo world has no root Deck"); return }
        let parts = path.split(separator: "/")
        // <bucket>/<shard>/<project>/<domain>/<run>/a0/1/report.html
        let (project, domain, run) = (String(parts[2]), String(parts[3]), String(parts[4]))
        let (l, term, runner) = loop(project: project, domain: domain)
        settle(l, runner, keys: [.char(":")] + "run \(run)".map { .char($0) } + [.enter])
        settle(l, runner, keys: [.char("d")])
        guard case .deck = l.state.top else { Issue.record("not on the Deck"); return }
        let text = term.frame.rows.joined(separator: "\n")
        #expect(text.contains("━━") || text.contains("=="))
        #expect(!text.contains("<div") && !text.contains("<html"))
    }

    @Test("projects, tasks, triggers and cache sections load from the store")
    func hubSections() {
        let (l, term, runner) = loop(project: "data-eng", domain: "development")
        settle(l, runner, keys: [.char("2")])
        #expect(term.frame.rows.joined().contains("TASK"))
        let tasks = try! Self.world.store.tasks(TaskQuery(project: "data-eng", domain: "development", limit: 5)).items
        if let t = tasks.first { #expect(term.frame.rows.joined().contains(t.name)) }
        settle(l, runner, keys: [.char("3")])
        let triggers = try! Self.world.store.triggers(project: "data-eng", domain: "development")
        if let t = triggers.first { #expect(term.frame.rows.joined().contains(t.name)) }
        settle(l, runner, keys: [.char("4")])
        #expect(term.frame.rows.joined().contains("POINTER"))
        let text = term.frame.rows.joined()
        #expect(text.contains("live") || text.contains("dead"))
    }
}
