import Explorer
import FlyteModel
import Foundation
import MetadataStores
import ObjectStores
import Terminal
import Triage

/// Runs the explorer's effects off the UI thread against the metadata store and the buckets, and hands the results
/// back as actions, waking the UI loop through a pipe.
///
/// Store queries run one at a time, newest first (a LIFO), so the rows on screen now are answered before rows the
/// user has already scrolled past. Object requests run on a bounded concurrent queue.
public final class EffectRunner: @unchecked Sendable {
    let store: any RunStore
    let objects: ObjectRouter
    let themes: ThemeCatalog
    let monochrome: Bool
    let env: [String: String]
    /// Lifecycle rules of local buckets, for the Fallout view's audits (a demo world's `lifecycle.json`), or why
    /// they could not be read.
    let auditRules: Result<[BucketRules], any Error>
    /// S3 Inventory reports the Fallout view's audits settle existence from (the config's `inventories:`).
    let auditInventories: [String]
    /// Audits running, by request, with their stop flags.
    let audits = Locked([RequestID: Locked<Bool>]())
    /// Payload, Deck and object fetches not yet finished, by request: `cancelFetch` stops their transfers.
    let fetches = Locked([RequestID: TransferScope]())
    public let wake = WakePipe()
    private let lock = NSLock()
    private var inbox: [Action] = []
    private let storeJobs = JobStack()
    private let objectQueue: OperationQueue

    public init(store: any RunStore, objects: ObjectRouter, themes: ThemeCatalog, monochrome: Bool, env: [String: String], objectConcurrency: Int = 16,
                auditRules: Result<[BucketRules], any Error> = .success([]), auditInventories: [String] = []) {
        self.auditRules = auditRules
        self.auditInventories = auditInventories
        self.store = store
        self.objects = objects
        self.themes = themes
        self.monochrome = monochrome
        self.env = env
        objectQueue = OperationQueue()
        objectQueue.maxConcurrentOperationCount = objectConcurrency
        objectQueue.qualityOfService = .userInitiated
        let t = Thread { [storeJobs] in storeJobs.work() }
        t.name = "flytrap-store"
        t.start()
        feed = store.changeFeed()
        feed?.start { [weak self] event in self?.post(.storeFeed(event)) }
    }

    /// The store's change feed (Postgres LISTEN), when it has one.
    private var feed: (any StoreChangeFeed)?

    deinit {
        for (_, stop) in audits.value { stop.value = true }
        storeJobs.stop()
        feed?.stop()
    }

    /// Takes every result posted since the last call.
    public func drain() -> [Action] {
        lock.withLock {
            defer { inbox = [] }
            return inbox
        }
    }

    /// Whether work is still queued or running (benchmarks wait for it).
    public var busy: Bool { storeJobs.pending > 0 || objectQueue.operationCount > 0 || batches.value > 0 || !audits.value.isEmpty }
    /// HEAD batches started and not yet posted.
    private let batches = Locked(0)

    func post(_ a: Action) {
        lock.withLock { inbox.append(a) }
        wake.wake()
    }

    static func failure(_ e: Error) -> LoadFailure {
        LoadFailure(TerminalText.sanitize(String(describing: e).split(whereSeparator: \.isNewline).first.map(String.init) ?? "error"))
    }

