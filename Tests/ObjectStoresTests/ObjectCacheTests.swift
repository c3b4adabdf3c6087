import FlyteModel
import Foundation
import ObjectStores
import Testing

/// The byte-budgeted LRU in front of every backend.
@Suite struct ObjectCacheTests {
    @Test("least recently used entries go first when the budget is passed")
    func lru() {
        let c = ObjectCache(budget: 100 * 1024)
        let body = [UInt8](repeating: 7, count: 90)  // under 1/1024 of the budget (100 bytes): cached
        for i in 0..<2_000 { c.store("s3://b/\(i)", read: .bytes(body, info: ObjectInfo(size: 90), unread: 0), limit: 90) }
        #expect(c.bytesUsed <= 100 * 1024)
        #expect(c.read("s3://b/1999", limit: 90) != nil, "the newest survives")
        #expect(c.read("s3://b/0", limit: 90) == nil, "the oldest was evicted")
    }

    @Test("objects over 1/1024 of the budget keep only their state; a longer read than cached is a miss")
    func bigAndShort() {
        let c = ObjectCache(budget: 1024 * 1024)
        c.store("s3://b/big", read: .bytes([UInt8](repeating: 1, count: 2048), info: ObjectInfo(size: 2048), unread: 0), limit: 4096)
        #expect(c.read("s3://b/big", limit: 10) == nil)
        #expect(c.state("s3://b/big")?.isPresent == true)
        c.store("s3://b/head", read: .bytes([1, 2, 3], info: ObjectInfo(size: 100), unread: 97), limit: 3)
        #expect(c.read("s3://b/head", limit: 3) != nil)
        #expect(c.read("s3://b/head", limit: 50) == nil)
    }

    @Test("negative answers expire; present ones do not")
    func negativeTTL() {
        let c = ObjectCache(budget: 1 << 20, negativeTTL: 30)
        let t0 = Date()
        c.store("s3://b/gone", state: .notFound(reason: "NoSuchKey"), now: t0)
        c.store("s3://b/here", state: .present(ObjectInfo(size: 1)), now: t0)
        #expect(c.state("s3://b/gone", now: t0.addingTimeInterval(10))?.isNotFound == true)
        #expect(c.state("s3://b/gone", now: t0.addingTimeInterval(31)) == nil)
        #expect(c.state("s3://b/here", now: t0.addingTimeInterval(3600))?.isPresent == true)
    }
}

/// RFC 7231's own example date, written and read back by position.
@Suite struct HTTPDateTests {
    @Test("IMF-fixdate: RFC 7231's example both ways; a date with no such month is nil")
    func imfFixdate() {
        let d = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.format(d) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == d)
        #expect(HTTPDate.parse("Sun, 06 Foo 1994 08:49:37 GMT") == nil)
    }
}
