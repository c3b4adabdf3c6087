import FlyteModel
import Foundation

/// Objects on local disk: `file://` URIs and plain paths. A missing file is `notFound`; a file that cannot be
/// opened is `denied`; a failing read is `unavailable`.
public struct LocalObjectStore: ObjectStore {
    public init() {}

    /// The filesystem path of a `file://` URI or a plain path; nil for other schemes.
    public static func path(of uri: String) -> String? {
        if uri.hasPrefix("file://") { return URL(string: uri)?.path ?? String(uri.dropFirst(7)) }
        if uri.range(of: "://") != nil { return nil }
        return uri
    }

    public func head(_ uri: String) -> ObjectState {
        guard let path = Self.path(of: uri) else { return .unknown(reason: "\(uri): not a local path") }
        var st = stat()
        guard stat(path, &st) == 0 else { return Self.failure(errno: errno, path: path) }
        let isDir = (st.st_mode & S_IFMT) == S_IFDIR
        let modified = Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec) + TimeInterval(st.st_mtim.tv_nsec) / 1e9)
        if !isDir, access(path, R_OK) != 0 { return .denied(reason: "\(path): permission denied") }
        return .present(ObjectInfo(size: Int64(st.st_size), lastModified: modified, isPrefix: isDir))
    }

    public func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead {
        let state = head(uri)
        guard case .present(let info) = state else { return .failed(state) }
        guard let path = Self.path(of: uri) else { return .failed(state) }
        if info.isPrefix { return .failed(.unknown(reason: "\(path): a folder, not an object")) }
        guard let h = FileHandle(forReadingAtPath: path) else { return .failed(Self.failure(errno: errno, path: path)) }
        defer { try? h.close() }
        do {
            let offset = max(0, offset)
            if offset > 0 { try h.seek(toOffset: UInt64(offset)) }
            let data = try h.read(upToCount: max(0, limit)) ?? Data()
            return .bytes([UInt8](data), info: info, unread: max(0, info.size - offset - Int64(data.count)))
        } catch {
            return .failed(.unavailable(reason: "\(path): read failed: \(error.localizedDescription)"))
        }
    }

    static func failure(errno e: Int32, path: String) -> ObjectState {
        switch e {
        case ENOENT, ENOTDIR: .notFound(reason: "\(path): no such file")
        case EACCES, EPERM: .denied(reason: "\(path): permission denied")
        default: .unavailable(reason: "\(path): \(String(cString: strerror(e)))")
        }
    }
}

extension LocalObjectStore: ObjectLister {
    public func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure> {
        guard let path = Self.path(of: prefix) else { return .failure(ObjectListFailure(.unknown(reason: "\(prefix): not a local path"))) }
        let fm = FileManager.default
        do {
            let names = try fm.contentsOfDirectory(atPath: path).sorted().prefix(limit)
            return .success(names.map { n in
                let full = (path as NSString).appendingPathComponent(n)
                var isDir: ObjCBool = false
                _ = fm.fileExists(atPath: full, isDirectory: &isDir)
                let size = (try? fm.attributesOfItem(atPath: full)[.size] as? Int64) ?? 0
                return ObjectListing(name: n, size: size, isPrefix: isDir.boolValue)
            })
        } catch {
            return .failure(ObjectListFailure(Self.failure(errno: (error as NSError).code == NSFileReadNoSuchFileError ? ENOENT : EACCES, path: path)))
        }
    }
}