    /// Starts an effect. `.copy` and `.quit` belong to the loop and are ignored here.
    public func run(_ effect: Effect) {
        switch effect {
        case .audit(let scope, let id): startAudit(scope, id)
        case .cancelAudit(let id): cancelAudit(id)
        case .loadProjects(let id):
            db { s in .projectsLoaded(id, Result { try s.projects() }.mapError(Self.failure)) }
        case .loadDomains(let p, let id):
            db { s in .domainsLoaded(id, Result { try s.domains(project: p) }.mapError(Self.failure)) }
        case .loadRuns(let p, let d, let phases, let limit, let after, let id):
            loadRuns(id) { RunQuery(project: p, domain: d, limit: limit, after: try after.map { try Cursor(token: $0, parts: 2) }, phases: phases) }
        case .loadRunsBefore(let p, let d, let phases, let limit, let before, let id):
            loadRuns(id) {
                var q = RunQuery(project: p, domain: d, limit: limit, phases: phases)
                q.before = try Cursor(token: before, parts: 2)
                return q
            }
        case .loadTasks(let p, let d, let after, let id):
            db { s in
                .tasksLoaded(id, Result {
                    let page = try s.tasks(TaskQuery(project: p, domain: d, limit: 200, after: try after.map { try Cursor(token: $0, parts: 2) }))
                    return (page.items, page.next?.description)
                }.mapError(Self.failure))
            }
        case .loadTaskVersions(let p, let d, let name, let id):
            db { s in .taskVersionsLoaded(id, Result { try s.tasks(TaskQuery(project: p, domain: d, name: name, limit: 500)).items }.mapError(Self.failure)) }
        case .loadTriggers(let p, let d, let id):
            db { s in .triggersLoaded(id, Result { try s.triggers(project: p, domain: d) }.mapError(Self.failure)) }
        case .loadTriggerRevisions(let p, let d, let task, let name, let id):
            db { s in .triggerRevisionsLoaded(id, Result { try s.triggerRevisions(project: p, domain: d, taskName: task, name: name) }.mapError(Self.failure)) }
        case .loadCache(let after, let id):
            db { s in
                .cacheLoaded(id, Result {
                    let page = try s.cacheEntries(CacheQuery(limit: 200, after: try after.map { try Cursor(token: $0, parts: 1) }))
                    return (page.items, page.next?.description)
                }.mapError(Self.failure))
            }
        case .loadCacheEntry(let key):
            db { s in .cacheEntryLoaded(key: key, Result { try s.cacheEntries(CacheQuery(selector: .key(key), limit: 1)).items.first }.mapError(Self.failure)) }
        case .loadActions(let run, let id):
            db { s in .actionsLoaded(id, Result { try s.actions(of: run) }.mapError(Self.failure)) }
        case .loadDetail(let aid):
            // The detail, then a HEAD of every object it points at, from the store thread so the UI thread never
            // schedules them; reduce marks those URIs as in flight when the detail arrives.
            storeJobs.push { [self] in
                let r = Result { try store.action(aid) }.mapError(Self.failure)
                post(.detailLoaded(aid, r))
                if case .success(let d) = r {
                    let uris = ActionObjects(d).items.map(\.uri)
                    if !uris.isEmpty { head(uris) }
                }
            }
        case .checkObjects(let uris):
            head(uris)
        case .fetchPayload(let uri, let id):
            fetch(id) { [self] in .payloadFetched(id, payload(uri, limit: 16 << 20, budget: PreviewBudget())) }
        case .previewPayload(let uri):
            objectQueue.addOperation { [self] in post(.previewFetched(uri: uri, payload(uri, limit: 1 << 20, budget: .pane))) }
        case .fetchDeck(let uri, let width, let id):
            fetch(id) { [self] in
                switch objects.get(uri, limit: 4 << 20) {
                case .bytes(let b, let info, let unread):
                    var text = DeckRenderer.render(b, width: width, budget: DeckBudget())
                    text.unreadBytes += Int(unread)
                    return .deckFetched(id, DeckFetch(state: .present(info), text: text, width: width))
                case .failed(let st):
                    return .deckFetched(id, DeckFetch(state: st, text: nil, width: width))
                }
            }
        case .fetchObject(let uri, let id):
            fetch(id) { [self] in .objectFetched(id, ObjectPeekReader.peek(uri, objects: objects)) }
        case .cancelFetch(let id):
            fetches.withLock { $0.removeValue(forKey: id) }?.cancel()
        case .findRun(let name, _, _):
            db { s in .runFound(name: name, Result { try s.findRuns(named: name) }.mapError(Self.failure)) }
        case .loadTheme(let name):
            let r: Result<Theme, LoadFailure> = Result { () throws(ThemeParser.Failure) -> Theme in try themes.theme(named: name) }
                .map { monochrome ? $0.monochrome : $0 }.mapError { LoadFailure($0.message) }
            post(.themeLoaded(r))
        case .openInBrowser(let uri):
            objectQueue.addOperation { [self] in post(ExternalOpen.openInBrowser(uri, objects: objects, env: env)) }
        case .presign(let uri, let seconds):
            objectQueue.addOperation { [self] in
                post(.presigned(uri: uri, objects.presign(uri, seconds: seconds).mapError { LoadFailure($0.message) }))
            }
        case .save(let uri, let path):
            objectQueue.addOperation { [self] in post(ExternalOpen.save(uri, to: path, objects: objects)) }
        case .copy, .quit:
            break
        }
    }

