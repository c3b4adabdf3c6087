import FlyteModel
import Foundation
import Testing
@testable import ObjectStores

/// Signed URLs compared with the ones the clouds' own SDKs sign for the same objects, keys and time
/// (`scripts/fixtures/presign_fixtures.py`: google-cloud-storage, azure-storage-blob, boto3).
@Suite struct PresignTests {
    struct Golden: Decodable {
        struct GCS: Decodable { var endpoint: String; var bucket: String; var key: String; var seconds: Int; var url: String }
        struct Azure: Decodable { var account: String; var container: String; var key: String; var expiry: String; var `protocol`: String; var token: String }
        struct S3: Decodable {
            var endpoint: String?; var pathStyle: Bool; var region: String; var sessionToken: String?
            var bucket: String; var key: String; var seconds: Int; var url: String
        }
        var now: String
        var gcs: [GCS]
        var azure: [Azure]
        var s3: [S3]
    }

    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("presign")
    static let keyFile = folder.appendingPathComponent("service-account.json").path
    static let golden: Golden = try! JSONDecoder().decode(Golden.self, from: Data(contentsOf: folder.appendingPathComponent("urls.json")))
    static var now: Date { ISO8601DateFormatter().date(from: golden.now)! }
    static let azureKey = "ZmxldHJhcC10ZXN0LWtleS1ub3QtYS1yZWFsLWF6dXJlLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OQ=="

    /// A URL as its part before `?` and its query parameters, decoded (parameter order is not part of a signature).
    static func parts(_ url: String) -> (base: String, query: [String: String]) {
        let (base, q) = url.firstIndex(of: "?").map { (String(url[..<$0]), String(url[url.index(after: $0)...])) } ?? (url, "")
        return (base, query(q))
    }

