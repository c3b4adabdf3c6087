import ArgumentParser
import FlyteModel
import Foundation
import ObjectStores
import Triage

/// `flytrap-bench heads`: existence checks for 20,000 keys (half of them missing) against nginx serving a directory
/// as path-style buckets on loopback; side by side in one run, wrk on the same URLs (the ceiling; GETs, since wrk
/// cannot complete a HEAD answer, of objects a few bytes long) and a boto3
/// ThreadPoolExecutor(32) script HEADing the same keys (what users write instead); and libcurl's own command-line
/// tool (`curl --parallel`, no signing) on the same URLs, the engine flytrap is built on by itself.
struct HeadsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heads",
        abstract: "HEAD 20,000 keys (half missing) on nginx: flytrap beside wrk (the ceiling) and a boto3 ThreadPoolExecutor(32) script.",
        discussion: "Targets (issue 4): ≥ 80% of wrk's rate; ≥ 5× the boto3 script; peak RSS < 60 MB.")

    @Option(help: "Keys to check (half present, half missing).")
    var keys = 20_000
    @Option(help: "Where the bucket folder and nginx's files are kept.")
    var dir: String = NSTemporaryDirectory() + "flytrap-bench-heads"
    @Option(help: "A Python with boto3.")
    var python: String = ProcessInfo.processInfo.environment["FLYTRAP_TEST_PYTHON"] ?? "python3"
    @Option(help: "Concurrent requests for flytrap and wrk.")
    var concurrency = 64
    @Option(help: "Repetitions of the flytrap pass (the best is reported, as wrk reports a steady rate).")
    var repeats = 3

    func run() throws {
        let bucket = "bench-heads"
        let root = dir + "/bucket"
        let present = keys / 2
        let fm = FileManager.default
        if !fm.fileExists(atPath: "\(root)/\(bucket)/present/\(present - 1).pb") {
            for i in 0..<present {
                let folder = "\(root)/\(bucket)/present/\(i / 1000)"
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data("object \(i)".utf8).write(to: URL(fileURLWithPath: "\(folder)/\(i).pb"))
            }
        }
        // Interleaved so every stretch of the list mixes present and missing keys.
        let paths = (0..<keys).map { i in i % 2 == 0 ? "/\(bucket)/present/\(i / 2 / 1000)/\(i / 2).pb" : "/\(bucket)/missing/\(i / 2 / 1000)/\(i / 2).pb" }
        try paths.joined(separator: "\n").write(toFile: dir + "/paths.txt", atomically: true, encoding: .utf8)
        try paths.map { "s3:/" + $0 }.joined(separator: "\n").write(toFile: dir + "/keys.txt", atomically: true, encoding: .utf8)

        let (nginx, endpoint) = try BenchSupport.nginx(root: root, dir: dir)
        defer { nginx.terminate(); nginx.waitUntilExit() }

        let (wcode, wout) = try BenchSupport.shell(["wrk", "-t", "4", "-c", String(concurrency), "-d", "5s", "-s", BenchSupport.script("wrk_heads.lua"), endpoint],
                                                   env: ["WRK_PATHS": dir + "/paths.txt"])
        guard wcode == 0, let line = wout.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
              let wrkRate = Double(line.split(separator: " ").last ?? "") else { throw ValidationError("wrk failed (apt-get install wrk): \(wout)") }

        var best: HeadsRun.Result?
        for _ in 0..<max(1, repeats) {
            let (code, json) = try BenchSupport.shell([CommandLine.arguments[0], "heads-run", "--endpoint", endpoint, "--keys", dir + "/keys.txt",
                                                       "--concurrency", String(concurrency)])
            guard code == 0 else { throw ValidationError("heads-run failed: \(json)") }
            let r = try JSONDecoder().decode(HeadsRun.Result.self, from: Data(json.utf8))
            guard r.present == present, r.notFound == keys - present else {
                throw ValidationError("flytrap answered \(r.present) present / \(r.notFound) not found / \(r.other) other; expected \(present) / \(keys - present)")
            }
            if best.map({ r.seconds < $0.seconds }) ?? true { best = r }
        }
        let r = best!
        // libcurl's own command-line tool on the same URLs (HEAD, 64 in parallel, no signing): what the engine
        // flytrap is built on does by itself.
        let curlConfig = dir + "/curl.cfg"
        try paths.map { "url = \"\(endpoint)\($0)\"\noutput = /dev/null" }.joined(separator: "\n").write(toFile: curlConfig, atomically: true, encoding: .utf8)
        var curlBest = Double.infinity
        for _ in 0..<max(1, repeats) {
            let t0 = Date()
            let (ccode, _) = try BenchSupport.shell(["curl", "-s", "-I", "--parallel", "--parallel-max", String(concurrency), "-K", curlConfig])
            guard ccode == 0 else { throw ValidationError("curl --parallel failed (exit \(ccode))") }
            curlBest = min(curlBest, Date().timeIntervalSince(t0))
        }
        let (bcode, bout) = try BenchSupport.shell([python, BenchSupport.script("boto3_heads.py"), endpoint, dir + "/keys.txt"])
        guard bcode == 0, let b = try? JSONSerialization.jsonObject(with: Data(bout.utf8)) as? [String: Any],
              let bRate = b["per_second"] as? Double else { throw ValidationError("the boto3 script failed: \(bout)") }
        let rate = Double(keys) / r.seconds
        print(String(format: "nginx, %d keys (%d present, %d missing), %d concurrent:", keys, r.present, r.notFound, concurrency))
        print(String(format: "  wrk (ceiling, GETs)           %8.0f req/s", wrkRate))
        print(String(format: "  curl --parallel (libcurl)     %8.0f HEADs/s  (%.2fs; %.0f%% of wrk)", Double(keys) / curlBest, curlBest, 100 * Double(keys) / curlBest / wrkRate))
        print(String(format: "  flytrap                       %8.0f HEADs/s  (%.2fs; %.0f%% of wrk; peak RSS %.1f MB)", rate, r.seconds, 100 * rate / wrkRate, r.rssMB))
        print(String(format: "  boto3 ThreadPoolExecutor(32)  %8.0f HEADs/s  (%.2fs) → flytrap is %.1f×", bRate, b["seconds"] as? Double ?? 0, rate / bRate))
    }
}

