import FlyteModel
import Foundation
import ObjectStores
import Testing

/// Azure Blob: URI forms, Shared Key signing by Microsoft's documented string-to-sign rules (the signature checked
/// with the openssl command, not with flytrap's own HMAC), SAS tokens, and classification over a loopback server
/// that answers as the Blob service does (`x-ms-error-code` headers on bodiless HEAD answers, XML error bodies).
@Suite("Azure Blob", .serialized)
struct AzureBlobTests {
    static let key = Data("flytrap-test-account-key-32bytes".utf8).base64EncodedString()

    static let server = try! LoopbackServer { r in
        let blob = "/acct/flyte/"
        switch r.path {
        case blob + "metadata/inputs.pb":
            return .init(status: "200 OK", headers: [("Content-Type", "application/octet-stream"), ("ETag", "\"0x8D\""),
                                                    ("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")], body: "0123456789")
        case blob + "metadata/purged.pb":
            return .init(status: "404 The specified blob does not exist.", headers: [("x-ms-error-code", "BlobNotFound")],
                         body: r.method == "HEAD" ? "" : "<?xml version=\"1.0\"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>")
        case blob + "metadata/locked.pb":
            return .init(status: "403 Server failed to authenticate the request.", headers: [("x-ms-error-code", "AuthenticationFailed")],
                         body: "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>")
        case blob + "metadata/busy.pb":
            return .init(status: "503 The server is busy.", headers: [("x-ms-error-code", "ServerBusy")], body: "")
        case "/acct/flyte":
            return .init(status: "200 OK", headers: [("Content-Type", "application/xml")], body: """
            <?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="x" ContainerName="flyte"><Prefix>metadata/</Prefix>\
            <Blobs><Blob><Name>metadata/inputs.pb</Name><Properties><Content-Length>10</Content-Length></Properties></Blob>\
            <BlobPrefix><Name>metadata/run-1/</Name></BlobPrefix></Blobs><NextMarker /></EnumerationResults>
            """)
        default: return nil
        }
    }

    static func engine() -> RetryingTransport {
        var o = CurlEngine.Options()
        o.connectTimeout = 2
        return RetryingTransport(CurlEngine(options: o), attempts: 2, baseDelay: 0.01)
    }
    static let transport = engine()

    func keyed() -> AzureBlobStore {
        let env = ["AZURE_STORAGE_CONNECTION_STRING": "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=\(Self.key);BlobEndpoint=\(Self.server.endpoint)/acct"]
        var s = AzureBlobStore(config: .from(account: "acct", settings: StorageSettings(), env: env), transport: Self.transport)
        s.requestTimeout = 3
        return s
    }

    @Test("URI forms: abs://, the blob endpoint, abfs with and without an account, afs from stow")
    func uris() {
        #expect(AzureBlobURI("abs://acct/c/a/b.pb", defaultAccount: nil) == AzureBlobURI(account: "acct", container: "c", key: "a/b.pb"))
        #expect(AzureBlobURI("https://acct.blob.core.windows.net/c/a/b%20c.pb", defaultAccount: nil) == AzureBlobURI(account: "acct", container: "c", key: "a/b c.pb"))
        #expect(AzureBlobURI("abfss://c@acct.dfs.core.windows.net/a/b.pb", defaultAccount: nil) == AzureBlobURI(account: "acct", container: "c", key: "a/b.pb"))
        #expect(AzureBlobURI("abfs://c/a/b.pb", defaultAccount: "acct") == AzureBlobURI(account: "acct", container: "c", key: "a/b.pb"))
        #expect(AzureBlobURI("afs://c/a", defaultAccount: "acct")?.container == "c")
        #expect(AzureBlobURI("abfs://c/a/b.pb", defaultAccount: nil) == nil)
        #expect(AzureBlobURI("https://example.com/c/a", defaultAccount: "acct") == nil)
        // The router says why an account-less URI cannot be read rather than calling it missing.
        let r = ObjectRouter(env: [:]).head("abfs://c/a/b.pb")
        guard case .unknown(let why) = r else { Issue.record("expected unknown, got \(r)"); return }
        #expect(why.contains("AZURE_STORAGE_ACCOUNT"))
    }

