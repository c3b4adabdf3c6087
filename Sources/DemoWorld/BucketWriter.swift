import Foundation

/// Writes objects into a `file://` bucket, stamping each file's modification time with the simulated time
/// it was written, so that age-based lifecycle rules (and `flytrap audit --forecast`) see realistic ages.
struct BucketWriter {
    let root: URL
    private var madeDirs = Set<String>()

    init(root: URL) { self.root = root }

    /// The local path of a `file://` URI.
    static func path(of uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        return String(uri.dropFirst("file://".count))
    }

    mutating func write(_ bytes: [UInt8], to uri: String, at date: Date) throws {
        guard let p = Self.path(of: uri) else { throw DemoError.badURI(uri) }
        let dir = (p as NSString).deletingLastPathComponent
        if !madeDirs.contains(dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            madeDirs.insert(dir)
        }
        guard FileManager.default.createFile(atPath: p, contents: Data(bytes)) else { throw DemoError.cannotWrite(p) }
        Self.setTimes(p, date)
    }

    static func setTimes(_ path: String, _ date: Date) {
        let t = date.timeIntervalSince1970
        let ts = timespec(tv_sec: Int(t.rounded(.down)), tv_nsec: Int((t - t.rounded(.down)) * 1e9))
        var times = [ts, ts]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }
}

/// Why the demo world could not be written.
public enum DemoError: Error, CustomStringConvertible {
    case badURI(String)
    case cannotWrite(String)
    case notEmpty(String)

    public var description: String {
        switch self {
        case .badURI(let u): "\(u): not a file:// URI"
        case .cannotWrite(let p): "\(p): cannot write"
        case .notEmpty(let p): "\(p): exists and is not a flytrap demo world (no flyte.db); choose an empty or new folder"
        }
    }
}
