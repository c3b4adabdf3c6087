import FlyteModel
import Foundation
import MetadataStores
import ObjectStores

/// How far an audit has got, for progress bars.
public struct AuditProgress: Sendable, Equatable {
    public var runs: Int
    public var objects: Int
    public var requests: Int
    public var elapsed: TimeInterval
    /// Runs in scope: the store's count (`countTotal`), or the number of names of a `--runs` list; nil otherwise.
    public var totalRuns: Int?
    /// What the audit is doing before it judges runs (reading an S3 Inventory), when it is.
    public var note: String?

    public init(runs: Int, objects: Int, requests: Int, elapsed: TimeInterval, totalRuns: Int?, note: String? = nil) {
        self.runs = runs
        self.objects = objects
        self.requests = requests
        self.elapsed = elapsed
        self.totalRuns = totalRuns
        self.note = note
    }
}

/// What an audit found over its whole scope: the tally, the requests it took, the rules it read and their reach.
public struct AuditSummary: Sendable, Codable {
    public var scope: String
    public var startedAt: Date
    public var seconds: Double
    public var tally: FalloutTally
    public var requests: RequestCounts
    public var rules: [BucketRules]
    /// `coverageKey(root, rule)` → role → referenced keys the rule selects (age aside): how far a rule reaches into
    /// Flyte's objects. Read it with `coverage(root:rule:)`.
    public var ruleCoverage: [String: [String: Int]]
    /// Buckets whose rules could not be read, with why.
    public var warnings: [String]
    /// The audit stopped early (Ctrl-C, cancelled in the explorer): the counts cover the runs judged so far.
    public var partial: Bool
    public var forecastDays: Double?
    /// The S3 Inventory reports that settled existence without requests.
    public var inventories: [InventoryNote] = []

    /// Roles whose loss breaks something beyond previews: a rule that reaches them is misconfigured.
    static let vitalRoles: [ObjectRole] = [.inputs, .outputs, .traceOutputs, .cacheOutput]

    /// One line per lifecycle rule read: `FLAG id: conditions — what is wrong` or `ok id: conditions`.
    public var ruleLines: [String] {
        rules.flatMap { b in
            ["lifecycle rules of \(b.root) (\(b.source)): \(b.rules.isEmpty ? "none" : String(b.rules.count))"] + b.rules.map { r in
                let f = flags(root: b.root, rule: r)
                return (f.isEmpty ? "ok   " : "FLAG ") + "\(r.id): \(r.conditionText)" + (f.isEmpty ? "" : " — " + f.joined(separator: "; "))
            }
        } + warnings.map { "warning: \($0)" }
    }

    /// The key of a bucket's rule in `ruleCoverage` (rule ids repeat across buckets).
    static func coverageKey(root: String, rule: String) -> String { root + " " + rule }

    /// Role → referenced keys that `rule` of bucket `root` selects.
    public func coverage(root: String, rule: String) -> [String: Int] {
        ruleCoverage[Self.coverageKey(root: root, rule: rule)] ?? [:]
    }

    /// What is wrong with `rule` of bucket `root`: its own warnings, and the referenced inputs.pb/outputs.pb it selects.
    public func flags(root: String, rule: LifecycleRule) -> [String] {
        var out = rule.warnings
        let cov = coverage(root: root, rule: rule.id)
        let vital = Self.vitalRoles.compactMap { r in cov[r.rawValue].flatMap { $0 > 0 ? "\($0) \(r.label)" : nil } }
        if rule.enabled && !vital.isEmpty {
            out.append("deletes what runs need: \(vital.joined(separator: ", ")) referenced (rules belong on offloaded data only)")
        }
        return out
    }
}

