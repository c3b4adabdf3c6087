import FlyteModel
import Foundation

/// Picks the backend for a URI by its scheme and bucket: `file://` and plain paths go to local disk, `mem://` to
/// memory, `s3://` to S3 with that bucket's endpoint, region and credentials, `gs://` to GCS, `abs://`,
/// `abfs://`, `afs://` and `https://<account>.blob.core.windows.net/` to Azure Blob, `redis://` to Redis. Answers
/// go through a shared LRU cache. Schemes this build cannot read answer `unknown` with the reason, never `notFound`.
///
/// Backends are built once per bucket and kept (`backends`); credential chains are resolved once per router and
/// shared by every bucket they serve. Credentials read from files are read again every 5 minutes and temporary ones
/// (EC2 metadata, web identity, OAuth2 tokens) are refreshed before they expire (`CredentialProvider`), so a rotated
/// key takes effect without a restart while no request re-reads `~/.aws` on its own.
public struct ObjectRouter: ObjectStore {
    public var local: LocalObjectStore
    public var memory: MemoryObjectStore?
    public let settings: StorageSettings
    public let env: [String: String]
    /// The HTTP client of remote backends; nil: the process's shared libcurl engine, started on first use (a
    /// session that only reads local files never initialises libcurl and OpenSSL).
    public let transport: (any HTTPTransport)?
    public var cache: ObjectCache?
    private let home: String
    private let backends = BackendTable()

    public init(memory: MemoryObjectStore? = nil, settings: StorageSettings = StorageSettings(),
                env: [String: String] = ProcessInfo.processInfo.environment,
                transport: (any HTTPTransport)? = nil, cache: ObjectCache? = nil) {
        local = LocalObjectStore()
        self.memory = memory
        self.settings = settings
        self.env = env
        self.transport = transport
        self.cache = cache
        home = env["HOME"] ?? NSHomeDirectory()
    }

    /// The shared remote transports, created when a bucket is first asked.
    static let sharedTransport: any HTTPTransport = RetryingTransport(CurlEngine.shared)
    static let sharedInsecureTransport: any HTTPTransport = RetryingTransport(CurlEngine.sharedInsecure)

    /// The transport remote backends use.
    var http: any HTTPTransport { transport ?? (settings.insecure ? Self.sharedInsecureTransport : Self.sharedTransport) }
    /// The transport credential endpoints are asked through: without retries, so a host with no metadata service
    /// finds out in one timeout, not three.
    var credentialHTTP: any HTTPTransport { transport ?? (settings.insecure ? CurlEngine.sharedInsecure : CurlEngine.shared) }

    /// The kind of store a URI names, and the key its backend is kept under.
    enum Route: Equatable {
        case memory, local
        case s3(bucket: String), gcs, azure(account: String), redis
        case unreadable(String)
    }

    func route(_ uri: String) -> Route {
        if uri.hasPrefix("mem://") { return .memory }
        if LocalObjectStore.path(of: uri) != nil { return .local }
        guard let u = BucketURI(uri) else { return .unreadable("\(uri): not a URI flytrap can read") }
        switch u.scheme {
        case "s3", "s3a", "s3n", "minio": return .s3(bucket: u.bucket)
        case "gs", "gcs": return .gcs
        case "redis", "rediss": return .redis
        case "abs", "abfs", "abfss", "afs", "az", "azure", "https", "http":
            if let a = AzureBlobURI(uri, defaultAccount: azureDefaultAccount) { return .azure(account: a.account) }
            if !u.scheme.hasPrefix("http") {
                return .unreadable("\(uri): no Azure storage account: name it in the URI (abs://account/container/key), in storage.stow.config.account, or in AZURE_STORAGE_ACCOUNT")
            }
        default: break
        }
        return .unreadable("\(uri): \(u.scheme):// buckets are not readable by this build of flytrap")
    }

    var azureDefaultAccount: String? { settings.stowConfig["account"] ?? env["AZURE_STORAGE_ACCOUNT"] }

    /// The backend that serves `uri`, or why there is none.
    public func backend(_ uri: String) -> Result<any ObjectStore, ObjectListFailure> {
        let r = route(uri)
        switch r {
        case .memory:
            guard let m = memory else { return .failure(ObjectListFailure(.unknown(reason: "\(uri): no in-memory store configured"))) }
            return .success(m)
        case .local: return .success(local)
        case .unreadable(let why): return .failure(ObjectListFailure(.unknown(reason: why)))
        case .s3(let bucket):
            return .success(backends.store("s3://\(bucket)") {
                let creds = backends.shared("aws") { settings.awsCredentials(env: env, home: home, transport: credentialHTTP) }
                return S3Store(config: settings.s3(bucket: bucket, env: env, home: home, credentials: creds), transport: http)
            })
        case .gcs:
            return .success(backends.store("gs") { GCSStore(config: GCSStore.Config.from(env: env, home: home, transport: credentialHTTP), transport: http) })
        case .azure(let account):
            return .success(backends.store("azure://\(account)") {
                AzureBlobStore(config: AzureBlobStore.Config.from(account: account, settings: settings, env: env), defaultAccount: azureDefaultAccount, transport: http)
            })
        case .redis:
            return .success(backends.store("redis") { RedisStore(config: RedisStore.Config.from(settings: settings, env: env)) })
        }
    }

