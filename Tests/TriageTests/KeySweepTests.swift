import FlyteModel
import Foundation
import ObjectStores
import Testing
@testable import Triage

/// The flat-listing sweep settles existence exactly as HEADs would, with fewer requests.
@Suite("Existence checks by key sweep")
struct KeySweepTests {
    /// A bucket of random keys laid out like Flyte's (shard/project/domain/run/action/attempt/file), some referenced.
    static func world(seed: UInt64, objects: Int) -> (MemoryObjectStore, present: [String], missing: [String]) {
        var g = SystemRandomNumberGenerator()
        _ = g
        var state = seed
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let store = MemoryObjectStore()
        var present: [String] = [], missing: [String] = []
        for i in 0..<objects {
            let shard = String(format: "%02x", next() % 40)
            let key = "\(shard)/proj/dev/r\(next() % 50)/a\(i % 7)/\(1 + next() % 2)/" + ["outputs.pb", "report.html", "error.pb", "data/00000"][Int(next() % 4)]
            let uri = "mem://bkt/" + key
            if next() % 3 == 0 { missing.append(uri) } else { store.put(uri, [1, 2, 3]); present.append(uri) }
        }
        return (store, Array(Set(present)), Array(Set(missing).subtracting(present)))
    }

    @Test("a sweep agrees with HEAD on every key, and uses fewer requests", arguments: [1, 2, 3] as [UInt64])
    func agreesWithHeads(seed: UInt64) {
        let (store, present, missing) = Self.world(seed: seed, objects: 3000)
        let router = ObjectRouter(memory: store)
        let targets = (present + missing).map { (uri: $0, isPrefix: false) }
        let sweep = ExistenceChecker(router: router, concurrency: 8)
        let states = sweep.check(targets)
        let heads = ExistenceChecker(router: router, concurrency: 8)
        heads.headOnly = true
        let headStates = heads.check(targets)
        for uri in present { #expect(states[uri]?.isPresent == true, "\(uri) should be present") }
        for uri in missing { #expect(states[uri]?.isNotFound == true, "\(uri) should be not found") }
        for t in targets { #expect(states[t.uri]?.word == headStates[t.uri]?.word) }
        #expect(heads.requests.heads == targets.count)
        #expect(sweep.requests.lists > 0 && sweep.requests.lists * 5 < targets.count,
                "\(sweep.requests.lists) listings for \(targets.count) keys")
    }

    @Test("a folder target is present when any key is under it, not found otherwise")
    func prefixes() {
        let store = MemoryObjectStore()
        store.put("mem://b/x/dir/part-0", [1])
        store.put("mem://b/x/dirt", [1])
        store.put("mem://b/y/file", [1])
        let c = ExistenceChecker(router: ObjectRouter(memory: store), concurrency: 2)
        let s = c.check([("mem://b/x/dir", true), ("mem://b/x/di", true), ("mem://b/x/gone", true), ("mem://b/y/file", false)])
        #expect(s["mem://b/x/dir"]?.isPresent == true)
        // `x/di/` is a folder prefix: `x/dir/part-0` and `x/dirt` are not under it.
        #expect(s["mem://b/x/di"]?.isNotFound == true)
        #expect(s["mem://b/x/gone"]?.isNotFound == true)
        #expect(s["mem://b/y/file"]?.isPresent == true)
    }

    @Test("pages settle only up to their last key; the next listing starts at the first unsettled target")
    func paging() {
        var plan = KeySweepPlan(bucket: "s3://b", targets: ["a/1", "a/5", "b/2", "c/9"].map { .init(key: $0, isPrefix: false) })
        plan.window = 4
        let r1 = plan.nextRequest()
        #expect(r1 == .init(prefix: "", from: "a/1"))
        // A truncated page that ends at a/7: a/1 listed (present), a/5 skipped over (not found), b/2 not reached.
        plan.consume(KeyPage(keys: [.init(key: "a/1", size: 1), .init(key: "a/2", size: 1), .init(key: "a/7", size: 1)], truncated: true), for: r1!)
        #expect(plan.states[0]?.isPresent == true)
        #expect(plan.states[1]?.isNotFound == true)
        #expect(plan.states[2] == nil)
        let r2 = plan.nextRequest()
        #expect(r2?.from == "b/2")
        plan.consume(KeyPage(keys: [.init(key: "b/2", size: 4)], truncated: false), for: r2!)
        #expect(plan.isDone)
        #expect(plan.states[2]?.isPresent == true && plan.states[3]?.isNotFound == true)
    }

    @Test("a failed listing marks the rest with the listing's state, never not found")
    func failure() {
        var plan = KeySweepPlan(bucket: "s3://b", targets: [.init(key: "k1", isPrefix: false), .init(key: "k2", isPrefix: false)])
        plan.fail(.unavailable(reason: "HTTP 503 SlowDown"))
        #expect(plan.states.allSatisfy { $0?.word == "unavailable" })
    }
}
