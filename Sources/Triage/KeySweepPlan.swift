import FlyteModel
import Foundation
import ObjectStores

/// Settles the existence of many keys of one bucket with flat listings: each listing starts at the first
/// unsettled key, and every referenced key it passes is settled (present if listed, not found if skipped over).
///
/// A page of up to 1,000 keys settles every reference in its span, so objects that sit together (an attempt's
/// outputs.pb, report.html and error.pb; a run's child inputs) cost one request, not one HEAD each; the worst case
/// is one request per reference, what HEADs cost. Pure: the caller performs the listings.
public struct KeySweepPlan: Sendable {
    /// A key to settle: an object, or a folder (a key ending in `/`) that exists when any key is under it.
    public struct Target: Sendable, Hashable {
        public var key: String
        public var isPrefix: Bool

        public init(key: String, isPrefix: Bool) {
            self.key = isPrefix && !key.hasSuffix("/") ? key + "/" : key
            self.isPrefix = isPrefix
        }
    }

    /// One listing to perform.
    public struct Request: Sendable, Equatable {
        public var prefix: String
        public var from: String
    }

    /// Targets in byte order.
    public let targets: [Target]
    public private(set) var states: [ObjectState?]
    private var next = 0
    /// How many upcoming targets the listing prefix must cover: a tighter prefix stops a listing early when the
    /// targets are far apart, a wider one lets one page settle more.
    public var window = 64
    /// Where the listing says the bucket is (`s3://bucket`), for reasons.
    public let bucket: String

    public init(bucket: String, targets: [Target]) {
        self.bucket = bucket
        self.targets = Array(Set(targets)).sorted { keyPrecedes($0.key, $1.key) }
        states = Array(repeating: nil, count: self.targets.count)
    }

    public var isDone: Bool { next >= targets.count }

    /// The next listing, or nil when every target is settled.
    public func nextRequest() -> Request? {
        guard next < targets.count else { return nil }
        let first = targets[next].key
        let last = targets[min(targets.count, next + window) - 1].key
        return Request(prefix: Self.commonPrefix(first, last), from: first)
    }

    /// Settles what a page of `request` proves.
    public mutating func consume(_ page: KeyPage, for request: Request) {
        let listed = page.keys
        let lastKey = listed.last?.key
        var found: [String: ListedKey] = [:]
        for k in listed { found[k.key] = k }
        var i = next
        while i < targets.count {
            let t = targets[i]
            guard t.key.hasPrefix(request.prefix) else { break }
            if t.isPrefix {
                if let hit = listed.first(where: { $0.key.hasPrefix(t.key) }) {
                    states[i] = .present(ObjectInfo(size: 0, lastModified: hit.lastModified, isPrefix: true))
                } else if !page.truncated || (lastKey.map { keyPrecedes(t.key, $0) && !$0.hasPrefix(t.key) } ?? false) {
                    states[i] = .notFound(reason: "\(bucket)/\(t.key): no key under this prefix (listed)")
                } else { break }
            } else if let hit = found[t.key] {
                states[i] = .present(ObjectInfo(size: hit.size, lastModified: hit.lastModified))
            } else if !page.truncated || (lastKey.map { keyPrecedes(t.key, $0) } ?? false) {
                states[i] = .notFound(reason: "\(bucket)/\(t.key): not in the bucket listing")
            } else { break }
            i += 1
        }
        // A truncated page that settled nothing cannot happen with a listing that starts at the target (it lists
        // the target or skips past it); guard anyway so a misbehaving server cannot loop us forever.
        if i == next, let t = targets.indices.contains(i) ? targets[i] : nil {
            states[i] = .unknown(reason: "\(bucket)/\(t.key): the listing did not reach this key")
            i += 1
        }
        next = i
    }

    /// Settles every unsettled target with what `body` says about it (HEADs, when listing is not allowed).
    public mutating func settleRemaining(_ body: (Target) -> ObjectState) {
        while next < targets.count {
            states[next] = body(targets[next])
            next += 1
        }
    }

    /// Marks every unsettled target with `state` (a listing failed: denied, unavailable).
    public mutating func fail(_ state: ObjectState) {
        while next < targets.count {
            states[next] = state
            next += 1
        }
    }

    static func commonPrefix(_ a: String, _ b: String) -> String {
        var out = String.UnicodeScalarView()
        for (x, y) in zip(a.unicodeScalars, b.unicodeScalars) {
            guard x == y else { break }
            out.append(x)
        }
        return String(out)
    }
}
