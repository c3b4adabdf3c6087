import FlyteModel
import Foundation
import ObjectStores
import Testing
@testable import Triage

/// The pieces of S3 Inventory reading that need no server: CSV records, gzip, the manifest, the index.
@Suite("S3 Inventory reading")
struct InventoryTests {
    static func records(_ text: String, pieceSize: Int) -> [[String]] {
        var r = CSVRecordReader()
        var out: [[String]] = []
        let bytes = Array(text.utf8)
        func take(_ f: [[UInt8]]) { out.append(f.map { String(decoding: $0, as: UTF8.self) }) }
        var i = 0
        while i < bytes.count {
            let piece = Array(bytes[i..<min(bytes.count, i + pieceSize)])
            piece.withUnsafeBufferPointer { r.feed($0, take) }
            i += pieceSize
        }
        r.finish(take)
        return out
    }

    @Test("CSV records follow RFC 4180 whatever the piece boundaries")
    func csv() {
        // RFC 4180 §2: quoted fields may hold commas, line breaks and doubled quotes; CRLF or LF ends a record.
        let text = "\"a\",\"b,c\",\"say \"\"hi\"\"\"\r\nplain,,\"multi\nline\"\n\n\"last\",\"no newline\""
        let want = [["a", "b,c", "say \"hi\""], ["plain", "", "multi\nline"], ["last", "no newline"]]
        for size in [1, 2, 3, 7, 1000] {
            #expect(Self.records(text, pieceSize: size) == want, "piece size \(size)")
        }
    }

    @Test("keys are URL-decoded as S3 writes them into CSV inventories")
    func keys() {
        func decode(_ s: String) -> String { String(decoding: InventoryRow.formDecode(Array(s.utf8)), as: UTF8.self) }
        #expect(decode("metadata%2Fv2%2Fa+b%2Binputs.pb") == "metadata/v2/a b+inputs.pb")
        #expect(decode("caf%C3%A9") == "café")
        #expect(decode("trailing%2") == "trailing%2")
        #expect(decode("plain/key.pb") == "plain/key.pb")
    }

