import Foundation
import Testing

/// Drives the real explorer binary inside tmux over a demo world and reads the screen back, as a user would see it.
final class TmuxSession {
    let server = "flytrap-e2e-\(getpid())-\(UUID().uuidString.prefix(6))"
    let dir: String

    init(command: String, width: Int = 140, height: Int = 40, env: [String: String] = [:]) throws {
        dir = NSTemporaryDirectory() + server
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "set -g default-terminal \"tmux-256color\"\nset -g status off\n".write(toFile: dir + "/tmux.conf", atomically: true, encoding: .utf8)
        var args = ["-L", server, "-f", dir + "/tmux.conf", "new-session", "-d", "-s", "e", "-x", "\(width)", "-y", "\(height)",
                    "-e", "LANG=C.UTF-8", "-e", "XDG_CONFIG_HOME=\(dir)/config", "-e", "FLYTRAP_DB="]
        for (k, v) in env { args += ["-e", "\(k)=\(v)"] }
        args.append("\(command); echo EXIT=$?; stty -a | tr '\\n' ' '; echo; sleep 60")
        _ = try Self.tmux(args, capture: false)
    }

    deinit { _ = try? Self.tmux(["-L", server, "kill-server"]) }

    /// Runs tmux through the shell with output to a file (a new session's server would hold a pipe open forever).
    @discardableResult
    static func tmux(_ args: [String], capture: Bool = true) throws -> String {
        let out = NSTemporaryDirectory() + "flytrap-tmux-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        _ = system("tmux \(quoted) >\(out) 2>/dev/null </dev/null")
        return capture ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
    }

    func send(_ keys: String...) { _ = try? Self.tmux(["-L", server, "send-keys", "-t", "e"] + keys) }
    func type(_ text: String) { _ = try? Self.tmux(["-L", server, "send-keys", "-t", "e", "-l", text]) }
    func screen(escapes: Bool = false) -> String {
        (try? Self.tmux(["-L", server, "capture-pane", "-p", "-t", "e"] + (escapes ? ["-e", "-N"] : []))) ?? ""
    }
    func resize(_ w: Int, _ h: Int) { _ = try? Self.tmux(["-L", server, "resize-window", "-t", "e", "-x", "\(w)", "-y", "\(h)"]) }

    /// Waits until the screen contains `text`; returns the screen.
    @discardableResult
    func wait(for text: String, timeout: TimeInterval = 15) -> String {
        wait(timeout: timeout) { $0.contains(text) }
    }

    /// The screen once `done` holds for it, or the last screen after `timeout` seconds.
    func wait(timeout: TimeInterval = 15, until done: (String) -> Bool) -> String {
        let end = Date().addingTimeInterval(timeout)
        var s = ""
        while Date() < end {
            s = screen()
            if done(s) { return s }
            usleep(100_000)
        }
        return s
    }

    static var available: Bool { (try? tmux(["-V"]))?.hasPrefix("tmux") ?? false }
}

@Suite("Explorer end to end in tmux", .serialized, .enabled(if: TmuxSession.available))
struct TmuxE2ETests {
    let w = CLIWorld.shared

    /// Runs whose root action lost an object of `kind`, by project/domain/run.
    func rootPurges(_ kind: String) throws -> [(project: String, domain: String, run: String)] {
        let m = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: w.dir + "/purge-manifest.json"))) as! [String: Any]
        return (m["deleted"] as! [[String: Any]]).filter { $0["action"] as? String == "a0" && $0["kind"] as? String == kind }
            .map { ($0["project"] as! String, $0["domain"] as! String, $0["run"] as! String) }
    }

    func start(_ extra: String = "", env: [String: String] = [:]) throws -> TmuxSession {
        try TmuxSession(command: "\(CLI.binary.path) --db \(w.db) --refresh 0 \(extra)", env: env)
    }

    @Test("a run with purged inputs shows not found on the inputs row")
    func purgedRun() throws {
        let purged = try #require(try rootPurges("inputs").first)
        let t = try start("-p \(purged.project) -d \(purged.domain)")
        t.wait(for: "RUN")
        // The data column fills row by row as each batch of HEADs answers: wait for this run's row, not any row.
        func runLine(_ screen: String) -> Substring? { screen.split(separator: "\n").first { $0.contains(purged.run) } }
        let list = t.wait { runLine($0)?.contains("purged") == true }
        #expect(runLine(list)?.contains("purged") == true)
        t.send(":")
        t.type("run \(purged.run)")
        t.send("Enter")
        let s = t.wait(for: "inputs.pb ")
        let line = s.split(separator: "\n").first { $0.contains("inputs.pb ") }
        #expect(line?.contains("not found") == true, "\(s)")
        // The outputs row of a run whose outputs were not purged never says not found because of the inputs.
        t.send("q")
        #expect(t.wait(for: "EXIT=").contains("EXIT=0"))
    }

    @Test("a Deck opens as text")
    func deck() throws {
        let decks = try FileManager.default.subpathsOfDirectory(atPath: w.dir + "/bucket").filter { $0.hasSuffix("/a0/1/report.html") }
        let parts = try #require(decks.first).split(separator: "/")
        let t = try start("-p \(parts[2]) -d \(parts[3])")
        t.wait(for: "RUN")
        t.send(":")
        t.type("run \(parts[4])")
        t.send("Enter")
        t.wait(for: "report.html")
        t.send("d")
        let s = t.wait(for: "tabs:")
        #expect(s.contains("tabs:"), "\(s)")
        #expect(!s.contains("<div"))
        t.send("q")
    }

    @Test("switching theme changes the colours drawn")
    func theme() throws {
        let t = try start()
        t.wait(for: "RUN")
        let before = t.screen(escapes: true)
        t.send(":")
        t.type("theme light")
        t.send("Enter")
        #expect(t.wait(for: "theme: light").contains("theme: light"))
        let after = t.screen(escapes: true)
        // Where the terminal draws colour, the body background moves from #1c1c1c (234) to #eeeeee (255).
        if before.contains("48;5;234") { #expect(after.contains("48;5;255") && !after.contains("48;5;234")) }
        t.send("q")
    }

    @Test("resizing relays out, a tiny terminal gets a notice, and it recovers")
    func resize() throws {
        let t = try start()
        t.wait(for: "RUN")
        t.resize(50, 10)
        let small = t.wait(for: "needs at least")
        #expect(small.contains("needs at least"))
        t.resize(100, 30)
        let big = t.wait(for: "RUN")
        #expect(big.contains("RUN") && !big.contains("needs at least"))
        t.send("q")
        #expect(t.wait(for: "EXIT=").contains("EXIT=0"))
    }

    @Test("quitting, and SIGTERM, leave the terminal sane (echo and canonical mode back on)")
    func terminalRestored() throws {
        let t = try start()
        t.wait(for: "RUN")
        t.send("q")
        // `stty -a` prints after EXIT=; wait for its mode line, not just the exit code.
        let s = t.wait(for: "icanon")
        #expect(s.contains("EXIT=0"))
        #expect(s.contains(" icanon ") && s.contains(" echo ") && !s.contains("-icanon"))
        let t2 = try start()
        t2.wait(for: "RUN")
        let pids = try TmuxSession.tmux(["-L", t2.server, "list-panes", "-t", "e", "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = system("pkill -TERM -P \(pids) -f 'flytrap --db'")
        let s2 = t2.wait(for: "icanon")
        #expect(s2.contains("EXIT=143"), "\(s2)")
        #expect(s2.contains(" icanon ") && !s2.contains("-icanon") && !s2.contains("-echo "))
    }
}
