import DemoWorld
import Foundation
import Testing
@testable import FlytrapCLI

/// Runs the real `flytrap` binary.
struct CLI {
    struct Result {
        var code: Int32
        var out: String
        var err: String
        var outBytes: Data
    }

    static var binary: URL {
        // Tests run from .build/<config>/; the executable is built beside them.
        let candidates = [Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("flytrap"),
                          Bundle.main.bundleURL.appendingPathComponent("flytrap"),
                          URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/.build/debug/flytrap")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    static func run(_ args: [String], env extra: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["XDG_CONFIG_HOME"] = NSTemporaryDirectory() + "flytrap-cli-noconfig"
        env["FLYTRAP_DB"] = nil
        env["COLUMNS"] = "200"
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self), outBytes: o)
    }
}

/// A demo world built once through the CLI itself.
final class CLIWorld: @unchecked Sendable {
    static let shared = CLIWorld()
    let dir = NSTemporaryDirectory() + "flytrap-cli-\(UUID().uuidString)"
    var db: String { dir + "/flyte.db" }
    let built: CLI.Result?

    init() {
        built = try? CLI.run(["demo", "--dir", dir, "--runs", "80", "--seed", "3", "--now", "2026-11-21T06:00:00Z"])
    }
}

@Suite(.serialized) struct CLITests {
    let w = CLIWorld.shared

    @Test func demoWritesAWorld() throws {
        let r = try #require(w.built)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("runs     80"))
        #expect(FileManager.default.fileExists(atPath: w.db))
        #expect(FileManager.default.fileExists(atPath: w.dir + "/purge-manifest.json"))
    }

