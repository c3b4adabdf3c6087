import FlyteModel
import Foundation

/// Azure Blob Storage over its REST API: HEAD (Get Blob Properties), ranged GET (`x-ms-range`) and List Blobs with
/// a delimiter, signed with Shared Key or carrying a SAS token, or anonymous for public containers.
public struct AzureBlobStore: ObjectStore, ObjectLister, PipelinedHeads {
    public struct Config: Sendable {
        public var account: String
        /// `https://account.blob.core.windows.net`, or a connection string's `BlobEndpoint` (Azurite's
        /// `http://127.0.0.1:10000/devstoreaccount1`).
        public var endpoint: String
        public var sharedKey: AzureSharedKey?
        /// A SAS token (without the leading `?`), appended to every request.
        public var sas: String?
        /// Where the credentials came from (never the secret).
        public var authSource: String

        public init(account: String, endpoint: String? = nil, sharedKey: AzureSharedKey? = nil, sas: String? = nil, authSource: String = "anonymous") {
            self.account = account
            let e = endpoint ?? "https://\(account).blob.core.windows.net"
            self.endpoint = e.hasSuffix("/") ? String(e.dropLast()) : e
            self.sharedKey = sharedKey
            self.sas = sas.map { $0.hasPrefix("?") ? String($0.dropFirst()) : $0 }
            self.authSource = authSource
        }

        /// The settings for `account`: flytestdlib stow's `config` (`account`, `key`, `base_url`), then
        /// `AZURE_STORAGE_CONNECTION_STRING` (when it names this account), then `AZURE_STORAGE_ACCOUNT` with
        /// `AZURE_STORAGE_KEY` or `AZURE_STORAGE_SAS_TOKEN`.
        public static func from(account: String, settings: StorageSettings, env: [String: String]) -> Config {
            let stow = settings.stowConfig
            if stow["account"] == account, let k = stow["key"], let sk = AzureSharedKey(account: account, base64Key: k) {
                let suffix = stow["base_url"].map { "https://\(account).blob.\($0)" }
                return Config(account: account, endpoint: suffix, sharedKey: sk, authSource: "storage.stow.config (account \(account), Shared Key)")
            }
            if let cs = env["AZURE_STORAGE_CONNECTION_STRING"], !cs.isEmpty {
                let f = connectionString(cs)
                if f["accountname"] == account || (f["accountname"] == nil && f["blobendpoint"] != nil) {
                    let endpoint = f["blobendpoint"] ?? f["endpointsuffix"].map { "\(f["defaultendpointsprotocol"] ?? "https")://\(account).blob.\($0)" }
                    if let k = f["accountkey"], let sk = AzureSharedKey(account: account, base64Key: k) {
                        return Config(account: account, endpoint: endpoint, sharedKey: sk, authSource: "AZURE_STORAGE_CONNECTION_STRING (Shared Key)")
                    }
                    if let sas = f["sharedaccesssignature"] {
                        return Config(account: account, endpoint: endpoint, sas: sas, authSource: "AZURE_STORAGE_CONNECTION_STRING (SAS)")
                    }
                    return Config(account: account, endpoint: endpoint, authSource: "anonymous (AZURE_STORAGE_CONNECTION_STRING has no key or SAS)")
                }
            }
            if env["AZURE_STORAGE_ACCOUNT"] == account {
                if let k = env["AZURE_STORAGE_KEY"], !k.isEmpty, let sk = AzureSharedKey(account: account, base64Key: k) {
                    return Config(account: account, sharedKey: sk, authSource: "environment (AZURE_STORAGE_KEY, Shared Key)")
                }
                if let sas = env["AZURE_STORAGE_SAS_TOKEN"], !sas.isEmpty {
                    return Config(account: account, sas: sas, authSource: "environment (AZURE_STORAGE_SAS_TOKEN)")
                }
            }
            return Config(account: account, authSource: "anonymous (no key or SAS for account \(account))")
        }

        /// `Key=Value;…` with lowercased keys (values may contain `=`, as keys and SAS tokens do).
        static func connectionString(_ s: String) -> [String: String] {
            var out: [String: String] = [:]
            for part in s.split(separator: ";") {
                guard let eq = part.firstIndex(of: "=") else { continue }
                out[part[..<eq].trimmingCharacters(in: .whitespaces).lowercased()] = String(part[part.index(after: eq)...])
            }
            return out
        }
    }

    /// The REST API version flytrap speaks.
    public static let apiVersion = "2021-08-06"

    public var config: Config
    /// The account of `abfs://container/key` URIs, which do not name one.
    public var defaultAccount: String?
    public var transport: any HTTPTransport
    public var requestTimeout: TimeInterval = 20
    /// The clock requests are dated with (tests pin it).
    public var now: @Sendable () -> Date = { Date() }

    public init(config: Config, defaultAccount: String? = nil, transport: any HTTPTransport) {
        self.config = config
        self.defaultAccount = defaultAccount
        self.transport = transport
    }

    /// A signed (or SAS-carrying, or anonymous) request for `container/key` with `query`.
    func request(_ method: String, container: String, key: String, query: [(String, String)] = [], extra: [(String, String)] = [], limit: Int) -> HTTPRequest {
        let (origin, path) = location(container: container, key: key)
        var headers = extra + [("x-ms-date", HTTPDate.format(now())), ("x-ms-version", Self.apiVersion)]
        if let sk = config.sharedKey {
            headers.append(("Authorization", sk.authorization(method: method, path: path, query: query, headers: headers)))
        }
        var q = query.map { "\($0.0)=\(SigV4.encode($0.1, keepSlash: false))" }
        if config.sharedKey == nil, let sas = config.sas { q.append(sas) }
        return HTTPRequest(method: method, url: "\(origin)\(path)" + (q.isEmpty ? "" : "?" + q.joined(separator: "&")),
                           headers: headers, bodyLimit: limit, timeout: requestTimeout)
    }

