import Foundation

/// A bucket URI split into scheme, bucket and key: `s3://bucket/a/b.pb` → (s3, bucket, a/b.pb).
public struct BucketURI: Sendable, Equatable {
    public var scheme: String
    public var bucket: String
    public var key: String

    public init?(_ uri: String) {
        guard let sep = uri.range(of: "://") else { return nil }
        scheme = uri[..<sep.lowerBound].lowercased()
        let rest = uri[sep.upperBound...]
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
}
