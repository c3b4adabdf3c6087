import Foundation

/// What every benchmark reads about its own process and where its helper scripts are.
enum BenchSupport {
    /// A kB field of `/proc/self/status` (`VmHWM` is this process's own peak; getrusage's ru_maxrss would include
    /// the parent's across fork/exec), or nil when absent.
    static func statusKB(_ field: String) -> Double? {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
            .flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") }
    }

    /// A file in `Benchmarks/scripts/`.
    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/\(name)").path
    }

    /// nginx (Debian's) serving `root` on a loopback port as path-style buckets (`/bucket/key`), with its config
    /// and pid under `dir`; HEAD of a missing file is a 404. Stop it with `terminate()`.
    static func nginx(root: String, dir: String) throws -> (process: Process, endpoint: String) {
        let port = 20000 + Int(getpid() % 20000)
        let conf = dir + "/nginx.conf"
        try """
        worker_processes 4; daemon off; pid \(dir)/nginx.pid; error_log \(dir)/nginx-error.log;
        events { worker_connections 4096; }
        http { access_log off; keepalive_requests 100000;
          server { listen 127.0.0.1:\(port); root \(root); location / { } } }
        """.write(toFile: conf, atomically: true, encoding: .utf8)
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-c", conf, "-p", dir]
        try nginx.run()
        usleep(500_000)
        return (nginx, "http://127.0.0.1:\(port)")
    }

    /// Runs a command and returns its exit status and standard output.
    static func shell(_ args: [String], env: [String: String] = [:]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
