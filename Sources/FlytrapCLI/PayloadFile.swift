import Foundation

/// The bytes of a payload named by a local path or a `file://` URI, read up to a limit.
struct PayloadFile {
    /// Why a file could not be read; `notFound` is the only answer that means the object is gone.
    enum Failure: Error, CustomStringConvertible {
        case notFound(path: String)
        case remote(location: String, scheme: String)
        case isDirectory(path: String)
        case unopenable(path: String)
        case readFailed(path: String, reason: String)

        var description: String {
            switch self {
            case .notFound(let path): return "\(path): no such file"
            case .remote(let location, let scheme):
                return "\(location): \(scheme):// objects cannot be read by this version of flytrap; copy the object to a local file and inspect that"
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

    static func read(_ location: String, limit: Int) throws(Failure) -> PayloadFile {
        let path: String
        if location.hasPrefix("file://") {
            path = URL(string: location)?.path ?? String(location.dropFirst(7))
        } else if let scheme = location.range(of: "://").map({ String(location[..<$0.lowerBound]) }), !scheme.contains("/") {
            throw .remote(location: location, scheme: scheme)
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