    /// Runs an object fetch in its own transfer scope on the object queue; posts its result unless it was cancelled.
    private func fetch(_ id: RequestID, _ job: @escaping @Sendable () -> Action) {
        let scope = TransferScope()
        fetches.mutate { $0[id] = scope }
        objectQueue.addOperation { [self] in
            guard !scope.isCancelled else { return }
            let result = scope.run(job)
            fetches.mutate { _ = $0.removeValue(forKey: id) }
            if !scope.isCancelled { post(result) }
        }
    }

    private func db(_ job: @escaping @Sendable (any RunStore) -> Action) {
        storeJobs.push { [self] in post(job(store)) }
    }

    /// A page of runs for the query `query` builds (after a cursor, or before one), answered as `.runsLoaded`.
    private func loadRuns(_ id: RequestID, _ query: @escaping @Sendable () throws -> RunQuery) {
        db { s in
            .runsLoaded(id, Result {
                let page = try s.runs(try query())
                return (page.items, page.next?.description)
            }.mapError(Self.failure))
        }
    }

    private func head(_ uris: [String]) {
        let unique = Array(Set(uris))
        batches.mutate { $0 += 1 }
        let group = DispatchGroup()
        let results = Locked<[String: ObjectState]>([:])
        for u in unique {
            group.enter()
            objectQueue.addOperation { [objects] in
                let st = objects.head(u)
                results.mutate { $0[u] = st }
                group.leave()
            }
        }
        group.notify(queue: .global()) { [self] in
            post(.objectsChecked(results.value))
            batches.mutate { $0 -= 1 }
        }
    }

    func payload(_ uri: String, limit: Int, budget: PreviewBudget) -> PayloadFetch {
        switch objects.get(uri, limit: limit) {
        case .bytes(let b, let info, let unread):
            let doc = PayloadDecoder.decode(b, fileName: uri, budget: budget)
            return PayloadFetch(state: .present(info), document: doc, unreadBytes: unread)
        case .failed(let st):
            return PayloadFetch(state: st, document: nil, unreadBytes: 0)
        }
    }
}

/// A last-in-first-out job queue worked by one thread: the newest request runs first.
final class JobStack: @unchecked Sendable {
    private let cond = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var running = 0
    private var stopped = false

    var pending: Int { cond.withLock { jobs.count + running } }

    func push(_ job: @escaping @Sendable () -> Void) {
        cond.withLock {
            jobs.append(job)
            cond.signal()
        }
    }

    func stop() {
        cond.withLock {
            stopped = true
            cond.broadcast()
        }
    }

    func work() {
        while true {
            cond.lock()
            while jobs.isEmpty && !stopped { cond.wait() }
            if stopped { cond.unlock(); return }
            let job = jobs.removeLast()
            running += 1
            cond.unlock()
            job()
            cond.withLock { running -= 1 }
        }
    }
}
