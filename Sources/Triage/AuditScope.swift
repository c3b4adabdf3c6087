import FlyteModel
import Foundation

/// Which runs an audit covers and how deep it looks.
public struct AuditScope: Sendable, Hashable {
    /// nil: every project.
    public var project: String?
    /// nil: every domain.
    public var domain: String?
    /// Runs created at or after this time.
    public var since: Date?
    /// Runs created before this time.
    public var until: Date?
    /// Only these run names (in any project/domain the other filters allow).
    public var runs: [String]
    /// Only runs in these phases (empty: any).
    public var phases: Set<Phase>
    /// Also read each present inputs.pb and outputs.pb and check the offloaded values they reference.
    public var deep: Bool
    /// Forecast which objects the bucket's lifecycle rules delete within this many days (nil: no forecast).
    public var forecastDays: Double?

    public init(project: String? = nil, domain: String? = nil, since: Date? = nil, until: Date? = nil, runs: [String] = [],
                phases: Set<Phase> = [], deep: Bool = false, forecastDays: Double? = nil) {
        self.project = project
        self.domain = domain
        self.since = since
        self.until = until
        self.runs = runs
        self.phases = phases
        self.deep = deep
        self.forecastDays = forecastDays
    }

    /// One line naming the scope, for report headers.
    public var summary: String {
        var parts: [String] = []
        parts.append(project.map { "project \($0)" } ?? "every project")
        parts.append(domain.map { "domain \($0)" } ?? "every domain")
        if let s = since { parts.append("since \(DBTime.iso(s))") }
        if let u = until { parts.append("until \(DBTime.iso(u))") }
        if !runs.isEmpty { parts.append("runs \(runs.joined(separator: ","))") }
        if !phases.isEmpty { parts.append("phase \(phases.map(\.name).sorted().joined(separator: ","))") }
        if deep { parts.append("deep") }
        return parts.joined(separator: ", ")
    }
}