    @Test func getRunsJSONIsStableAndPaginates() throws {
        let r = try CLI.run(["get", "runs", "--db", w.db, "-p", "data-eng", "-d", "development", "-o", "json", "--limit", "3"])
        #expect(r.code == 0, "\(r.err)")
        let obj = try #require(try JSONSerialization.jsonObject(with: r.outBytes) as? [String: Any])
        let runs = try #require(obj["runs"] as? [[String: Any]])
        #expect(runs.count == 3)
        #expect(Array((runs.first ?? [:]).keys).sorted() == ["abort_reason", "attempts", "cache_status", "created_at", "created_by", "domain",
                                                           "duration_ms", "ended_at", "environment", "labels", "name", "phase", "project",
                                                           "source", "task", "task_type", "task_version", "trigger"])
        let next = try #require(obj["next"] as? String)
        let r2 = try CLI.run(["get", "runs", "--db", w.db, "-p", "data-eng", "-d", "development", "-o", "json", "--limit", "3", "--after", next])
        let runs2 = try #require((try JSONSerialization.jsonObject(with: r2.outBytes) as? [String: Any])?["runs"] as? [[String: Any]])
        let names1 = runs.compactMap { $0["name"] as? String }, names2 = runs2.compactMap { $0["name"] as? String }
        #expect(Set(names1).isDisjoint(with: names2))
        let dates = (runs + runs2).compactMap { $0["created_at"] as? String }
        #expect(dates == dates.sorted(by: >), "newest first across pages")
        // Same command, same output.
        let again = try CLI.run(["get", "runs", "--db", w.db, "-p", "data-eng", "-d", "development", "-o", "json", "--limit", "3"])
        #expect(again.out == r.out)
    }

    @Test func tablesAndCSVCarryNoRawControlCharacters() throws {
        // The hello scenario stores names with ESC sequences, tabs, newlines and bidi overrides.
        let list = try CLI.run(["get", "runs", "--db", w.db, "-p", "flytesnacks", "-d", "development", "-o", "json", "--limit", "100", "--phase", "failed,succeeded"])
        let runs = try #require((try JSONSerialization.jsonObject(with: list.outBytes) as? [String: Any])?["runs"] as? [[String: Any]])
        #expect(!runs.isEmpty)
        for run in runs.prefix(15) {
            let name = try #require(run["name"] as? String)
            for fmt in ["table", "csv", "json"] {
                let r = try CLI.run(["get", "action", "--db", w.db, name, "-o", fmt])
                #expect(r.code == 0, "\(r.err)")
                let bad = r.out.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\r") || $0.value == 0x7F || (0x202A...0x202E).contains($0.value) }
                #expect(bad.isEmpty, "raw control characters in `get action -o \(fmt)`")
            }
        }
    }

    @Test func badInputGivesOneLineAndTheRightExitCode() throws {
        let text = NSTemporaryDirectory() + "flytrap-cli-text-\(UUID().uuidString).db"
        try Data("not sqlite".utf8).write(to: URL(fileURLWithPath: text))
        let cases: [([String], Int32, String)] = [
            (["get", "runs", "--db", text], 1, "\(text): not a SQLite database (bad file header)"),
            (["get", "runs", "--db", "/nonexistent/flyte.db"], 1, "/nonexistent/flyte.db: no such file"),
            (["get", "action", "--db", w.db, "rdoesnotexist"], 1, "run rdoesnotexist not found"),
            (["get", "runs", "--db", w.db, "--phase", "bogus"], 2, "--phase 'bogus': unknown phase"),
            (["get", "runs", "--db", w.db, "--since", "whenever"], 2, "--since 'whenever'"),
            (["get", "runs", "--db", w.db, "--limit", "0"], 2, "--limit must be between 1 and 10000"),
            (["get", "runs", "--db", w.db, "--after", "garbage!"], 1, "cursor 'garbage!'"),
            (["get", "bogus"], 2, "Unexpected argument 'bogus'"),
            (["demo", "--runs", "0", "--dir", "/tmp/x"], 2, "--runs must be at least 1"),
        ]
        for (args, code, message) in cases {
            let r = try CLI.run(args)
            #expect(r.code == code, "\(args): exit \(r.code), stderr \(r.err)")
            #expect(r.err.contains(message), "\(args): stderr was \(r.err)")
            #expect(!r.err.contains("Fatal error") && !r.err.contains("Stack dump"))
            if code == 1 { #expect(r.err.split(separator: "\n").count == 1, "one line: \(r.err)") }
        }
        // A SQLite file without Flyte tables.
        let empty = NSTemporaryDirectory() + "flytrap-cli-empty-\(UUID().uuidString).db"
        let wtr = try SQLiteWriter(creating: empty)
        try wtr.exec("CREATE TABLE x (y INT)")
        wtr.close()
        let r = try CLI.run(["get", "runs", "--db", empty])
        #expect(r.code == 1)
        #expect(r.err == "flytrap: \(empty): no table 'action_events': not a Flyte 2 control-plane database\n")
    }

    @Test func everyGetSubcommandWorksInEveryFormat() throws {
        let run = try #require((try JSONSerialization.jsonObject(with: CLI.run(["get", "runs", "--db", w.db, "-p", "ml-platform", "-d", "development", "-o", "json", "--limit", "1"]).outBytes) as? [String: Any])?["runs"] as? [[String: Any]]).first?["name"] as? String
        let name = try #require(run)
        let commands: [[String]] = [["projects"], ["domains"], ["runs", "-p", "ml-platform"], ["actions", name], ["action", name],
                                    ["cache"], ["tasks", "-p", "data-eng"], ["triggers", "-p", "data-eng"], ["triggers", "-p", "data-eng", "daily-development"]]
        for c in commands {
            for fmt in ["table", "json", "csv"] {
                let r = try CLI.run(["get"] + c + ["--db", w.db, "-o", fmt])
                #expect(r.code == 0, "get \(c) -o \(fmt): \(r.err)")
                #expect(!r.out.isEmpty)
                if fmt == "json" { #expect((try? JSONSerialization.jsonObject(with: r.outBytes, options: [.fragmentsAllowed])) != nil, "get \(c) JSON parses") }
            }
        }
    }

    @Test func tablesFitTheTerminalWidth() throws {
        for cols in ["60", "100", "200"] {
            let r = try CLI.run(["get", "runs", "--db", w.db, "-p", "data-eng"], env: ["COLUMNS": cols])
            for line in r.out.split(separator: "\n") {
                #expect(line.unicodeScalars.count <= Int(cols)!, "line wider than \(cols): \(line)")
            }
        }
    }

    @Test func configNamesTheBadKey() throws {
        let cfgDir = NSTemporaryDirectory() + "flytrap-cfg-\(UUID().uuidString)/flytrap"
        try FileManager.default.createDirectory(atPath: cfgDir, withIntermediateDirectories: true)
        try "db: \(w.db)\nproject: flytesnacks\ncolour: red\n".write(toFile: cfgDir + "/config.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["get", "projects"], env: ["XDG_CONFIG_HOME": (cfgDir as NSString).deletingLastPathComponent])
        #expect(r.code == 1)
        #expect(r.err.contains("unknown key 'colour'"))
        try "db: \(w.db)\nproject: flytesnacks\n".write(toFile: cfgDir + "/config.yaml", atomically: true, encoding: .utf8)
        let ok = try CLI.run(["get", "runs", "-o", "json"], env: ["XDG_CONFIG_HOME": (cfgDir as NSString).deletingLastPathComponent])
        #expect(ok.code == 0, "\(ok.err)")
        #expect(ok.out.contains("\"project\": \"flytesnacks\""))
    }

    @Test func configParsing() throws {
        let c = try Config.parse("db: /x.db\ndomains: [dev, prod]\n", path: "c.yaml")
        #expect(c.db == "/x.db")
        #expect(c.domains == ["dev", "prod"])
        #expect(throws: CLIError.self) { try Config.parse("domains: 3\n", path: "c.yaml") }
        #expect(throws: CLIError.self) { try Config.parse(": : :\n  - [", path: "c.yaml") }
    }
}

@Suite(.serialized) struct InspectCLITests {
    let w = CLIWorld.shared

    /// Every payload file and Deck the demo world wrote, by name.
    func demoFiles() throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        let root = w.dir + "/bucket"
        let e = try #require(FileManager.default.enumerator(atPath: root))
        while let rel = e.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if ["inputs.pb", "outputs.pb", "error.pb", "report.html"].contains(name) { out[name, default: []].append(root + "/" + rel) }
        }
        return out
    }

    @Test func everyDemoPayloadAndDeckDecodesCleanly() throws {
        _ = try #require(w.built)
        let files = try demoFiles()
        #expect(files["inputs.pb"]?.isEmpty == false && files["outputs.pb"]?.isEmpty == false && files["error.pb"]?.isEmpty == false && files["report.html"]?.isEmpty == false)
        for (name, paths) in files {
            for path in paths.prefix(15) {
                let r = try CLI.run(["inspect", path, "--all"])
                #expect(r.code == 0, "\(path): \(r.err)")
                #expect(!r.out.contains("PARTIAL") && !r.out.contains("unsure"), "\(path)")
                #expect(!r.out.unicodeScalars.contains { $0 != "\n" && $0.value < 0x20 }, "\(path)")
                let json = try CLI.run(["inspect", path, "-o", "json"])
                #expect(json.code == 0)
                #expect((try? JSONSerialization.jsonObject(with: json.outBytes)) != nil, "\(path) JSON")
                switch name {
                case "error.pb": #expect(r.out.contains("core.ErrorDocument"))
                case "inputs.pb": #expect(r.out.contains("task.Inputs"))
                case "outputs.pb": #expect(r.out.contains("task.Outputs"))
                default: #expect(!r.out.isEmpty)
                }
            }
        }
    }

    @Test func badInputsExitNonZeroWithOneLine() throws {
        let missing = try CLI.run(["inspect", "/nonexistent/outputs.pb"])
        #expect(missing.code == 1 && missing.err == "flytrap: /nonexistent/outputs.pb: no such file\n")
        let ftp = try CLI.run(["inspect", "ftp://host/container/outputs.pb"])
        #expect(ftp.code == 1 && ftp.err.hasPrefix("flytrap: unknown: ftp://host/container/outputs.pb: ftp:// buckets are not readable") && ftp.err.split(separator: "\n").count == 1)
        let usage = try CLI.run(["inspect", "x", "--max-items", "0"])
        #expect(usage.code == 2)

        // A truncated outputs.pb prints what it could read, marked partial, and exits 1.
        let path = try #require(try demoFiles()["outputs.pb"]?.first { (try? Data(contentsOf: URL(fileURLWithPath: $0)).count) ?? 0 > 40 })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = NSTemporaryDirectory() + "flytrap-cut-\(UUID().uuidString)-outputs.pb"
        try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: cut))
        let r = try CLI.run(["inspect", cut])
        #expect(r.code == 1)
        #expect(r.out.contains("PARTIAL"))
        #expect(r.err.hasPrefix("flytrap: \(cut): partial preview: ") && r.err.split(separator: "\n").count == 1)
    }
}