/// Streams the runs of a scope from the metadata store, checks what their rows reference, and judges each run.
///
/// Memory stays bounded by the batch: runs are read in keyset pages, `batchRuns` at a time, and every finding
/// is handed to `emit` before the next batch is read.
public final class AuditRunner: @unchecked Sendable {
    public let store: any RunStore
    public let checker: ExistenceChecker
    public let scope: AuditScope
    public var judge: FalloutJudge
    public var batchRuns = 256
    /// Count the scope's runs first, so progress can show a bar and an ETA (one COUNT per project/domain).
    public var countTotal = false
    /// Payload bytes read per file in a deep audit.
    public var payloadLimit = 16 << 20
    /// S3 Inventory reports (a manifest.json, or a report folder) to settle existence from; read when `run` starts.
    public var inventoryURIs: [String] = []
    /// Take an object an inventory lacks as not found without a request. Otherwise it is checked live: the
    /// inventory may predate the object, or be filtered to a prefix.
    public var trustInventory = false
    private var inventories: [String: InventorySnapshot] = [:]
    private var inventoryNotes: [String: InventoryNote] = [:]
    private var rulesByRoot: [String: BucketRules?] = [:]
    private var warnings: [String] = []
    private var coverage: [String: [String: Int]] = [:]
    private var deadKeys = Set<String>()
    private let started = Date()

    public init(store: any RunStore, checker: ExistenceChecker, scope: AuditScope, localRules: [BucketRules] = [], now: Date = Date()) {
        self.store = store
        self.checker = checker
        self.scope = scope
        judge = FalloutJudge(rules: localRules, now: now, forecastDays: scope.forecastDays)
        for r in localRules { rulesByRoot[r.root] = r }
    }

    /// Adds a warning to the summary (rules that could not be read before the audit started).
    public func warn(_ message: String) { warnings.append(message) }

    /// Runs the audit. `emit` gets every judged run in store order; `progress` is called after each batch;
    /// `cancelled` is polled between batches.
    public func run(emit: (RunFallout) -> Void, progress: (AuditProgress) -> Void = { _ in },
                    cancelled: () -> Bool = { false }) throws -> AuditSummary {
        var tally = FalloutTally()
        var partial = false
        var batch: [RunID] = []
        var total: Int? = nil
        func flush() throws {
            guard !batch.isEmpty else { return }
            for r in try judgeBatch(batch) {
                tally.add(r, now: judge.now)
                emit(r)
            }
            batch.removeAll(keepingCapacity: true)
            progress(AuditProgress(runs: tally.runs, objects: tally.objectsChecked + tally.objectsUnchecked,
                                   requests: checker.requests.total, elapsed: Date().timeIntervalSince(started), totalRuns: total))
        }
        try loadInventories(progress: progress)
        // Named runs: about one run per name (a name can exist in several project/domains); else a COUNT when asked.
        if !scope.runs.isEmpty { total = scope.runs.count } else if countTotal { total = try countScope() }
        try forEachRun { id in
            if cancelled() { partial = true; return false }
            batch.append(id)
            if batch.count >= batchRuns { try flush() }
            return true
        }
        if !partial && cancelled() { partial = true }
        if !partial { try flush() }
        tally.deadCacheKeys = deadKeys.count
        for n in inventoryNotes.values where n.settled + n.checkedLive == 0 && !partial {
            warnings.append("\(n.manifest): lists \(n.root), which no run in scope references")
        }
        return AuditSummary(scope: scope.summary, startedAt: started, seconds: Date().timeIntervalSince(started), tally: tally,
                            requests: checker.requests, rules: rulesByRoot.values.compactMap { $0 }.sorted { $0.root < $1.root },
                            ruleCoverage: coverage, warnings: warnings, partial: partial, forecastDays: scope.forecastDays,
                            inventories: inventoryNotes.values.sorted { $0.root < $1.root })
    }

    /// Reads every inventory report named in `inventoryURIs` (one per bucket: a second one for a bucket replaces
    /// an older one).
    func loadInventories(progress: (AuditProgress) -> Void) throws {
        for uri in inventoryURIs where !uri.isEmpty {
            let loader = InventoryLoader(router: checker.router)
            let snap = try loader.load(uri) { files, objects in
                progress(AuditProgress(runs: 0, objects: 0, requests: checker.requests.total, elapsed: Date().timeIntervalSince(started),
                                       totalRuns: nil, note: "reading S3 Inventory \(uri): \(files) files, \(objects) objects"))
            }
            checker.count { $0.gets += snap.requests }
            if let old = inventories[snap.root] {
                warnings.append("\(snap.root): two inventories (\(old.manifestURI), \(snap.manifestURI)); using the newer")
                if (old.createdAt ?? .distantPast) > (snap.createdAt ?? .distantPast) { continue }
            }
            inventories[snap.root] = snap
            inventoryNotes[snap.root] = snap.note
        }
    }

