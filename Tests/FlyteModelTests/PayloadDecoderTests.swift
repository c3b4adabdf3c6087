import FlyteIDL
import Foundation
import Testing

@testable import FlyteModel

/// Builds protobuf wire bytes by hand, so hostile shapes can be written that no encoder would produce.
enum Wire {
    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        return out + [UInt8(v)]
    }

    static func field(_ n: Int, _ payload: [UInt8]) -> [UInt8] { varint(UInt64(n << 3 | 2)) + varint(UInt64(payload.count)) + payload }
    static func int(_ n: Int, _ v: UInt64) -> [UInt8] { varint(UInt64(n << 3)) + varint(v) }
    static func named(_ name: String, _ literal: [UInt8]) -> [UInt8] { field(1, field(1, Array(name.utf8)) + field(2, literal)) }
    static func intLiteral(_ v: Int64) -> [UInt8] { field(1, field(1, int(1, UInt64(bitPattern: v)))) }
    static func stringLiteral(_ s: [UInt8]) -> [UInt8] { field(1, field(1, field(3, s))) }
    static func collection(_ items: [[UInt8]]) -> [UInt8] { field(2, items.flatMap { field(1, $0) }) }
    static func msgpackLiteral(_ bytes: [UInt8]) -> [UInt8] { field(1, field(3, field(1, bytes) + field(2, Array("msgpack".utf8)))) }
}

@Suite("Payload decoding")
struct PayloadDecoderTests {
    @Test("every literal kind built with swift-protobuf previews as the JSON format documents it")
    func kindsToJSON() throws {
        var outputs = Flyteidl2_Task_Outputs()
        func add(_ name: String, _ configure: (inout Flyteidl2_Core_Literal) -> Void) {
            var l = Flyteidl2_Core_Literal()
            configure(&l)
            var n = Flyteidl2_Task_NamedLiteral()
            n.name = name
            n.value = l
            outputs.literals.append(n)
        }
        add("when") { $0.scalar.primitive.datetime = .init(seconds: 1_700_000_000, nanos: 5_000) }
        add("took") { $0.scalar.primitive.duration = .init(seconds: 90, nanos: 500_000_000) }
        add("blob") { $0.scalar.blob.uri = "s3://b/k"; $0.scalar.blob.metadata.type.dimensionality = .multipart; $0.scalar.blob.metadata.type.format = "csv" }
        add("df") {
            $0.scalar.structuredDataset.uri = "s3://b/df"
            $0.scalar.structuredDataset.metadata.structuredDatasetType.format = "parquet"
            var c = Flyteidl2_Core_StructuredDatasetType.DatasetColumn()
            c.name = "age"
            c.literalType.simple = .integer
            $0.scalar.structuredDataset.metadata.structuredDatasetType.columns = [c]
        }
        add("schema") { $0.scalar.schema.uri = "s3://b/schema" }
        add("pickle") { $0.scalar.binary.value = Data(repeating: 1, count: 12) }
        add("other") { $0.scalar.binary.value = Data([1, 2]); $0.scalar.binary.tag = "proto" }
        add("off") { $0.offloadedMetadata.uri = "s3://b/off"; $0.offloadedMetadata.sizeBytes = 99; $0.offloadedMetadata.inferredType.simple = .string }
        add("err") { $0.scalar.error.message = "boom"; $0.scalar.error.failedNodeID = "n1" }
        add("generic") { $0.scalar.generic.fields["k"] = .init(stringValue: "v") }
        add("nan") { $0.scalar.primitive.floatValue = .nan }
        add("negzero") { $0.scalar.primitive.floatValue = -0.0 }
        add("hashed") {
            $0.scalar.primitive.integer = 3
            $0.hash = "abc"
            $0.metadata = ["format": "pickle"]
            $0.artifactID.key.project = "p"
            $0.artifactID.key.domain = "d"
            $0.artifactID.key.name = "n"
            $0.artifactID.key.org = "o"
            $0.artifactID.version = "v1"
        }
        let bytes: [UInt8] = try outputs.serializedBytes()
        let doc = PayloadDecoder.decode(bytes, fileName: "outputs.pb")
        #expect(doc.problems.isEmpty && doc.kind == .outputs)
        let json = try Canon.parse(PreviewJSON.document(doc).render())
        let want = try Canon.parse("""
        {"when": "2023-11-14T22:13:20.000005Z", "took": 90.5,
         "blob": {"blob": {"uri": "s3://b/k", "format": "csv", "dimensionality": "multipart"}},
         "df": {"dataset": {"uri": "s3://b/df", "format": "parquet", "columns": [{"name": "age", "type": "int"}]}},
         "schema": {"schema": {"uri": "s3://b/schema"}}, "pickle": {"pickle": {"bytes": 12}},
         "other": {"binary": {"tag": "proto", "bytes": 2}}, "off": {"offloaded": {"uri": "s3://b/off", "size_bytes": 99}},
         "err": {"error": {"message": "boom", "failed_node_id": "n1"}}, "generic": {"k": "v"}, "nan": "NaN", "negzero": -0.0,
         "hashed": 3}
        """)
        #expect(json == want, "\(json)")
        // The text tree shows what JSON leaves out: types, the hash, metadata and the artifact.
        let text = PreviewText.render(doc, source: "outputs.pb")
        #expect(text.contains("hashed: int = 3  [hash abc]  [format=pickle]  [artifact o/p/d/n@v1]"))
        #expect(text.contains("off: offloaded str = 99 B at s3://b/off"))
        #expect(text.contains("df: DataFrame[parquet] (1 columns) = s3://b/df"))
        #expect(text.contains("age: int"))
        #expect(text.contains("negzero: float = -0.0"))
    }

