import FlyteModel
import Foundation

/// Picks the backend for a URI by its scheme: `file://` and plain paths go to local disk, `mem://` to memory.
/// Schemes this build cannot read answer `unknown` with the reason, never `notFound`.
public struct ObjectRouter: ObjectStore {
    public var local: LocalObjectStore
    public var memory: MemoryObjectStore?

    public init(memory: MemoryObjectStore? = nil) {
        local = LocalObjectStore()
        self.memory = memory
    }

    func backend(_ uri: String) -> Result<any ObjectStore, ObjectListFailure> {
        if uri.hasPrefix("mem://") {
            guard let m = memory else { return .failure(ObjectListFailure(.unknown(reason: "\(uri): no in-memory store configured"))) }
            return .success(m)
        }
        if LocalObjectStore.path(of: uri) != nil { return .success(local) }
        let scheme = uri.range(of: "://").map { String(uri[..<$0.lowerBound]) } ?? "?"
        return .failure(ObjectListFailure(.unknown(reason: "\(scheme):// buckets are not readable by this build of flytrap yet")))
    }

    public func head(_ uri: String) -> ObjectState {
        switch backend(uri) {
        case .success(let b): b.head(uri)
        case .failure(let f): f.state
        }
    }

    public func get(_ uri: String, limit: Int) -> ObjectRead {
        switch backend(uri) {
        case .success(let b): b.get(uri, limit: limit)
        case .failure(let f): .failed(f.state)
        }
    }
}

extension ObjectRouter: ObjectLister {
    public func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure> {
        switch backend(prefix) {
        case .success(let b):
            guard let l = b as? any ObjectLister else { return .failure(ObjectListFailure(.unknown(reason: "\(prefix): this store cannot list"))) }
            return l.list(prefix, limit: limit)
        case .failure(let f): return .failure(f)
        }
    }
}
