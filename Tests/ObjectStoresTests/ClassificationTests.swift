import FlyteModel
import Foundation
import ObjectStores
import Testing

/// Every answer lands in the right class against a real HTTP exchange (libcurl to a loopback server that
/// misbehaves on purpose): only 404 is not found; 403 is denied; 5xx, SlowDown, resets and stalls are unavailable.
@Suite("Classification over HTTP", .serialized)
struct ClassificationTests {
    static let server = try! LoopbackServer()
    static let engine: CurlEngine = {
        var o = CurlEngine.Options()
        o.stallTimeout = 1
        o.connectTimeout = 2
        return CurlEngine(options: o)
    }()

    func store(attempts: Int = 3) -> S3Store {
        var s = S3Store(config: .init(endpoint: Self.server.endpoint, region: "us-east-1",
                                      credentials: AWSCredentials(accessKey: "k", secretKey: "s", source: "test")),
                        transport: RetryingTransport(Self.engine, attempts: attempts, baseDelay: 0.01))
        s.requestTimeout = 3
        return s
    }

    @Test("present, with size, etag and last-modified from the headers")
    func present() throws {
        guard case .present(let info) = store().head("s3://b/ok") else { Issue.record("not present"); return }
        #expect(info.size == 11 && info.etag == "abc")
        #expect(info.lastModified == Date(timeIntervalSince1970: 1_445_412_480))
        guard case .bytes(let b, _, _) = store().get("s3://b/ok", limit: 1024) else { Issue.record("no bytes"); return }
        #expect(String(decoding: b, as: UTF8.self) == "hello world")
    }

    @Test("404 NoSuchKey is not found, with the provider's code")
    func notFound() {
        let s = store().get("s3://b/missing", limit: 10).state
        #expect(s.isNotFound)
        #expect(s.reason?.contains("NoSuchKey") == true)
    }

    @Test("403 AccessDenied is denied, never not found")
    func denied() {
        guard case .denied(let r) = store().get("s3://b/forbidden", limit: 10).state else { Issue.record("not denied"); return }
        #expect(r.contains("AccessDenied"))
    }

    @Test("500 and 503 SlowDown are unavailable after retries; a 503 that clears is present")
    func serverErrors() {
        let before = Self.server.count("/b/error")
        guard case .unavailable(let r) = store().get("s3://b/error", limit: 10).state else { Issue.record("500 not unavailable"); return }
        #expect(r.contains("InternalError") && r.contains("3 attempts"))
        #expect(Self.server.count("/b/error") - before == 3)
        guard case .unavailable(let r2) = store().get("s3://b/slowdown", limit: 10).state else { Issue.record("503 not unavailable"); return }
        #expect(r2.contains("SlowDown"))
        #expect(store().get("s3://b/flaky", limit: 10).state.isPresent)
    }

    @Test("a connection reset mid-body is unavailable")
    func reset() {
        guard case .unavailable = store(attempts: 1).get("s3://b/reset", limit: 1 << 20).state else { Issue.record("reset not unavailable"); return }
    }

    @Test("a server that never answers is unavailable (timed out), not a hang")
    func stall() {
        let t0 = Date()
        guard case .unavailable(let r) = store(attempts: 1).head("s3://b/stall") else { Issue.record("stall not unavailable"); return }
        #expect(r.contains("timed out"))
        #expect(Date().timeIntervalSince(t0) < 10)
    }

    @Test("nothing listening is unavailable (connect failed)")
    func refused() {
        var s = store(attempts: 1)
        s.config.endpoint = "http://127.0.0.1:9"
        guard case .unavailable(let r) = s.head("s3://b/ok") else { Issue.record("refused not unavailable"); return }
        #expect(r.contains("connect"))
    }

    /// The class of a state, for comparing answers whose reasons differ only in wording.
    static func kind(_ s: ObjectState) -> String { s.word }

