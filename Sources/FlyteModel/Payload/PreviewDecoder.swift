import FlyteIDL
import Foundation

/// Decodes `core.Literal` wire bytes into `PreviewNode`s within a `PreviewBudget`.
///
/// Every sub-message is bounded by its length prefix, so a corrupt value becomes an `.invalid` node (and a problem
/// in `problems`) while its siblings still decode. Values past the item budget are skipped by length, never read.
struct PreviewDecoder {
    let budget: PreviewBudget
    private(set) var itemsLeft: Int
    private(set) var bytesLeft: Int
    /// Why the preview is partial: each corrupt or over-deep value, naming the field and byte offset.
    var problems: [String] = []
    /// Fields this decoder does not know (a newer schema, or bytes that are not this message at all).
    var unknownFields = 0
    /// Problems inside a MessagePack value: they spoil one value, not the structure around it.
    var valueProblems = 0
    /// Set when a MessagePack value stopped at the budget: its containers cannot be skipped, so the rest is left.
    var msgpackStopped = false

    init(budget: PreviewBudget) {
        self.budget = budget
        self.itemsLeft = budget.items
        self.bytesLeft = budget.bytes
    }

    var hasItemsLeft: Bool { itemsLeft > 0 }

    /// Counts one materialised value against the budget.
    mutating func takeItem() { if itemsLeft != .max { itemsLeft -= 1 } }

    /// A string field's text, cut to the per-string and overall byte budgets.
    mutating func text(_ r: WireReader, _ range: Range<Int>) -> PreviewValue {
        let s = keep(r, range)
        return .string(s, totalBytes: range.count)
    }

    /// A short string (a name, URI or key), cut to the budgets like any other string.
    mutating func keep(_ r: WireReader, _ range: Range<Int>) -> String {
        let limit = min(budget.stringBytes, bytesLeft)
        let s = r.string(range, limit: limit)
        if bytesLeft != .max { bytesLeft -= min(range.count, limit) }
        return s
    }

    /// Skips a field this decoder does not know, counting it.
    mutating func skipUnknown(_ m: inout WireReader, _ wire: WireType, _ field: Int) throws(WireError) {
        unknownFields += 1
        try m.skip(wire, field: field)
    }

    mutating func problem(_ what: String, _ error: WireError) -> PreviewNode {
        problems.append("\(what): \(error)")
        return PreviewNode(.invalid("\(what): \(error)"))
    }

    // MARK: Literal

