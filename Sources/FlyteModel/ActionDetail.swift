import Foundation
import FlyteIDL

/// Everything the control plane knows about one action: its row, its spec, and its merged attempts.
///
/// URIs come straight from the database (`RunInfo`, `ActionSpec`, `ActionEvent.outputs`); flytrap never
/// rebuilds bucket paths, because shard prefixes and attempt folders differ between deployments.
public struct ActionDetail: Sendable {
    public var summary: ActionSummary
    /// `RunInfo.inputs_uri` (falls back to `ActionSpec.input_uri`).
    public var inputsURI: String?
    /// `RunInfo.outputs_uri`: set only for traces.
    public var traceOutputsURI: String?
    /// `ActionSpec.run_output_base`.
    public var runOutputBase: String?
    public var taskSpecDigest: String?
    public var task: TaskSpecInfo?
    public var condition: ConditionInfo?
    public var cacheKey: String?
    public var labels: [String: String]
    public var rawDataPrefix: String?
    public var runBaseDir: String?
    public var attempts: [Attempt]
    /// Fields the store could not read, each with the reason (a missing optional column, an undecodable blob).
    public var warnings: [String]

    public init(
        summary: ActionSummary, inputsURI: String?, traceOutputsURI: String?, runOutputBase: String?,
        taskSpecDigest: String?, task: TaskSpecInfo?, condition: ConditionInfo?, cacheKey: String?,
        labels: [String: String], rawDataPrefix: String?, runBaseDir: String?, attempts: [Attempt], warnings: [String]
    ) {
        self.summary = summary
        self.inputsURI = inputsURI
        self.traceOutputsURI = traceOutputsURI
        self.runOutputBase = runOutputBase
        self.taskSpecDigest = taskSpecDigest
        self.task = task
        self.condition = condition
        self.cacheKey = cacheKey
        self.labels = labels
        self.rawDataPrefix = rawDataPrefix
        self.runBaseDir = runBaseDir
        self.attempts = attempts
        self.warnings = warnings
    }

    /// The attempt the server reports results for: the one whose number equals the action's attempt count,
    /// else the highest one recorded.
    public var latestAttempt: Attempt? {
        attempts.first { $0.number == summary.attempts } ?? attempts.max { $0.number < $1.number }
    }

    /// The outputs.pb of this action: a trace's `RunInfo.outputs_uri`, else the latest attempt's output URI.
    public var outputsURI: String? {
        if summary.kind == .trace { return traceOutputsURI }
        return latestAttempt?.outputURI
    }

    /// The error to show: the latest attempt's, as the server reports it for a failed action.
    public var error: ErrorSummary? {
        guard summary.phase == .failed || summary.phase == .timedOut else { return nil }
        return latestAttempt?.error
    }

    /// The checkpoint prefix of an attempt: `_flytecheckpoints` inside the folder that holds its outputs.pb.
    public func checkpointPrefix(of attempt: Attempt) -> String? {
        guard let out = attempt.outputURI, out.hasSuffix("/outputs.pb") else { return nil }
        return String(out.dropLast("outputs.pb".count)) + "_flytecheckpoints/"
    }
}

/// What a task spec (`task_specs.spec` or the ActionSpec's TaskAction) says about the task.
public struct TaskSpecInfo: Sendable, Hashable {
    public var name: String
    public var version: String
    public var type: String
    public var shortName: String
    public var environment: String
    public var image: String?
    public var runtime: String?
    public var retries: Int
    public var cacheable: Bool
    public var cacheVersion: String?
    public var inputs: [(name: String, type: String)]
    public var outputs: [(name: String, type: String)]
    public var defaultInputs: [String]
    public var shortDescription: String?

    public init(
        name: String, version: String, type: String, shortName: String, environment: String, image: String?,
        runtime: String?, retries: Int, cacheable: Bool, cacheVersion: String?, inputs: [(name: String, type: String)],
        outputs: [(name: String, type: String)], defaultInputs: [String], shortDescription: String?
    ) {
        self.name = name
        self.version = version
        self.type = type
        self.shortName = shortName
        self.environment = environment
        self.image = image
        self.runtime = runtime
        self.retries = retries
        self.cacheable = cacheable
        self.cacheVersion = cacheVersion
        self.inputs = inputs
        self.outputs = outputs
        self.defaultInputs = defaultInputs
        self.shortDescription = shortDescription
    }

    public static func == (a: TaskSpecInfo, b: TaskSpecInfo) -> Bool {
        a.name == b.name && a.version == b.version && a.type == b.type && a.shortName == b.shortName
            && a.environment == b.environment && a.image == b.image && a.runtime == b.runtime
            && a.retries == b.retries && a.cacheable == b.cacheable && a.cacheVersion == b.cacheVersion
            && a.inputs.map(\.name) == b.inputs.map(\.name) && a.inputs.map(\.type) == b.inputs.map(\.type)
            && a.outputs.map(\.name) == b.outputs.map(\.name) && a.outputs.map(\.type) == b.outputs.map(\.type)
            && a.defaultInputs == b.defaultInputs && a.shortDescription == b.shortDescription
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(version)
    }

    /// One default input as the task screen shows it: `n = 3`, `path = File s3://…`, or `n (required)`.
    public static func defaultText(_ p: Flyteidl2_Task_NamedParameter) -> String {
        switch p.parameter.behavior {
        case .default(let lit)?: return "\(p.name) = " + PreviewText.oneLine(PayloadDecoder.literal(lit, budget: .pane), limit: 72)
        case .required(true)?: return "\(p.name) (required)"
        default: return "\(p.name) (no default)"
        }
    }

    /// Reads the fields flytrap shows from a `task.TaskSpec`.
    public init(spec: Flyteidl2_Task_TaskSpec) {
        let t = spec.taskTemplate
        let md = t.metadata
        self.init(
            name: t.id.name, version: t.id.version, type: t.type, shortName: spec.shortName,
            environment: spec.environment.name, image: { if case .container(let c)? = t.target, !c.image.isEmpty { return c.image } else { return nil } }(),
            runtime: md.hasRuntime ? "\(md.runtime.flavor.isEmpty ? "sdk" : md.runtime.flavor) \(md.runtime.version)" : nil,
            retries: Int(md.retries.retries), cacheable: md.discoverable,
            cacheVersion: md.discoveryVersion.isEmpty ? nil : md.discoveryVersion,
            inputs: t.interface.inputs.variables.map { ($0.key, LiteralTypeText.describe($0.value.type)) },
            outputs: t.interface.outputs.variables.map { ($0.key, LiteralTypeText.describe($0.value.type)) },
            defaultInputs: spec.defaultInputs.map(Self.defaultText),
            shortDescription: spec.documentation.shortDescription.isEmpty ? nil : spec.documentation.shortDescription
        )
    }
}

/// A condition action: its prompt, expected type and, once signalled, the value stored inline in `RunInfo.output`.
public struct ConditionInfo: Sendable {
    public var name: String
    public var prompt: String
    public var expectedType: String
    public var timeout: TimeInterval?
    /// The signalled value (never an outputs.pb); nil while the condition waits.
    public var output: Flyteidl2_Core_Literal?
    public var signalledBy: String?

    public init(name: String, prompt: String, expectedType: String, timeout: TimeInterval?, output: Flyteidl2_Core_Literal?, signalledBy: String?) {
        self.name = name
        self.prompt = prompt
        self.expectedType = expectedType
        self.timeout = timeout
        self.output = output
        self.signalledBy = signalledBy
    }
}
