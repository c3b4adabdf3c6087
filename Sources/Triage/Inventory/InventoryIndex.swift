import FlyteModel
import Foundation

/// Which keys one bucket held when its inventory was taken, as sorted runs of 8-byte entries (a 48-bit key hash
/// and the day the object was last modified), whatever the keys' lengths; answered by binary search.
///
/// Each key also enters its folders (`a/b/c.pb` enters `a/` and `a/b/`), so "is anything under this prefix" is one
/// lookup. Entries fill fixed-size chunks, each sorted when full, so building never holds a second copy of the table.
/// A purged key reads as present only if its hash equals one of the n entries': odds of n/2⁴⁸ per key
/// (4·10⁻⁸ at 10 million entries).
public struct InventoryIndex: Sendable {
    /// Entries per chunk (default 2²⁰: 8 MB).
    let chunkEntries: Int
    private var chunks: [[UInt64]] = []
    private var current: [UInt64] = []
    /// The folder of the previous key added: its folders are already in (inventories list keys in order).
    private var lastFolder: [UInt8] = []
    /// Objects added (folders not counted).
    public private(set) var objects = 0

    static let epoch2000: TimeInterval = 946_684_800

    public init(chunkEntries: Int = 1 << 20) { self.chunkEntries = max(16, chunkEntries) }

    /// Bytes the table holds.
    public var bytes: Int { (chunks.reduce(0) { $0 + $1.capacity } + current.capacity) * 8 }

    /// Entries (objects and folders).
    public var count: Int { chunks.reduce(0) { $0 + $1.count } + current.count }

    /// Adds an object by its (decoded) key; `modified` is kept to the day.
    public mutating func add(key: [UInt8], modified: Date?) {
        let day = modified.map { UInt64(min(0xFFFF, max(1, Int(($0.timeIntervalSince1970 - Self.epoch2000) / 86_400) + 1))) } ?? 0
        append(Self.hash(key[...]) << 16 | day)
        objects += 1
        // The key's folders, deepest first, until one the previous key already entered.
        var end = key.count
        while let slash = key[..<end].lastIndex(of: UInt8(ascii: "/")) {
            let folder = key[...slash]
            if folder.count <= lastFolder.count && lastFolder.starts(with: folder) { break }
            append(Self.hash(folder) << 16)
            end = slash
        }
        if let slash = key.lastIndex(of: UInt8(ascii: "/")) { lastFolder = Array(key[...slash]) } else { lastFolder = [] }
    }

    private mutating func append(_ e: UInt64) {
        if current.isEmpty { current.reserveCapacity(chunkEntries) }
        current.append(e)
        if current.count == chunkEntries { seal() }
    }

    /// Sorts the chunk being filled; call after the last `add` (lookups see only sealed chunks).
    public mutating func seal() {
        guard !current.isEmpty else { return }
        current.sort()
        // Folders entered again (rows out of order) appear twice: keep one.
        var out = 1
        for i in 1..<current.count where current[i] != current[out - 1] {
            current[out] = current[i]
            out += 1
        }
        current.removeLast(current.count - out)
        // A chunk sealed early (the last one) gives back the room it did not use.
        chunks.append(current.count < current.capacity / 2 ? Array(current) : current)
        current = []
    }

    /// The object at `key` (a folder when `isPrefix`: anything under `key/`), or nil when the inventory lacks it.
    public func lookup(key: String, isPrefix: Bool) -> ObjectInfo? {
        var k = Array(key.utf8)
        if isPrefix && k.last != UInt8(ascii: "/") { k.append(UInt8(ascii: "/")) }
        let h = Self.hash(k[...])
        var day: UInt64? = nil
        for c in chunks {
            // The first entry whose hash is h (entries of one hash sort by day; a folder's day is 0).
            var lo = 0, hi = c.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if c[mid] >> 16 < h { lo = mid + 1 } else { hi = mid }
            }
            var i = lo
            while i < c.count, c[i] >> 16 == h { day = max(day ?? 0, c[i] & 0xFFFF); i += 1 }
        }
        guard let d = day else { return nil }
        let when = d == 0 ? nil : Date(timeIntervalSince1970: Self.epoch2000 + Double(d - 1) * 86_400)
        return ObjectInfo(size: 0, lastModified: when, isPrefix: isPrefix)
    }

    /// 48 bits of FNV-1a over the key's bytes, finished with a splitmix64 mix so nearby keys spread over the table.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return (h ^ (h >> 31)) >> 16
    }
}