    /// The endpoint's origin and the encoded path of `container/key` under it (an endpoint may carry a path, as
    /// Azurite's `/devstoreaccount1` does).
    func location(container: String, key: String) -> (origin: String, path: String) {
        let base = URLComponents(string: config.endpoint)
        let path = (base?.percentEncodedPath ?? "") + "/" + SigV4.encode(container, keepSlash: false) + (key.isEmpty ? "" : "/" + SigV4.encode(key, keepSlash: true))
        return (String(config.endpoint.dropLast(base?.percentEncodedPath.count ?? 0)), path)
    }

    func parse(_ uri: String) -> AzureBlobURI? { AzureBlobURI(uri, defaultAccount: defaultAccount ?? config.account) }

    public func head(_ uri: String) -> ObjectState {
        pipelinedHead(uri) { .unknown(reason: "\(uri): not an Azure blob URI with a container and a key") }
    }

    public func headRequest(_ uri: String) -> HTTPRequest? {
        guard let u = parse(uri), !u.key.isEmpty else { return nil }
        return request("HEAD", container: u.container, key: u.key, limit: 0)
    }

    public func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead {
        guard let u = parse(uri), !u.key.isEmpty else { return .failed(.unknown(reason: "\(uri): not an Azure blob URI with a container and a key")) }
        let want = max(1, limit)
        let r = transport.send(request("GET", container: u.container, key: u.key, extra: [("x-ms-range", ResponseClassifier.range(offset, want))], limit: want))
        return ResponseClassifier.rangedRead(r, uri: uri, offset: offset, limit: limit) { head(uri) }
    }

    public func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure> {
        guard let u = parse(prefix) else { return .failure(ObjectListFailure(.unknown(reason: "\(prefix): not an Azure blob URI"))) }
        let p = u.key.isEmpty || u.key.hasSuffix("/") ? u.key : u.key + "/"
        let query = [("comp", "list"), ("delimiter", "/"), ("maxresults", String(max(1, min(5000, limit)))), ("prefix", p), ("restype", "container")]
        let r = transport.send(request("GET", container: u.container, key: "", query: query, limit: 8 << 20))
        let state = ResponseClassifier.state(r, what: prefix) { ObjectInfo(size: 0, isPrefix: true) }
        guard case .present = state else { return .failure(ObjectListFailure(state)) }
        let xml = String(decoding: r.body, as: UTF8.self)
        var out: [ObjectListing] = []
        for b in XMLText.elements("Blob", in: xml[...]) {
            guard let n = XMLText.first("Name", in: b) else { continue }
            out.append(ObjectListing(name: String(XMLText.unescape(n).dropFirst(p.count)),
                                     size: Int64(XMLText.first("Content-Length", in: b) ?? "") ?? 0, isPrefix: false))
        }
        for b in XMLText.elements("BlobPrefix", in: xml[...]) {
            guard let n = XMLText.first("Name", in: b) else { continue }
            out.append(ObjectListing(name: BucketURI.folder(XMLText.unescape(n), under: p), size: 0, isPrefix: true))
        }
        return .success(out)
    }
}

extension AzureBlobStore: ObjectPresigner {
    /// A blob URL carrying a read-only service SAS signed with the account key; with a configured SAS token instead,
    /// the URL carries that token and lives as long as it does (its `se`), whatever was asked.
    public func presign(_ uri: String, seconds: Int) -> Result<PresignedURL, PresignError> {
        guard let u = parse(uri), !u.key.isEmpty else { return .failure(PresignError("\(uri): not an Azure blob URI with a container and a key")) }
        if seconds < 1 { return .failure(PresignError("\(uri): a signed URL must be valid for at least 1 second")) }
        let (origin, path) = location(container: u.container, key: u.key)
        let date = now()
        if let sk = config.sharedKey {
            guard sk.account == u.account else {
                return .failure(PresignError("\(uri): the key configured is account \(sk.account)'s, not \(u.account)'s"))
            }
            let until = date.addingTimeInterval(TimeInterval(seconds))
            let token = AzureSAS.token(key: sk, container: u.container, blob: u.key, expiry: until, https: origin.hasPrefix("https:"))
            return .success(PresignedURL(url: "\(origin)\(path)?\(token)", expires: until, signedWith: "Azure service SAS (read), \(config.authSource)"))
        }
        if let sas = config.sas {
            guard let until = AzureSAS.expiry(ofToken: sas) else {
                return .failure(PresignError("\(uri): the configured SAS token has no expiry (se=) flytrap can read"))
            }
            guard until > date else { return .failure(PresignError("\(uri): the configured SAS token expired at \(ISO8601DateFormatter().string(from: until))")) }
            return .success(PresignedURL(url: "\(origin)\(path)?\(sas)", expires: until,
                                         signedWith: "the configured SAS token as is (\(config.authSource)); its own expiry applies"))
        }
        return .failure(PresignError("\(uri): no account key or SAS token for account \(u.account) to sign with (\(config.authSource))"))
    }

    public func presignSigner(_ uri: String) -> Result<String, PresignError> {
        if config.sharedKey != nil { return .success("Azure service SAS (read), \(config.authSource)") }
        if config.sas != nil { return .success("the configured SAS token, \(config.authSource)") }
        return .failure(PresignError("no account key or SAS token (\(config.authSource))"))
    }
}
