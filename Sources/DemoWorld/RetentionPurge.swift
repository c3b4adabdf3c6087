import Foundation

/// A bucket lifecycle rule as the demo applies it: objects under `prefix` (relative to the bucket root), whose key
/// ends with one of `suffixes` (any, when empty), contains `contains` (when set) and ends with none of
/// `excludeSuffixes`, are deleted once older than `olderThanDays`. The same conditions S3 and GCS lifecycle rules
/// offer (prefix, suffix, age).
public struct RetentionRule: Codable, Sendable, Hashable {
    public var id: String
    public var description: String
    public var prefix: String
    public var suffixes: [String]
    public var contains: String?
    public var excludeSuffixes: [String]
    public var olderThanDays: Double

    public init(id: String, description: String, prefix: String = "", suffixes: [String] = [], contains: String? = nil,
                excludeSuffixes: [String] = [], olderThanDays: Double) {
        self.id = id
        self.description = description
        self.prefix = prefix
        self.suffixes = suffixes
        self.contains = contains
        self.excludeSuffixes = excludeSuffixes
        self.olderThanDays = olderThanDays
    }

    /// Whether the rule deletes an object with bucket-relative `key` that is `ageDays` old.
    public func matches(key: String, ageDays: Double) -> Bool {
        guard ageDays > olderThanDays, key.hasPrefix(prefix) else { return false }
        if !suffixes.isEmpty && !suffixes.contains(where: { key.hasSuffix($0) }) { return false }
        if let c = contains, !key.contains(c) { return false }
        return !excludeSuffixes.contains { key.hasSuffix($0) }
    }

    /// The rules the demo world applies for a base retention of `days`: three well-meant rules on offloaded data,
    /// Decks and checkpoints, and two misconfigured ones (uploads/ and a bucket-wide expiry) that take inputs.pb
    /// and outputs.pb with them.
    public static func demoRules(days: Int) -> [RetentionRule] {
        let d = Double(max(1, days))
        return [
            RetentionRule(id: "expire-raw-data", description: "offloaded task data (files, dirs, dataframes, pickles) after \(days)d",
                          excludeSuffixes: ["/inputs.pb", "/outputs.pb", "/error.pb", "/report.html"], olderThanDays: d),
            RetentionRule(id: "expire-decks", description: "Deck reports after \(days / 2)d", suffixes: ["/report.html"], olderThanDays: (d / 2).rounded(.down)),
            RetentionRule(id: "expire-checkpoints", description: "task checkpoints after \(max(1, days / 4))d",
                          contains: "/_flytecheckpoints/", olderThanDays: max(1, (d / 4).rounded(.down))),
            RetentionRule(id: "expire-uploads", description: "MISCONFIGURED: everything under uploads/ (root inputs.pb) after \(days)d",
                          prefix: "uploads/", olderThanDays: d),
            RetentionRule(id: "expire-everything", description: "MISCONFIGURED: bucket-wide expiry after \(Int(d * 2.5))d (takes outputs.pb)",
                          olderThanDays: (d * 2.5).rounded(.down)),
        ]
    }
}

/// One object the purge deleted, as `purge-manifest.json` lists it (a key several runs shared appears once per run).
public struct PurgedObject: Codable, Sendable, Hashable {
    public var uri: String
    public var key: String
    public var kind: String
    public var rule: String
    public var writtenAt: String
    public var ageDays: Double
    public var project: String
    public var domain: String
    public var run: String
    public var action: String
    public var attempt: Int?

    enum CodingKeys: String, CodingKey {
        case uri, key, kind, rule, project, domain, run, action, attempt
        case writtenAt = "written_at"
        case ageDays = "age_days"
    }
}

/// `purge-manifest.json`: every object the demo's retention purge deleted, and why.
public struct PurgeManifest: Codable, Sendable {
    public var now: String
    public var bucket: String
    public var rules: [RetentionRule]
    public var objectsBefore: Int
    public var deleted: [PurgedObject]

    enum CodingKeys: String, CodingKey {
        case now, bucket, rules, deleted
        case objectsBefore = "objects_before"
    }
}