    /// Which credentials a bucket URI would be read with (never the secret), for `flytrap info`. Asks the
    /// credential source once (an EC2 metadata or token endpoint), so the line says whether it answered.
    public func credentialSource(_ uri: String) -> String {
        guard case .success(let b) = backend(uri) else {
            if case .unreadable(let why) = route(uri) { return why }
            return "local files"
        }
        switch b {
        case let s as S3Store:
            let at = s.config.endpoint ?? "AWS (\(s.config.region))"
            return (s.config.credentials?.describe() ?? "none found: requests go unsigned (public buckets only)") + " → \(at)"
        case let g as GCSStore: return "\(g.config.credentials?.describe() ?? g.config.anonymousReason) → \(g.config.endpoint)"
        case let a as AzureBlobStore: return "\(a.config.authSource) → \(a.config.endpoint)"
        case let r as RedisStore: return "\(r.config.authSource) → \(r.config.display)"
        case is MemoryObjectStore: return "in-memory store"
        default: return "local files"
        }
    }

    public func head(_ uri: String) -> ObjectState {
        if let c = cache, let s = c.state(uri) { return s }
        let s: ObjectState
        switch backend(uri) {
        case .success(let b): s = b.head(uri)
        case .failure(let f): return f.state
        }
        if TransferScope.current?.isCancelled != true { cache?.store(uri, state: s) }
        return s
    }

    public func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead {
        // Reads from an offset stream large objects (inventory files) a piece at a time: they bypass the cache.
        let cached = offset == 0 ? cache : nil
        if let c = cached, let r = c.read(uri, limit: limit) { return r }
        let r: ObjectRead
        switch backend(uri) {
        case .success(let b): r = b.get(uri, offset: offset, limit: limit)
        case .failure(let f): return .failed(f.state)
        }
        if TransferScope.current?.isCancelled != true { cached?.store(uri, read: r, limit: limit) }
        return r
    }
}

extension ObjectRouter: ObjectPresigner {
    /// A signed GET URL for `uri` from the backend that serves it; local files, Redis and memory have none.
    public func presign(_ uri: String, seconds: Int) -> Result<PresignedURL, PresignError> {
        presigner(uri).mapError { PresignError("\(uri): \($0.message)") }.flatMap { $0.presign(uri, seconds: seconds) }
    }

    public func presignSigner(_ uri: String) -> Result<String, PresignError> {
        presigner(uri).flatMap { $0.presignSigner(uri) }
    }

    /// The backend that signs URLs for `uri`, or why there is none.
    private func presigner(_ uri: String) -> Result<any ObjectPresigner, PresignError> {
        switch backend(uri) {
        case .success(let p as any ObjectPresigner): .success(p)
        case .success: .failure(PresignError("only s3://, gs:// and Azure blob objects have URLs to sign"))
        case .failure(let f): .failure(PresignError(f.state.reason ?? f.state.word))
        }
    }
}

extension ObjectRouter: ObjectLister {
    public func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure> {
        switch backend(prefix) {
        case .success(let b):
            guard let l = b as? any ObjectLister else { return .failure(ObjectListFailure(.unknown(reason: "\(prefix): this store cannot list"))) }
            return l.list(prefix, limit: limit)
        case .failure(let f): return .failure(f)
        }
    }
}

/// The backends and credential chains a router has built, by bucket (shared by copies of the router).
final class BackendTable: @unchecked Sendable {
    private let lock = NSLock()
    private var stores: [String: any ObjectStore] = [:]
    private var providers: [String: any Sendable] = [:]

    /// The backend kept under `key`, built by `make` the first time.
    func store(_ key: String, _ make: () -> any ObjectStore) -> any ObjectStore {
        if let s = lock.withLock({ stores[key] }) { return s }
        let s = make()
        return lock.withLock {
            if let existing = stores[key] { return existing }
            stores[key] = s
            return s
        }
    }

    /// A value shared by every backend of the router (a credential chain), built the first time.
    func shared<T: Sendable>(_ key: String, _ make: () -> T) -> T {
        // Unwrap the dictionary's optional before casting: `nil as? T` succeeds when T is itself optional.
        if let found = lock.withLock({ providers[key] }), let v = found as? T { return v }
        let v = make()
        return lock.withLock {
            if let found = providers[key], let existing = found as? T { return existing }
            providers[key] = v
            return v
        }
    }
}
