import FlyteModel
import Foundation
import ObjectStores

/// One bucket's S3 Inventory, read into an `InventoryIndex`: which keys existed when the report was taken.
public struct InventorySnapshot: Sendable {
    /// `s3://source-bucket`: the bucket the report lists.
    public var root: String
    public var manifestURI: String
    public var createdAt: Date?
    public var index: InventoryIndex
    public var files: Int
    /// Compressed bytes read.
    public var bytesRead: Int64
    /// GETs it took (the manifest, each file's pieces, a listing to find the newest report).
    public var requests: Int

    /// What the audit summary says about it.
    public var note: InventoryNote {
        InventoryNote(root: root, manifest: manifestURI, createdAt: createdAt, objects: index.objects, files: files,
                      bytesRead: bytesRead, indexBytes: index.bytes)
    }
}

/// An inventory an audit used, for its summary.
public struct InventoryNote: Sendable, Codable, Equatable {
    public var root: String
    public var manifest: String
    public var createdAt: Date?
    public var objects: Int
    public var files: Int
    public var bytesRead: Int64
    public var indexBytes: Int
    /// References the inventory settled without a request.
    public var settled = 0
    /// References it lacked that were then checked live (found missing or written after the report).
    public var checkedLive = 0

    /// `S3 Inventory of s3://b taken 2026-11-20 01:00 (3 files, 12,345 objects, 197 kB index): settled 9,876 references without requests; 12 checked live`.
    public var summaryLine: String {
        let taken = createdAt.map { " taken " + DBTime.short($0) } ?? ""
        return "S3 Inventory of \(TerminalText.sanitize(root))\(taken) (\(PreviewFormat.grouped(files)) files, \(PreviewFormat.grouped(objects)) objects, "
            + "\(PreviewFormat.bytes(indexBytes)) index): settled \(PreviewFormat.grouped(settled)) references without requests; "
            + "\(PreviewFormat.grouped(checkedLive)) checked live"
    }
}

/// Reads S3 Inventory reports (CSV, gzip-compressed) through an object router, a piece at a time: memory is the
/// index (8 bytes per object and per folder) plus one piece of the file being read.
public struct InventoryLoader: Sendable {
    public let router: ObjectRouter
    /// Bytes per ranged GET of a data file.
    public var pieceBytes = 8 << 20

    public init(router: ObjectRouter) { self.router = router }

    /// Reads the report at `uri`: a `manifest.json`, or a report folder (`…/source-bucket/config-ID/`), where the
    /// newest dated report is used. `progress` gets (files read, objects so far).
    public func load(_ uri: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> InventorySnapshot {
        var requests = 0
        let manifestURI = try resolve(uri, requests: &requests)
        requests += 1
        let manifestBytes: [UInt8]
        switch router.get(manifestURI, limit: 64 << 20) {
        case .bytes(let b, _, let unread):
            guard unread == 0 else { throw InventoryError("\(manifestURI): larger than 64 MB; not a manifest.json") }
            manifestBytes = b
        case .failed(let s): throw InventoryError.state(s, of: manifestURI)
        }
        let manifest = try InventoryManifest.parse(manifestBytes, uri: manifestURI)
        let columns = try manifest.columns(uri: manifestURI)
        var index = InventoryIndex()
        var bytes: Int64 = 0
        for (n, file) in manifest.files.enumerated() {
            let fileURI = manifest.uri(of: file, manifestURI: manifestURI)
            try read(fileURI, file: file, columns: columns, into: &index, bytes: &bytes, requests: &requests)
            progress(n + 1, index.objects)
        }
        index.seal()
        return InventorySnapshot(root: "s3://\(manifest.sourceBucket)", manifestURI: manifestURI, createdAt: manifest.createdAt,
                                 index: index, files: manifest.files.count, bytesRead: bytes, requests: requests)
    }

    /// The manifest a URI names: itself, or the newest `YYYY-MM-DDTHH-MMZ/manifest.json` under a report folder.
    func resolve(_ uri: String, requests: inout Int) throws -> String {
        if uri.hasSuffix(".json") { return uri }
        let folder = uri.hasSuffix("/") ? uri : uri + "/"
        requests += 1
        switch router.list(folder, limit: 1000) {
        case .failure(let f): throw InventoryError.state(f.state, of: folder)
        case .success(let entries):
            let dated = entries.filter { $0.isPrefix && Self.isReportTime(Self.leaf($0.name)) }.map { Self.leaf($0.name) }
            guard let newest = dated.max() else {
                throw InventoryError("\(folder): no YYYY-MM-DDTHH-MMZ report folder here; pass a manifest.json or the report's config-ID folder")
            }
            return folder + newest + "/manifest.json"
        }
    }

    static func leaf(_ name: String) -> String {
        var n = name
        while n.hasSuffix("/") { n.removeLast() }
        return n.split(separator: "/").last.map(String.init) ?? n
    }

    /// `2026-11-20T01-00Z`.
    static func isReportTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 17, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 45, b[16] == 90 else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15].allSatisfy { (48...57).contains(b[$0]) }
    }

    /// Streams one data file into the index, checking its size and MD5 against the manifest.
    func read(_ uri: String, file: InventoryManifest.File, columns: InventoryManifest.Columns, into index: inout InventoryIndex,
              bytes: inout Int64, requests: inout Int) throws {
        let gzip = try GzipInflater()
        var csv = CSVRecordReader()
        let md5 = IncrementalMD5()
        var offset: Int64 = 0
        func add(_ fields: [[UInt8]]) {
            if let row = InventoryRow.read(fields, columns: columns) { index.add(key: row.key, modified: row.modified) }
        }
        while true {
            requests += 1
            switch router.get(uri, offset: offset, limit: pieceBytes) {
            case .failed(let s): throw InventoryError.state(s, of: uri)
            case .bytes(let b, _, let unread):
                if !b.isEmpty {
                    md5.update(b)
                    do {
                        try gzip.feed(b) { piece in csv.feed(piece, add) }
                    } catch { throw InventoryError("\(uri): \(error)") }
                    offset += Int64(b.count)
                }
                if unread > 0 && !b.isEmpty { continue }
            }
            break
        }
        bytes += offset
        do { try gzip.finish() } catch { throw InventoryError("\(uri): \(error)") }
        csv.finish(add)
        if let size = file.size, size != offset {
            throw InventoryError("\(uri): read \(offset) bytes, the manifest says \(size)")
        }
        if let want = file.MD5checksum?.lowercased(), !want.isEmpty {
            let got = md5.finalHex()
            if got != want { throw InventoryError("\(uri): MD5 \(got) does not match the manifest's \(want)") }
        }
    }
}

extension InventoryError {
    /// A read that failed: the store's reason (which names the object) and the state's word.
    static func state(_ s: ObjectState, of uri: String) -> InventoryError {
        guard let r = s.reason, !r.isEmpty else { return InventoryError("\(uri): \(s.word)") }
        return InventoryError(r.hasPrefix(uri) ? "\(r) (\(s.word))" : "\(uri): \(s.word): \(r)")
    }
}
