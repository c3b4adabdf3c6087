import Foundation

/// What losing bucket objects breaks, from the Flyte docs, most severe first.
///
/// History is always intact (it lives in the database); these are the consequences of the objects a run points at
/// being gone.
public enum Consequence: String, Sendable, Codable, CaseIterable, Comparable {
    /// A run not in a terminal phase lost an inputs.pb or an outputs.pb it still needs: the run will fail.
    case inFlightBroken = "broken"
    /// The run's root inputs.pb is gone: it cannot be re-run with the same inputs.
    case cannotRerun = "rerun"
    /// A trace's recorded outputs (its checkpoint) are gone: the trace cannot be replayed when its task resumes.
    case traceCannotResume = "trace"
    /// A cache entry points at a purged outputs.pb: the next run with the same inputs re-executes the task.
    case cacheDead = "cache"
    /// Input or output previews, error documents or offloaded data are gone; nothing else breaks. (Decks are counted
    /// apart: the database cannot say whether a task ever wrote one.)
    case previewsLost = "previews"

    /// The phrase reports use.
    public var title: String {
        switch self {
        case .inFlightBroken: "in-flight run broken"
        case .cannotRerun: "cannot re-run"
        case .traceCannotResume: "trace cannot resume"
        case .cacheDead: "cache entry dead"
        case .previewsLost: "previews lost"
        }
    }

    /// What happens, in one line.
    public var explanation: String {
        switch self {
        case .inFlightBroken: "a run still in progress lost inputs.pb or outputs.pb: it will fail"
        case .cannotRerun: "the run's inputs.pb is gone: it cannot be re-run with the same inputs"
        case .traceCannotResume: "a trace's outputs.pb is gone: the trace re-executes instead of resuming"
        case .cacheDead: "the cached outputs are gone: the task re-executes on the next cache lookup"
        case .previewsLost: "input/output previews, error documents or offloaded data are gone; the history stays"
        }
    }

    public static func < (a: Consequence, b: Consequence) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A run's overall verdict: its most severe consequence, or intact, or unverified when some object could not be
/// checked (denied, unavailable, unknown) and nothing was found lost.
public enum FalloutSeverity: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    case consequence(Consequence)
    case unverified
    case intact

    /// Every severity, most severe first (the order of the summary).
    public static let all: [FalloutSeverity] = Consequence.allCases.map { .consequence($0) } + [.unverified, .intact]

    public var word: String {
        switch self {
        case .consequence(let c): c.rawValue
        case .unverified: "unverified"
        case .intact: "intact"
        }
    }

    public var title: String {
        switch self {
        case .consequence(let c): c.title
        case .unverified: "could not check (denied or unavailable)"
        case .intact: "intact"
        }
    }

    public var description: String { word }

    public static func < (a: FalloutSeverity, b: FalloutSeverity) -> Bool {
        all.firstIndex(of: a)! < all.firstIndex(of: b)!
    }
}

/// What a referenced object is to its action.
public enum ObjectRole: String, Sendable, Codable, CaseIterable {
    case inputs, outputs, traceOutputs = "trace_outputs", report, error, cacheOutput = "cache_output"
    case offloaded, checkpoint

    /// The file name or kind a person recognises.
    public var label: String {
        switch self {
        case .inputs: "inputs.pb"
        case .outputs: "outputs.pb"
        case .traceOutputs: "trace outputs.pb"
        case .report: "report.html"
        case .error: "error.pb"
        case .cacheOutput: "cached outputs.pb"
        case .offloaded: "offloaded data"
        case .checkpoint: "checkpoint"
        }
    }
}

/// One referenced object the audit found gone or could not check.
public struct FalloutObject: Hashable, Sendable, Codable {
    public var role: ObjectRole
    public var uri: String
    public var action: String
    public var attempt: Int?
    /// `not found`, `denied`, `unavailable` or `unknown`.
    public var state: String
    public var reason: String?
    /// The lifecycle rule that matches the object's key, when the bucket's rules are known.
    public var rule: String?
    /// The cache key, for a dead cache entry.
    public var cacheKey: String?

    public init(role: ObjectRole, uri: String, action: String, attempt: Int?, state: String, reason: String?,
                rule: String? = nil, cacheKey: String? = nil) {
        self.role = role
        self.uri = uri
        self.action = action
        self.attempt = attempt
        self.state = state
        self.reason = reason
        self.rule = rule
        self.cacheKey = cacheKey
    }
}

