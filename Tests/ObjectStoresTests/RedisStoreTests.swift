import FlyteModel
import Foundation
import ObjectStores
import Testing

/// flytestdlib's redis storage type against Debian's redis-server on loopback (`scripts/test-servers start redis`;
/// `FLYTRAP_TEST_REDIS`). Seeded with redis-cli: flytrap itself never writes.
@Suite("Redis store", .serialized)
struct RedisStoreTests {
    static func redisCLI(_ url: String, _ args: [String], input: Data? = nil) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["redis-cli", "-u", url] + args
        p.standardOutput = FileHandle.nullDevice
        let inp = Pipe()
        p.standardInput = inp
        try p.run()
        if let i = input { inp.fileHandleForWriting.write(i) }
        try inp.fileHandleForWriting.close()
        p.waitUntilExit()
    }

    static func seeded() throws -> (String, RedisStore)? {
        guard let url = LiveBucketTests.server("FLYTRAP_TEST_REDIS") else { return nil }
        let bytes = Data((0..<200).map { UInt8($0) })
        try redisCLI(url, ["-x", "SET", "flyte/metadata/run-1/a0/inputs.pb"], input: bytes)
        try redisCLI(url, ["SET", "flyte/metadata/run-1/a0/empty.pb", ""])
        try redisCLI(url, ["SET", "flyte/metadata/run-2/a0/outputs.pb", "x"])
        try redisCLI(url, ["HSET", "flyte/metadata/run-1/a0/hash", "f", "v"])
        try redisCLI(url, ["DEL", "flyte/metadata/run-1/a0/purged.pb"])
        return (url, RedisStore(config: .parse(url)))
    }

    @Test("present with the value's size; bytes up to the limit; an empty value exists")
    func present() throws {
        guard let (_, s) = try Self.seeded() else { return }
        guard case .present(let info) = s.head("redis://flyte/metadata/run-1/a0/inputs.pb") else { Issue.record("not present"); return }
        #expect(info.size == 200)
        guard case .bytes(let b, _, let unread) = s.get("redis://flyte/metadata/run-1/a0/inputs.pb", limit: 64) else { Issue.record("no bytes"); return }
        #expect(b == (0..<64).map { UInt8($0) } && unread == 136)
        guard case .bytes(let e, let ei, _) = s.get("redis://flyte/metadata/run-1/a0/empty.pb", limit: 64) else { Issue.record("empty value not present"); return }
        #expect(e.isEmpty && ei.size == 0)
    }

    @Test("a missing key is not found; a key holding a hash is unknown, never not found")
    func classes() throws {
        guard let (_, s) = try Self.seeded() else { return }
        let missing = s.head("redis://flyte/metadata/run-1/a0/purged.pb")
        #expect(missing.isNotFound && missing.reason?.contains("no such key") == true)
        guard case .unknown(let why) = s.get("redis://flyte/metadata/run-1/a0/hash", limit: 10).state else { Issue.record("hash not unknown"); return }
        #expect(why.contains("hash"))
    }

    @Test("a password-protected server: NOAUTH is denied; the password from the URL reads")
    func auth() throws {
        guard let (url, _) = try Self.seeded() else { return }
        try Self.redisCLI(url, ["CONFIG", "SET", "requirepass", "s3cret"])
        defer { try? Self.redisCLI(url, ["-a", "s3cret", "--no-auth-warning", "CONFIG", "SET", "requirepass", ""]) }
        let anonymous = RedisStore(config: .parse(url)).head("redis://flyte/metadata/run-1/a0/inputs.pb")
        guard case .denied(let why) = anonymous else { Issue.record("expected denied, got \(anonymous)"); return }
        #expect(why.contains("NOAUTH"))
        let wrong = RedisStore(config: .parse(url.replacingOccurrences(of: "redis://", with: "redis://:nope@"))).head("redis://flyte/metadata/run-1/a0/inputs.pb")
        guard case .denied = wrong else { Issue.record("wrong password not denied: \(wrong)"); return }
        #expect(RedisStore(config: .parse(url.replacingOccurrences(of: "redis://", with: "redis://:s3cret@"))).head("redis://flyte/metadata/run-1/a0/inputs.pb").isPresent)
    }

    @Test("nothing listening is unavailable (connect failed), not not found")
    func unreachable() {
        var c = RedisStore.Config.parse("redis://127.0.0.1:9")
        c.timeout = 1
        guard case .unavailable(let why) = RedisStore(config: c).head("redis://flyte/a") else { Issue.record("not unavailable"); return }
        #expect(why.contains("connect"))
    }

    @Test("listing: keys and sub-folders one level under the prefix, through the router")
    func list() throws {
        guard let (url, _) = try Self.seeded() else { return }
        let router = ObjectRouter(env: ["REDIS_URL": url])
        let top = try router.list("redis://flyte/metadata/", limit: 100).get()
        #expect(top.contains(ObjectListing(name: "run-1", size: 0, isPrefix: true)) && top.contains(ObjectListing(name: "run-2", size: 0, isPrefix: true)))
        let run = try router.list("redis://flyte/metadata/run-1/a0", limit: 100).get().map(\.name)
        #expect(Set(run) == ["inputs.pb", "empty.pb", "hash"])
        #expect(router.head("redis://flyte/metadata/run-2/a0/outputs.pb").isPresent)
    }
}
