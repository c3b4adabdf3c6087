import FlyteModel
import Foundation

/// `s3://bucket/key` on AWS S3 or an S3-compatible server (MinIO, moto): SigV4-signed HEAD, ranged GET and
/// ListObjectsV2, with an endpoint override and path-style or virtual-hosted addressing.
public struct S3Store: ObjectStore, ObjectLister, PipelinedHeads {
    public struct Config: Sendable {
        /// `http://127.0.0.1:9000` for MinIO/moto; nil for AWS.
        public var endpoint: String?
        public var region: String
        /// Path-style (`endpoint/bucket/key`) rather than virtual-hosted (`bucket.endpoint/key`).
        public var pathStyle: Bool
        /// Where signing keys come from; nil: requests go unsigned.
        public var credentials: CredentialProvider<AWSCredentials>?

        public init(endpoint: String? = nil, region: String = "us-east-1", pathStyle: Bool? = nil, credentials: CredentialProvider<AWSCredentials>?) {
            self.endpoint = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            self.region = region
            self.pathStyle = pathStyle ?? (endpoint != nil)
            self.credentials = credentials
        }

        /// Settings with fixed keys (or none).
        public init(endpoint: String? = nil, region: String = "us-east-1", pathStyle: Bool? = nil, credentials: AWSCredentials? = nil) {
            self.init(endpoint: endpoint, region: region, pathStyle: pathStyle,
                      credentials: credentials.map { CredentialProvider.fixed($0, source: $0.source) })
        }
    }

    public var config: Config {
        didSet { endpointParts = Self.parts(of: config.endpoint) }
    }
    public var transport: any HTTPTransport
    /// Seconds before a request is given up as unavailable.
    public var requestTimeout: TimeInterval = 20
    /// The clock requests are signed with (tests pin it).
    public var now: @Sendable () -> Date = { Date() }

    public init(config: Config, transport: any HTTPTransport) {
        self.config = config
        self.transport = transport
        endpointParts = Self.parts(of: config.endpoint)
    }

    /// The endpoint's scheme, host (with port) and path, parsed once per store (requests are built by the thousand).
    private var endpointParts: (scheme: String, host: String, base: String)?

    static func parts(of endpoint: String?) -> (scheme: String, host: String, base: String)? {
        endpoint.flatMap { URLComponents(string: $0) }.flatMap { u in
            u.host.map { h in (u.scheme ?? "https", h + (u.port.map { ":\($0)" } ?? ""), u.path) }
        }
    }

    /// Scheme, host (with port) and encoded path of an object or bucket.
    func location(bucket: String, key: String) -> (scheme: String, host: String, path: String) {
        let encodedKey = SigV4.encode(key, keepSlash: true)
        if let (scheme, host, base) = endpointParts {
            return config.pathStyle ? (scheme, host, "\(base)/\(bucket)/\(encodedKey)") : (scheme, "\(bucket).\(host)", "\(base)/\(encodedKey)")
        }
        let host = config.region == "us-east-1" ? "s3.amazonaws.com" : "s3.\(config.region).amazonaws.com"
        return config.pathStyle ? ("https", host, "/\(bucket)/\(encodedKey)") : ("https", "\(bucket).\(host)", "/\(encodedKey)")
    }

    func request(_ method: String, bucket: String, key: String, query: [(String, String)] = [], extra: [(String, String)] = [], limit: Int = 1 << 20) -> HTTPRequest {
        let (scheme, host, path) = location(bucket: bucket, key: key)
        var headers = extra
        var blocked: CredentialBlock?
        switch config.credentials?.signing(now: now()) ?? Result<AWSCredentials?, CredentialBlock>.success(nil) {
        case .failure(let b): blocked = b
        case .success(nil): break
        case .success(let c?):
            let signer = SigV4(accessKey: c.accessKey, secretKey: c.secretKey, sessionToken: c.sessionToken, region: config.region)
            headers = signer.authorize(method: method, host: host, path: path, query: query, extra: extra, date: now())
        }
        let q = query.isEmpty ? "" : "?" + SigV4.canonicalQuery(query)
        var r = HTTPRequest(method: method, url: "\(scheme)://\(host)\(path)\(q)", headers: headers, bodyLimit: limit, timeout: requestTimeout)
        r.unsendable = blocked
        return r
    }

    public func head(_ uri: String) -> ObjectState {
        pipelinedHead(uri) { .unknown(reason: "\(uri): not an s3://bucket/key URI") }
    }