@Suite(.serialized) struct ActionDataCLITests {
    let w = CLIWorld.shared

    /// The purge manifest says which objects were deleted; `get action` must call exactly those not found.
    @Test func getActionShowsPreviewsAndNotFoundForPurgedObjects() throws {
        _ = try #require(w.built)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: w.dir + "/purge-manifest.json"))) as? [String: Any]
        let deleted = (manifest?["deleted"] as? [[String: Any]] ?? []).filter {
            ($0["action"] as? String) == "a0" && ["inputs", "outputs", "report", "error"].contains($0["kind"] as? String ?? "")
        }
        #expect(deleted.count >= 5)
        var checked = 0
        for entry in deleted.prefix(12) {
            guard let run = entry["run"] as? String, let uri = entry["uri"] as? String,
                  let p = entry["project"] as? String, let d = entry["domain"] as? String else { continue }
            let r = try CLI.run(["get", "action", run, "--db", w.db, "-p", p, "-d", d])
            #expect(r.code == 0, "\(r.err)")
            let section = r.out.components(separatedBy: "\n── ").first { $0.contains(" · " + uri + "\n") }
            // The last attempt's URIs are shown; a purged object of that attempt must read "not found".
            if let section {
                #expect(section.contains("not found: the object is gone"), "\(uri)")
                checked += 1
            }
        }
        #expect(checked >= 3)
        // And files that are still there are decoded.
        let runs = try CLI.run(["get", "runs", "--db", w.db, "-p", "data-eng", "--limit", "10", "-o", "json"])
        let names = ((try JSONSerialization.jsonObject(with: runs.outBytes) as? [String: Any])?["runs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        var present = 0
        for name in names {
            let r = try CLI.run(["get", "action", name, "--db", w.db])
            for s in r.out.components(separatedBy: "\n── ").dropFirst() {
                guard let header = s.split(separator: "\n").first, let uri = header.components(separatedBy: " · ").last else { continue }
                let exists = FileManager.default.fileExists(atPath: URL(string: uri)?.path ?? uri)
                #expect(s.contains("not found: the object is gone") == !exists, "\(uri)")
                if exists { present += 1 }
            }
        }
        #expect(present > 0)
        let noData = try CLI.run(["get", "action", try #require(names.first), "--db", w.db, "--no-data"])
        #expect(!noData.out.contains("── inputs"))
    }
}
