import ArgumentParser
import DemoWorld
import Explorer
import ExplorerApp
import Foundation
import MetadataStores
import ObjectStores
import Terminal

/// `flytrap-bench ui`: launch to first full frame (the real binary on a pty, process start included), keystroke to
/// frame in the real loop over the store (reduce + render + frame diff), and peak RSS, at each world size.
struct UIBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ui", abstract: "Time the explorer: first frame, keystroke to frame, peak RSS.")

    @Option(name: .long, parsing: .upToNextOption, help: "World sizes (runs).")
    var runs: [Int] = [10_000, 1_000_000]

    @Option(name: .long, help: "Where worlds are kept between runs (shared with `flytrap-bench store`).")
    var dir: String = NSTemporaryDirectory() + "flytrap-bench-worlds"

    @Option(name: .long, help: "The flytrap binary to launch (default: beside this one).")
    var flytrap: String?

    @Option(name: .long, help: "Launches per world for the first-frame time.")
    var launches = 10

    @Option(name: .long, help: "A python with `flyte[tui]` installed: also time `flyte start tui` (local explore mode) to its first frame, for worlds up to --flyte-max-runs. Empty: skip.")
    var flytePython: String = ""

    @Option(name: .long, help: "The largest world `flyte start tui` is timed on (its runs are recorded one by one through the SDK).")
    var flyteMaxRuns = 10_000

    func run() throws {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let bin = flytrap ?? me.deletingLastPathComponent().appendingPathComponent("flytrap").path
        var rows: [String] = []
        for n in runs {
            let world = URL(fileURLWithPath: dir).appendingPathComponent("runs-\(n)")
            let db = world.appendingPathComponent(DemoWorld.databaseName).path
            if !FileManager.default.fileExists(atPath: db) {
                FileHandle.standardError.write(Data("building a \(n)-run metadata-only world in \(world.path) …\n".utf8))
                _ = try DemoWorld.build(at: world, options: DemoOptions(runs: n, seed: 42, metadataOnly: true, now: Date(timeIntervalSince1970: 1_795_241_365)))
            }
            var launchTimes: [Double] = []
            for _ in 0..<launches { launchTimes.append(try Self.launch(bin: bin, db: db)) }
            let p = Process()
            p.executableURL = me
            p.arguments = ["ui-keys", "--db", db]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            guard let r = try JSONSerialization.jsonObject(with: data) as? [String: Double] else { throw ValidationError("ui-keys failed") }
            func c(_ k: String) -> String { String(format: "%.3f / %.3f", r[k + "_p50"] ?? -1, r[k + "_p99"] ?? -1) }
            launchTimes.sort()
            var flyteTUI = "-"
            if !flytePython.isEmpty, n <= flyteMaxRuns {
                flyteTUI = Self.flyteTUIFirstFrame(python: flytePython, runs: n, launches: min(launches, 5))
            }
            rows.append([String(n), String(format: "%.1f", launchTimes[launchTimes.count / 2]), c("down"), c("pagedown"), c("end"), c("filter"),
                         String(format: "%.1f MB", (r["rss_kb"] ?? 0) / 1024), String(format: "%.0f", r["runs_loaded"] ?? 0), flyteTUI].joined(separator: " | "))
        }
        print("flytrap-bench ui: first frame = launch of the real binary on a pty until the runs list is drawn (median of \(launches), ms);")
        print("keys = keystroke to frame in the real loop over the store (p50 / p99 ms); peak RSS of that process and the runs it had loaded;")
        print("flyte start tui = flyte's Textual TUI (local explore mode) over the same number of runs, launch to first frame with runs (median ms)")
        print("runs | first frame ms | down | page-down | end | typing a filter | peak RSS | runs loaded | flyte start tui ms")
        for r in rows { print(r) }
    }

    /// Runs `Benchmarks/scripts/flyte_tui_first_frame.py` and returns its median, or why it could not.
    static func flyteTUIFirstFrame(python: String, runs: Int, launches: Int) -> String {
        let script = BenchSupport.script("flyte_tui_first_frame.py")
        FileHandle.standardError.write(Data("timing flyte start tui over \(runs) recorded runs …\n".utf8))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python, script, "--runs", String(runs), "--launches", String(launches)]
        let out = Pipe()
        p.standardOutput = out
        do { try p.run() } catch { return "not run (\(python): \(error))" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0, let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let ms = o["median_ms"] as? Double else { return "failed (pip install 'flyte[tui]' into \(python)'s env)" }
        return String(format: "%.0f", ms)
    }

    /// Starts the binary on a pseudo-terminal (`script`) and times it until it exits after its first full frame.
    static func launch(bin: String, db: String) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qfec", "\(bin) --db \(db) --refresh 0", "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["FLYTRAP_EXIT_AFTER_FIRST_FRAME"] = "1"
        env["TERM"] = "xterm-256color"
        env["COLUMNS"] = "160"
        env["LINES"] = "50"
        env["XDG_CONFIG_HOME"] = NSTemporaryDirectory() + "flytrap-bench-noconfig"
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        let t0 = DispatchTime.now().uptimeNanoseconds
        try p.run()
        p.waitUntilExit()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        guard p.terminationStatus == 0 else { throw ValidationError("\(bin) exited \(p.terminationStatus) on \(db)") }
        return ms
    }
}