    static func query(_ q: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).removingPercentEncoding ?? String($0) }
            out[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return out
    }

    @Test("GCS V4 signed URLs equal google-cloud-storage's, byte for byte")
    func gcsMatchesGoogle() throws {
        #expect(Self.golden.gcs.count >= 12)
        for g in Self.golden.gcs {
            var store = GCSStore(config: .init(endpoint: g.endpoint, urlSigning: .keyFile(path: Self.keyFile, label: "test key")),
                                 transport: RetryingTransport(CurlEngine.shared))
            store.now = { Self.now }
            let signed = try store.presign("gs://\(g.bucket)/\(g.key)", seconds: g.seconds).get()
            #expect(signed.url == g.url, "\(g.endpoint) \(g.key) \(g.seconds)")
            #expect(signed.expires == Self.now.addingTimeInterval(TimeInterval(g.seconds)))
            #expect(signed.signedWith.contains("flytrap-presign-test@"))
        }
    }

    @Test("Azure service SAS equals azure-storage-blob's for the same key, blob and expiry")
    func azureMatchesMicrosoft() throws {
        let key = try #require(AzureSharedKey(account: "flytrapdemo", base64Key: Self.azureKey))
        #expect(Self.golden.azure.count >= 6)
        for a in Self.golden.azure {
            let theirs = Self.query(a.token)
            let expiry = try #require(ISO8601DateFormatter().date(from: a.expiry))
            let ours = Self.query(AzureSAS.token(key: key, container: a.container, blob: a.key, expiry: expiry,
                                                 https: a.protocol == "https", version: try #require(theirs["sv"])))
            #expect(ours == theirs, "\(a.key) \(a.protocol)")
        }
    }

    @Test("S3 presigned URLs equal boto3's (virtual-hosted on AWS, path-style on an endpoint, with and without a session token)")
    func s3MatchesBoto3() throws {
        #expect(Self.golden.s3.count >= 12)
        for g in Self.golden.s3 {
            let creds = AWSCredentials(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                       sessionToken: g.sessionToken, source: "test")
            var store = S3Store(config: .init(endpoint: g.endpoint, region: g.region, pathStyle: g.pathStyle, credentials: creds),
                                transport: RetryingTransport(CurlEngine.shared))
            store.now = { Self.now }
            let ours = Self.parts(try store.presign("s3://\(g.bucket)/\(g.key)", seconds: g.seconds).get().url)
            let theirs = Self.parts(g.url)
            #expect(ours.base == theirs.base, "\(g.key)")
            #expect(ours.query == theirs.query, "\(g.endpoint ?? "aws") \(g.key) token: \(g.sessionToken != nil)")
        }
    }

    @Test("Azure with an account key signs a read-only SAS; with a SAS token hands that token on with its own expiry")
    func azureStores() throws {
        let key = try #require(AzureSharedKey(account: "flytrapdemo", base64Key: Self.azureKey))
        var keyed = AzureBlobStore(config: .init(account: "flytrapdemo", sharedKey: key, authSource: "test key"), transport: RetryingTransport(CurlEngine.shared))
        keyed.now = { Self.now }
        let s = try keyed.presign("abs://flytrapdemo/flyte/run/a0/outputs.pb", seconds: 900).get()
        let p = Self.parts(s.url)
        #expect(p.base == "https://flytrapdemo.blob.core.windows.net/flyte/run/a0/outputs.pb")
        #expect(p.query["sp"] == "r" && p.query["sr"] == "b" && p.query["spr"] == "https" && p.query["se"] == "2026-11-21T06:24:25Z")
        #expect(s.expires == Self.now.addingTimeInterval(900))
        // Another account's blob is not signed with this key.
        #expect(throws: PresignError.self) { try keyed.presign("abs://other/flyte/x", seconds: 60).get() }

        let token = "sv=2022-11-02&ss=b&srt=o&sp=rl&se=2026-12-01T00%3A00%3A00Z&sig=abc%3D"
        var sas = AzureBlobStore(config: .init(account: "flytrapdemo", sas: token, authSource: "AZURE_STORAGE_SAS_TOKEN"), transport: RetryingTransport(CurlEngine.shared))
        sas.now = { Self.now }
        let t = try sas.presign("abs://flytrapdemo/flyte/k", seconds: 60).get()
        #expect(t.url == "https://flytrapdemo.blob.core.windows.net/flyte/k?" + token)
        #expect(t.expires == ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z"))
        sas.now = { ISO8601DateFormatter().date(from: "2027-01-01T00:00:00Z")! }
        #expect((try? sas.presign("abs://flytrapdemo/flyte/k", seconds: 60).get()) == nil)
    }

    @Test("What cannot sign says why, naming the object")
    func refusals() throws {
        let uri = "gs://b/k"
        func message(_ r: Result<PresignedURL, PresignError>) -> String {
            if case .failure(let e) = r { return e.message }
            return "signed"
        }
        let gcs = { (s: GoogleURLSigning) in GCSStore(config: .init(urlSigning: s), transport: RetryingTransport(CurlEngine.shared)) }
        #expect(message(gcs(.unavailable("no key")).presign(uri, seconds: 60)) == "gs://b/k: no key")
        // Nothing answers where the metadata server should be: one line, no hang.
        #expect(message(gcs(.metadata(base: "http://127.0.0.1:9", iam: "http://127.0.0.1:9")).presign(uri, seconds: 60)).contains("no GCE metadata server"))
        // An authorized_user file (gcloud user login) has no private key.
        let user = NSTemporaryDirectory() + "flytrap-user-\(UUID().uuidString).json"
        try #"{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}"#.write(toFile: user, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: user) }
        #expect(message(gcs(.keyFile(path: user, label: "ADC")).presign(uri, seconds: 60)).contains("'authorized_user' credentials cannot sign URLs"))
        #expect(message(gcs(.keyFile(path: Self.keyFile, label: "k")).presign(uri, seconds: 604_801)).contains("at most 7 days"))
        #expect(message(gcs(.keyFile(path: Self.keyFile, label: "k")).presign(uri, seconds: 0)).contains("at least 1 second"))

        let anonymousS3 = S3Store(config: .init(credentials: nil as AWSCredentials?), transport: RetryingTransport(CurlEngine.shared))
        #expect(message(anonymousS3.presign("s3://b/k", seconds: 60)).hasPrefix("s3://b/k: no AWS credentials"))
        let anonymousAzure = AzureBlobStore(config: .init(account: "acct"), transport: RetryingTransport(CurlEngine.shared))
        #expect(message(anonymousAzure.presign("abs://acct/c/k", seconds: 60)).contains("no account key or SAS token for account acct"))

        let router = ObjectRouter(env: [:])
        #expect(message(router.presign("/tmp/x.pb", seconds: 60)).contains("only s3://, gs:// and Azure blob objects"))
        #expect(message(router.presign("redis://127.0.0.1:1/k", seconds: 60)).contains("only s3://"))
    }

    @Test("Where GCS signatures come from: key files in the credentials order, else the metadata server's account; never a bare token")
    func googleSigningSources() {
        #expect(GoogleURLSigning.from(env: ["GOOGLE_APPLICATION_CREDENTIALS": "/k.json"], home: "/nonexistent") == .keyFile(path: "/k.json", label: "GOOGLE_APPLICATION_CREDENTIALS=/k.json"))
        guard case .unavailable(let token) = GoogleURLSigning.from(env: ["GOOGLE_OAUTH_ACCESS_TOKEN": "t", "GOOGLE_APPLICATION_CREDENTIALS": "/k.json"], home: "/nonexistent") else {
            Issue.record("a bare token was taken as a signer"); return
        }
        #expect(token.contains("GOOGLE_OAUTH_ACCESS_TOKEN"))
        #expect(GoogleURLSigning.from(env: ["GCE_METADATA_HOST": "127.0.0.1:1"], home: "/nonexistent") == .metadata(base: "http://127.0.0.1:1", iam: GoogleURLSigning.iamEndpoint))
        guard case .unavailable = GoogleURLSigning.from(env: ["NO_GCE_CHECK": "true"], home: "/nonexistent") else { Issue.record("NO_GCE_CHECK ignored"); return }
    }

    /// A metadata server and an IAM Credentials API on loopback: the server signs with the test key, as IAM signs
    /// with the account's Google-held key; `refuse` answers signBlob with 403.
    static func metadataAndIAM(refuse: Bool = false) throws -> LoopbackServer {
        let key = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: keyFile))) as! [String: Any]
        let email = key["client_email"] as! String
        let signer = try RSASigner(pem: key["private_key"] as! String)
        return try LoopbackServer { r in
            switch r.path {
            case "/computeMetadata/v1/instance/service-accounts/default/email":
                return r.headers["metadata-flavor"] == "Google" ? .init(status: "200 OK", body: email) : .init(status: "403 Forbidden")
            case "/computeMetadata/v1/instance/service-accounts/default/token":
                return .init(status: "200 OK", headers: [("Content-Type", "application/json")],
                             body: #"{"access_token":"meta-token","expires_in":3600,"token_type":"Bearer"}"#)
            case "/v1/projects/-/serviceAccounts/\(SigV4.encode(email, keepSlash: false)):signBlob":
                guard !refuse, r.method == "POST", r.headers["authorization"] == "Bearer meta-token",
                      let body = try? JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: String],
                      let payload = body["payload"].flatMap({ Data(base64Encoded: $0) }),
                      let sig = try? signer.sign(Array(payload)) else {
                    return .init(status: "403 Forbidden", headers: [("Content-Type", "application/json")],
                                 body: #"{"error":{"code":403,"message":"Permission 'iam.serviceAccounts.signBlob' denied","status":"PERMISSION_DENIED"}}"#)
                }
                return .init(status: "200 OK", headers: [("Content-Type", "application/json")],
                             body: #"{"keyId":"k1","signedBlob":"\#(Data(sig).base64EncodedString())"}"#)
            default: return .init(status: "404 Not Found")
            }
        }
    }

    @Test("GKE/GCE: the metadata server's account signs through IAM signBlob, giving the same URL as its key would")
    func gcsThroughSignBlob() throws {
        let server = try Self.metadataAndIAM()
        let env = ["GCE_METADATA_HOST": server.endpoint, "HOME": "/nonexistent"]
        let transport = RetryingTransport(CurlEngine.shared, attempts: 1)
        var config = GCSStore.Config.from(env: env, home: "/nonexistent", transport: transport)
        config.urlSigning = .metadata(base: server.endpoint, iam: server.endpoint)
        for g in Self.golden.gcs.prefix(4) {
            config.endpoint = g.endpoint
            var store = GCSStore(config: config, transport: transport)
            store.now = { Self.now }
            let signed = try store.presign("gs://\(g.bucket)/\(g.key)", seconds: g.seconds).get()
            #expect(signed.url == g.url)
            #expect(signed.signedWith.contains("IAM signBlob as flytrap-presign-test@"))
        }
        let refusing = try Self.metadataAndIAM(refuse: true)
        config.urlSigning = .metadata(base: refusing.endpoint, iam: refusing.endpoint)
        config.credentials = GoogleCredentials.provider(env: ["GCE_METADATA_HOST": refusing.endpoint, "HOME": "/nonexistent"], home: "/nonexistent", transport: transport).0
        let denied = GCSStore(config: config, transport: transport).presign("gs://b/k", seconds: 60)
        guard case .failure(let e) = denied else { Issue.record("signed without IAM's consent"); return }
        #expect(e.message.contains("HTTP 403") && e.message.contains("roles/iam.serviceAccountTokenCreator"))
        #expect(!e.message.contains("\n"))
    }
}