/// Internal: one pass of existence checks in a fresh process (so its peak RSS is its own), printed as JSON.
struct HeadsRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heads-run", abstract: "Internal: one existence-check pass, as JSON.", shouldDisplay: false)
    @Option var endpoint: String
    @Option var keys: String
    @Option var concurrency = 64

    struct Result: Codable {
        var present: Int, notFound: Int, other: Int, seconds: Double, rssMB: Double
    }

    func run() throws {
        let uris = try String(contentsOfFile: keys, encoding: .utf8).split(separator: "\n").map(String.init)
        var settings = StorageSettings()
        settings.endpoint = endpoint
        settings.region = "us-east-1"
        let router = ObjectRouter(settings: settings, env: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "HOME": "/nonexistent"])
        // The audit's checker, one HEAD per key (listings would settle these in a handful of requests).
        let checker = ExistenceChecker(router: router, concurrency: concurrency)
        checker.headOnly = true
        let t0 = Date()
        let states = checker.check(uris.map { ($0, false) })
        let seconds = Date().timeIntervalSince(t0)
        var r = Result(present: 0, notFound: 0, other: 0, seconds: seconds, rssMB: (BenchSupport.statusKB("VmHWM") ?? 0) / 1024)
        for s in states.values {
            switch s {
            case .present: r.present += 1
            case .notFound: r.notFound += 1
            default: r.other += 1
            }
        }
        print(String(decoding: try JSONEncoder().encode(r), as: UTF8.self))
    }
}
