import FlyteModel
import Foundation

/// `gs://bucket/key` over the GCS JSON API (`/storage/v1/b/B/o/KEY`): metadata GET for existence, `alt=media` ranged
/// GET for bytes, and listing with a delimiter. The endpoint is `https://storage.googleapis.com` unless
/// `STORAGE_EMULATOR_HOST` (the variable Google's own clients honour) or flytrap's config names another, such as
/// fake-gcs-server.
public struct GCSStore: ObjectStore, ObjectLister, PipelinedHeads {
    public struct Config: Sendable {
        public var endpoint: String
        /// Where bearer tokens come from; nil: anonymous requests.
        public var credentials: CredentialProvider<String>?
        /// Why requests go anonymous, when they do (for `flytrap info`).
        public var anonymousReason: String
        /// What signs URLs (`presign`): a service-account key file, or why nothing can.
        public var urlSigning: GoogleURLSigning

        public init(endpoint: String = "https://storage.googleapis.com", credentials: CredentialProvider<String>? = nil,
                    anonymousReason: String = "anonymous",
                    urlSigning: GoogleURLSigning = .unavailable("no service-account key configured")) {
            self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            self.credentials = credentials
            self.anonymousReason = anonymousReason
            self.urlSigning = urlSigning
        }

        /// From the environment: `STORAGE_EMULATOR_HOST` (the variable Google's own clients honour) and Google's
        /// application default credentials (`GoogleCredentials`).
        public static func from(env: [String: String], home: String, transport: any HTTPTransport) -> Config {
            var c = Config()
            if let e = env["STORAGE_EMULATOR_HOST"], !e.isEmpty { c.endpoint = e.contains("://") ? e : "http://" + e }
            (c.credentials, c.anonymousReason) = GoogleCredentials.provider(env: env, home: home, transport: transport)
            c.urlSigning = GoogleURLSigning.from(env: env, home: home)
            return c
        }
    }

    public var config: Config
    public var transport: any HTTPTransport
    /// Seconds before a request is given up as unavailable.
    public var requestTimeout: TimeInterval = 20
    /// The clock URLs are signed with (tests pin it).
    public var now: @Sendable () -> Date = { Date() }

    public init(config: Config, transport: any HTTPTransport) {
        self.config = config
        self.transport = transport
    }

    func request(_ path: String, query: String, extra: [(String, String)] = [], limit: Int) -> HTTPRequest {
        var headers = extra
        var blocked: CredentialBlock?
        switch config.credentials?.signing() ?? Result<String?, CredentialBlock>.success(nil) {
        case .success(let t?): headers.append(("Authorization", "Bearer \(t)"))
        case .success(nil): break
        case .failure(let b): blocked = b
        }
        var r = HTTPRequest(method: "GET", url: "\(config.endpoint)\(path)?\(query)", headers: headers, bodyLimit: limit, timeout: requestTimeout)
        r.unsendable = blocked
        return r
    }

    func objectPath(_ u: BucketURI) -> String {
        "/storage/v1/b/\(SigV4.encode(u.bucket, keepSlash: false))/o/\(SigV4.encode(u.key, keepSlash: false))"
    }

    static func info(_ r: HTTPResponse) -> ObjectInfo {
        let obj = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
        let size = Int64(obj["size"] as? String ?? "") ?? 0
        let updated = (obj["updated"] as? String).flatMap(ISO8601DateFormatter.parseAny)
        return ObjectInfo(size: size, lastModified: updated, etag: obj["etag"] as? String, contentType: obj["contentType"] as? String)
    }

    public func head(_ uri: String) -> ObjectState {
        pipelinedHead(uri) { .unknown(reason: "\(uri): not a gs://bucket/key URI") }
    }

    /// The object's metadata (the JSON API has no HEAD): a GET of a few fields.
    public func headRequest(_ uri: String) -> HTTPRequest? {
        guard let u = BucketURI(uri), !u.key.isEmpty else { return nil }
        return request(objectPath(u), query: "fields=size,etag,updated,contentType", limit: 64 << 10)
    }

    public func headState(_ r: HTTPResponse, uri: String) -> ObjectState {
        ResponseClassifier.state(r, what: uri) { Self.info(r) }
    }