    @Test("canonicalized resource: Microsoft's examples (metadata; repeated include values sorted and joined)")
    func canonicalResource() {
        #expect(AzureSharedKey.canonicalResource(account: "myaccount", path: "/mycontainer", query: [("restype", "container"), ("comp", "metadata")])
                == "/myaccount/mycontainer\ncomp:metadata\nrestype:container")
        let list = [("restype", "container"), ("comp", "list"), ("include", "snapshots"), ("include", "metadata"), ("include", "uncommittedblobs")]
        #expect(AzureSharedKey.canonicalResource(account: "myaccount", path: "/mycontainer", query: list)
                == "/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container")
    }

    @Test("string to sign: verb, eleven standard fields (empty Content-Length for 0), x-ms- headers sorted, resource")
    func stringToSign() {
        let headers = [("x-ms-version", "2021-08-06"), ("x-ms-date", "Sat, 21 Nov 2026 10:00:00 GMT"), ("Content-Length", "0"), ("x-ms-range", "bytes=0-9")]
        let s = AzureSharedKey.stringToSign(method: "GET", path: "/flyte/metadata/inputs.pb", query: [], headers: headers, account: "acct")
        #expect(s == "GET" + String(repeating: "\n", count: 12)
                + "x-ms-date:Sat, 21 Nov 2026 10:00:00 GMT\nx-ms-range:bytes=0-9\nx-ms-version:2021-08-06\n/acct/flyte/metadata/inputs.pb")
    }

    /// HMAC-SHA256 by the openssl command: base64 of the MAC of `text` under the decoded key.
    static func opensslSignature(_ text: String, base64Key: String) throws -> String {
        let hexKey = Data(base64Encoded: base64Key)!.map { String(format: "%02x", $0) }.joined()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:\(hexKey)", "-binary"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let mac = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return mac.base64EncodedString()
    }

    @Test("a signed HEAD carries SharedKey acct:<HMAC of the documented string>, checked with openssl")
    func signedRequest() throws {
        guard case .present(let info) = keyed().head("abs://acct/flyte/metadata/inputs.pb") else { Issue.record("not present"); return }
        #expect(info.size == 10 && info.etag == "0x8D")
        let req = try #require(Self.server.requests.last { $0.path == "/acct/flyte/metadata/inputs.pb" && $0.method == "HEAD" })
        let date = try #require(req.headers["x-ms-date"])
        let version = try #require(req.headers["x-ms-version"])
        // Azurite-style endpoint: the path carries the account, and the resource repeats it.
        let expected = "HEAD" + String(repeating: "\n", count: 12) + "x-ms-date:\(date)\nx-ms-version:\(version)\n/acct/acct/flyte/metadata/inputs.pb"
        #expect(req.headers["authorization"] == "SharedKey acct:" + (try Self.opensslSignature(expected, base64Key: Self.key)))
    }

    @Test("classification: BlobNotFound is not found; AuthenticationFailed denied; ServerBusy unavailable")
    func classification() {
        let s = keyed()
        let missing = s.head("abs://acct/flyte/metadata/purged.pb")
        #expect(missing.isNotFound && missing.reason?.contains("BlobNotFound") == true)
        guard case .denied(let d) = s.get("abs://acct/flyte/metadata/locked.pb", limit: 10).state else { Issue.record("403 not denied"); return }
        #expect(d.contains("AuthenticationFailed"))
        guard case .unavailable = s.head("abs://acct/flyte/metadata/busy.pb") else { Issue.record("503 not unavailable"); return }
        guard case .bytes(let b, _, let unread) = s.get("abs://acct/flyte/metadata/inputs.pb", limit: 4) else { Issue.record("no bytes"); return }
        #expect(b.count <= 10 && unread >= 0)
    }

    @Test("List Blobs with a delimiter: blobs and sub-prefixes relative to the prefix")
    func list() throws {
        let l = try keyed().list("abs://acct/flyte/metadata", limit: 100).get()
        #expect(l.contains(ObjectListing(name: "inputs.pb", size: 10, isPrefix: false)))
        #expect(l.contains(ObjectListing(name: "run-1", size: 0, isPrefix: true)))
        let req = try #require(Self.server.requests.last { $0.path == "/acct/flyte" })
        #expect(req.query.contains("comp=list") && req.query.contains("restype=container") && req.query.contains("prefix=metadata%2F"))
    }

    @Test("a SAS token goes on the query as given, with no Authorization header")
    func sas() throws {
        let env = ["AZURE_STORAGE_CONNECTION_STRING": "BlobEndpoint=\(Self.server.endpoint)/acct;SharedAccessSignature=sv=2021-08-06&ss=b&sig=abc%2Fdef%3D"]
        let s = AzureBlobStore(config: .from(account: "acct", settings: StorageSettings(), env: env), transport: Self.transport)
        #expect(s.head("abs://acct/flyte/metadata/inputs.pb").isPresent)
        let req = try #require(Self.server.requests.last { $0.path == "/acct/flyte/metadata/inputs.pb" })
        #expect(req.query == "sv=2021-08-06&ss=b&sig=abc%2Fdef%3D" && req.headers["authorization"] == nil)
        let envSAS = AzureBlobStore.Config.from(account: "acct", settings: StorageSettings(), env: ["AZURE_STORAGE_ACCOUNT": "acct", "AZURE_STORAGE_SAS_TOKEN": "?sv=1&sig=x"])
        #expect(envSAS.sas == "sv=1&sig=x" && envSAS.authSource.contains("AZURE_STORAGE_SAS_TOKEN") && !envSAS.authSource.contains("sig=x"))
    }
}