    public func headRequest(_ uri: String) -> HTTPRequest? {
        guard let u = BucketURI(uri), !u.key.isEmpty else { return nil }
        return request("HEAD", bucket: u.bucket, key: u.key, limit: 0)
    }

    public func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead {
        guard let u = BucketURI(uri), !u.key.isEmpty else { return .failed(.unknown(reason: "\(uri): not an s3://bucket/key URI")) }
        let want = max(1, limit)
        let r = transport.send(request("GET", bucket: u.bucket, key: u.key, extra: [("range", ResponseClassifier.range(offset, want))], limit: want))
        return ResponseClassifier.rangedRead(r, uri: uri, offset: offset, limit: limit) { head(uri) }
    }

    public func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure> {
        guard let u = BucketURI(prefix) else { return .failure(ObjectListFailure(.unknown(reason: "\(prefix): not an s3:// URI"))) }
        let p = u.listingPrefix
        let query = [("list-type", "2"), ("prefix", p), ("delimiter", "/"), ("max-keys", String(max(1, min(1000, limit))))]
        let r = transport.send(request("GET", bucket: u.bucket, key: "", query: query, limit: 4 << 20))
        let state = ResponseClassifier.state(r, what: prefix) { ObjectInfo(size: 0, isPrefix: true) }
        guard case .present = state else { return .failure(ObjectListFailure(state)) }
        return .success(S3ListParser.parse(String(decoding: r.body, as: UTF8.self), prefix: p))
    }

}

extension S3Store: ObjectPresigner {
    /// A SigV4 query-signed GET URL (at most 7 days). Temporary credentials (a session token) end the URL's life
    /// when they expire, whatever was asked: the expiry reported is the earlier of the two.
    public func presign(_ uri: String, seconds: Int) -> Result<PresignedURL, PresignError> {
        guard let u = BucketURI(uri), !u.key.isEmpty else { return .failure(PresignError("\(uri): not an s3://bucket/key URI")) }
        if let e = PresignError.checkValidity(seconds, uri: uri, scheme: "SigV4") { return .failure(e) }
        let date = now()
        guard let provider = config.credentials else { return .failure(PresignError("\(uri): no AWS credentials configured to sign with")) }
        let c: AWSCredentials
        var until = date.addingTimeInterval(TimeInterval(seconds))
        var note = ""
        switch provider.current(now: date) {
        case .value(let v, let expires):
            c = v
            if let e = expires, e != .distantFuture, e < until {
                until = e
                note = "; temporary credentials: the URL stops working when they expire"
            }
        case .absent(let why): return .failure(PresignError("\(uri): no AWS credentials to sign with (\(why))"))
        case .failed(let why, _): return .failure(PresignError("\(uri): no credentials from \(provider.source): \(why)"))
        }
        let (scheme, host, path) = location(bucket: u.bucket, key: u.key)
        let signer = SigV4(accessKey: c.accessKey, secretKey: c.secretKey, sessionToken: c.sessionToken, region: config.region)
        let url = signer.presign(scheme: scheme, host: host, path: path, expires: seconds, date: date).url
        return .success(PresignedURL(url: url, expires: until, signedWith: "SigV4, \(c.source)\(note)"))
    }

    public func presignSigner(_ uri: String) -> Result<String, PresignError> {
        guard let provider = config.credentials else { return .failure(PresignError("no AWS credentials configured")) }
        switch provider.current(now: now()) {
        case .value(let c, _): return .success("SigV4, \(c.source)")
        case .absent(let why): return .failure(PresignError("no AWS credentials (\(why))"))
        case .failed(let why, _): return .failure(PresignError("\(provider.source): \(why)"))
        }
    }
}

/// Reads a ListObjectsV2 answer: `<Contents><Key>…</Key><Size>…</Size>` and `<CommonPrefixes><Prefix>…`.
enum S3ListParser {
    static func parse(_ xml: String, prefix: String) -> [ObjectListing] {
        var out: [ObjectListing] = []
        for c in XMLText.elements("Contents", in: xml[...]) {
            guard let k = XMLText.first("Key", in: c) else { continue }
            out.append(ObjectListing(name: String(XMLText.unescape(k).dropFirst(prefix.count)),
                                     size: Int64(XMLText.first("Size", in: c) ?? "") ?? 0, isPrefix: false))
        }
        for c in XMLText.elements("CommonPrefixes", in: xml[...]) {
            guard let k = XMLText.first("Prefix", in: c) else { continue }
            out.append(ObjectListing(name: BucketURI.folder(XMLText.unescape(k), under: prefix), size: 0, isPrefix: true))
        }
        return out
    }
}
