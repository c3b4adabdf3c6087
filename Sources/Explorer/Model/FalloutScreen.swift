import FlyteModel
import Foundation

/// Which runs the Fallout view audits: a project and domain, or every one.
public struct FalloutScope: Sendable, Hashable {
    public var project: String?
    public var domain: String?

    public init(project: String? = nil, domain: String? = nil) {
        self.project = project
        self.domain = domain
    }

    public var title: String {
        switch (project, domain) {
        case (let p?, let d?): "\(p)/\(d)"
        case (let p?, nil): p
        default: "every project"
        }
    }
}

/// What an audit in progress reports to the explorer: the runs judged since the last update and the counters.
public struct FalloutUpdate: Sendable, Equatable {
    public var runs: [RunFallout]
    public var runsJudged: Int
    public var objects: Int
    public var requests: Int
    /// Seconds since the audit started, by the audit's own clock.
    public var elapsed: TimeInterval
    /// Runs in scope, when the store counted them.
    public var totalRuns: Int?
    /// Set on the last update: the audit ended (`partial` when it was stopped), or why it failed.
    public var finished: Bool
    public var partial: Bool
    public var error: String?
    /// Lines about the buckets' lifecycle rules (flags, coverage), on the last update.
    public var ruleLines: [String]
    /// What the audit is doing before it judges runs (reading an S3 Inventory), shown on the status line.
    public var note: String?

    public init(runs: [RunFallout], runsJudged: Int, objects: Int, requests: Int, elapsed: TimeInterval = 0, totalRuns: Int? = nil,
                finished: Bool = false, partial: Bool = false, error: String? = nil, ruleLines: [String] = [], note: String? = nil) {
        self.note = note
        self.elapsed = elapsed
        self.totalRuns = totalRuns
        self.runs = runs
        self.runsJudged = runsJudged
        self.objects = objects
        self.requests = requests
        self.finished = finished
        self.partial = partial
        self.error = error
        self.ruleLines = ruleLines
    }
}

/// The Fallout view (`:audit`, `!`): the retention audit's summary by severity, streaming in as runs are judged;
/// enter lists the runs of a severity, enter again opens a run with its lost objects marked.
public struct FalloutScreen: Sendable {
    public var scope: FalloutScope
    public var request: RequestID
    public var tally = FalloutTally()
    /// Runs with a finding (not intact), newest judged last, at most `keep`.
    public var findings: [RunFallout] = []
    /// Runs with a finding that did not fit in `findings` (their counts are in the tally).
    public var dropped = 0
    public var objects = 0
    public var requests = 0
    /// Seconds the audit has taken so far (its own clock: the explorer's may not tick while nothing changes).
    public var elapsed: TimeInterval = 0
    public var totalRuns: Int?
    public var started: Date
    public var finishedAt: Date?
    public var partial = false
    public var error: String?
    public var ruleLines: [String] = []
    /// nil: the summary; a severity: that severity's runs.
    public var drill: FalloutSeverity?
    public var cursor = ListCursor()
    public var runCursor = ListCursor()

    /// How many runs with findings the view keeps (memory stays bounded at a million runs).
    public static let keep = 20_000

    public init(scope: FalloutScope, request: RequestID, started: Date) {
        self.scope = scope
        self.request = request
        self.started = started
    }

    public var running: Bool { finishedAt == nil && error == nil }

    /// The runs of the drilled-into severity.
    public var drilledRuns: [RunFallout] {
        guard let d = drill else { return [] }
        return findings.filter { $0.severity == d }
    }
}
