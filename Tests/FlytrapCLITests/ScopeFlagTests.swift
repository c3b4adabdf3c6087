import Foundation
import Testing

/// `-p`/`-d` reach the subcommand that declares them (the explorer's same-named options once captured them, and
/// every `get` silently used the first project).
@Suite(.serialized) struct ScopeFlagTests {
    let w = CLIWorld.shared

    @Test("get runs and get tasks answer for the project and domain asked, not the first project")
    func projectReachesGet() throws {
        for (project, domain) in [("flytesnacks", "staging"), ("ml-platform", "production")] {
            let runs = try CLI.run(["get", "runs", "--db", w.db, "-p", project, "-d", domain, "-o", "json", "--limit", "5"])
            let r = try #require(try JSONSerialization.jsonObject(with: runs.outBytes) as? [String: Any])
            #expect(r["project"] as? String == project && r["domain"] as? String == domain)
            let tasks = try CLI.run(["get", "tasks", "--db", w.db, "--project", project, "--domain", domain, "-o", "json"])
            let t = try #require((try JSONSerialization.jsonObject(with: tasks.outBytes) as? [String: Any])?["tasks"] as? [[String: Any]])
            #expect(!t.isEmpty)
            #expect(t.allSatisfy { $0["project"] as? String == project && $0["domain"] as? String == domain })
        }
    }

    @Test("flytrap -p P (the explorer, off a terminal) still takes the project")
    func projectReachesExplorer() throws {
        let r = try CLI.run(["--db", w.db, "-p", "ml-platform"])
        #expect(r.code == 0)
        #expect(r.err.contains("ml-platform/development"))
    }
}
