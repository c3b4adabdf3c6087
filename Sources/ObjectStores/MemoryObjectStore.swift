import FlyteModel
import Foundation

/// Objects held in memory under `mem://` URIs, for tests. Missing keys are `notFound`; keys listed in `denied` or
/// `unavailable` answer that way.
public final class MemoryObjectStore: ObjectStore, @unchecked Sendable {
    private let lock = NSLock()
    private var objects: [String: [UInt8]] = [:]
    private var failures: [String: ObjectState] = [:]

    public init(_ objects: [String: [UInt8]] = [:]) { self.objects = objects }

    public func put(_ uri: String, _ bytes: [UInt8]) {
        lock.withLock { objects[uri] = bytes }
    }

    /// Makes `uri` answer with `state` (denied, unavailable) instead of its bytes.
    public func fail(_ uri: String, with state: ObjectState) {
        lock.withLock { failures[uri] = state }
    }

    /// Every URI that starts with `prefix`.
    public func keys(under prefix: String) -> [String] {
        lock.withLock { objects.keys.filter { $0.hasPrefix(prefix) } }
    }

    /// Removes an object (tests purge with it).
    public func remove(_ uri: String) {
        lock.withLock { _ = objects.removeValue(forKey: uri) }
    }

    public func head(_ uri: String) -> ObjectState {
        lock.withLock {
            if let f = failures[uri] { return f }
            guard let b = objects[uri] else { return .notFound(reason: "\(uri): no such key") }
            return .present(ObjectInfo(size: Int64(b.count)))
        }
    }

    public func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead {
        lock.withLock {
            if let f = failures[uri] { return .failed(f) }
            guard let b = objects[uri] else { return .failed(.notFound(reason: "\(uri): no such key")) }
            let bytes = Array(b.dropFirst(Int(min(Int64(b.count), max(0, offset)))).prefix(max(0, limit)))
            return .bytes(bytes, info: ObjectInfo(size: Int64(b.count)), unread: max(0, Int64(b.count) - max(0, offset) - Int64(bytes.count)))
        }
    }
}