    /// The state of every target: from an inventory when one covers its bucket and lists it (or, trusted, lacks
    /// it); the rest checked live with the fewest requests.
    func settle(_ targets: [(uri: String, isPrefix: Bool, writtenAt: Date?)]) -> [String: ObjectState] {
        guard !inventories.isEmpty else { return checker.check(targets.map { ($0.uri, $0.isPrefix) }) }
        var states: [String: ObjectState] = [:]
        var live: [(uri: String, isPrefix: Bool)] = []
        var seen = Set<String>()
        for t in targets where seen.insert(t.uri).inserted {
            guard let u = BucketURI(t.uri), let snap = inventories["\(u.scheme)://\(u.bucket)"] else { live.append((t.uri, t.isPrefix)); continue }
            if let info = snap.index.lookup(key: u.key, isPrefix: t.isPrefix) {
                states[t.uri] = .present(info)
                inventoryNotes[snap.root]?.settled += 1
            } else if trustInventory, let taken = snap.createdAt, let written = t.writtenAt, written < taken {
                states[t.uri] = .notFound(reason: "\(t.uri): not in the S3 Inventory of \(DBTime.iso(taken))")
                inventoryNotes[snap.root]?.settled += 1
            } else {
                live.append((t.uri, t.isPrefix))
                inventoryNotes[snap.root]?.checkedLive += 1
            }
        }
        states.merge(checker.check(live)) { a, _ in a }
        return states
    }

    /// How many runs the scope holds (for the progress bar's ETA), or nil when the store cannot count them.
    func countScope() throws -> Int? {
        if !scope.runs.isEmpty { return nil }
        var total = 0
        for (p, d) in try projectDomains() {
            guard let n = try store.countRuns(query(p, d)) else { return nil }
            total += n
        }
        return total
    }

    /// The runs of one project/domain the scope selects, a keyset page of 500 at a time.
    func query(_ project: String, _ domain: String, after: Cursor? = nil) -> RunQuery {
        RunQuery(project: project, domain: domain, limit: 500, after: after, phases: scope.phases,
                 createdAfter: scope.since, createdBefore: scope.until)
    }

    /// Every project/domain the scope covers.
    func projectDomains() throws -> [(String, String)] {
        var out: [(String, String)] = []
        for p in try scope.project.map({ [$0] }) ?? store.projects().map(\.id) {
            for d in try scope.domain.map({ [$0] }) ?? store.domains(project: p) { out.append((p, d)) }
        }
        return out
    }

    /// Calls `body` with every run in scope, newest first per project/domain, until it returns false.
    func forEachRun(_ body: (RunID) throws -> Bool) throws {
        if !scope.runs.isEmpty {
            for name in scope.runs {
                let ids = try store.findRuns(named: name).filter { (scope.project == nil || $0.project == scope.project) && (scope.domain == nil || $0.domain == scope.domain) }
                if ids.isEmpty { throw StoreError.notFound(what: "run \(name)" + (scope.project.map { " in project \($0)" } ?? "")) }
                for id in ids where try !body(id) { return }
            }
            return
        }
        for (p, d) in try projectDomains() {
            var cursor: Cursor? = nil
            repeat {
                let page = try store.runs(query(p, d, after: cursor))
                for r in page.items where try !body(r.id) { return }
                cursor = page.next
            } while cursor != nil
        }
    }

    /// Reads, checks and judges one batch of runs.
    func judgeBatch(_ ids: [RunID]) throws -> [RunFallout] {
        var runs: [RunReferences] = []
        var cacheOutputs: [String: String] = [:]
        for id in ids {
            let details = try store.actionDetails(of: id)
            for d in details {
                guard let k = d.cacheKey, cacheOutputs[k] == nil else { continue }
                if let e = try store.cacheEntries(CacheQuery(selector: .key(k), limit: 1)).items.first { cacheOutputs[k] = e.outputURI }
            }
            if let r = RunReferences.of(details, cacheOutputs: cacheOutputs) { runs.append(r) }
        }
        loadRules(for: runs)
        var states = settle(runs.flatMap { $0.references.map { ($0.uri, $0.isPrefix, $0.writtenAt) } })
        if scope.deep { deepen(&runs, states: &states) }
        var out: [RunFallout] = []
        for r in runs {
            noteCoverage(r)
            let f = judge.judge(r, states: states)
            for o in f.lost where o.role == .cacheOutput { if let k = o.cacheKey { deadKeys.insert(k) } }
            out.append(f)
        }
        return out
    }

