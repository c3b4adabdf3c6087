import FlyteModel
import Foundation

/// Which keys one bucket held when its inventory was taken, as a sorted table of 64-bit key hashes: 16 bytes per
/// object (and per folder), whatever the keys' lengths, answered by binary search.
///
/// Each key also enters its folders (`a/b/c.pb` enters `a/` and `a/b/`), so "is anything under this prefix" is one
/// lookup. Two keys share a hash with odds of about n²/2⁶⁵ (10⁻⁶ at 10 million keys): then a lost key would read as
/// present.
public struct InventoryIndex: Sendable {
    /// One key or folder: its hash, when it was last modified (seconds since 2000, 0 unknown), and its size
    /// (saturating at 4 GiB; folders 0).
    struct Entry: Sendable, Comparable {
        var hash: UInt64
        var modified: UInt32
        var size: UInt32
        static func < (a: Entry, b: Entry) -> Bool { a.hash < b.hash }
    }

    private var entries: [Entry] = []
    private var sorted = true
    /// The folder of the previous key added: its folders are already in (inventories list keys in order).
    private var lastFolder: [UInt8] = []
    /// Objects added (folders not counted).
    public private(set) var objects = 0

    static let epoch2000: TimeInterval = 946_684_800

    public init() {}

    /// Bytes the table holds.
    public var bytes: Int { entries.capacity * MemoryLayout<Entry>.stride }

    /// Entries (objects and folders).
    public var count: Int { entries.count }

    /// Adds an object by its (decoded) key.
    public mutating func add(key: [UInt8], size: Int64?, modified: Date?) {
        let secs = modified.map { UInt32(clamping: max(0, Int64($0.timeIntervalSince1970 - Self.epoch2000))) } ?? 0
        append(Entry(hash: Self.hash(key[...]), modified: secs, size: UInt32(clamping: max(0, size ?? 0))))
        objects += 1
        // The key's folders, deepest first, until one the previous key already entered.
        var end = key.count
        while let slash = key[..<end].lastIndex(of: UInt8(ascii: "/")) {
            let folder = key[...slash]
            if folder.count <= lastFolder.count && lastFolder.starts(with: folder) { break }
            append(Entry(hash: Self.hash(folder), modified: 0, size: 0))
            end = slash
        }
        if let slash = key.lastIndex(of: UInt8(ascii: "/")) { lastFolder = Array(key[...slash]) } else { lastFolder = [] }
    }

    private mutating func append(_ e: Entry) {
        if let last = entries.last, e.hash < last.hash { sorted = false }
        entries.append(e)
    }

    /// Sorts the table and drops repeated folders; call once, after the last `add`.
    public mutating func seal() {
        if !sorted { entries.sort() }
        sorted = true
        var out = 0
        for i in entries.indices {
            if out > 0 && entries[out - 1].hash == entries[i].hash {
                // A folder entered twice, or an object and a folder of the same hash: keep the object's metadata.
                if entries[i].modified > entries[out - 1].modified { entries[out - 1] = entries[i] }
                continue
            }
            entries[out] = entries[i]
            out += 1
        }
        entries.removeLast(entries.count - out)
    }

    /// The object at `key` (a folder when `isPrefix`: anything under `key/`), or nil when the inventory lacks it.
    public func lookup(key: String, isPrefix: Bool) -> ObjectInfo? {
        var k = Array(key.utf8)
        if isPrefix && k.last != UInt8(ascii: "/") { k.append(UInt8(ascii: "/")) }
        let h = Self.hash(k[...])
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].hash < h { lo = mid + 1 } else { hi = mid }
        }
        guard lo < entries.count, entries[lo].hash == h else { return nil }
        let e = entries[lo]
        let when = e.modified == 0 ? nil : Date(timeIntervalSince1970: Self.epoch2000 + TimeInterval(e.modified))
        return ObjectInfo(size: Int64(e.size), lastModified: when, isPrefix: isPrefix)
    }

    /// FNV-1a over the key's bytes, finished with a splitmix64 mix so nearby keys spread over the table.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }
}
