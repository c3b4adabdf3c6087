/// The kind of an action (`actions.action_type`).
public enum ActionKind: Int, Sendable, Codable, CaseIterable {
    case unspecified = 0, task = 1, trace = 2, condition = 3

    public init(number: Int) { self = ActionKind(rawValue: number) ?? .unspecified }

    public var name: String {
        switch self {
        case .unspecified: "unspecified"
        case .task: "task"
        case .trace: "trace"
        case .condition: "condition"
        }
    }
}

/// `core.CatalogCacheStatus`: what the cache did for an action or attempt.
public enum CacheStatus: Int, Sendable, Codable, CaseIterable {
    case disabled = 0, miss = 1, hit = 2, populated = 3, lookupFailure = 4, putFailure = 5, skipped = 6, evicted = 7

    public init(number: Int) { self = CacheStatus(rawValue: number) ?? .disabled }

    public var name: String {
        switch self {
        case .disabled: "disabled"
        case .miss: "miss"
        case .hit: "hit"
        case .populated: "populated"
        case .lookupFailure: "lookup_failure"
        case .putFailure: "put_failure"
        case .skipped: "skipped"
        case .evicted: "evicted"
        }
    }

    /// The tree marker flyte's own TUI uses: `$` for a hit, `~` for an enabled miss/populate.
    public var marker: String {
        switch self {
        case .hit: "$"
        case .miss, .populated: "~"
        default: ""
        }
    }
}

/// Who or what started a run (`actions.run_source`, stored as the `RunSource` enum name).
public enum RunSource: String, Sendable, Codable, CaseIterable {
    case unspecified = "RUN_SOURCE_UNSPECIFIED"
    case web = "RUN_SOURCE_WEB"
    case cli = "RUN_SOURCE_CLI"
    case scheduleTrigger = "RUN_SOURCE_SCHEDULE_TRIGGER"
    case tracked = "RUN_SOURCE_TRACKED"
    case artifactTrigger = "RUN_SOURCE_ARTIFACT_TRIGGER"

    /// Parses the stored column; an empty or unknown value is `.unspecified`.
    public init(column: String) { self = RunSource(rawValue: column) ?? .unspecified }

    public var word: String {
        switch self {
        case .unspecified: "-"
        case .web: "web"
        case .cli: "cli"
        case .scheduleTrigger: "schedule"
        case .tracked: "tracked"
        case .artifactTrigger: "artifact"
        }
    }
}

/// The kind of an error as `workflow.ErrorInfo.Kind` (stored in `action_events.error_kind` by name).
public enum ErrorKind: Int, Sendable, Codable {
    case unspecified = 0, user = 1, system = 2

    public var name: String {
        switch self {
        case .unspecified: "unspecified"
        case .user: "user"
        case .system: "system"
        }
    }
}