/// The in-process half of `flytrap-bench ui`: the real loop over the store, keys fed one at a time.
struct UIKeys: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ui-keys", abstract: "Internal: keystroke-to-frame times as JSON.", shouldDisplay: false)

    @Option var db: String

    func run() throws {
        let store = try SQLRunStore(db: try SQLiteDatabase(path: db), domains: SQLRunStore.defaultDomains)
        let project = try store.projects().first?.id ?? "flytesnacks"
        let term = HeadlessTerminal(width: 160, height: 50)
        let runner = EffectRunner(store: store, objects: ObjectRouter(), themes: ThemeCatalog(), monochrome: false, env: [:])
        let state = ExplorerState(width: 160, height: 50, now: Date(), options: .init(project: project, domain: "development", refreshInterval: 0),
                                  theme: try ThemeCatalog().theme(named: "default"))
        let loop = ExplorerLoop(state: state, backend: term, runner: runner)
        loop.start()
        func settle() {
            var quiet = 0
            let end = Date().addingTimeInterval(30)
            while quiet < 3 && Date() < end {
                usleep(2_000)
                quiet = (!loop.step() && !runner.busy) ? quiet + 1 : 0
            }
        }
        settle()
        var out: [String: Double] = [:]
        func time(_ name: String, _ keys: [Key], count: Int, settleEvery: Int = 0) {
            var t: [Double] = []
            for i in 0..<count {
                let key = keys[i % keys.count]
                let t0 = DispatchTime.now().uptimeNanoseconds
                loop.step(keys: [key])
                t.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                if settleEvery > 0, i % settleEvery == settleEvery - 1 { settle() }
            }
            t.sort()
            out[name + "_p50"] = t[t.count / 2]
            out[name + "_p99"] = t[min(t.count - 1, t.count * 99 / 100)]
        }
        time("down", [.down], count: 1000, settleEvery: 50)
        time("pagedown", [.pageDown], count: 200, settleEvery: 10)
        time("end", [.end, .home], count: 40, settleEvery: 2)
        loop.step(keys: [.char("/")])
        time("filter", "r7x2k".map { .char($0) } + [.backspace, .backspace, .backspace, .backspace, .backspace], count: 200, settleEvery: 10)
        settle()
        out["rss_kb"] = BenchSupport.statusKB("VmHWM") ?? 0
        out["anon_kb"] = BenchSupport.statusKB("RssAnon")
        out["file_kb"] = BenchSupport.statusKB("RssFile")
        if case .hub(let h) = loop.state.top { out["runs_loaded"] = Double(h.runs.items.count) }
        let data = try JSONSerialization.data(withJSONObject: out)
        FileHandle.standardOutput.write(data)
    }
}
