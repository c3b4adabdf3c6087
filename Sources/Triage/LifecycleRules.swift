import FlyteModel
import Foundation
import ObjectStores

/// One deletion rule of a bucket's lifecycle configuration, in the terms S3, GCS and a local rules file share:
/// which keys (prefixes, suffixes, a substring, exclusions, sizes) and when (an age in days, or a date).
public struct LifecycleRule: Sendable, Hashable, Codable {
    public enum Provider: String, Sendable, Codable {
        /// S3 expires an object at the first midnight UTC after its age passes the rule's days.
        case s3
        /// GCS deletes an object once it is at least the rule's age.
        case gcs
        /// A local rules file (the demo's `lifecycle.json`): older than the rule's days.
        case local
    }

    public var id: String
    public var provider: Provider
    public var enabled: Bool
    /// Any of these key prefixes; empty: every key.
    public var prefixes: [String]
    /// Any of these key suffixes; empty: any suffix.
    public var suffixes: [String]
    public var contains: String?
    public var excludeSuffixes: [String]
    public var ageDays: Double?
    /// Objects created before this date are deleted (S3 `Expiration/Date`, GCS `createdBefore`).
    public var createdBefore: Date?
    public var sizeGreaterThan: Int64?
    public var sizeLessThan: Int64?
    /// Why flytrap cannot tell which objects the rule deletes (a tag filter), or nil.
    public var unevaluable: String?
    public var note: String?

    public init(id: String, provider: Provider, enabled: Bool = true, prefixes: [String] = [], suffixes: [String] = [],
                contains: String? = nil, excludeSuffixes: [String] = [], ageDays: Double? = nil, createdBefore: Date? = nil,
                sizeGreaterThan: Int64? = nil, sizeLessThan: Int64? = nil, unevaluable: String? = nil, note: String? = nil) {
        self.id = id
        self.provider = provider
        self.enabled = enabled
        self.prefixes = prefixes.filter { !$0.isEmpty }
        self.suffixes = suffixes
        self.contains = contains
        self.excludeSuffixes = excludeSuffixes
        self.ageDays = ageDays
        self.createdBefore = createdBefore
        self.sizeGreaterThan = sizeGreaterThan
        self.sizeLessThan = sizeLessThan
        self.unevaluable = unevaluable
        self.note = note
    }

    /// Whether the rule selects `key` (bucket-relative), ignoring age; a rule flytrap cannot evaluate selects nothing.
    public func selects(key: String, size: Int64? = nil) -> Bool {
        guard enabled, unevaluable == nil else { return false }
        if !prefixes.isEmpty && !prefixes.contains(where: { key.hasPrefix($0) }) { return false }
        if !suffixes.isEmpty && !suffixes.contains(where: { key.hasSuffix($0) }) { return false }
        if let c = contains, !key.contains(c) { return false }
        if excludeSuffixes.contains(where: { key.hasSuffix($0) }) { return false }
        if let s = size, let g = sizeGreaterThan, !(s > g) { return false }
        if let s = size, let l = sizeLessThan, !(s < l) { return false }
        return true
    }

    /// When the rule deletes `key` written at `written` (nil: never).
    public func deletion(key: String, written: Date, size: Int64? = nil) -> Date? {
        guard selects(key: key, size: size) else { return nil }
        var when: Date?
        if let d = ageDays {
            let t = written.addingTimeInterval(d * 86400)
            when = provider == .s3 ? Self.nextMidnightUTC(after: t) : t
        }
        if let b = createdBefore, written < b { when = min(when ?? b, b) }
        return when
    }

    /// `30` for 30 days, `7.5` for seven and a half.
    public static func days(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e9 ? String(Int(d)) : String(format: "%.1f", d)
    }

    static func nextMidnightUTC(after t: Date) -> Date {
        let day = (t.timeIntervalSince1970 / 86400).rounded(.down)
        return Date(timeIntervalSince1970: (day + 1) * 86400)
    }