    @Test("the HEAD pipeline answers each key as a blocking HEAD does, with the same number of tries for a 500")
    func pipeline() {
        let keys = ["s3://b/ok", "s3://b/missing", "s3://b/forbidden", "s3://b/error", "s3://b/slowdown", "s3://b/reset", "s3://b"]
        let blocking = Dictionary(uniqueKeysWithValues: keys.map { ($0, Self.kind(self.store().head($0))) })
        #expect(blocking["s3://b/ok"] == "present" && blocking["s3://b/missing"] == "not found" && blocking["s3://b/forbidden"] == "denied")
        #expect(blocking["s3://b/error"] == "unavailable" && blocking["s3://b"] == "unknown")
        let before = Self.server.count("/b/error")
        let got = Locked([String: ObjectState]())
        HeadPipeline.run(keys, store: store(), concurrency: 4) { uri, s in got.mutate { $0[uri] = s } }
        #expect(got.value.mapValues(Self.kind) == blocking)
        #expect(Self.server.count("/b/error") - before == 3)
        #expect(got.value["s3://b/error"]?.reason?.contains("after 3 attempts") == true)
    }

    @Test("the HEAD pipeline keeps many keys in flight and answers every one exactly once")
    func pipelineMany() throws {
        let server = try LoopbackServer { r in
            r.path.hasPrefix("/b/missing/") ? LoopbackServer.Reply(status: "404 Not Found") : LoopbackServer.Reply(status: "200 OK", body: "x")
        }
        let keys = (0..<600).map { $0 % 3 == 0 ? "s3://b/missing/\($0)" : "s3://b/ok/\($0)" }
        var st = store()
        st.config.endpoint = server.endpoint
        let calls = Locked([String: Int]())
        let got = Locked([String: ObjectState]())
        HeadPipeline.run(keys, store: st, concurrency: 16) { uri, s in
            calls.mutate { $0[uri, default: 0] += 1 }
            got.mutate { $0[uri] = s }
        }
        #expect(calls.value.count == keys.count && calls.value.values.allSatisfy { $0 == 1 })
        for k in keys {
            #expect(got.value[k].map(Self.kind) == (k.hasPrefix("s3://b/missing/") ? "not found" : "present"), "\(k)")
        }
        #expect(server.count("/b/ok/1") == 1)
    }

    @Test("keys that cannot be signed are answered without a request, as a blocking HEAD answers them")
    func pipelineUnsigned() {
        var s = store()
        s.config.credentials = CredentialProvider(source: "broken file") { .failed("unreadable", transient: false) }
        let got = Locked([String: ObjectState]())
        HeadPipeline.run(["s3://b/ok", "s3://b/missing"], store: s, concurrency: 2) { uri, st in got.mutate { $0[uri] = st } }
        #expect(got.value.count == 2 && got.value.values.allSatisfy { Self.kind($0) == "unknown" })
        #expect(got.value["s3://b/ok"]?.reason?.contains("broken file") == true)
    }
}

/// Cancellation: a transfer scope stops its stalled transfers at once, and the cancelled answer is not cached.
@Suite("Transfer cancellation", .serialized)
struct TransferCancellationTests {
    @Test("cancelling a scope ends a stalled GET within a second; a cancelled answer is not cached; later requests are not sent")
    func cancelStalled() throws {
        let server = ClassificationTests.server
        // Bucket c is a server of this test's own, so no other suite's requests are counted with its own.
        let quiet = try LoopbackServer { _ in LoopbackServer.Reply(status: "200 OK", body: "x") }
        var settings = StorageSettings()
        settings.buckets["b"] = .init(endpoint: server.endpoint)
        settings.buckets["c"] = .init(endpoint: quiet.endpoint)
        let cache = ObjectCache()
        let router = ObjectRouter(settings: settings, env: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "HOME": "/nonexistent"],
                                  transport: RetryingTransport(ClassificationTests.engine, attempts: 3, baseDelay: 0.01), cache: cache)
        let scope = TransferScope()
        let result = Locked<ObjectState?>(nil)
        let done = DispatchSemaphore(value: 0)
        let started = Date()
        Thread {
            let s = scope.run { router.get("s3://b/stall", limit: 10).state }
            result.value = s
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.3)
        scope.cancel()
        #expect(done.wait(timeout: .now() + 2) == .success)
        #expect(Date().timeIntervalSince(started) < 1.5)
        guard case .unavailable(let why)? = result.value else { Issue.record("expected unavailable, got \(String(describing: result.value))"); return }
        #expect(why.contains("cancelled"))
        #expect(cache.state("s3://b/stall") == nil)
        #expect(scope.run { router.head("s3://c/ok") }.isPresent == false)
        #expect(quiet.count("/c/ok") == 0)
        #expect(router.head("s3://c/ok").isPresent)
    }
}
