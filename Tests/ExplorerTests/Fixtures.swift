import Explorer
import FlyteModel
import Foundation
import Terminal

/// Hand-built records for reduce and view tests: a small project with runs in every state.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func theme(_ name: String = "default") -> Theme {
        (try? ThemeCatalog().theme(named: name)) ?? Theme(name: "x", description: "", usesColor: false, styles: [:])
    }

    static func state(width: Int = 100, height: Int = 20, project: String? = nil, refresh: TimeInterval = 0) -> ExplorerState {
        ExplorerState(width: width, height: height, now: now, options: .init(project: project, domain: "development", refreshInterval: refresh, themeNames: ThemeCatalog().names), theme: theme())
    }

    static func action(_ run: String, _ name: String = "a0", parent: String? = nil, group: String? = nil, phase: Phase = .succeeded,
                       task: String = "etl.pipeline", attempts: Int = 1, ago: TimeInterval = 3600, duration: Int64? = 61_000,
                       cache: CacheStatus = .disabled, kind: ActionKind = .task) -> ActionSummary {
        let created = now.addingTimeInterval(-ago)
        return ActionSummary(
            id: ActionID(run: RunID(project: "flytesnacks", domain: "development", name: run), name: name), parent: parent, group: group,
            kind: kind, phase: phase, taskName: task, taskVersion: "v1", taskType: "python", shortName: nil, functionName: task,
            environment: "env", createdAt: created, updatedAt: created, endedAt: phase.isTerminal ? created.addingTimeInterval(Double(duration ?? 0) / 1000) : nil,
            durationMs: phase.isTerminal ? duration : nil, attempts: attempts, cacheStatus: cache, source: .cli, trigger: nil, createdBy: nil,
            abortReason: nil, createdAtKey: DBTime.format(created))
    }

    static func run(_ name: String, phase: Phase = .succeeded, ago: TimeInterval = 3600, attempts: Int = 1) -> RunSummary {
        RunSummary(root: action(name, phase: phase, attempts: attempts, ago: ago), labels: [:])
    }

    static func detail(_ a: ActionSummary, base: String = "mem://b") -> ActionDetail {
        let folder = "\(base)/\(a.id.run.name)/\(a.id.name)/1"
        let attempt = Attempt(number: 1, phase: a.phase, start: a.createdAt, end: a.endedAt, outputURI: folder + "/outputs.pb",
                              reportURI: folder + "/report.html",
                              error: a.phase == .failed ? ErrorSummary(kind: .user, message: "boom\n\u{1B}[31mred", code: "ValueError") : nil,
                              logs: [], cacheStatus: a.cacheStatus, clusterEvents: [], phaseTransitions: [], cluster: nil, logsAvailable: false, cacheSource: nil)
        return ActionDetail(summary: a, inputsURI: "\(base)/\(a.id.run.name)/\(a.id.name)/inputs.pb", traceOutputsURI: nil, runOutputBase: nil,
                            taskSpecDigest: nil, task: nil, condition: nil, cacheKey: nil, labels: [:], rawDataPrefix: nil, runBaseDir: nil,
                            attempts: [attempt], warnings: [])
    }
}

extension ExplorerState {
    /// Applies actions in order, collecting every effect.
    @discardableResult
    mutating func apply(_ actions: Action...) -> [Effect] {
        var fx: [Effect] = []
        for a in actions { fx += Explorer.reduce(&self, a) }
        return fx
    }

    /// Presses keys in order.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        var fx: [Effect] = []
        for k in keys { fx += Explorer.reduce(&self, .key(k)) }
        return fx
    }

    /// Types text, one key per character.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        var fx: [Effect] = []
        for c in text { fx += Explorer.reduce(&self, .key(.char(c))) }
        return fx
    }

    var screenText: String { Render.frame(self).rows.joined(separator: "\n") }
}