    /// Decodes one `core.Literal` message (the reader spans exactly its bytes).
    mutating func literal(_ reader: WireReader, depth: Int) -> PreviewNode {
        var m = reader
        let size = m.remaining
        guard depth < budget.depth else {
            problems.append("Literal at byte \(m.pos): nested deeper than \(budget.depth) levels")
            return PreviewNode(.invalid("nested deeper than \(budget.depth) levels"), encodedBytes: size)
        }
        takeItem()
        var value: PreviewValue = .empty
        var ann = LiteralAnnotations()
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                switch f {
                case 1: value = scalar(try m.messageField(w, "Literal.scalar"), depth: depth)
                case 2: value = collection(try m.messageField(w, "Literal.collection"), depth: depth)
                case 3: value = literalMap(try m.messageField(w, "Literal.map"), depth: depth)
                case 8: value = offloaded(try m.messageField(w, "Literal.offloaded_metadata"))
                case 4: ann.hash = keep(m, try m.bytesField(w, "Literal.hash"))
                case 5:
                    var e = try m.messageField(w, "Literal.metadata")
                    let (k, v) = try stringPair(&e)
                    ann.metadata.append((k, v))
                case 9: ann.artifact = try artifactID(try m.messageField(w, "Literal.artifact_id"))
                default: try skipUnknown(&m, w, f)
                }
            }
        } catch {
            let bad = problem("Literal", error)
            if case .empty = value { value = bad.value }
        }
        return PreviewNode(value, encodedBytes: size, annotations: ann.isEmpty ? nil : ann)
    }

    private mutating func collection(_ reader: WireReader, depth: Int) -> PreviewValue {
        var m = reader
        var items: [PreviewNode] = []
        var total = 0
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                guard f == 1 else {
                    try skipUnknown(&m, w, f)
                    continue
                }
                let sub = try m.messageField(w, "LiteralCollection.literals")
                total += 1
                if hasItemsLeft { items.append(literal(sub, depth: depth + 1)) }
            }
        } catch {
            items.append(problem("LiteralCollection", error))
        }
        return .list(items, total: total)
    }

    private mutating func literalMap(_ reader: WireReader, depth: Int) -> PreviewValue {
        var m = reader
        var entries: [PreviewEntry] = []
        var total = 0
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                guard f == 1 else {
                    try skipUnknown(&m, w, f)
                    continue
                }
                var e = try m.messageField(w, "LiteralMap.literals")
                total += 1
                guard hasItemsLeft else { continue }
                var key: Range<Int>?
                var val: WireReader?
                while !e.isAtEnd {
                    let (ef, ew) = try e.tag()
                    switch ef {
                    case 1: key = try e.bytesField(ew, "LiteralMap entry key")
                    case 2: val = try e.messageField(ew, "LiteralMap entry value")
                    default: try skipUnknown(&e, ew, ef)
                    }
                }
                let k = PreviewNode(key.map { text(e, $0) } ?? .string("", totalBytes: 0))
                let v = val.map { literal($0, depth: depth + 1) } ?? PreviewNode(.empty)
                entries.append(PreviewEntry(key: k, value: v))
            }
        } catch {
            entries.append(PreviewEntry(key: PreviewNode(.string("…", totalBytes: 3)), value: problem("LiteralMap", error)))
        }
        return .map(entries, total: total)
    }

    // MARK: Scalar

    private mutating func scalar(_ reader: WireReader, depth: Int) -> PreviewValue {
        var m = reader
        var value: PreviewValue = .empty
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                switch f {
                case 1: value = try primitive(try m.messageField(w, "Scalar.primitive"))
                case 2: value = try blob(try m.messageField(w, "Scalar.blob"))
                case 3: value = binary(try m.messageField(w, "Scalar.binary"), depth: depth)
                case 4: value = try schema(try m.messageField(w, "Scalar.schema"))
                case 5:
                    _ = try m.messageField(w, "Scalar.none_type")
                    value = .none
                case 6: value = try errorValue(try m.messageField(w, "Scalar.error"))
                case 7:
                    let s = try m.messageField(w, "Scalar.generic")
                    value = .generic(structValue(s, depth: depth + 1))
                case 8: value = try dataset(try m.messageField(w, "Scalar.structured_dataset"))
                case 9: value = union(try m.messageField(w, "Scalar.union"), depth: depth)
                default: try skipUnknown(&m, w, f)
                }
            }
        } catch {
            return problem("Scalar", error).value
        }
        return value
    }

    private mutating func primitive(_ reader: WireReader) throws(WireError) -> PreviewValue {
        var m = reader
        var value: PreviewValue = .empty
        while !m.isAtEnd {
            let (f, w) = try m.tag()
            switch f {
            case 1: value = .integer(Int64(bitPattern: try m.varintField(w, "Primitive.integer")))
            case 2:
                guard w == .fixed64 else { throw m.fail("Primitive.float_value: wire type \(w.name), expected fixed64") }
                value = .float(Double(bitPattern: try m.fixed64()))
            case 3: value = text(m, try m.bytesField(w, "Primitive.string_value"))
            case 4: value = .bool(try m.varintField(w, "Primitive.boolean") != 0)
            case 5:
                let (s, n) = try secondsNanos(try m.messageField(w, "Primitive.datetime"))
                value = .datetime(seconds: s, nanos: n)
            case 6:
                let (s, n) = try secondsNanos(try m.messageField(w, "Primitive.duration"))
                value = .duration(seconds: s, nanos: n)
            default: try skipUnknown(&m, w, f)
            }
        }
        return value
    }

    /// A `google.protobuf.Timestamp` or `Duration`.
    private mutating func secondsNanos(_ reader: WireReader) throws(WireError) -> (Int64, Int32) {
        var m = reader
        var s: Int64 = 0
        var n: Int32 = 0
        while !m.isAtEnd {
            let (f, w) = try m.tag()
            switch f {
            case 1: s = Int64(bitPattern: try m.varintField(w, "seconds"))
            case 2: n = Int32(truncatingIfNeeded: Int64(bitPattern: try m.varintField(w, "nanos")))
            default: try skipUnknown(&m, w, f)
            }
        }
        return (s, n)
    }

    private mutating func blob(_ reader: WireReader) throws(WireError) -> PreviewValue {
        var m = reader
        var uri = ""
        var format = ""
        var multipart = false
        while !m.isAtEnd {
            let (f, w) = try m.tag()
            switch f {
            case 1:
                var meta = try m.messageField(w, "Blob.metadata")
                while !meta.isAtEnd {
                    let (mf, mw) = try meta.tag()
                    guard mf == 1 else {
                        try skipUnknown(&meta, mw, mf)
                        continue
                    }
                    var t = try meta.messageField(mw, "BlobMetadata.type")
                    while !t.isAtEnd {
                        let (tf, tw) = try t.tag()
                        switch tf {
                        case 1: format = keep(t, try t.bytesField(tw, "BlobType.format"))
                        case 2: multipart = try t.varintField(tw, "BlobType.dimensionality") == 1
                        default: try skipUnknown(&t, tw, tf)
                        }
                    }
                }
            case 3: uri = keep(m, try m.bytesField(w, "Blob.uri"))
            default: try skipUnknown(&m, w, f)
            }
        }
        return .blob(uri: uri, format: format, multipart: multipart)
    }

    private mutating func binary(_ reader: WireReader, depth: Int) -> PreviewValue {
        var m = reader
        var value: Range<Int> = m.pos..<m.pos
        var tag = ""
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                switch f {
                case 1: value = try m.bytesField(w, "Binary.value")
                case 2: tag = keep(m, try m.bytesField(w, "Binary.tag"))
                default: try skipUnknown(&m, w, f)
                }
            }
        } catch {
            return problem("Binary", error).value
        }
        switch tag {
        case "msgpack": return .msgpack(msgpack(m.buf, value, depth: depth + 1))
        case "": return .pickle(bytes: value.count)
        default: return .binary(tag: tag, bytes: value.count)
        }
    }

    private static let schemaColumnTypes = ["int", "float", "str", "bool", "datetime", "timedelta"]

    private mutating func schema(_ reader: WireReader) throws(WireError) -> PreviewValue {
        var m = reader
        var uri = ""
        var columns: [PreviewColumn] = []
        while !m.isAtEnd {
            let (f, w) = try m.tag()
            switch f {
            case 1: uri = keep(m, try m.bytesField(w, "Schema.uri"))
            case 3:
                var t = try m.messageField(w, "Schema.type")
                while !t.isAtEnd {
                    let (tf, tw) = try t.tag()
                    guard tf == 3 else {
                        try skipUnknown(&t, tw, tf)
                        continue
                    }
                    var c = try t.messageField(tw, "SchemaType.columns")
                    var col = PreviewColumn(name: "", type: "int")
                    while !c.isAtEnd {
                        let (cf, cw) = try c.tag()
                        switch cf {
                        case 1: col.name = keep(c, try c.bytesField(cw, "SchemaColumn.name"))
                        case 2:
                            let n = Int(truncatingIfNeeded: try c.varintField(cw, "SchemaColumn.type"))
                            col.type = Self.schemaColumnTypes.indices.contains(n) ? Self.schemaColumnTypes[n] : "type(\(n))"
                        default: try skipUnknown(&c, cw, cf)
                        }
                    }
                    if columns.count < 1_000 { columns.append(col) }
                }
            default: try skipUnknown(&m, w, f)
            }
        }
        return .schema(uri: uri, columns: columns)
    }

    private mutating func errorValue(_ reader: WireReader) throws(WireError) -> PreviewValue {
        var m = reader
        var node = ""
        var message = ""
        while !m.isAtEnd {
            let (f, w) = try m.tag()
            switch f {
            case 1: node = keep(m, try m.bytesField(w, "Error.failed_node_id"))
            case 2: message = keep(m, try m.bytesField(w, "Error.message"))
            default: try skipUnknown(&m, w, f)
            }
        }
        return .error(message: message, failedNodeID: node)
    }

    private mutating func dataset(_ reader: WireReader) throws(WireError) -> PreviewValue {
        var m = reader
        var uri = ""
        var format = ""
        var columns: [PreviewColumn] = []
        while !m.isAtEnd {
            let (f, w) = try m.tag()
            switch f {
            case 1: uri = keep(m, try m.bytesField(w, "StructuredDataset.uri"))
            case 2:
                var meta = try m.messageField(w, "StructuredDataset.metadata")
                while !meta.isAtEnd {
                    let (mf, mw) = try meta.tag()
                    guard mf == 1 else {
                        try skipUnknown(&meta, mw, mf)
                        continue
                    }
                    var t = try meta.messageField(mw, "StructuredDatasetMetadata.structured_dataset_type")
                    while !t.isAtEnd {
                        let (tf, tw) = try t.tag()
                        switch tf {
                        case 1:
                            var c = try t.messageField(tw, "StructuredDatasetType.columns")
                            var col = PreviewColumn(name: "", type: "unknown")
                            while !c.isAtEnd {
                                let (cf, cw) = try c.tag()
                                switch cf {
                                case 1: col.name = keep(c, try c.bytesField(cw, "DatasetColumn.name"))
                                case 2: col.type = Self.literalTypeText(c, try c.bytesField(cw, "DatasetColumn.literal_type"))
                                default: try skipUnknown(&c, cw, cf)
                                }
                            }
                            if columns.count < 1_000 { columns.append(col) }
                        case 2: format = keep(t, try t.bytesField(tw, "StructuredDatasetType.format"))
                        default: try t.skip(tw, field: tf)  // external schema type and bytes: not shown
                        }
                    }
                }
            default: try skipUnknown(&m, w, f)
            }
        }
        return .dataset(uri: uri, format: format, columns: columns)
    }

    private mutating func union(_ reader: WireReader, depth: Int) -> PreviewValue {
        var m = reader
        var inner = PreviewNode(.empty)
        var variant = "unknown"
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                switch f {
                case 1: inner = literal(try m.messageField(w, "Union.value"), depth: depth + 1)
                case 2: variant = Self.literalTypeText(m, try m.bytesField(w, "Union.type"))
                default: try skipUnknown(&m, w, f)
                }
            }
        } catch {
            return problem("Union", error).value
        }
        return .union(inner, variant: variant)
    }

    private mutating func offloaded(_ reader: WireReader) -> PreviewValue {
        var m = reader
        var uri = ""
        var size: UInt64 = 0
        var type = "unknown"
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                switch f {
                case 1: uri = keep(m, try m.bytesField(w, "LiteralOffloadedMetadata.uri"))
                case 2: size = try m.varintField(w, "LiteralOffloadedMetadata.size_bytes")
                case 3: type = Self.literalTypeText(m, try m.bytesField(w, "LiteralOffloadedMetadata.inferred_type"))
                default: try skipUnknown(&m, w, f)
                }
            }
        } catch {
            return problem("LiteralOffloadedMetadata", error).value
        }
        return .offloaded(uri: uri, sizeBytes: size, inferredType: type)
    }

    /// `ArtifactVersionId` as `org/project/domain/name@version`.
    private mutating func artifactID(_ reader: WireReader) throws(WireError) -> String {
        var m = reader
        var parts = ["", "", "", ""]  // project, domain, name, org
        var version = ""
        while !m.isAtEnd {
            let (f, w) = try m.tag()
            switch f {
            case 1:
                var k = try m.messageField(w, "ArtifactVersionId.key")
                while !k.isAtEnd {
                    let (kf, kw) = try k.tag()
                    if (1...4).contains(kf) {
                        parts[kf - 1] = keep(k, try k.bytesField(kw, "ArtifactKey field"))
                    } else {
                        try skipUnknown(&k, kw, kf)
                    }
                }
            case 2: version = keep(m, try m.bytesField(w, "ArtifactVersionId.version"))
            default: try skipUnknown(&m, w, f)
            }
        }
        return "\(parts[3])/\(parts[0])/\(parts[1])/\(parts[2])@\(version)"
    }

    /// A map<string,string> entry or a `KeyValuePair`: fields 1 and 2.
    mutating func stringPair(_ e: inout WireReader) throws(WireError) -> (String, String) {
        var k = ""
        var v = ""
        while !e.isAtEnd {
            let (f, w) = try e.tag()
            switch f {
            case 1: k = keep(e, try e.bytesField(w, "key"))
            case 2: v = keep(e, try e.bytesField(w, "value"))
            default: try skipUnknown(&e, w, f)
            }
        }
        return (k, v)
    }

    /// A `core.LiteralType` as Python-like text; these messages are small, so swift-protobuf decodes them.
    static func literalTypeText(_ r: WireReader, _ range: Range<Int>) -> String {
        guard range.count <= 1 << 20,
              let t = try? Flyteidl2_Core_LiteralType(serializedBytes: r.bytes(range))
        else { return "unknown" }
        return LiteralTypeText.describe(t)
    }
}
