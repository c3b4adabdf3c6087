import Foundation
import Testing

/// `flytrap audit` as users run it from cron and CI: formats, --fail-on exit codes, scope flags, clear errors.
@Suite(.serialized) struct AuditCLITests {
    let w = CLIWorld.shared

    @Test("json: one object per run with a finding and a summary whose counts add up; CSV has one row per such run")
    func formats() throws {
        let r = try CLI.run(["audit", "--db", w.db, "-o", "json"])
        #expect(r.code == 0, "\(r.err)")
        let obj = try #require(try JSONSerialization.jsonObject(with: r.outBytes) as? [String: Any])
        let runs = try #require(obj["runs"] as? [[String: Any]])
        let summary = try #require(obj["summary"] as? [String: Any])
        let bySeverity = try #require(summary["by_severity"] as? [String: Int])
        #expect(bySeverity.values.reduce(0, +) == summary["runs"] as? Int)
        #expect(runs.count == (summary["runs"] as? Int ?? 0) - (bySeverity["intact"] ?? 0))
        #expect(runs.allSatisfy { ($0["severity"] as? String) != "intact" })
        let csv = try CLI.run(["audit", "--db", w.db, "-o", "csv"])
        let lines = csv.out.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("project,domain,run,phase") == true)
        #expect(lines.count - 1 == runs.count)
        #expect(csv.err.contains("Runs by severity"), "CSV keeps stdout for rows; the summary goes to stderr")
    }

    @Test("--fail-on: 3 when a run is at least that bad, 0 when none is")
    func failOn() throws {
        let json = try CLI.run(["audit", "--db", w.db, "-o", "json"])
        let summary = try #require((try JSONSerialization.jsonObject(with: json.outBytes) as? [String: Any])?["summary"] as? [String: Any])
        let by = try #require(summary["by_severity"] as? [String: Int])
        for (level, worst) in [("broken", ["broken"]), ("rerun", ["broken", "rerun"]), ("cache", ["broken", "rerun", "trace", "cache"]),
                               ("any", ["broken", "rerun", "trace", "cache", "previews"])] {
            let expected: Int32 = worst.contains { (by[$0] ?? 0) > 0 } ? 3 : 0
            let r = try CLI.run(["audit", "--db", w.db, "--fail-on", level, "-o", "csv"])
            #expect(r.code == expected, "--fail-on \(level): \(r.code), expected \(expected)")
        }
        // A scope with nothing lost passes.
        let ok = try CLI.run(["audit", "--db", w.db, "--fail-on", "any", "--runs", "no-such-run"])
        #expect(ok.code == 1 && ok.err.contains("no-such-run"))
    }

    @Test("the table names the flagged rules and the forecast")
    func table() throws {
        let r = try CLI.run(["audit", "--db", w.db, "--forecast", "30d", "--objects"])
        #expect(r.code == 0)
        #expect(r.out.contains("FLAG expire-everything") && r.out.contains("applies bucket-wide"))
        #expect(r.out.contains("Forecast: within 30 days"))
        #expect(r.out.contains("    inputs.pb"), "--objects lists objects under their runs")
    }

    @Test("bad input: one line naming the option, exit 2; a bad rules file names the file, exit 1")
    func errors() throws {
        let p = try CLI.run(["audit", "--db", w.db, "--phase", "sleeping"])
        #expect(p.code == 2 && p.err.contains("--phase 'sleeping'"))
        let f = try CLI.run(["audit", "--db", w.db, "--forecast", "soon"])
        #expect(f.code == 2 && f.err.contains("--forecast"))
        let bad = NSTemporaryDirectory() + "flytrap-bad-rules.json"
        try Data("{\"rules\": 3}".utf8).write(to: URL(fileURLWithPath: bad))
        let l = try CLI.run(["audit", "--db", w.db, "--lifecycle", bad])
        #expect(l.code == 1 && l.err.contains(bad))
        #expect(l.err.split(separator: "\n").count == 1)
        // The rules file found beside the store is held to the same standard.
        let copy = NSTemporaryDirectory() + "flytrap-bad-beside-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: w.dir, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try Data("{\"rules\": 3}".utf8).write(to: URL(fileURLWithPath: copy + "/lifecycle.json"))
        let beside = try CLI.run(["audit", "--db", copy + "/flyte.db"])
        #expect(beside.code == 1 && beside.err.contains(copy + "/lifecycle.json"))

        // An inventory that is missing, or not a CSV inventory, names itself in one line.
        let missing = NSTemporaryDirectory() + "flytrap-no-such-\(UUID().uuidString)/manifest.json"
        let m = try CLI.run(["audit", "--db", w.db, "--inventory", missing])
        #expect(m.code == 1 && m.err.contains(missing) && m.err.contains("not found") && m.err.split(separator: "\n").count == 1)
        let orc = NSTemporaryDirectory() + "flytrap-orc-manifest.json"
        try Data(#"{"sourceBucket": "b", "fileFormat": "ORC", "fileSchema": "Bucket, Key", "files": []}"#.utf8).write(to: URL(fileURLWithPath: orc))
        let o = try CLI.run(["audit", "--db", w.db, "--inventory", orc])
        #expect(o.code == 1 && o.err.contains(orc) && o.err.contains("ORC") && o.err.split(separator: "\n").count == 1)
    }
}
