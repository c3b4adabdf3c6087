import FlyteModel
import Foundation
import ObjectStores
import Testing

/// The credential sources cluster hosts use, each against a server that speaks its protocol: EC2 instance metadata
/// (IMDSv2, a loopback server that insists on the session token), IRSA web identity (STS on moto), Google service
/// accounts (an RS256 JWT verified with the openssl command, traded at a loopback token endpoint) and the GCE
/// metadata server. Plus the rules around them: an absent source means unsigned requests, a failing one means
/// `unavailable` or `unknown`, never `notFound`; and one chain per router, not one per request.
@Suite("Credential chains", .serialized)
struct CredentialChainTests {
    static let imdsToken = "imds-session-token"

    static let server = try! LoopbackServer { r in
        switch (r.method, r.path) {
        case ("PUT", "/latest/api/token"):
            guard r.headers["x-aws-ec2-metadata-token-ttl-seconds"] != nil else { return .init(status: "400 Bad Request") }
            return .init(status: "200 OK", body: imdsToken)
        case ("GET", "/latest/meta-data/iam/security-credentials/"):
            guard r.headers["x-aws-ec2-metadata-token"] == imdsToken else { return .init(status: "401 Unauthorized") }
            return .init(status: "200 OK", body: "flyte-node-role")
        case ("GET", "/latest/meta-data/iam/security-credentials/flyte-node-role"):
            guard r.headers["x-aws-ec2-metadata-token"] == imdsToken else { return .init(status: "401 Unauthorized") }
            return .init(status: "200 OK", body: """
            {"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-session","Expiration":"2099-01-01T00:00:00Z"}
            """)
        case ("POST", "/token"):
            let form = Dictionary(uniqueKeysWithValues: r.body.split(separator: "&").map { kv -> (String, String) in
                let p = kv.split(separator: "=", maxSplits: 1)
                return (String(p[0]), String(p.count > 1 ? p[1] : "").removingPercentEncoding ?? "")
            })
            guard form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer", let jwt = form["assertion"], jwt.split(separator: ".").count == 3 else {
                return .init(status: "400 Bad Request", headers: [("Content-Type", "application/json")], body: #"{"error":"invalid_grant","error_description":"bad assertion"}"#)
            }
            return .init(status: "200 OK", headers: [("Content-Type", "application/json")], body: #"{"access_token":"ya29.from-jwt","expires_in":3599,"token_type":"Bearer"}"#)
        case ("GET", "/computeMetadata/v1/instance/service-accounts/default/token"):
            guard r.headers["metadata-flavor"] == "Google" else { return .init(status: "403 Forbidden") }
            return .init(status: "200 OK", headers: [("Content-Type", "application/json")], body: #"{"access_token":"ya29.from-metadata","expires_in":3599}"#)
        case ("GET", let p) where p.hasPrefix("/storage/v1/b/bkt/o/"):
            return .init(status: "200 OK", headers: [("Content-Type", "application/json")],
                         body: #"{"size":"3","etag":"e","updated":"2026-01-01T00:00:00Z","contentType":"application/octet-stream"}"#)
        default: return nil
        }
    }

    static let transport: any HTTPTransport = {
        var o = CurlEngine.Options()
        o.connectTimeout = 2
        return CurlEngine(options: o)
    }()

    @Test("EC2 instance metadata: IMDSv2 token, role, temporary keys with their expiry")
    func imds() throws {
        let env = ["AWS_EC2_METADATA_SERVICE_ENDPOINT": Self.server.endpoint, "HOME": "/nonexistent"]
        let p = try #require(AWSChain.provider(env: env, home: "/nonexistent", transport: Self.transport))
        let c = try #require(p.value())
        #expect(c.accessKey == "ASIAIMDS" && c.sessionToken == "imds-session" && c.source.contains("flyte-node-role"))
        // Cached until shortly before expiry: a second use asks nothing.
        let before = Self.server.count("/latest/api/token")
        _ = p.value()
        #expect(Self.server.count("/latest/api/token") == before)
    }

    @Test("no metadata service: requests go unsigned (absent, not an error), and the probe is not repeated per request")
    func imdsAbsent() throws {
        // The discard port on loopback: connection refused, as on a host with no metadata service.
        let p = try #require(AWSChain.provider(env: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"], home: "/nonexistent", transport: Self.transport))
        guard case .absent = p.current() else { Issue.record("expected absent, got \(p.current())"); return }
        #expect(p.value() == nil)
        #expect(p.describe().contains("unsigned"))
    }

    @Test("IRSA: the web identity token traded with STS AssumeRoleWithWebIdentity (moto), keys then read a bucket")
    func webIdentity() throws {
        guard let s3 = LiveBucketTests.server("FLYTRAP_TEST_S3") else { return }
        let tokenFile = NSTemporaryDirectory() + "flytrap-irsa-\(UUID().uuidString)"
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmx5dGUifQ.c2ln".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let env = ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/flyte", "AWS_ENDPOINT_URL_STS": s3,
                   "AWS_ROLE_SESSION_NAME": "flytrap-test"]
        let p = try #require(AWSChain.provider(env: env, home: "/nonexistent", transport: Self.transport))
        #expect(p.source.contains("web identity"))
        let c = try #require(p.value())
        #expect(c.accessKey.hasPrefix("ASIA") && c.sessionToken?.isEmpty == false)
        guard case .value(_, let expires?) = p.current() else { Issue.record("no expiry"); return }
        #expect(expires > Date())
        // The temporary keys sign real requests.
        try LiveBucketTests.s3Seed(s3, bucket: "irsa-bucket", objects: ["k": "v"])
        let store = S3Store(config: .init(endpoint: s3, region: "us-east-1", credentials: p), transport: RetryingTransport(Self.transport))
        #expect(store.head("s3://irsa-bucket/k").isPresent)
        // A token file that disappears is a failure flytrap names (unknown: it could not ask), not a missing object.
        try FileManager.default.removeItem(atPath: tokenFile)
        let broken = try #require(AWSChain.provider(env: env, home: "/nonexistent", transport: Self.transport))
        let state = S3Store(config: .init(endpoint: s3, region: "us-east-1", credentials: broken), transport: Self.transport).head("s3://irsa-bucket/k")
        guard case .unknown(let why) = state else { Issue.record("expected unknown, got \(state)"); return }
        #expect(why.contains(tokenFile))
    }

    /// Runs a command and returns its standard output.
    static func run(_ args: [String], input: Data? = nil) throws -> (Data, Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let out = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = inp
        try p.run()
        if let i = input { inp.fileHandleForWriting.write(i) }
        try inp.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (data, p.terminationStatus)
    }

    static func base64URLDecode(_ s: Substring) -> Data? {
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t)
    }

    @Test("service account: the RS256 JWT verifies with openssl against the public key; the token reaches GCS as Bearer")
    func serviceAccount() throws {
        let dir = NSTemporaryDirectory() + "flytrap-gsa-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(try Self.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/key.pem"]).1 == 0)
        #expect(try Self.run(["openssl", "pkey", "-in", dir + "/key.pem", "-pubout", "-out", dir + "/pub.pem"]).1 == 0)
        let pem = try String(contentsOfFile: dir + "/key.pem", encoding: .utf8)
        let sa = ServiceAccountToken(email: "flytrap@proj.iam.gserviceaccount.com", privateKeyPEM: pem, keyID: "kid1", tokenURI: Self.server.endpoint + "/token")
        let jwt = try sa.assertion(now: Date(timeIntervalSince1970: 1_800_000_000))
        let parts = jwt.split(separator: ".")
        #expect(parts.count == 3)
        let claimBytes = try #require(Self.base64URLDecode(parts[1]))
        let claims = try #require(try JSONSerialization.jsonObject(with: claimBytes) as? [String: Any])
        #expect(claims["iss"] as? String == "flytrap@proj.iam.gserviceaccount.com" && claims["exp"] as? Int == 1_800_003_600)
        #expect(claims["scope"] as? String == GoogleCredentials.scope && claims["aud"] as? String == Self.server.endpoint + "/token")
        try Self.base64URLDecode(parts[2])!.write(to: URL(fileURLWithPath: dir + "/sig"))
        let verify = try Self.run(["openssl", "dgst", "-sha256", "-verify", dir + "/pub.pem", "-signature", dir + "/sig"], input: Data("\(parts[0]).\(parts[1])".utf8))
        #expect(verify.1 == 0 && String(decoding: verify.0, as: UTF8.self).contains("Verified OK"))
        // A tampered claim fails the same check (the test can fail).
        let tampered = try Self.run(["openssl", "dgst", "-sha256", "-verify", dir + "/pub.pem", "-signature", dir + "/sig"], input: Data("\(parts[0]).\(parts[1])x".utf8))
        #expect(tampered.1 != 0)

        // GOOGLE_APPLICATION_CREDENTIALS → token exchange → Bearer on the GCS request.
        let file: [String: Any] = ["type": "service_account", "client_email": sa.email, "private_key": pem, "private_key_id": "kid1", "token_uri": sa.tokenURI]
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: dir + "/sa.json"))
        let (provider, _) = GoogleCredentials.provider(env: ["GOOGLE_APPLICATION_CREDENTIALS": dir + "/sa.json"], home: "/nonexistent", transport: Self.transport)
        let p = try #require(provider)
        #expect(p.value() == "ya29.from-jwt")
        let gcs = GCSStore(config: .init(endpoint: Self.server.endpoint, credentials: p), transport: Self.transport)
        #expect(gcs.head("gs://bkt/a/b.pb").isPresent)
        let req = try #require(Self.server.requests.last { $0.path.hasPrefix("/storage/v1/b/bkt/o/") })
        #expect(req.headers["authorization"] == "Bearer ya29.from-jwt")
        // A key file that is not a key: unknown (flytrap could not ask), named.
        try #"{"type":"service_account","client_email":"x@y","private_key":"not a key"}"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let (bad, _) = GoogleCredentials.provider(env: ["GOOGLE_APPLICATION_CREDENTIALS": dir + "/bad.json"], home: "/nonexistent", transport: Self.transport)
        let s = GCSStore(config: .init(endpoint: Self.server.endpoint, credentials: bad), transport: Self.transport).head("gs://bkt/a/b.pb")
        guard case .unknown(let why) = s else { Issue.record("expected unknown, got \(s)"); return }
        #expect(why.contains("private key"))
    }

    @Test("GCE metadata server: token with Metadata-Flavor: Google; no server means anonymous")
    func gceMetadata() throws {
        let (p, _) = GoogleCredentials.provider(env: ["GCE_METADATA_HOST": "127.0.0.1:\(Self.server.port)"], home: "/nonexistent", transport: Self.transport)
        #expect(try #require(p).value() == "ya29.from-metadata")
        let (none, _) = GoogleCredentials.provider(env: ["GCE_METADATA_HOST": "127.0.0.1:9"], home: "/nonexistent", transport: Self.transport)
        guard case .absent = try #require(none).current() else { Issue.record("expected absent"); return }
        let (skipped, why) = GoogleCredentials.provider(env: ["NO_GCE_CHECK": "true"], home: "/nonexistent", transport: Self.transport)
        #expect(skipped == nil && why.contains("anonymous"))
    }

    @Test("one credential chain per router: every S3 bucket shares it; a backend is built once per bucket")
    func routerSharesChains() throws {
        let router = ObjectRouter(env: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "HOME": "/nonexistent"], transport: Self.transport)
        let a = try #require(try router.backend("s3://bucket-a/x").get() as? S3Store)
        let b = try #require(try router.backend("s3://bucket-b/y").get() as? S3Store)
        let a2 = try #require(try router.backend("s3://bucket-a/z").get() as? S3Store)
        #expect(a.config.credentials != nil && a.config.credentials?.value()?.accessKey == "k")
        #expect(a.config.credentials === b.config.credentials && a.config.credentials === a2.config.credentials)
        // A copy of the router (as effects and the audit take) shares the same table.
        let copy = router
        let c = try #require(try copy.backend("s3://bucket-c/q").get() as? S3Store)
        #expect(c.config.credentials === a.config.credentials)
    }
}