    /// Reads every present inputs.pb and outputs.pb of the batch and adds the offloaded values they reference.
    func deepen(_ runs: inout [RunReferences], states: inout [String: ObjectState]) {
        let payloads = Array(Set(runs.flatMap { r in
            r.references.filter { [.inputs, .outputs, .traceOutputs].contains($0.role) && states[$0.uri]?.isPresent == true }.map(\.uri)
        }))
        let found = Locked([String: [(uri: String, isPrefix: Bool)]]())
        let limit = payloadLimit
        let work: [@Sendable () -> Void] = payloads.map { uri in
            let job: @Sendable () -> Void = { [checker] in
                checker.count { $0.gets += 1 }
                guard case .bytes(let b, _, _) = checker.router.get(uri, limit: limit) else { return }
                let doc = PayloadDecoder.decode(b, fileName: (uri as NSString).lastPathComponent, budget: .unlimited)
                let uris = OffloadedValues.uris(in: doc)
                if !uris.isEmpty { found.mutate { $0[uri] = uris } }
            }
            return job
        }
        WorkPool.run(work, concurrency: checker.concurrency)
        let byPayload = found.value
        guard !byPayload.isEmpty else { return }
        for i in runs.indices {
            var extra: [ObjectReference] = []
            for ref in runs[i].references {
                for (u, isPrefix) in byPayload[ref.uri] ?? [] {
                    extra.append(ObjectReference(uri: u, role: .offloaded, action: ref.action, attempt: ref.attempt,
                                                 isPrefix: isPrefix, writtenAt: ref.writtenAt, referencedBy: ref.role))
                }
            }
            runs[i].references += extra
        }
        let more = settle(byPayload.values.flatMap { $0.map { ($0.uri, $0.isPrefix, nil) } })
        states.merge(more) { a, _ in a }
    }

    /// Reads the lifecycle rules of every bucket the batch references that has not been read yet.
    func loadRules(for runs: [RunReferences]) {
        var roots = Set<String>()
        for r in runs { for ref in r.references { if let u = BucketURI(ref.uri), !u.bucket.isEmpty, ["s3", "gs", "gcs"].contains(u.scheme) { roots.insert("\(u.scheme)://\(u.bucket)") } } }
        for root in roots where rulesByRoot[root] == nil {
            guard let reader = checker.router.lifecycleReader(root) else { rulesByRoot[root] = .some(nil); continue }
            checker.count { $0.lifecycle += 1 }
            switch reader.lifecycle(bucket: root) {
            case .success(nil): rulesByRoot[root] = BucketRules(root: root, rules: [], source: "no lifecycle configuration")
            case .success(.s3XML(let xml)?):
                rulesByRoot[root] = BucketRules(root: root, rules: LifecycleParser.s3(xml), source: "S3 GetBucketLifecycleConfiguration")
            case .success(.gcsJSON(let json)?):
                do {
                    rulesByRoot[root] = BucketRules(root: root, rules: try LifecycleParser.gcs(json), source: "GCS bucket metadata")
                } catch {
                    warnings.append("\(root): \(error)")
                    rulesByRoot[root] = .some(nil)
                }
            case .failure(let f):
                warnings.append("\(root): lifecycle rules not read: \(f.state.reason ?? f.state.word)")
                rulesByRoot[root] = .some(nil)
            }
        }
        judge.rules = rulesByRoot.values.compactMap { $0 }
    }

    func noteCoverage(_ r: RunReferences) {
        for ref in r.references {
            for b in judge.rules {
                guard let k = b.key(of: ref.uri) else { continue }
                for rule in b.rules where rule.selects(key: k) { coverage[AuditSummary.coverageKey(root: b.root, rule: rule.id), default: [:]][ref.role.rawValue, default: 0] += 1 }
            }
        }
    }
}
