import Foundation

/// A trigger reference on a run (`actions.trigger_name`, `trigger_task_name`, `trigger_revision`).
public struct TriggerRef: Hashable, Sendable, Codable {
    public var name: String
    public var taskName: String
    public var revision: Int64?

    public init(name: String, taskName: String, revision: Int64?) {
        self.name = name
        self.taskName = taskName
        self.revision = revision
    }
}

/// One action row as lists show it: a run when `parent == nil`.
public struct ActionSummary: Hashable, Sendable, Codable {
    public var id: ActionID
    public var parent: String?
    public var group: String?
    public var kind: ActionKind
    public var phase: Phase
    public var taskName: String?
    public var taskVersion: String?
    public var taskType: String
    public var shortName: String?
    public var functionName: String
    public var environment: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var endedAt: Date?
    public var durationMs: Int64?
    public var attempts: Int
    public var cacheStatus: CacheStatus
    public var source: RunSource
    public var trigger: TriggerRef?
    public var createdBy: String?
    public var abortReason: String?
    /// The exact `created_at` text the store returned, kept for keyset cursors.
    public var createdAtKey: String

    public init(
        id: ActionID, parent: String?, group: String?, kind: ActionKind, phase: Phase,
        taskName: String?, taskVersion: String?, taskType: String, shortName: String?, functionName: String,
        environment: String?, createdAt: Date, updatedAt: Date, endedAt: Date?, durationMs: Int64?,
        attempts: Int, cacheStatus: CacheStatus, source: RunSource, trigger: TriggerRef?,
        createdBy: String?, abortReason: String?, createdAtKey: String
    ) {
        self.id = id
        self.parent = parent
        self.group = group
        self.kind = kind
        self.phase = phase
        self.taskName = taskName
        self.taskVersion = taskVersion
        self.taskType = taskType
        self.shortName = shortName
        self.functionName = functionName
        self.environment = environment
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.endedAt = endedAt
        self.durationMs = durationMs
        self.attempts = attempts
        self.cacheStatus = cacheStatus
        self.source = source
        self.trigger = trigger
        self.createdBy = createdBy
        self.abortReason = abortReason
        self.createdAtKey = createdAtKey
    }

    /// The name a person reads: short name, else the last dotted part of the task or function name.
    public var displayName: String {
        if let s = shortName, !s.isEmpty { return s }
        let full = taskName ?? functionName
        return full.split(separator: ".").last.map(String.init) ?? full
    }

    /// Elapsed time: the stored duration, else end minus start, else `now` minus start for live actions.
    public func elapsed(now: Date) -> TimeInterval? {
        if let d = durationMs { return Double(d) / 1000 }
        if let e = endedAt { return e.timeIntervalSince(createdAt) }
        if !phase.isTerminal { return max(0, now.timeIntervalSince(createdAt)) }
        return nil
    }
}

/// A run in a runs list: its root action plus what the run spec adds (labels).
public struct RunSummary: Hashable, Sendable, Codable {
    public var root: ActionSummary
    public var labels: [String: String]

    public init(root: ActionSummary, labels: [String: String]) {
        self.root = root
        self.labels = labels
    }

    public var id: RunID { root.id.run }
}

/// An error as the control plane records it for an attempt (`workflow.ErrorInfo`).
public struct ErrorSummary: Hashable, Sendable, Codable {
    public var kind: ErrorKind
    public var message: String
    public var code: String?

    public init(kind: ErrorKind, message: String, code: String?) {
        self.kind = kind
        self.message = message
        self.code = code
    }
}

/// A log link (`core.TaskLog`).
public struct LogLink: Hashable, Sendable, Codable {
    public var name: String
    public var uri: String

    public init(name: String, uri: String) {
        self.name = name
        self.uri = uri
    }
}

/// A Kubernetes event recorded against an attempt.
public struct ClusterEventRecord: Hashable, Sendable, Codable {
    public var occurredAt: Date?
    public var message: String
    public var reason: String
    public var warning: Bool

    public init(occurredAt: Date?, message: String, reason: String, warning: Bool) {
        self.occurredAt = occurredAt
        self.message = message
        self.reason = reason
        self.warning = warning
    }
}

/// A phase and when the attempt entered and left it.
public struct PhaseSpan: Hashable, Sendable, Codable {
    public var phase: Phase
    public var start: Date?
    public var end: Date?

    public init(phase: Phase, start: Date?, end: Date?) {
        self.phase = phase
        self.start = start
        self.end = end
    }
}

/// One attempt of an action, merged from its `action_events` rows the way the server merges them.
public struct Attempt: Hashable, Sendable, Codable {
    public var number: Int
    public var phase: Phase
    public var start: Date?
    public var end: Date?
    /// `OutputReferences.output_uri`: where outputs.pb is (or was).
    public var outputURI: String?
    /// `OutputReferences.report_uri`: the Deck; advertised for every task, written only when it has a report.
    public var reportURI: String?
    public var error: ErrorSummary?
    public var logs: [LogLink]
    public var cacheStatus: CacheStatus
    public var clusterEvents: [ClusterEventRecord]
    public var phaseTransitions: [PhaseSpan]
    public var cluster: String?
    public var logsAvailable: Bool
    /// For a cache hit: the attempt whose outputs were reused.
    public var cacheSource: String?

