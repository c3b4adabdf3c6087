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

/// Why a listing failed, as an object state.
public struct ObjectListFailure: Error, Sendable {
    public var state: ObjectState
    public init(_ state: ObjectState) { self.state = state }
}
