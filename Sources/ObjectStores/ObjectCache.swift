import FlyteModel
import Foundation

/// A byte-budgeted LRU of HEAD answers and object heads (the first bytes read), shared by every backend.
///
/// Objects larger than 1/1024 of the budget are not cached (flytestdlib's rule); negative answers (not found,
/// denied, unavailable) expire after `negativeTTL` seconds so a retention sweep or a fixed permission shows up.
public final class ObjectCache: @unchecked Sendable {
    struct Entry {
        var state: ObjectState
        var bytes: [UInt8]?
        var limit: Int
        var unread: Int64
        var cost: Int
        var stamp: UInt64
        var expires: Date?
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    private let lock = NSLock()
    public let budget: Int
    public let negativeTTL: TimeInterval
    public private(set) var bytesUsed = 0
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(budget: Int = 64 << 20, negativeTTL: TimeInterval = 30) {
        self.budget = budget
        self.negativeTTL = negativeTTL
    }

    /// The cached state of `uri`, if fresh.
    public func state(_ uri: String, now: Date = Date()) -> ObjectState? {
        lock.withLock {
            guard var e = entries[uri], e.expires.map({ $0 > now }) ?? true else { misses += 1; return nil }
            clock += 1
            e.stamp = clock
            entries[uri] = e
            hits += 1
            return e.state
        }
    }

    /// The cached first bytes of `uri` when at least `limit` of them (or the whole object) were read.
    public func read(_ uri: String, limit: Int, now: Date = Date()) -> ObjectRead? {
        lock.withLock {
            guard let e = entries[uri], let bytes = e.bytes, e.expires.map({ $0 > now }) ?? true,
                  case .present(let info) = e.state, e.limit >= limit || e.unread == 0 else { return nil }
            let take = Array(bytes.prefix(limit))
            return .bytes(take, info: info, unread: max(0, info.size - Int64(take.count)))
        }
    }

    /// Records a state (a HEAD answer).
    public func store(_ uri: String, state: ObjectState, now: Date = Date()) {
        insert(uri, Entry(state: state, bytes: nil, limit: 0, unread: 0, cost: uri.utf8.count + 64, stamp: 0,
                          expires: state.isPresent ? nil : now.addingTimeInterval(negativeTTL)))
    }

    /// Records a read.
    public func store(_ uri: String, read: ObjectRead, limit: Int, now: Date = Date()) {
        switch read {
        case .bytes(let b, let info, let unread):
            guard b.count <= budget / 1024 else { store(uri, state: .present(info), now: now); return }
            insert(uri, Entry(state: .present(info), bytes: b, limit: limit, unread: unread, cost: uri.utf8.count + 64 + b.count, stamp: 0, expires: nil))
        case .failed(let s):
            store(uri, state: s, now: now)
        }
    }

    private func insert(_ uri: String, _ entry: Entry) {
        lock.withLock {
            clock += 1
            var e = entry
            e.stamp = clock
            if let old = entries[uri] { bytesUsed -= old.cost }
            entries[uri] = e
            bytesUsed += e.cost
            if bytesUsed > budget {
                // Evict the least recently used down to 90% of the budget (one sort per overflow, not per insert).
                for (k, v) in entries.sorted(by: { $0.value.stamp < $1.value.stamp }) {
                    if bytesUsed <= budget * 9 / 10 { break }
                    entries[k] = nil
                    bytesUsed -= v.cost
                }
            }
        }
    }

    public var count: Int { lock.withLock { entries.count } }
}