/// The audit's finding for one run: what it lost, what that breaks, and what could not be checked.
public struct RunFallout: Hashable, Sendable, Codable {
    public var run: RunID
    public var phase: Phase
    public var createdAt: Date
    public var consequences: Set<Consequence>
    /// Expected objects that are not found (purged, since the database says they were written).
    public var lost: [FalloutObject]
    /// report.html files that are not found and that a lifecycle rule would have deleted: Flyte advertises a Deck
    /// for every task and writes one only for tasks that report, so these were purged or never written.
    public var decksMissing: [FalloutObject]
    /// Objects the bucket would not answer for (denied, unavailable, unknown).
    public var unchecked: [FalloutObject]
    /// Objects referenced by the run and checked.
    public var objectsChecked: Int
    /// Objects the bucket's lifecycle rules will delete within the forecast window, and what that would break.
    public var forecast: [FalloutObject]
    public var forecastConsequences: Set<Consequence>

    public init(run: RunID, phase: Phase, createdAt: Date, consequences: Set<Consequence>, lost: [FalloutObject],
                decksMissing: [FalloutObject] = [], unchecked: [FalloutObject], objectsChecked: Int, forecast: [FalloutObject] = [],
                forecastConsequences: Set<Consequence> = []) {
        self.run = run
        self.phase = phase
        self.createdAt = createdAt
        self.consequences = consequences
        self.lost = lost
        self.decksMissing = decksMissing
        self.unchecked = unchecked
        self.objectsChecked = objectsChecked
        self.forecast = forecast
        self.forecastConsequences = forecastConsequences
    }

    public var severity: FalloutSeverity {
        if let worst = consequences.min() { return .consequence(worst) }
        return unchecked.isEmpty ? .intact : .unverified
    }

    /// `outputs.pb ×3, report.html` for a list column.
    public var lostText: String {
        var counts: [ObjectRole: Int] = [:]
        for o in lost { counts[o.role, default: 0] += 1 }
        return ObjectRole.allCases.compactMap { r in counts[r].map { $0 > 1 ? "\(r.label) ×\($0)" : r.label } }.joined(separator: ", ")
    }
}

/// Counts over every run an audit has judged so far: by severity, consequence, project/domain and age.
public struct FalloutTally: Sendable, Codable, Equatable {
    public var runs = 0
    public var bySeverity: [String: Int] = [:]
    /// Runs with each consequence (a run counts once per consequence it has).
    public var byConsequence: [String: Int] = [:]
    /// `project/domain` → severity word → runs.
    public var byProjectDomain: [String: [String: Int]] = [:]
    /// Age bucket (`<1d`, `1-7d`, `7-30d`, `30-90d`, `>90d`) → severity word → runs.
    public var byAge: [String: [String: Int]] = [:]
    public var forecastByConsequence: [String: Int] = [:]
    public var objectsChecked = 0
    /// Lost objects other than Decks.
    public var objectsLost = 0
    /// report.html files not found that a lifecycle rule explains (purged, or never written).
    public var decksNotFound = 0
    public var objectsUnchecked = 0
    public var objectsForecast = 0
    /// Dead cache entries (distinct keys).
    public var deadCacheKeys = 0

    public init() {}

    public static let ageBuckets = ["<1d", "1-7d", "7-30d", "30-90d", ">90d"]

    public static func ageBucket(_ created: Date, now: Date) -> String {
        let d = now.timeIntervalSince(created) / 86400
        switch d {
        case ..<1: return "<1d"
        case ..<7: return "1-7d"
        case ..<30: return "7-30d"
        case ..<90: return "30-90d"
        default: return ">90d"
        }
    }

    /// Adds one judged run.
    public mutating func add(_ r: RunFallout, now: Date) {
        runs += 1
        let sev = r.severity.word
        bySeverity[sev, default: 0] += 1
        for c in r.consequences { byConsequence[c.rawValue, default: 0] += 1 }
        for c in r.forecastConsequences { forecastByConsequence[c.rawValue, default: 0] += 1 }
        byProjectDomain["\(r.run.project)/\(r.run.domain)", default: [:]][sev, default: 0] += 1
        byAge[Self.ageBucket(r.createdAt, now: now), default: [:]][sev, default: 0] += 1
        objectsChecked += r.objectsChecked
        objectsLost += r.lost.count
        decksNotFound += r.decksMissing.count
        objectsUnchecked += r.unchecked.count
        objectsForecast += r.forecast.count
    }

    public func count(_ s: FalloutSeverity) -> Int { bySeverity[s.word] ?? 0 }
}
