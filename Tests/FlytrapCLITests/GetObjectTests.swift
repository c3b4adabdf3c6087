import Foundation
import Testing

/// `flytrap get object` and `inspect` on bucket URIs: the documented exit codes (0 present, 3 not found, 4 denied,
/// 5 unavailable) from the real binary, on local files and, when `scripts/test-servers` runs, on moto.
@Suite(.serialized) struct GetObjectTests {
    static let s3 = ProcessInfo.processInfo.environment["FLYTRAP_TEST_S3"]

    /// moto's endpoint, or nil (recorded as an issue on CI, where scripts/test-servers must have started it).
    static func moto() -> String? {
        if s3 == nil, ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("FLYTRAP_TEST_S3 is not set: CI must start scripts/test-servers") }
        return s3
    }

    /// A new bucket on moto holding one object, and the environment that reads it (keys k/s).
    static func seededBucket(_ ep: String, prefix: String, key: String, body: String) -> (bucket: String, env: [String: String]) {
        let bucket = "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
        let seed = "curl -s -o /dev/null --aws-sigv4 aws:amz:us-east-1:s3 --user k:s -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD'"
        #expect(system("\(seed) -X PUT \(ep)/\(bucket) && printf '\(body)' > /tmp/\(bucket).obj && \(seed) -H 'Content-Type: application/octet-stream' -T /tmp/\(bucket).obj \(ep)/\(bucket)/\(key)") == 0)
        return (bucket, ["AWS_ENDPOINT_URL_S3": ep, "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-east-1"])
    }

    @Test("local objects: present is 0, missing is 3, and the JSON says why")
    func local() throws {
        let dir = NSTemporaryDirectory() + "flytrap-getobj-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("abc".utf8).write(to: URL(fileURLWithPath: dir + "/inputs.pb"))
        let ok = try CLI.run(["get", "object", "file://\(dir)/inputs.pb", "-o", "json"])
        #expect(ok.code == 0)
        #expect(ok.out.contains("\"state\": \"present\"") && ok.out.contains("\"size\": 3"))
        let gone = try CLI.run(["get", "object", "\(dir)/outputs.pb", "-o", "json"])
        #expect(gone.code == 3)
        #expect(gone.out.contains("\"state\": \"not found\""))
    }

    @Test("s3 on moto: present 0, purged 3, unsigned 4, nothing listening 5; inspect a purged object exits 3")
    func s3() throws {
        guard let ep = Self.moto() else { return }
        let (bucket, env) = Self.seededBucket(ep, prefix: "flytrap-cli", key: "a/inputs.pb", body: "x")
        #expect(try CLI.run(["get", "object", "s3://\(bucket)/a/inputs.pb"], env: env).code == 0)
        let purged = try CLI.run(["get", "object", "s3://\(bucket)/a/outputs.pb"], env: env)
        #expect(purged.code == 3)
        #expect(purged.out.contains("not found"))
        var unsigned = env
        unsigned["AWS_ACCESS_KEY_ID"] = ""
        unsigned["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
        #expect(try CLI.run(["get", "object", "s3://\(bucket)/a/inputs.pb"], env: unsigned).code == 4)
        var down = env
        down["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9"
        #expect(try CLI.run(["get", "object", "s3://\(bucket)/a/inputs.pb"], env: down).code == 5)
        let inspect = try CLI.run(["inspect", "s3://\(bucket)/a/outputs.pb"], env: env)
        #expect(inspect.code == 3)
        #expect(inspect.err.contains("not found") && inspect.err.split(separator: "\n").count == 1)
    }

    @Test("presign on moto: the URL alone on stdout fetches the object with plain curl; purged 3; cannot sign 1; bad durations 2")
    func presign() throws {
        // Local files have no URL: one line, exit 1, no server needed.
        let local = try CLI.run(["presign", "/etc/hostname"])
        #expect(local.code == 1 && local.err.contains("/etc/hostname: only s3://") && local.err.split(separator: "\n").count == 1)
        #expect(try CLI.run(["presign", "s3://b/k", "--expires", "soon"]).code == 2)
        guard let ep = Self.moto() else { return }
        let (bucket, env) = Self.seededBucket(ep, prefix: "flytrap-pre", key: "a/outputs.pb", body: "signed bytes")
        let ok = try CLI.run(["presign", "s3://\(bucket)/a/outputs.pb", "--expires", "10m"], env: env)
        #expect(ok.code == 0)
        let url = ok.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("\(ep)/\(bucket)/a/outputs.pb?X-Amz-Algorithm=AWS4-HMAC-SHA256&") && url.contains("X-Amz-Expires=600&"))
        #expect(ok.err.contains("works until") && ok.err.contains("SigV4"))
        let fetched = Process()
        fetched.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        fetched.arguments = ["-s", "-f", url]
        let pipe = Pipe()
        fetched.standardOutput = pipe
        try fetched.run()
        let body = pipe.fileHandleForReading.readDataToEndOfFile()
        fetched.waitUntilExit()
        #expect(String(decoding: body, as: UTF8.self) == "signed bytes")
        let purged = try CLI.run(["presign", "s3://\(bucket)/a/inputs.pb"], env: env)
        #expect(purged.code == 3 && purged.out.isEmpty && purged.err.contains("purged or never written"))
        let json = try CLI.run(["presign", "s3://\(bucket)/a/inputs.pb", "--no-check", "-o", "json", "--expires", "7d"], env: env)
        #expect(json.code == 0 && json.out.contains("\"expires\"") && json.out.contains("X-Amz-Expires=604800"))
        #expect(try CLI.run(["presign", "s3://\(bucket)/a/outputs.pb", "--expires", "8d"], env: env).code == 1)
    }
}
