import Foundation

/// Local lifecycle rules files: the rules of a `file://` bucket, which has no provider API to ask.
public enum LifecycleFiles {
    /// The file name `flytrap demo` writes beside its store, found automatically.
    public static let besideStoreName = "lifecycle.json"

    /// Reads rules files; a missing or malformed file is an error naming it.
    public static func load(_ paths: [String]) throws -> [BucketRules] {
        try paths.map { p in
            guard let d = FileManager.default.contents(atPath: p) else {
                throw LifecycleParser.Failure(description: "\(p): cannot read the lifecycle rules file")
            }
            return try LifecycleParser.local(d, path: p)
        }
    }

    /// The local-bucket rules in the rules file beside a store, or none when there is no such file (a world made
    /// for a remote bucket gets that bucket's own rules from its provider). A file that does not read is an error
    /// naming it.
    public static func localRules(besideStore location: String) throws -> [BucketRules] {
        guard let p = besideStore(location) else { return [] }
        return try load([p]).filter { $0.root.hasPrefix("file://") }
    }

    /// The rules file beside a SQLite store file (a demo world's), when there is one.
    static func besideStore(_ location: String) -> String? {
        guard !location.contains("://") else { return nil }
        let p = ((location as NSString).deletingLastPathComponent as NSString).appendingPathComponent(besideStoreName)
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }
}