    /// Whether the rule could delete a key that ends in `name` (`inputs.pb`) somewhere under its prefixes.
    public func couldSelect(fileName name: String) -> Bool {
        guard enabled, unevaluable == nil else { return false }
        if !suffixes.isEmpty && !suffixes.contains(where: { ("/" + name).hasSuffix($0) || $0.hasSuffix(name) }) { return false }
        // A substring condition (`/_flytecheckpoints/`) says nothing certain about file names: such rules are
        // judged by the referenced keys they actually select (`RuleCoverage`).
        if contains != nil { return false }
        return !excludeSuffixes.contains { ("/" + name).hasSuffix($0) }
    }

    /// What is wrong with the rule whatever the bucket holds: it applies bucket-wide (Flyte's docs say lifecycle
    /// rules belong on the offloaded-data prefixes only), or flytrap cannot evaluate it. Which rules reach the
    /// inputs.pb and outputs.pb runs reference is measured by the audit (`AuditSummary.flags`).
    public var warnings: [String] {
        guard enabled else { return [] }
        if let u = unevaluable { return ["flytrap cannot tell which objects it deletes (\(u))"] }
        let wide = prefixes.isEmpty && suffixes.isEmpty && contains == nil
        return wide && (couldSelect(fileName: "inputs.pb") || couldSelect(fileName: "outputs.pb")) ? ["applies bucket-wide"] : []
    }

    /// The rule's conditions in one line.
    public var conditionText: String {
        var parts: [String] = []
        parts.append(prefixes.isEmpty ? "every key" : "prefix " + prefixes.joined(separator: " | "))
        if !suffixes.isEmpty { parts.append("suffix " + suffixes.joined(separator: " | ")) }
        if let c = contains { parts.append("containing \(c)") }
        if !excludeSuffixes.isEmpty { parts.append("except " + excludeSuffixes.joined(separator: " | ")) }
        if let g = sizeGreaterThan { parts.append("size > \(g)") }
        if let l = sizeLessThan { parts.append("size < \(l)") }
        if let d = ageDays { parts.append("after \(Self.days(d))d") }
        if let b = createdBefore { parts.append("created before \(DBTime.iso(b))") }
        if !enabled { parts.append("(disabled)") }
        return parts.joined(separator: ", ")
    }
}

/// The lifecycle rules of one bucket, and where flytrap read them.
public struct BucketRules: Sendable, Hashable, Codable {
    /// The bucket root the rules' keys are relative to: `s3://bucket`, `gs://bucket`, `file:///path/to/root`.
    public var root: String
    public var rules: [LifecycleRule]
    /// `S3 GetBucketLifecycleConfiguration`, `GCS bucket metadata`, or the rules file's path.
    public var source: String

    public init(root: String, rules: [LifecycleRule], source: String) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.rules = rules
        self.source = source
    }

    /// The key of `uri` relative to the root, or nil when the URI is not in this bucket.
    public func key(of uri: String) -> String? {
        let r = root + "/"
        return uri.hasPrefix(r) ? String(uri.dropFirst(r.count)) : nil
    }

    /// The first rule that deletes `uri` written at `written`, and when.
    public func deletion(of uri: String, written: Date, size: Int64? = nil) -> (rule: String, at: Date)? {
        guard let k = key(of: uri) else { return nil }
        var best: (String, Date)?
        for r in rules {
            if let d = r.deletion(key: k, written: written, size: size), best.map({ d < $0.1 }) ?? true { best = (r.id, d) }
        }
        return best
    }
}

/// Reads lifecycle documents into rules. Hand-written: no library here reads S3 lifecycle XML or GCS lifecycle JSON.
public enum LifecycleParser {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// S3 `<LifecycleConfiguration>`: rules with `Expiration` (Days or Date); transitions and noncurrent-version
    /// rules delete no current object and are skipped.
    public static func s3(_ xml: String) -> [LifecycleRule] {
        var out: [LifecycleRule] = []
        for (i, rule) in XMLText.elements("Rule", in: xml[...]).enumerated() {
            let id = first("ID", in: rule).map(String.init) ?? "rule-\(i + 1)"
            guard let exp = first("Expiration", in: rule) else { continue }
            let days = first("Days", in: exp).flatMap { Double($0) }
            let date = first("Date", in: exp).flatMap { ISO8601DateFormatter().date(from: String($0)) }
            guard days != nil || date != nil else { continue }
            let filter = first("Filter", in: rule)
            let and = filter.flatMap { first("And", in: $0) }
            let scope = and ?? filter ?? rule
            var prefix = first("Prefix", in: scope).map(String.init) ?? ""
            if filter == nil, and == nil { prefix = first("Prefix", in: rule).map(String.init) ?? "" }
            let tagged = first("Tag", in: scope) != nil
            out.append(LifecycleRule(
                id: id, provider: .s3, enabled: first("Status", in: rule) == "Enabled", prefixes: [XMLText.unescape(prefix[...])],
                ageDays: days, createdBefore: date,
                sizeGreaterThan: first("ObjectSizeGreaterThan", in: scope).flatMap { Int64($0) },
                sizeLessThan: first("ObjectSizeLessThan", in: scope).flatMap { Int64($0) },
                unevaluable: tagged ? "it filters on object tags" : nil))
        }
        return out
    }