    /// Foundation switches to the Julian calendar before 1582-10-15; protobuf timestamps are proleptic Gregorian
    /// (RFC 3339), which the msgpack fixture checks for year 881 against Python's datetime.
    @Test("ISO-8601 text matches Foundation's formatter from 1583 to 9999")
    func isoMatchesFoundation() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let s = Int64.random(in: -12_212_553_600...253_402_300_799, using: &rng)  // 1583-01-01 ... 9999-12-31
            let ours = PreviewFormat.iso(seconds: s, nanos: 0)
            #expect(ours == f.string(from: Date(timeIntervalSince1970: Double(s))), "\(s)")
        }
        #expect(PreviewFormat.iso(seconds: 0, nanos: 123_000_000) == "1970-01-01T00:00:00.123Z")
        #expect(PreviewFormat.iso(seconds: 0, nanos: 1) == "1970-01-01T00:00:00.000000001Z")
    }

    @Test("the item budget stops decoding and the counts of what was skipped are exact")
    func budgetCounts() {
        let items = (0..<10_000).map { Wire.intLiteral(Int64($0)) }
        let bytes = Wire.named("xs", Wire.collection(items))
        let doc = PayloadDecoder.decode(bytes, budget: PreviewBudget(items: 50))
        guard case .list(let got, let total) = doc.values[0].value.value else {
            Issue.record("not a list")
            return
        }
        #expect(total == 10_000)
        #expect(got.count == 49)  // the list itself is one of the 50 values
        #expect(PreviewText.render(doc, source: "x").contains("… 9,951 more items"))
        let json = PreviewJSON.document(doc).render()
        #expect(json.contains("\"more_items\": 9951"))
    }

    @Test("strings are cut to the byte budget on a character boundary")
    func stringBudget() {
        let s = String(repeating: "é", count: 1_000)  // 2 bytes each
        let doc = PayloadDecoder.decode(Wire.named("s", Wire.stringLiteral(Array(s.utf8))), budget: PreviewBudget(items: 10, bytes: 101, stringBytes: 101))
        guard case .string(let kept, let total) = doc.values[0].value.value else {
            Issue.record("not a string")
            return
        }
        #expect(total == 2_000 && kept.utf8.count == 100 && kept.allSatisfy { $0 == "é" })
    }

    @Test("control characters and escapes in payload strings never reach the terminal raw")
    func controlCharactersEscaped() {
        let evil = Array("a\u{1B}]52;c;ZXZpbA==\u{07}b\u{1B}[2J\u{9B}c\u{202E}d".utf8)
        let doc = PayloadDecoder.decode(Wire.named("k\u{1B}[31m", Wire.stringLiteral(evil)))
        let text = PreviewText.render(doc, source: "x")
        let json = PreviewJSON.document(doc).render()
        for out in [text, json] {
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E })
        }
        #expect(text.contains("^[]52;c;ZXZpbA==\\x07b^[[2J"))
    }

    @Test("truncated, corrupt and hostile protobuf gives problems or a partial preview, never a crash")
    func hostileProtobuf() {
        // Every prefix of a real file.
        let good = Wire.named("a", Wire.intLiteral(5)) + Wire.named("b", Wire.stringLiteral(Array("hello".utf8)))
        for n in 0..<good.count {
            let doc = PayloadDecoder.decode(Array(good[..<n]), as: .namedLiterals)
            if n > 0 && n < good.count { #expect(doc.isPartial || doc.values.count < 2, "prefix \(n)") }
        }
        // A length prefix far past the end.
        let huge = [0x0A] + Wire.varint(UInt64(1) << 40) + [1, 2, 3]
        let h = PayloadDecoder.decode(huge, as: .namedLiterals)
        #expect(h.problems.first?.contains("length prefix 1099511627776 exceeds the 3 bytes left") == true)
        // A wrong wire type where a message is expected.
        let wrong = Wire.int(1, 7)
        #expect(PayloadDecoder.decode(wrong, as: .namedLiterals).problems.first?.contains("expected length-delimited") == true)
        // Invalid UTF-8 in a string shows replacement characters.
        let bad = PayloadDecoder.decode(Wire.named("s", Wire.stringLiteral([0x66, 0xFF, 0xFE, 0x6F])))
        #expect(PreviewText.render(bad, source: "x").contains("\"f\u{FFFD}\u{FFFD}o\""))
        // A 64-bit varint that does not end.
        #expect(!PayloadDecoder.decode([0x08] + [UInt8](repeating: 0xFF, count: 20), as: .literal).problems.isEmpty)
    }

    @Test("collections nested 100,000 deep stop at the depth limit")
    func deepProtobufNesting() {
        // Wire.collection([x]) is [0x12, len(inner)] + [0x0A, len(x)] + x; built outside-in without copying.
        let core = Wire.intLiteral(1)
        var headers: [[UInt8]] = []
        var len = core.count
        for _ in 0..<100_000 {
            let inner = [0x0A] + Wire.varint(UInt64(len))
            let outer = [0x12] + Wire.varint(UInt64(len + inner.count))
            headers.append(outer + inner)
            len += inner.count + outer.count
        }
        let lit = headers.reversed().flatMap { $0 } + core
        let doc = PayloadDecoder.decode(lit, as: .literal)
        #expect(doc.problems.contains { $0.contains("nested deeper than 100 levels") })
        var depth = 0
        var node = doc.values[0].value
        while case .list(let items, _) = node.value, let first = items.first {
            depth += 1
            node = first
        }
        #expect(depth == 100)  // literals at depths 0...99 are lists; the one at depth 100 is refused
    }

    @Test("MessagePack: nesting 100,000 deep, lying headers and reserved bytes are reported")
    func hostileMsgpack() {
        let deep = [UInt8](repeating: 0x91, count: 100_000) + [0x01]
        let d = PayloadDecoder.decode(Wire.named("m", Wire.msgpackLiteral(deep)))
        #expect(d.problems.contains { $0.contains("nested deeper than") })
        let lying = PayloadDecoder.decode(Wire.named("m", Wire.msgpackLiteral([0xDD, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])))
        #expect(lying.problems.first?.contains("array of 4294967295 items in 1 bytes") == true)
        let reserved = PayloadDecoder.decode(Wire.named("m", Wire.msgpackLiteral([0xC1])))
        #expect(reserved.problems.first?.contains("reserved byte 0xc1") == true)
        let str = PayloadDecoder.decode(Wire.named("m", Wire.msgpackLiteral([0xDB, 0x7F, 0xFF, 0xFF, 0xFF, 0x61])))
        #expect(str.problems.first?.contains("str of 2147483647 bytes exceeds the 1 bytes left") == true)
        let trailing = PayloadDecoder.decode(Wire.named("m", Wire.msgpackLiteral([0x01, 0x02])))
        #expect(trailing.problems.first?.contains("1 bytes left after the value") == true)
    }

    @Test("detection: inputs, outputs, error.pb and bare literals each read as themselves")
    func detection() throws {
        var lit = Flyteidl2_Core_Literal()
        lit.scalar.primitive.integer = 5
        #expect(PayloadDecoder.decode(try lit.serializedBytes() as [UInt8]).kind == .literal)
        var s = Flyteidl2_Core_Literal()
        s.scalar.primitive.stringValue = "x"
        #expect(PayloadDecoder.decode(try s.serializedBytes() as [UInt8]).kind == .literal)
        var c = Flyteidl2_Core_Literal()
        c.collection.literals = [lit, lit]
        #expect(PayloadDecoder.decode(try c.serializedBytes() as [UInt8]).kind == .literal)
        var e = Flyteidl2_Core_ErrorDocument()
        e.error.code = "OOMKilled"
        e.error.message = "container ran out of memory"
        e.error.origin = .system
        let ed = PayloadDecoder.decode(try e.serializedBytes() as [UInt8])
        #expect(ed.kind == .errorDocument && ed.error?.origin == "system")
        var o = Flyteidl2_Task_Outputs()
        var n = Flyteidl2_Task_NamedLiteral()
        n.name = "o0"
        n.value = lit
        o.literals = [n]
        var a = Flyteidl2_Task_ProducedArtifact()
        a.output = "o0"
        a.name = "model"
        a.version = "v3"
        o.producedArtifacts = [a]
        let od = PayloadDecoder.decode(try o.serializedBytes() as [UInt8])
        #expect(od.kind == .outputs)
        #expect(PreviewText.render(od, source: "x").contains("produced artifact: o0 → model@v3"))
        let empty = PayloadDecoder.decode([UInt8]())
        #expect(empty.values.isEmpty && empty.kindNote?.contains("empty file") == true)
        let junk = PayloadDecoder.decode(Array("this is plain text, not a payload".utf8))
        #expect(junk.kindNote?.hasPrefix("unsure") == true)
    }

    @Test("a condition value from the store previews like a file value")
    func conditionValue() {
        var l = Flyteidl2_Core_Literal()
        l.scalar.primitive.boolean = true
        #expect(PreviewText.oneLine(PayloadDecoder.literal(l)) == "true")
        var c = Flyteidl2_Core_Literal()
        c.collection.literals = (0..<500).map { i in
            var x = Flyteidl2_Core_Literal()
            x.scalar.primitive.integer = Int64(i)
            return x
        }
        let line = PreviewText.oneLine(PayloadDecoder.literal(c, budget: PreviewBudget(items: 5)))
        #expect(line == "[0, 1, 2, 3, … +496]")
    }
}