    public func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead {
        let h = head(uri)
        guard case .present(let info) = h, let u = BucketURI(uri) else { return .failed(h) }
        let offset = max(0, offset)
        if offset >= info.size || limit <= 0 { return .bytes([], info: info, unread: max(0, info.size - offset)) }
        let r = transport.send(request(objectPath(u), query: "alt=media", extra: [("Range", ResponseClassifier.range(offset, limit))], limit: limit))
        let state = ResponseClassifier.state(r, what: uri) { info }
        guard case .present = state else { return .failed(state) }
        let bytes = ResponseClassifier.rangeBytes(r, offset: offset, limit: limit)
        return .bytes(bytes, info: info, unread: max(0, info.size - offset - Int64(bytes.count)))
    }

    public func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure> {
        guard let u = BucketURI(prefix) else { return .failure(ObjectListFailure(.unknown(reason: "\(prefix): not a gs:// URI"))) }
        let p = u.listingPrefix
        let q = "prefix=\(SigV4.encode(p, keepSlash: false))&delimiter=%2F&maxResults=\(max(1, min(1000, limit)))"
        let r = transport.send(request("/storage/v1/b/\(SigV4.encode(u.bucket, keepSlash: false))/o", query: q, limit: 4 << 20))
        let state = ResponseClassifier.state(r, what: prefix) { ObjectInfo(size: 0, isPrefix: true) }
        guard case .present = state else { return .failure(ObjectListFailure(state)) }
        let obj = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
        var out: [ObjectListing] = []
        for item in obj["items"] as? [[String: Any]] ?? [] {
            guard let name = item["name"] as? String else { continue }
            out.append(ObjectListing(name: String(name.dropFirst(p.count)), size: Int64(item["size"] as? String ?? "") ?? 0, isPrefix: false))
        }
        for pre in obj["prefixes"] as? [String] ?? [] {
            out.append(ObjectListing(name: BucketURI.folder(pre, under: p), size: 0, isPrefix: true))
        }
        return .success(out)
    }
}

extension ISO8601DateFormatter {
    /// An RFC 3339 time with or without fractional seconds (GCS `updated`, S3 `LastModified`).
    static func parseAny(_ s: String) -> Date? {
        parseLock.withLock { withFraction.date(from: s) ?? plain.date(from: s) }
    }

    // Formatters are not safe to share between threads: every use goes through `parseAny`, under the lock.
    private static let parseLock = NSLock()
    nonisolated(unsafe) private static let plain = ISO8601DateFormatter()
    nonisolated(unsafe) private static let withFraction: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}

extension GCSStore: ObjectPresigner {
    /// A V4 signed GET URL (at most 7 days), signed with the service-account key file in use, or by IAM signBlob as
    /// the metadata server's account.
    public func presign(_ uri: String, seconds: Int) -> Result<PresignedURL, PresignError> {
        guard let u = BucketURI(uri), !u.key.isEmpty else { return .failure(PresignError("\(uri): not a gs://bucket/key URI")) }
        if let e = PresignError.checkValidity(seconds, uri: uri, scheme: "GCS V4") { return .failure(e) }
        let signer: GCSURLSigner
        switch config.urlSigning.signer(token: { config.credentials?.signing() ?? .success(nil) }, transport: transport) {
        case .success(let s): signer = s
        case .failure(let e): return .failure(PresignError("\(uri): \(e.message)"))
        }
        let date = now()
        do {
            let url = try signer.url(endpoint: config.endpoint, bucket: u.bucket, key: u.key, seconds: seconds, date: date)
            let how = if case .iamSignBlob = signer.key { "GCS V4, IAM signBlob as \(signer.email)" } else { "GCS V4, service account \(signer.email)" }
            return .success(PresignedURL(url: url, expires: date.addingTimeInterval(TimeInterval(seconds)), signedWith: how))
        } catch {
            return .failure(PresignError("\(uri): \(error)"))
        }
    }

    public func presignSigner(_ uri: String) -> Result<String, PresignError> {
        switch config.urlSigning {
        case .unavailable(let why): return .failure(PresignError(why))
        case .metadata:
            // No metadata server here: no account to sign as (the credential chain has already asked).
            if case .absent(let why)? = config.credentials?.current() { return .failure(PresignError(why)) }
            return .success(config.urlSigning.summary)
        case .keyFile: return .success(config.urlSigning.summary)
        }
    }
}
