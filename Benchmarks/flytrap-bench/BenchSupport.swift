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
}
