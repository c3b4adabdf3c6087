import FlyteModel
import Foundation

/// Why an S3 Inventory could not be used: one line that names the manifest or file and what was wrong.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// An S3 Inventory report's `manifest.json`: which bucket it lists, when, in which columns, and its data files.
///
/// The layout is AWS's: `destination-prefix/source-bucket/config-ID/YYYY-MM-DDTHH-MMZ/manifest.json`, naming files
/// `destination-prefix/source-bucket/config-ID/data/<id>.csv.gz` in the destination bucket.
public struct InventoryManifest: Sendable, Decodable {
    public struct File: Sendable, Decodable {
        public var key: String
        public var size: Int64?
        public var MD5checksum: String?
    }

    public var sourceBucket: String
    /// `arn:aws:s3:::bucket`.
    public var destinationBucket: String?
    public var version: String?
    /// Milliseconds since 1970, as text.
    public var creationTimestamp: String?
    public var fileFormat: String
    public var fileSchema: String
    public var files: [File]

    /// The columns of a CSV inventory that flytrap reads, by position.
    public struct Columns: Sendable, Equatable {
        public var bucket: Int?
        public var key: Int
        public var size: Int?
        public var lastModified: Int?
        public var isLatest: Int?
        public var isDeleteMarker: Int?
    }

    /// Reads a manifest; `uri` names it in errors.
    public static func parse(_ bytes: [UInt8], uri: String) throws -> InventoryManifest {
        let m: InventoryManifest
        do { m = try JSONDecoder().decode(InventoryManifest.self, from: Data(bytes)) } catch let e as DecodingError {
            throw InventoryError("\(uri): not an S3 Inventory manifest: \(Self.describe(e))")
        }
        guard m.fileFormat.uppercased() == "CSV" else {
            throw InventoryError("\(uri): fileFormat \(m.fileFormat) is not supported (flytrap reads CSV inventories)")
        }
        _ = try m.columns(uri: uri)
        return m
    }

    static func describe(_ e: DecodingError) -> String {
        switch e {
        case .keyNotFound(let k, _): return "missing field \(k.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "field \(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
        case .dataCorrupted(let c): return c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription
        @unknown default: return "\(e)"
        }
    }

    /// When the inventory was taken (its scan started), if the manifest says.
    public var createdAt: Date? {
        creationTimestamp.flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
    }

    /// Where each column flytrap reads sits in `fileSchema`.
    public func columns(uri: String) throws -> Columns {
        let names = fileSchema.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func at(_ n: String) -> Int? { names.firstIndex(of: n.lowercased()) }
        guard let key = at("Key") else { throw InventoryError("\(uri): fileSchema has no Key column (\(fileSchema))") }
        return Columns(bucket: at("Bucket"), key: key, size: at("Size"), lastModified: at("LastModifiedDate"),
                       isLatest: at("IsLatest"), isDeleteMarker: at("IsDeleteMarker"))
    }

    /// The destination bucket's name, from its ARN.
    public var destinationName: String? {
        guard let d = destinationBucket else { return nil }
        return d.hasPrefix("arn:") ? d.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) : d
    }

    /// The URI of a data file. The file's key is relative to the destination bucket's root: the root is found by
    /// matching the key against the manifest's own location (so a report copied elsewhere, or to local disk,
    /// still resolves), else it is the destination bucket.
    public func uri(of file: File, manifestURI: String) -> String {
        let parts = manifestURI.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // Drop `YYYY-MM-DDTHH-MMZ/manifest.json`; find the longest tail of the rest that starts the file's key.
        let base = Array(parts.dropLast(2))
        for i in base.indices {
            let tail = base[i...].joined(separator: "/")
            if !tail.isEmpty, file.key.hasPrefix(tail + "/"), i > 0 {
                return base[..<i].joined(separator: "/") + "/" + file.key
            }
        }
        if let d = destinationName { return "s3://\(d)/\(file.key)" }
        return base.joined(separator: "/") + "/" + file.key
    }
}

/// One inventory row's meaning: a current object with its key and modification time, or a row to skip
/// (an older version, a delete marker).
enum InventoryRow {
    /// Reads a CSV record; nil for rows that do not describe a current object.
    static func read(_ fields: [[UInt8]], columns c: InventoryManifest.Columns) -> (key: [UInt8], modified: Date?)? {
        guard c.key < fields.count else { return nil }
        if let i = c.isLatest, i < fields.count, fields[i] == Array("false".utf8) { return nil }
        if let i = c.isDeleteMarker, i < fields.count, fields[i] == Array("true".utf8) { return nil }
        let modified = c.lastModified.flatMap { i -> Date? in
            guard i < fields.count else { return nil }
            return fields[i].withUnsafeBufferPointer { DBTime.parse(utf8: $0) }
        }
        return (formDecode(fields[c.key]), modified)
    }

    /// Undoes the CSV inventory's URL encoding of keys (`%2F`, `+` for a space).
    static func formDecode(_ b: [UInt8]) -> [UInt8] {
        guard b.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return b }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "+") { out.append(32); i += 1; continue }
            if c == UInt8(ascii: "%"), i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
