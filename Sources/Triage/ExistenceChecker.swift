import FlyteModel
import Foundation
import ObjectStores

/// Requests an audit issued, by kind.
public struct RequestCounts: Sendable, Codable, Equatable {
    public var heads = 0
    public var lists = 0
    public var gets = 0
    /// Lifecycle configuration reads.
    public var lifecycle = 0

    public init() {}

    public var total: Int { heads + lists + gets + lifecycle }

    public static func + (a: RequestCounts, b: RequestCounts) -> RequestCounts {
        var r = a
        r.heads += b.heads
        r.lists += b.lists
        r.gets += b.gets
        r.lifecycle += b.lifecycle
        return r
    }
}

/// Settles whether objects exist with the fewest requests: buckets that list flat are swept (one listing settles
/// every referenced key it passes); a lone key, and local files, get a HEAD (`stat`). Requests run on up to
/// `concurrency` threads at once, each blocking on the shared transfer engine.
public final class ExistenceChecker: @unchecked Sendable {
    public let router: ObjectRouter
    public let concurrency: Int
    /// Force one HEAD per object (what the benchmark compares against other tools; also for stores whose listings
    /// are not trusted).
    public var headOnly = false
    private let counts = Locked(RequestCounts())

    public init(router: ObjectRouter, concurrency: Int = 64) {
        self.router = router
        self.concurrency = max(1, concurrency)
    }

    /// Requests issued so far.
    public var requests: RequestCounts { counts.value }

    /// Counts a request made on the checker's behalf (a payload read, a lifecycle read).
    public func count(_ update: (inout RequestCounts) -> Void) { counts.withLock(update) }

    /// The state of every target URI (a folder when its flag is set).
    public func check(_ targets: [(uri: String, isPrefix: Bool)]) -> [String: ObjectState] {
        var byBucket: [String: [KeySweepPlan.Target]] = [:]
        var heads: [(String, Bool)] = []
        var seen = Set<String>()
        for (uri, isPrefix) in targets where seen.insert(uri).inserted {
            if !headOnly, let u = BucketURI(uri), !u.bucket.isEmpty, router.sweeper(uri) != nil {
                byBucket["\(u.scheme)://\(u.bucket)", default: []].append(KeySweepPlan.Target(key: u.key, isPrefix: isPrefix))
            } else {
                heads.append((uri, isPrefix))
            }
        }
        // A bucket with one referenced key gets a HEAD: a listing would cost the same request and more bytes.
        var plans: [KeySweepPlan] = []
        for (bucket, ts) in byBucket {
            if ts.count == 1, let t = ts.first, !t.isPrefix { heads.append((bucket + "/" + t.key, false)); continue }
            plans += Self.split(bucket: bucket, targets: ts, parts: concurrency)
        }
        let results = Locked([String: ObjectState]())
        let headWork: [@Sendable () -> Void] = heads.map { (uri, isPrefix) in
            let job: @Sendable () -> Void = { [self] in
                let s = self.head(uri, isPrefix: isPrefix)
                results.withLock { $0[uri] = s }
            }
            return job
        }
        let sweepWork: [@Sendable () -> Void] = plans.map { plan in
            let job: @Sendable () -> Void = { [self] in
            var p = plan
            self.sweep(&p)
            let bucket = p.bucket
            results.withLock { r in
                for (t, s) in zip(p.targets, p.states) {
                    let uri = bucket + "/" + (t.isPrefix ? String(t.key.dropLast()) : t.key)
                    r[uri] = s ?? .unknown(reason: "\(uri): not settled")
                    if t.isPrefix { r[bucket + "/" + t.key] = r[uri] }
                }
            }
            }
            return job
        }
        WorkPool.run(headWork + sweepWork, concurrency: concurrency)
        return results.value
    }

    /// Splits a bucket's targets into up to `parts` contiguous ranges swept side by side.
    static func split(bucket: String, targets: [KeySweepPlan.Target], parts: Int) -> [KeySweepPlan] {
        let sorted = Array(Set(targets)).sorted { keyPrecedes($0.key, $1.key) }
        // Ranges of at least 256 targets: fewer, fuller pages beat more parallel ones on a bucket that lists fast.
        let n = max(1, min(parts, sorted.count / 256))
        let size = (sorted.count + n - 1) / n
        return stride(from: 0, to: sorted.count, by: size).map { KeySweepPlan(bucket: bucket, targets: Array(sorted[$0..<min(sorted.count, $0 + size)])) }
    }

    func sweep(_ plan: inout KeySweepPlan) {
        guard let sweeper = router.sweeper(plan.bucket) else {
            plan.fail(.unknown(reason: "\(plan.bucket): this store cannot list"))
            return
        }
        while let req = plan.nextRequest() {
            counts.withLock { $0.lists += 1 }
            switch sweeper.sweep(bucket: plan.bucket, prefix: req.prefix, from: req.from, limit: 1000) {
            case .success(let page): plan.consume(page, for: req)
            case .failure(let f):
                // A listing that is denied says nothing about the objects: HEADs might still be allowed.
                if case .denied = f.state { return fallBackToHeads(&plan) }
                plan.fail(f.state)
            }
        }
    }

    /// Settles a plan's remaining targets with HEADs (a principal allowed to read objects but not to list).
    func fallBackToHeads(_ plan: inout KeySweepPlan) {
        let bucket = plan.bucket
        plan.settleRemaining { t in self.head(bucket + "/" + t.key, isPrefix: t.isPrefix) }
    }

    func head(_ uri: String, isPrefix: Bool) -> ObjectState {
        counts.withLock { if isPrefix { $0.lists += 1 } else { $0.heads += 1 } }
        guard isPrefix else { return router.head(uri) }
        let folder = uri.hasSuffix("/") ? uri : uri + "/"
        if LocalObjectStore.path(of: uri) != nil { return router.head(uri) }
        switch router.list(folder, limit: 1) {
        case .success(let entries) where entries.isEmpty: return .notFound(reason: "\(folder): no key under this prefix")
        case .success: return .present(ObjectInfo(size: 0, isPrefix: true))
        case .failure(let f): return f.state
        }
    }
}

/// Runs closures on up to `concurrency` threads and waits for all of them.
enum WorkPool {
    static func run(_ work: [@Sendable () -> Void], concurrency: Int) {
        guard !work.isEmpty else { return }
        if work.count == 1 { return work[0]() }
        let next = Locked(0)
        let group = DispatchGroup()
        for _ in 0..<min(concurrency, work.count) {
            group.enter()
            let t = Thread {
                while true {
                    let i: Int = next.withLock { v in defer { v += 1 }; return v }
                    guard i < work.count else { break }
                    work[i]()
                }
                group.leave()
            }
            t.stackSize = 1 << 20
            t.start()
        }
        group.wait()
    }
}
