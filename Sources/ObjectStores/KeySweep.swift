import FlyteModel
import Foundation

/// One key of a flat listing, with what the listing says about it.
public struct ListedKey: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var lastModified: Date?

    public init(key: String, size: Int64, lastModified: Date? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
    }
}

/// One page of a flat listing, in key order (UTF-8 byte order, as S3 and GCS sort).
public struct KeyPage: Sendable, Equatable {
    public var keys: [ListedKey]
    /// More keys follow the last one returned.
    public var truncated: Bool

    public init(keys: [ListedKey], truncated: Bool) {
        self.keys = keys
        self.truncated = truncated
    }
}

/// Stores that list keys flat (no delimiter) from a starting key: what lets the audit settle many existence
/// questions with one request instead of one HEAD each.
public protocol KeySweeper: Sendable {
    /// Up to `limit` keys of `bucket` (`scheme://bucket`) under `prefix` that sort at or after `from`, in key order.
    /// A page may also hold a few keys just before `from`.
    func sweep(bucket: String, prefix: String, from: String, limit: Int) -> Result<KeyPage, ObjectListFailure>
}

/// Byte-wise key order, the order S3 and GCS list in (Swift's `<` on String is not byte order for every key).
public func keyPrecedes(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

extension S3Store: KeySweeper {
    public func sweep(bucket: String, prefix: String, from: String, limit: Int) -> Result<KeyPage, ObjectListFailure> {
        var query = [("list-type", "2"), ("prefix", prefix), ("max-keys", String(max(1, min(1000, limit))))]
        // start-after is exclusive; the key minus its last character sorts before it and before nothing much else.
        if !from.isEmpty { query.append(("start-after", String(from.dropLast()))) }
        let r = transport.send(request("GET", bucket: BucketURI(bucket)?.bucket ?? bucket, key: "", query: query, limit: 8 << 20))
        let state = ResponseClassifier.state(r, what: "\(bucket)/\(prefix)") { ObjectInfo(size: 0, isPrefix: true) }
        guard case .present = state else { return .failure(ObjectListFailure(state)) }
        return .success(S3FlatListParser.parse(r.body))
    }
}

/// Reads a ListObjectsV2 answer without a delimiter: `<Contents>` keys, sizes and dates, and `<IsTruncated>`.
enum S3FlatListParser {
    static func parse(_ body: [UInt8]) -> KeyPage {
        let xml = String(decoding: body, as: UTF8.self)
        let keys = XMLText.elements("Contents", in: xml[...]).compactMap { c -> ListedKey? in
            guard let k = XMLText.first("Key", in: c) else { return nil }
            return ListedKey(key: XMLText.unescape(k), size: XMLText.first("Size", in: c).flatMap { Int64($0) } ?? 0,
                             lastModified: XMLText.first("LastModified", in: c).flatMap { ISO8601DateFormatter.parseAny(String($0)) })
        }
        return KeyPage(keys: keys, truncated: XMLText.first("IsTruncated", in: xml[...]) == "true")
    }
}

extension GCSStore: KeySweeper {
    public func sweep(bucket: String, prefix: String, from: String, limit: Int) -> Result<KeyPage, ObjectListFailure> {
        let name = BucketURI(bucket)?.bucket ?? bucket
        var q = "prefix=\(SigV4.encode(prefix, keepSlash: false))&maxResults=\(max(1, min(1000, limit)))"
            + "&fields=items(name,size,updated),nextPageToken"
        // startOffset is inclusive.
        if !from.isEmpty { q += "&startOffset=\(SigV4.encode(from, keepSlash: false))" }
        let r = transport.send(request("/storage/v1/b/\(SigV4.encode(name, keepSlash: false))/o", query: q, limit: 8 << 20))
        let state = ResponseClassifier.state(r, what: "\(bucket)/\(prefix)") { ObjectInfo(size: 0, isPrefix: true) }
        guard case .present = state else { return .failure(ObjectListFailure(state)) }
        let obj = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
        var keys: [ListedKey] = []
        for item in obj["items"] as? [[String: Any]] ?? [] {
            guard let n = item["name"] as? String else { continue }
            keys.append(ListedKey(key: n, size: Int64(item["size"] as? String ?? "") ?? 0,
                                  lastModified: (item["updated"] as? String).flatMap(ISO8601DateFormatter.parseAny)))
        }
        return .success(KeyPage(keys: keys, truncated: obj["nextPageToken"] != nil))
    }
}

extension MemoryObjectStore: KeySweeper {
    public func sweep(bucket: String, prefix: String, from: String, limit: Int) -> Result<KeyPage, ObjectListFailure> {
        let base = (bucket.hasSuffix("/") ? bucket : bucket + "/")
        let all = keys(under: base + prefix).map { String($0.dropFirst(base.count)) }
            .filter { !keyPrecedes($0, from) }.sorted(by: keyPrecedes)
        return .success(KeyPage(keys: all.prefix(limit).map { ListedKey(key: $0, size: 0) }, truncated: all.count > limit))
    }
}
