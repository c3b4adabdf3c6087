import Foundation

/// Writes objects into a `file://` bucket, stamping each file's modification time with the simulated time
/// it was written, so that age-based lifecycle rules (and `flytrap audit --forecast`) see realistic ages.
struct BucketWriter {
    let root: URL
    /// The URI prefix the store's rows use for `root` (`file://<root>`, or `s3://bucket` for a world to upload).
    let uriPrefix: String
    private var madeDirs = Set<String>()

    init(root: URL, uriPrefix: String) {
        self.root = root
        self.uriPrefix = uriPrefix.hasSuffix("/") ? String(uriPrefix.dropLast()) : uriPrefix
    }

    /// The local path an object URI is written to.
    func path(of uri: String) -> String? {
        guard uri.hasPrefix(uriPrefix + "/") else { return nil }
        return root.path + uri.dropFirst(uriPrefix.count)
    }

    mutating func write(_ bytes: [UInt8], to uri: String, at date: Date) throws {
        guard let p = path(of: uri) else { throw DemoError.badURI(uri) }
        let dir = (p as NSString).deletingLastPathComponent
        try makeDirectory(dir)
        let fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DemoError.cannotWrite(p) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw DemoError.cannotWrite(p) }
        let t = date.timeIntervalSince1970
        let ts = timespec(tv_sec: Int(t.rounded(.down)), tv_nsec: Int((t - t.rounded(.down)) * 1e9))
        var times = [ts, ts]
        _ = futimens(fd, &times)
    }

    /// `mkdir -p` with a cache: one `mkdir` per new folder, walking up only when the parent is missing.
    mutating func makeDirectory(_ dir: String) throws {
        if dir.isEmpty || dir == "/" || madeDirs.contains(dir) { return }
        if mkdir(dir, 0o755) != 0 {
            switch errno {
            case EEXIST: break
            case ENOENT:
                try makeDirectory((dir as NSString).deletingLastPathComponent)
                guard mkdir(dir, 0o755) == 0 || errno == EEXIST else { throw DemoError.cannotWrite(dir) }
            default: throw DemoError.cannotWrite(dir)
            }
        }
        madeDirs.insert(dir)
    }
}

/// Why the demo world could not be written.
public enum DemoError: Error, CustomStringConvertible {
    case badURI(String)
    case cannotWrite(String)
    case notEmpty(String)
    case foreignDatabase(location: String, tables: [String])

    public var description: String {
        switch self {
        case .badURI(let u): "\(u): not under the demo world's storage prefix"
        case .cannotWrite(let p): "\(p): cannot write"
        case .notEmpty(let p): "\(p): exists and is not a flytrap demo world (no flyte.db); choose an empty or new folder"
        case .foreignDatabase(let l, let t):
            "\(l): holds tables flytrap did not write (\(t.prefix(5).joined(separator: ", "))\(t.count > 5 ? ", …" : "")); flytrap demo writes only into an empty database or one it wrote"
        }
    }
}
