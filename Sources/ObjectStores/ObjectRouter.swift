import FlyteModel
import Foundation

/// Picks the backend for a URI by its scheme and bucket: `file://` and plain paths go to local disk, `mem://` to
/// memory, `s3://` to S3 with that bucket's endpoint, region and credentials, `gs://` to GCS. Answers go through a
/// shared LRU cache. Schemes this build cannot read answer `unknown` with the reason, never `notFound`.
public struct ObjectRouter: ObjectStore {
    public var local: LocalObjectStore
    public var memory: MemoryObjectStore?
    public var settings: StorageSettings
    public var env: [String: String]
    /// The HTTP client of remote backends; nil: the process's shared libcurl engine, started on first use (a
    /// session that only reads local files never initialises libcurl and OpenSSL).
    public var transport: (any HTTPTransport)?
    public var cache: ObjectCache?
    private let home: String

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

    /// The shared remote transport, created when a bucket is first asked.
    static let sharedTransport: any HTTPTransport = RetryingTransport(CurlEngine.shared)

    /// The backend that serves `uri`, or why there is none.
    public func backend(_ uri: String) -> Result<any ObjectStore, ObjectListFailure> {
        if uri.hasPrefix("mem://") {
            guard let m = memory else { return .failure(ObjectListFailure(.unknown(reason: "\(uri): no in-memory store configured"))) }
            return .success(m)
        }
        if LocalObjectStore.path(of: uri) != nil { return .success(local) }
        guard let u = BucketURI(uri) else { return .failure(ObjectListFailure(.unknown(reason: "\(uri): not a URI flytrap can read"))) }
        switch u.scheme {
        case "s3", "s3a", "s3n", "minio":
            return .success(S3Store(config: settings.s3(bucket: u.bucket, env: env, home: home), transport: transport ?? Self.sharedTransport))
        case "gs", "gcs":
            return .success(GCSStore(config: GCSStore.Config.from(env: env), transport: transport ?? Self.sharedTransport))
        default:
            return .failure(ObjectListFailure(.unknown(reason: "\(uri): \(u.scheme):// buckets are not readable by this build of flytrap")))
        }
    }

    /// Which credentials a bucket URI would be read with (never the secret), for `flytrap info`.
    public func credentialSource(_ uri: String) -> String {
        guard let u = BucketURI(uri) else { return "local files" }
        switch u.scheme {
        case "s3", "s3a", "s3n", "minio":
            let c = settings.s3(bucket: u.bucket, env: env, home: home)
            let at = c.endpoint ?? "AWS (\(c.region))"
            return (c.credentials?.source ?? "none found: requests go unsigned (EC2 metadata and IRSA are not read by this build)") + " → \(at)"
        case "gs", "gcs":
            let c = GCSStore.Config.from(env: env)
            return "\(c.source) → \(c.endpoint)"
        default: return "no backend for \(u.scheme)://"
        }
    }

    public func head(_ uri: String) -> ObjectState {
        if let c = cache, let s = c.state(uri) { return s }
        let s: ObjectState
        switch backend(uri) {
        case .success(let b): s = b.head(uri)
        case .failure(let f): return f.state
        }
        cache?.store(uri, state: s)
        return s
    }

    public func get(_ uri: String, limit: Int) -> ObjectRead {
        if let c = cache, let r = c.read(uri, limit: limit) { return r }
        let r: ObjectRead
        switch backend(uri) {
        case .success(let b): r = b.get(uri, limit: limit)
        case .failure(let f): return .failed(f.state)
        }
        cache?.store(uri, read: r, limit: limit)
        return r
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