    static func gzip(_ data: Data) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return out
    }

    static func inflate(_ gz: Data, piece: Int) throws -> Data {
        let g = try GzipInflater(outputChunk: 4096)
        var out = Data()
        let bytes = [UInt8](gz)
        var i = 0
        while i < bytes.count {
            try g.feed(Array(bytes[i..<min(bytes.count, i + piece)])) { out.append(contentsOf: $0) }
            i += piece
        }
        try g.finish()
        return out
    }

    @Test("gzip from the gzip command inflates back, in pieces and across concatenated members; a cut file fails")
    func gzipStreams() throws {
        var text = Data()
        for i in 0..<20_000 { text.append(contentsOf: Array("\"bucket\",\"key/\(i)/outputs.pb\",\"\(i * 7)\"\n".utf8)) }
        let gz = try Self.gzip(text)
        for piece in [1 << 20, 4096, 17] { #expect(try Self.inflate(gz, piece: piece) == text) }
        let second = try Self.gzip(Data("tail\n".utf8))
        #expect(try Self.inflate(gz + second, piece: 1000) == text + Data("tail\n".utf8))
        #expect(throws: GzipError.self) { try Self.inflate(gz.prefix(gz.count / 2), piece: 1000) }
        #expect(throws: GzipError.self) { try Self.inflate(Data("not gzip at all".utf8), piece: 1000) }
    }

    static let manifest = """
    {
      "sourceBucket": "example-source-bucket",
      "destinationBucket": "arn:aws:s3:::example-inventory-destination-bucket",
      "version": "2016-11-30",
      "creationTimestamp": "1514944800000",
      "fileFormat": "CSV",
      "fileSchema": "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass",
      "files": [
        {"key": "Inventory/example-source-bucket/config/data/d794c570-95bb-4271-9128-26023c8b4900.csv.gz",
         "size": 2147483647, "MD5checksum": "f11166069f1990abeb9c97ace9cdfabc"}
      ]
    }
    """

    @Test("a manifest in AWS's documented shape: columns, time, where its files are")
    func manifestShape() throws {
        let m = try InventoryManifest.parse(Array(Self.manifest.utf8), uri: "s3://dest/m.json")
        let c = try m.columns(uri: "x")
        #expect(c == InventoryManifest.Columns(bucket: 0, key: 1, size: 5, lastModified: 6, isLatest: 3, isDeleteMarker: 4))
        #expect(m.createdAt == Date(timeIntervalSince1970: 1_514_944_800))
        let f = m.files[0]
        // The report where S3 put it, a copy under another bucket, and a copy on local disk.
        #expect(m.uri(of: f, manifestURI: "s3://example-inventory-destination-bucket/Inventory/example-source-bucket/config/2018-01-03T02-00Z/manifest.json")
                == "s3://example-inventory-destination-bucket/" + f.key)
        #expect(m.uri(of: f, manifestURI: "s3://copies/2018/Inventory/example-source-bucket/config/2018-01-03T02-00Z/manifest.json")
                == "s3://copies/2018/" + f.key)
        #expect(m.uri(of: f, manifestURI: "/tmp/r/Inventory/example-source-bucket/config/2018-01-03T02-00Z/manifest.json") == "/tmp/r/" + f.key)

        // Rows: noncurrent versions and delete markers are not current objects.
        let cols = try m.columns(uri: "x")
        func row(_ s: [String]) -> String? { InventoryRow.read(s.map { Array($0.utf8) }, columns: cols).map { String(decoding: $0.key, as: UTF8.self) } }
        #expect(row(["b", "a%2Fb.pb", "v1", "true", "false", "12", "2026-11-20T01:02:03.000Z", "e", "STANDARD"]) == "a/b.pb")
        #expect(row(["b", "a%2Fb.pb", "v0", "false", "false", "12", "2026-11-20T01:02:03.000Z", "e", "STANDARD"]) == nil)
        #expect(row(["b", "a%2Fb.pb", "v2", "true", "true", "", "2026-11-20T01:02:03.000Z", "", ""]) == nil)
    }

    @Test("manifests flytrap cannot use say which and why")
    func badManifests() {
        func error(_ text: String) -> String? {
            do { _ = try InventoryManifest.parse(Array(text.utf8), uri: "s3://d/x/manifest.json"); return nil } catch { return "\(error)" }
        }
        let orc = Self.manifest.replacingOccurrences(of: "\"CSV\"", with: "\"ORC\"")
        #expect(error(orc)?.contains("s3://d/x/manifest.json: fileFormat ORC is not supported") == true)
        let noKey = Self.manifest.replacingOccurrences(of: "Bucket, Key,", with: "Bucket,")
        #expect(error(noKey)?.contains("no Key column") == true)
        #expect(error("{\"fileFormat\": \"CSV\"}")?.contains("missing field") == true)
        #expect(error("<html>")?.hasPrefix("s3://d/x/manifest.json: not an S3 Inventory manifest") == true)
    }

    @Test("the index answers objects, folders and absences, in any order of rows")
    func index() {
        var keys: [String] = []
        for r in 0..<300 { for f in ["inputs.pb", "outputs.pb", "report.html"] { keys.append("metadata/run\(r)/a0/\(f)") } }
        keys.shuffle()
        var idx = InventoryIndex()
        let when = DBTime.parse("2026-11-20T01:02:03Z")!
        let day = DBTime.parse("2026-11-20T00:00:00Z")!
        for k in keys { idx.add(key: Array(k.utf8), modified: when) }
        idx.seal()
        #expect(idx.objects == keys.count)
        #expect(idx.count == keys.count + 300 + 300 + 1)  // keys, runN/a0/, runN/, metadata/
        // Modification times are kept to the day (lifecycle rules count days).
        for k in keys { #expect(idx.lookup(key: k, isPrefix: false)?.lastModified == day) }
        #expect(idx.lookup(key: "metadata/run7/a0/error.pb", isPrefix: false) == nil)
        #expect(idx.lookup(key: "metadata/run7/a0", isPrefix: true)?.isPrefix == true)
        #expect(idx.lookup(key: "metadata/run7/", isPrefix: true) != nil)
        #expect(idx.lookup(key: "metadata/run7/a1", isPrefix: true) == nil)
        #expect(idx.lookup(key: "metadata/run7/a0/inputs", isPrefix: true) == nil)

        // The same rows in chunks of 64 entries: every lookup sees every chunk.
        var small = InventoryIndex(chunkEntries: 64)
        for k in keys { small.add(key: Array(k.utf8), modified: when) }
        small.seal()
        #expect(keys.allSatisfy { small.lookup(key: $0, isPrefix: false) != nil })
        #expect(small.lookup(key: "metadata/run7/a0", isPrefix: true) != nil)
        #expect(small.lookup(key: "metadata/run7/a0/error.pb", isPrefix: false) == nil)
    }
}
