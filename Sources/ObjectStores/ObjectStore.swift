import FlyteModel
import Foundation

/// A bucket flytrap reads objects from: existence checks and byte-range reads. Read-only.
public protocol ObjectStore: Sendable {
    /// Whether the object exists, with its size and metadata when it does.
    func head(_ uri: String) -> ObjectState
    /// Up to `limit` bytes of the object from byte `offset` on, or the state that explains why there are none.
    /// `unread` counts the bytes after the ones returned; an offset at or past the end returns no bytes.
    func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead
}

extension ObjectStore {
    /// Up to `limit` bytes from the start of the object, or the state that explains why there are none.
    public func get(_ uri: String, limit: Int) -> ObjectRead { get(uri, offset: 0, limit: limit) }
}

/// The result of a read: the bytes (and how many were left unread), or why there are none.
public enum ObjectRead: Sendable {
    case bytes([UInt8], info: ObjectInfo, unread: Int64)
    case failed(ObjectState)

    /// The state the read implies for the object.
    public var state: ObjectState {
        switch self {
        case .bytes(_, let info, _): .present(info)
        case .failed(let s): s
        }
    }
}

/// One entry of a listing: a key under the prefix (or a sub-prefix, for a folder) and its size.
public struct ObjectListing: Sendable, Equatable {
    public var name: String
    public var size: Int64
    public var isPrefix: Bool

    public init(name: String, size: Int64, isPrefix: Bool) {
        self.name = name
        self.size = size
        self.isPrefix = isPrefix
    }
}

/// Stores that can list what is under a prefix, one level deep.
public protocol ObjectLister: Sendable {
    /// Up to `limit` entries directly under `prefix`, or the state explaining why there are none.
    func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure>
}

/// Stores that can sign a URL for reading one object without credentials (S3 query signing, GCS V4 signed URLs,
/// Azure SAS). Signing happens locally: nothing is sent to the store, and nothing in it changes.
public protocol ObjectPresigner: Sendable {
    /// A GET URL for `uri` that works for `seconds`, or one line saying why none can be made.
    func presign(_ uri: String, seconds: Int) -> Result<PresignedURL, PresignError>
    /// What would sign a URL for `uri`, without signing one or asking any service (for `flytrap info`).
    func presignSigner(_ uri: String) -> Result<String, PresignError>
}

/// Why a URL could not be signed: one line naming the object and the reason.
public struct PresignError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The longest validity SigV4 and GCS V4 signatures allow: 7 days.
    public static let maxV4Seconds = 604_800

    /// Checks a requested validity against a signature scheme's limit.
    static func checkValidity(_ seconds: Int, uri: String, max: Int = maxV4Seconds, scheme: String) -> PresignError? {
        if seconds < 1 { return PresignError("\(uri): a signed URL must be valid for at least 1 second") }
        if seconds > max { return PresignError("\(uri): \(scheme) URLs are valid for at most 7 days (604800 s); asked for \(seconds) s") }
        return nil
    }
}

/// Why a listing failed, as an object state.
public struct ObjectListFailure: Error, Sendable {
    public var state: ObjectState
    public init(_ state: ObjectState) { self.state = state }
}
