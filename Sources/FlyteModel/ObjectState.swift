import Foundation

/// What a bucket said about one object. Only an authoritative answer (HTTP 404, NoSuchKey, a missing file) makes an
/// object `notFound`; timeouts, 5xx and refused connections are `unavailable`; 401/403 are `denied`.
public enum ObjectState: Hashable, Sendable {
    case present(ObjectInfo)
    /// Purged by a retention rule, or never written.
    case notFound(reason: String)
    case denied(reason: String)
    case unavailable(reason: String)
    /// flytrap could not ask (a bucket scheme this build cannot read, a URI it cannot parse).
    case unknown(reason: String)

    /// Every word `word` can be.
    public static let words = ["present", "not found", "denied", "unavailable", "unknown"]

    /// The one word shown for the state, so colour is never the only signal.
    public var word: String {
        switch self {
        case .present: "present"
        case .notFound: "not found"
        case .denied: "denied"
        case .unavailable: "unavailable"
        case .unknown: "unknown"
        }
    }

    public var reason: String? {
        switch self {
        case .present: nil
        case .notFound(let r), .denied(let r), .unavailable(let r), .unknown(let r): r
        }
    }

    public var isPresent: Bool { if case .present = self { true } else { false } }
    public var isNotFound: Bool { if case .notFound = self { true } else { false } }
}

/// What a HEAD returns for a present object.
public struct ObjectInfo: Hashable, Sendable {
    public var size: Int64
    public var lastModified: Date?
    public var etag: String?
    public var contentType: String?
    /// True for a prefix (a folder of objects), not a single object.
    public var isPrefix: Bool

    public init(size: Int64, lastModified: Date? = nil, etag: String? = nil, contentType: String? = nil, isPrefix: Bool = false) {
        self.size = size
        self.lastModified = lastModified
        self.etag = etag
        self.contentType = contentType
        self.isPrefix = isPrefix
    }
}
