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
        // Each bucket's backend, resolved once per check: resolving an S3 bucket reads the AWS config files.
        var stores: [String: (any ObjectStore)?] = [:]
        var sweeps: [String: (sweeper: any KeySweeper, targets: [KeySweepPlan.Target])] = [:]
        var heads: [(uri: String, isPrefix: Bool, store: (any ObjectStore)?)] = []
        var seen = Set<String>()
        for (uri, isPrefix) in targets where seen.insert(uri).inserted {
            // Local files and plain paths have no bucket: the router sends them to disk.
            guard let u = BucketURI(uri), !u.bucket.isEmpty else { heads.append((uri, isPrefix, nil)); continue }
            let root = "\(u.scheme)://\(u.bucket)"
            if stores[root] == nil { stores[root] = .some(try? router.backend(root).get()) }
            let store = stores[root] ?? nil
            if !headOnly, let sweeper = store as? any KeySweeper {
                sweeps[root, default: (sweeper, [])].targets.append(KeySweepPlan.Target(key: u.key, isPrefix: isPrefix))
            } else {
                heads.append((uri, isPrefix, store))
            }
        }
        // A bucket with one referenced key gets a HEAD: a listing would cost the same request and more bytes.
        var plans: [(plan: KeySweepPlan, sweeper: any KeySweeper)] = []
        for (bucket, s) in sweeps {
            if s.targets.count == 1, let t = s.targets.first, !t.isPrefix {
                heads.append((bucket + "/" + t.key, false, stores[bucket] ?? nil))
                continue
            }
            plans += Self.split(bucket: bucket, targets: s.targets, parts: concurrency).map { ($0, s.sweeper) }
        }
        let results = Locked([String: ObjectState]())
        // Keys of a store that checks with one request each go through its pipeline: many in flight on the transfer
        // engine, none waiting on a thread.
        var pipelined: [String: (store: any PipelinedHeads, uris: [String])] = [:]
        heads.removeAll { h in
            guard !h.isPrefix, let p = h.store as? any PipelinedHeads, let u = BucketURI(h.uri) else { return false }
            pipelined["\(u.scheme)://\(u.bucket)", default: (p, [])].uris.append(h.uri)
            return true
        }
        let pipeWork: [@Sendable () -> Void] = pipelined.values.map { group in
            let job: @Sendable () -> Void = { [self] in
                counts.withLock { $0.heads += group.uris.count }
                HeadPipeline.run(group.uris, store: group.store, concurrency: concurrency) { uri, s in results.withLock { $0[uri] = s } }
            }
            return job
        }
        let headWork: [@Sendable () -> Void] = heads.map { h in
            let job: @Sendable () -> Void = { [self] in
                let s = self.head(h.uri, isPrefix: h.isPrefix, store: h.store)
                results.withLock { $0[h.uri] = s }
            }
            return job
        }
        let sweepWork: [@Sendable () -> Void] = plans.map { (plan, sweeper) in
            let job: @Sendable () -> Void = { [self] in
                var p = plan
                self.sweep(&p, with: sweeper)
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
        WorkPool.run(pipeWork + headWork + sweepWork, concurrency: concurrency)
        return results.value
    }

    /// Splits a bucket's targets (distinct) into up to `parts` contiguous ranges swept side by side.
    static func split(bucket: String, targets: [KeySweepPlan.Target], parts: Int) -> [KeySweepPlan] {
        let sorted = targets.sorted { keyPrecedes($0.key, $1.key) }
        // Ranges of at least 256 targets: fewer, fuller pages beat more parallel ones on a bucket that lists fast.
        let n = max(1, min(parts, sorted.count / 256))
        let size = (sorted.count + n - 1) / n
        return stride(from: 0, to: sorted.count, by: size).map { KeySweepPlan(bucket: bucket, targets: Array(sorted[$0..<min(sorted.count, $0 + size)])) }
    }

    func sweep(_ plan: inout KeySweepPlan, with sweeper: any KeySweeper) {
        while let req = plan.nextRequest() {
            counts.withLock { $0.lists += 1 }
            switch sweeper.sweep(bucket: plan.bucket, prefix: req.prefix, from: req.from, limit: 1000) {
            case .success(let page): plan.consume(page, for: req)
            case .failure(let f):
                // A listing that is denied says nothing about the objects: HEADs might still be allowed.
                if case .denied = f.state {
                    let bucket = plan.bucket
                    let store = sweeper as? any ObjectStore
                    return plan.settleRemaining { t in self.head(bucket + "/" + t.key, isPrefix: t.isPrefix, store: store) }
                }
                plan.fail(f.state)
            }
        }
    }

    /// HEADs an object, or lists one key of a folder, with the bucket's backend (nil: through the router).
    func head(_ uri: String, isPrefix: Bool, store: (any ObjectStore)?) -> ObjectState {
        counts.withLock { if isPrefix { $0.lists += 1 } else { $0.heads += 1 } }
        let store = store ?? router
        if !isPrefix || LocalObjectStore.path(of: uri) != nil { return store.head(uri) }
        let folder = uri.hasSuffix("/") ? uri : uri + "/"
        guard let lister = store as? any ObjectLister else { return .unknown(reason: "\(folder): this store cannot list") }
        switch lister.list(folder, limit: 1) {
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
