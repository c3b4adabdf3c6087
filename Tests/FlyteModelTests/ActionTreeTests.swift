import Foundation
import Testing
@testable import FlyteModel

@Suite struct ActionTreeTests {
    func action(_ name: String, parent: String?, group: String? = nil, at: Double) -> ActionSummary {
        ActionSummary(id: ActionID(run: RunID(project: "p", domain: "d", name: "r"), name: name), parent: parent, group: group,
                      kind: .task, phase: .succeeded, taskName: "t.\(name)", taskVersion: "v1", taskType: "python", shortName: nil,
                      functionName: name, environment: nil, createdAt: Date(timeIntervalSince1970: at), updatedAt: Date(timeIntervalSince1970: at),
                      endedAt: nil, durationMs: nil, attempts: 1, cacheStatus: .disabled, source: .cli, trigger: nil, createdBy: nil,
                      abortReason: nil, createdAtKey: "")
    }

    @Test func nestsByParentWithGroupsAsPseudoNodes() {
        let tree = ActionTree(actions: [
            action("s2", parent: "a0", group: "shards", at: 4),
            action("a0", parent: nil, at: 0),
            action("x", parent: "a0", at: 1),
            action("s1", parent: "a0", group: "shards", at: 3),
            action("y", parent: "x", at: 2),
            action("z", parent: "a0", at: 9),
        ])
        let rows = tree.rows()
        #expect(rows.map(\.key) == ["a0", "x", "y", "group:a0/shards", "s1", "s2", "z"])
        #expect(rows.map(\.depth) == [0, 1, 2, 1, 2, 2, 1])
        #expect(rows[3].childCount == 2)
        let collapsed = tree.rows(collapsed: ["group:a0/shards", "x"])
        #expect(collapsed.map(\.key) == ["a0", "x", "group:a0/shards", "z"])
    }

    @Test func keepsOrphansVisible() {
        let tree = ActionTree(actions: [action("a0", parent: nil, at: 0), action("lost", parent: "gone", at: 1)])
        #expect(tree.orphans.map(\.id.name) == ["lost"])
        #expect(tree.rows().map(\.key) == ["a0", "lost"])
    }
}
