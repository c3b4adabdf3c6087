import FlyteModel
import Foundation
import ObjectStores

/// The bytes of a payload named by a local path or a `file://` URI, read up to a limit.
struct PayloadFile {
    /// Why a file could not be read; `notFound` is the only answer that means the object is gone.
    enum Failure: Error, CustomStringConvertible {
        case notFound(path: String)
        /// A bucket object that could not be read (not found, denied, unavailable, unknown).
        case bucket(location: String, state: ObjectState)
        case isDirectory(path: String)
        case unopenable(path: String)
        case readFailed(path: String, reason: String)

        var description: String {
            switch self {
            case .notFound(let path): return "\(path): no such file"
            case .bucket(_, let state): return "\(state.word): \(state.reason ?? "")"
            case .isDirectory(let path): return "\(path): is a directory, not a payload file"
            case .unopenable(let path): return "\(path): cannot be opened (permission denied?)"
            case .readFailed(let path, let reason): return "\(path): read failed: \(reason)"
            }
        }
    }

    var path: String
    var bytes: [UInt8]
    /// Bytes past the limit, not read.
    var unread: Int

    /// Reads `location`: a local path or `file://` URI from disk, any other URI through `router`.
    static func read(_ location: String, limit: Int, router: ObjectRouter) throws(Failure) -> PayloadFile {
        let path: String
        if location.hasPrefix("file://") {
            path = URL(string: location)?.path ?? String(location.dropFirst(7))
        } else if let scheme = location.range(of: "://").map({ String(location[..<$0.lowerBound]) }), !scheme.contains("/") {
            switch router.get(location, limit: limit) {
            case .bytes(let b, _, let unread): return PayloadFile(path: location, bytes: b, unread: Int(clamping: unread))
            case .failed(let s): throw .bucket(location: location, state: s)
            }
        } else {
            path = location
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path: path) }
        guard !isDir.boolValue else { throw .isDirectory(path: path) }
        guard let h = FileHandle(forReadingAtPath: path) else { throw .unopenable(path: path) }
        defer { try? h.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let data: Data
        do {
            data = try h.read(upToCount: limit) ?? Data()
        } catch {
            throw .readFailed(path: path, reason: error.localizedDescription)
        }
        return PayloadFile(path: path, bytes: [UInt8](data), unread: max(0, size - data.count))
    }
}
