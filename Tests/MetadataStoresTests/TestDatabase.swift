import DemoWorld
import FlyteIDL
import FlyteModel
import Foundation
@testable import MetadataStores

/// Builds small control-plane databases by hand, row by row, so expectations come from the rows written here.
final class TestDatabase {
    let path: String
    let writer: SQLiteWriter

    init(ddl: String = FlyteSchema.sqliteDDL) throws {
        path = NSTemporaryDirectory() + "flytrap-test-\(UUID().uuidString).db"
        writer = try SQLiteWriter(creating: path)
        try writer.exec(ddl)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func close() { writer.close() }

    func store() throws -> SQLRunStore {
        close()
        return try SQLRunStore(db: SQLiteDatabase(path: path))
    }

    static func t(_ seconds: Double) -> String { DBTime.format(Date(timeIntervalSince1970: 1_795_000_000 + seconds)) }

    /// Inserts an action row; `runSpec` labels go into the run_spec blob.
    func action(project: String = "p", domain: String = "d", run: String, name: String = "a0", parent: String? = nil,
                phase: Phase = .succeeded, task: String = "wf.main", created: Double, group: String? = nil,
                labels: [String: String] = [:], trigger: String? = nil, detailedInfo: [UInt8]? = nil, actionSpec: [UInt8]? = nil,
                kind: ActionKind = .task) throws {
        var rs = Flyteidl2_Task_RunSpec()
        rs.labels.values = labels
        let runSpec: [UInt8] = try rs.serializedBytes()
        try writer.insert("""
            INSERT INTO actions (project, domain, run_name, name, parent_action_name, phase, run_source, action_type, action_group,
            task_name, task_version, task_type, function_name, action_spec, detailed_info, run_spec, created_at, updated_at, attempts,
            cache_status, trigger_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(project), .text(domain), .text(run), .text(name), parent.map { .text($0) } ?? .null, .int(Int64(phase.rawValue)),
                  .text("RUN_SOURCE_CLI"), .int(Int64(kind.rawValue)), group.map { .text($0) } ?? .null, .text(task), .text("v1"), .text("python"),
                  .text(task), actionSpec.map { .blob($0) } ?? .null, detailedInfo.map { .blob($0) } ?? .null,
                  parent == nil ? .blob(runSpec) : .null, .text(Self.t(created)), .text(Self.t(created)), .int(1), .int(0),
                  trigger.map { .text($0) } ?? .null])
    }

    func event(project: String = "p", domain: String = "d", run: String, name: String, attempt: Int, phase: Phase, info: [UInt8]) throws {
        try writer.insert("""
            INSERT INTO action_events (project, domain, run_name, name, attempt, phase, version, info, created_at, updated_at)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, [.text(project), .text(domain), .text(run), .text(name), .int(Int64(attempt)), .int(Int64(phase.rawValue)), .int(0),
                  .blob(info), .text(Self.t(0)), .text(Self.t(0))])
    }
}