    public init(
        number: Int, phase: Phase, start: Date?, end: Date?, outputURI: String?, reportURI: String?,
        error: ErrorSummary?, logs: [LogLink], cacheStatus: CacheStatus, clusterEvents: [ClusterEventRecord],
        phaseTransitions: [PhaseSpan], cluster: String?, logsAvailable: Bool, cacheSource: String?
    ) {
        self.number = number
        self.phase = phase
        self.start = start
        self.end = end
        self.outputURI = outputURI
        self.reportURI = reportURI
        self.error = error
        self.logs = logs
        self.cacheStatus = cacheStatus
        self.clusterEvents = clusterEvents
        self.phaseTransitions = phaseTransitions
        self.cluster = cluster
        self.logsAvailable = logsAvailable
        self.cacheSource = cacheSource
    }

    /// The error.pb that sits beside outputs.pb in the attempt folder, when the attempt failed.
    ///
    /// Flyte does not store this URI; the SDK writes error.pb into the same folder as outputs.pb.
    public var errorDocumentURI: String? {
        guard phase == .failed || phase == .timedOut, let out = outputURI, out.hasSuffix("/outputs.pb") else { return nil }
        return String(out.dropLast("outputs.pb".count)) + "error.pb"
    }
}

/// A task as the task registry lists it (`tasks`).
public struct TaskRecord: Hashable, Sendable, Codable {
    public var project: String
    public var domain: String
    public var name: String
    public var version: String
    public var environment: String
    public var functionName: String
    public var deployedBy: String
    public var shortDescription: String?
    public var envDescription: String?
    public var triggerName: String?
    public var totalTriggers: Int
    public var activeTriggers: Int
    public var createdAt: Date?
    public var taskType: String?
    public var image: String?
    public var inputs: [String]
    public var outputs: [String]
    /// The spec's default inputs, decoded: `n = 3`, `n (required)`.
    public var defaultInputs: [String]

    public init(
        project: String, domain: String, name: String, version: String, environment: String, functionName: String,
        deployedBy: String, shortDescription: String?, envDescription: String?, triggerName: String?,
        totalTriggers: Int, activeTriggers: Int, createdAt: Date?, taskType: String?, image: String?,
        inputs: [String], outputs: [String], defaultInputs: [String] = []
    ) {
        self.defaultInputs = defaultInputs
        self.project = project
        self.domain = domain
        self.name = name
        self.version = version
        self.environment = environment
        self.functionName = functionName
        self.deployedBy = deployedBy
        self.shortDescription = shortDescription
        self.envDescription = envDescription
        self.triggerName = triggerName
        self.totalTriggers = totalTriggers
        self.activeTriggers = activeTriggers
        self.createdAt = createdAt
        self.taskType = taskType
        self.image = image
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// A trigger (latest state) or one of its revisions.
public struct TriggerRecord: Hashable, Sendable, Codable {
    public var project: String
    public var domain: String
    public var taskName: String
    public var name: String
    public var revision: Int64
    public var taskVersion: String
    public var active: Bool
    public var automationType: String
    /// A readable schedule (`cron 0 * * * *`, `every 5 minutes`) or the artifact the trigger waits on.
    public var automation: String
    public var description: String?
    public var deployedBy: String?
    public var deployedAt: Date?
    public var updatedAt: Date?
    public var triggeredAt: Date?
    public var deletedAt: Date?
    /// For revisions: what changed (`trigger_revisions.action`).
    public var change: String?

    public init(
        project: String, domain: String, taskName: String, name: String, revision: Int64, taskVersion: String,
        active: Bool, automationType: String, automation: String, description: String?, deployedBy: String?,
        deployedAt: Date?, updatedAt: Date?, triggeredAt: Date?, deletedAt: Date?, change: String?
    ) {
        self.project = project
        self.domain = domain
        self.taskName = taskName
        self.name = name
        self.revision = revision
        self.taskVersion = taskVersion
        self.active = active
        self.automationType = automationType
        self.automation = automation
        self.description = description
        self.deployedBy = deployedBy
        self.deployedAt = deployedAt
        self.updatedAt = updatedAt
        self.triggeredAt = triggeredAt
        self.deletedAt = deletedAt
        self.change = change
    }
}

/// A cache entry (`cache_service_outputs`): a cache key pointing at the outputs.pb that populated it.
public struct CacheEntry: Hashable, Sendable, Codable {
    public var key: String
    public var outputURI: String
    public var sourceTask: String?
    public var sourceRun: String?
    public var sourceAction: String?
    public var lastUpdated: Date?
    public var createdAt: Date?

    public init(
        key: String, outputURI: String, sourceTask: String?, sourceRun: String?, sourceAction: String?,
        lastUpdated: Date?, createdAt: Date?
    ) {
        self.key = key
        self.outputURI = outputURI
        self.sourceTask = sourceTask
        self.sourceRun = sourceRun
        self.sourceAction = sourceAction
        self.lastUpdated = lastUpdated
        self.createdAt = createdAt
    }
}
