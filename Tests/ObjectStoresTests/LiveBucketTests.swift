import FlyteModel
import Foundation
import ObjectStores
import Testing

/// The S3 and GCS backends against real servers on loopback: moto (S3) and fake-gcs-server (GCS JSON API), started
/// by `scripts/test-servers` (CI does; `FLYTRAP_TEST_S3` / `FLYTRAP_TEST_GCS` point here). Without them the tests
/// are skipped locally and fail under CI.
@Suite("Buckets on real servers", .serialized)
struct LiveBucketTests {
    static let env = ProcessInfo.processInfo.environment
    static let creds = AWSCredentials(accessKey: "testkey", secretKey: "testsecret", source: "test")

    static func server(_ name: String) -> String? {
        if let v = env[name], !v.isEmpty { return v }
        if env["CI"] != nil { Issue.record("\(name) is not set: CI must start scripts/test-servers") }
        return nil
    }

    /// Runs curl (the seeding client; flytrap itself never writes).
    @discardableResult
    static func curl(_ args: [String]) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("flytrap-curl-\(UUID().uuidString)")
        let cmd = (["/usr/bin/curl", "-s", "-o", out.path, "-w", "%{http_code}"] + args).map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }.joined(separator: " ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", cmd + " > \(out.path).code"]
        try p.run()
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(atPath: out.path + ".code") }
        return (try? String(contentsOfFile: out.path + ".code", encoding: .utf8)) ?? ""
    }

    static func s3Seed(_ endpoint: String, bucket: String, objects: [String: String]) throws {
        let sig = ["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "testkey:testsecret", "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"]
        try curl(sig + ["-X", "PUT", "\(endpoint)/\(bucket)"])
        for (k, v) in objects {
            let f = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
            try Data(v.utf8).write(to: f)
            try curl(sig + ["-H", "Content-Type: application/octet-stream", "-T", f.path, "\(endpoint)/\(bucket)/\(SigV4.encode(k, keepSlash: true))"])
            try? FileManager.default.removeItem(at: f)
        }
    }

    func s3(_ endpoint: String, credentials: AWSCredentials? = creds) -> S3Store {
        S3Store(config: .init(endpoint: endpoint, region: "us-east-1", credentials: credentials), transport: RetryingTransport(CurlEngine.shared))
    }

    @Test("S3 on moto: present with metadata, purged key not found, missing bucket not found, bytes, listing")
    func s3OnMoto() throws {
        guard let ep = Self.server("FLYTRAP_TEST_S3") else { return }
        let bucket = "flytrap-\(UInt32.random(in: 0...UInt32.max))"
        try Self.s3Seed(ep, bucket: bucket, objects: ["org/run/a0/inputs.pb": "inputs!", "org/run/a0/report.html": "<html>deck</html>",
                                                     "org/run/a1/outputs.pb": "", "org/with space/x.pb": "sp"])
        let st = s3(ep)
        guard case .present(let info) = st.head("s3://\(bucket)/org/run/a0/inputs.pb") else { Issue.record("inputs not present"); return }
        #expect(info.size == 7 && info.etag != nil && info.lastModified != nil)
        #expect(st.head("s3://\(bucket)/org/run/a0/outputs.pb").isNotFound)
        #expect(st.head("s3://\(bucket)/org/with space/x.pb").isPresent)
        let noBucket = st.get("s3://no-such-bucket-\(bucket)/k", limit: 10).state
        #expect(noBucket.isNotFound)
        #expect(noBucket.reason?.contains("NoSuchBucket") == true)
        let missing = st.get("s3://\(bucket)/org/run/a9/outputs.pb", limit: 10).state
        #expect(missing.reason?.contains("NoSuchKey") == true)
        guard case .bytes(let b, _, let unread) = st.get("s3://\(bucket)/org/run/a0/report.html", limit: 6) else { Issue.record("no bytes"); return }
        #expect(String(decoding: b, as: UTF8.self) == "<html>" && unread == 11)
        guard case .bytes(let e, _, 0) = st.get("s3://\(bucket)/org/run/a1/outputs.pb", limit: 6) else { Issue.record("empty object not read"); return }
        #expect(e.isEmpty)
        let listing = try st.list("s3://\(bucket)/org/run", limit: 100).get()
        #expect(Set(listing.map(\.name)) == ["a0", "a1"] && listing.allSatisfy(\.isPrefix))
        let files = try st.list("s3://\(bucket)/org/run/a0", limit: 100).get()
        #expect(Set(files.map(\.name)) == ["inputs.pb", "report.html"])
    }

    @Test("S3 on moto: no credentials is denied (403), never not found")
    func s3Unsigned() throws {
        guard let ep = Self.server("FLYTRAP_TEST_S3") else { return }
        let bucket = "flytrap-priv-\(UInt32.random(in: 0...UInt32.max))"
        try Self.s3Seed(ep, bucket: bucket, objects: ["k": "v"])
        guard case .denied(let r) = s3(ep, credentials: nil).head("s3://\(bucket)/k") else { Issue.record("unsigned HEAD not denied"); return }
        #expect(r.contains("403"))
        guard case .denied = s3(ep, credentials: nil).get("s3://\(bucket)/k", limit: 5).state else { Issue.record("unsigned GET not denied"); return }
    }

    @Test("S3 presigned URL fetches the object with plain curl")
    func presigned() throws {
        guard let ep = Self.server("FLYTRAP_TEST_S3") else { return }
        let bucket = "flytrap-pre-\(UInt32.random(in: 0...UInt32.max))"
        try Self.s3Seed(ep, bucket: bucket, objects: ["a/b.txt": "presigned!"])
        let url = try s3(ep).presign("s3://\(bucket)/a/b.txt", seconds: 300).get().url
        #expect(try Self.curl([url]) == "200")
    }

    @Test("GCS on fake-gcs-server: present, not found (object and bucket), bytes, listing")
    func gcs() throws {
        guard let ep = Self.server("FLYTRAP_TEST_GCS") else { return }
        let bucket = "flytrap-\(UInt32.random(in: 0...UInt32.max))"
        #expect(try Self.curl(["-X", "POST", "-H", "Content-Type: application/json", "-d", "{\"name\":\"\(bucket)\"}", "\(ep)/storage/v1/b?project=test"]) == "200")
        for (k, v) in ["run/a0/inputs.pb": "gcs inputs", "run/a0/report.html": "<html/>"] {
            let code = try Self.curl(["-X", "POST", "-H", "Content-Type: application/octet-stream", "--data-binary", v,
                                      "\(ep)/upload/storage/v1/b/\(bucket)/o?uploadType=media&name=\(SigV4.encode(k, keepSlash: false))"])
            #expect(code == "200")
        }
        let st = GCSStore(config: .init(endpoint: ep), transport: RetryingTransport(CurlEngine.shared))
        guard case .present(let info) = st.head("gs://\(bucket)/run/a0/inputs.pb") else { Issue.record("not present"); return }
        #expect(info.size == 10)
        #expect(st.head("gs://\(bucket)/run/a0/outputs.pb").isNotFound)
        #expect(st.head("gs://no-such-\(bucket)/x").isNotFound)
        guard case .bytes(let b, _, let unread) = st.get("gs://\(bucket)/run/a0/inputs.pb", limit: 3) else { Issue.record("no bytes"); return }
        #expect(String(decoding: b, as: UTF8.self) == "gcs" && unread == 7)
        let l = try st.list("gs://\(bucket)/run/a0", limit: 10).get()
        #expect(Set(l.map(\.name)) == ["inputs.pb", "report.html"])
        // A V4 signed URL for the emulator is served at its path-style address (fake-gcs-server does not check
        // signatures; PresignTests checks them against google-cloud-storage).
        let key = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("presign/service-account.json").path
        var signing = st
        signing.config.urlSigning = .keyFile(path: key, label: "test key")
        let url = try signing.presign("gs://\(bucket)/run/a0/inputs.pb", seconds: 300).get().url
        #expect(url.hasPrefix("\(ep)/\(bucket)/run/a0/inputs.pb?X-Goog-Algorithm=GOOG4-RSA-SHA256&"))
        #expect(try Self.curl([url]) == "200")
    }
}
