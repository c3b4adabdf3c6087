import Foundation

/// A bucket URI split into scheme, bucket and key: `s3://bucket/a/b.pb` → (s3, bucket, a/b.pb).
public struct BucketURI: Sendable, Equatable {
    public var scheme: String
    public var bucket: String
    public var key: String

    public init?(_ uri: String) {
        // Found by bytes: Foundation's `range(of:)` bridges to NSString, and existence checks parse URIs by the
        // hundred thousand.
        let u = uri.utf8
        guard let colon = u.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let afterColon = u.index(after: colon)
        guard u[afterColon...].starts(with: "//".utf8) else { return nil }
        let restStart = u.index(afterColon, offsetBy: 2)
        scheme = String(uri[..<colon]).lowercased()
        let rest = uri[restStart...]
        guard let slash = rest.firstIndex(of: "/") else {
            guard !rest.isEmpty else { return nil }
            bucket = String(rest)
            key = ""
            return
        }
        bucket = String(rest[..<slash])
        key = String(rest[rest.index(after: slash)...])
        if bucket.isEmpty { return nil }
    }

    /// The key as a listing prefix: empty for the bucket's root, else ending in `/`.
    public var listingPrefix: String { key.isEmpty || key.hasSuffix("/") ? key : key + "/" }

    /// A listed sub-prefix named relative to the prefix it was listed under (`a/b/` under `a/` is `b`).
    public static func folder(_ full: String, under prefix: String) -> String {
        var name = String(full.dropFirst(prefix.count))
        if name.hasSuffix("/") { name.removeLast() }
        return name
    }
}