    /// GCS bucket metadata `{"lifecycle": {"rule": [{"action": {"type": "Delete"}, "condition": {...}}]}}`.
    public static func gcs(_ json: [UInt8]) throws -> [LifecycleRule] {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            throw Failure(description: "GCS bucket metadata: not a JSON object")
        }
        let rules = (obj["lifecycle"] as? [String: Any])?["rule"] as? [[String: Any]] ?? []
        var out: [LifecycleRule] = []
        for (i, r) in rules.enumerated() {
            guard (r["action"] as? [String: Any])?["type"] as? String == "Delete" else { continue }
            let c = r["condition"] as? [String: Any] ?? [:]
            var unevaluable: String?
            if c["isLive"] as? Bool == false || c["numNewerVersions"] != nil || c["daysSinceNoncurrentTime"] != nil {
                unevaluable = "it deletes noncurrent versions only"
            }
            if c["matchesStorageClass"] != nil { unevaluable = "it filters on storage class" }
            let before = (c["createdBefore"] as? String).flatMap { DBTime.parse($0 + "T00:00:00Z") ?? DBTime.parse($0) }
            out.append(LifecycleRule(
                id: "rule-\(i + 1)", provider: .gcs, prefixes: c["matchesPrefix"] as? [String] ?? [],
                suffixes: c["matchesSuffix"] as? [String] ?? [], ageDays: (c["age"] as? NSNumber)?.doubleValue,
                createdBefore: before, unevaluable: unevaluable))
        }
        return out
    }

    /// A local rules file: `{"bucket": "file:///root", "rules": [{"id", "description", "prefix", "suffixes",
    /// "contains", "excludeSuffixes", "olderThanDays"}]}` (the file `flytrap demo` writes as `lifecycle.json`).
    public static func local(_ data: Data, path: String) throws -> BucketRules {
        struct File: Decodable {
            struct Rule: Decodable {
                var id: String
                var description: String?
                var prefix: String?
                var suffixes: [String]?
                var contains: String?
                var excludeSuffixes: [String]?
                var olderThanDays: Double
            }
            var bucket: String
            var rules: [Rule]
        }
        let f: File
        do { f = try JSONDecoder().decode(File.self, from: data) } catch {
            throw Failure(description: "\(path): not a lifecycle rules file: \(Self.reason(error))")
        }
        return BucketRules(root: f.bucket, rules: f.rules.map {
            LifecycleRule(id: $0.id, provider: .local, prefixes: [$0.prefix ?? ""], suffixes: $0.suffixes ?? [], contains: $0.contains,
                          excludeSuffixes: $0.excludeSuffixes ?? [], ageDays: $0.olderThanDays, note: $0.description)
        }, source: path)
    }

    static func reason(_ e: Error) -> String {
        switch e {
        case DecodingError.keyNotFound(let k, _): "missing key '\(k.stringValue)'"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "key '\(c.codingPath.map(\.stringValue).joined(separator: "."))': \(c.debugDescription)"
        case DecodingError.dataCorrupted(let c): c.debugDescription
        default: "\(e)"
        }
    }

    /// The first `<tag>…</tag>` in `s`; an empty element (`<tag/>`) reads as empty text.
    static func first(_ tag: String, in s: Substring) -> Substring? {
        if s.contains("<\(tag)/>") && !s.contains("<\(tag)>") { return "" }
        return XMLText.first(tag, in: s)
    }
}
