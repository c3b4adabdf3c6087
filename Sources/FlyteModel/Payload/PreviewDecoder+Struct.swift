/// `google.protobuf.Struct`, `Value` and `ListValue` (a literal's `scalar.generic`), read from the wire.
extension PreviewDecoder {
    /// A `Struct`: a map of field name to `Value`.
    mutating func structValue(_ reader: WireReader, depth: Int) -> PreviewNode {
        var m = reader
        let size = m.remaining
        guard depth < budget.depth else {
            problems.append("Struct at byte \(m.pos): nested deeper than \(budget.depth) levels")
            return PreviewNode(.invalid("nested deeper than \(budget.depth) levels"), encodedBytes: size)
        }
        takeItem()
        var entries: [PreviewEntry] = []
        var total = 0
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                guard f == 1 else {
                    try skipUnknown(&m, w, f)
                    continue
                }
                var e = try m.messageField(w, "Struct.fields")
                total += 1
                guard hasItemsLeft else { continue }
                var key = ""
                var value = PreviewNode(.none)
                while !e.isAtEnd {
                    let (ef, ew) = try e.tag()
                    switch ef {
                    case 1: key = keep(e, try e.bytesField(ew, "Struct entry key"))
                    case 2: value = structField(try e.messageField(ew, "Struct entry value"), depth: depth + 1)
                    default: try skipUnknown(&e, ew, ef)
                    }
                }
                entries.append(PreviewEntry(key: PreviewNode(.string(key, totalBytes: key.utf8.count)), value: value))
            }
        } catch {
            entries.append(PreviewEntry(key: PreviewNode(.string("…", totalBytes: 3)), value: problem("Struct", error)))
        }
        return PreviewNode(.map(entries, total: total), encodedBytes: size)
    }

    /// A `Value`: null, number, string, bool, struct or list.
    mutating func structField(_ reader: WireReader, depth: Int) -> PreviewNode {
        var m = reader
        let size = m.remaining
        guard depth < budget.depth else {
            problems.append("Value at byte \(m.pos): nested deeper than \(budget.depth) levels")
            return PreviewNode(.invalid("nested deeper than \(budget.depth) levels"), encodedBytes: size)
        }
        var node = PreviewNode(.none, encodedBytes: size)
        do throws(WireError) {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                switch f {
                case 1:
                    _ = try m.varintField(w, "Value.null_value")
                    takeItem()
                    node = PreviewNode(.none, encodedBytes: size)
                case 2:
                    guard w == .fixed64 else { throw m.fail("Value.number_value: wire type \(w.name), expected fixed64") }
                    takeItem()
                    node = PreviewNode(.float(Double(bitPattern: try m.fixed64())), encodedBytes: size)
                case 3:
                    takeItem()
                    node = PreviewNode(text(m, try m.bytesField(w, "Value.string_value")), encodedBytes: size)
                case 4:
                    takeItem()
                    node = PreviewNode(.bool(try m.varintField(w, "Value.bool_value") != 0), encodedBytes: size)
                case 5: node = structValue(try m.messageField(w, "Value.struct_value"), depth: depth + 1)
                case 6: node = listValue(try m.messageField(w, "Value.list_value"), depth: depth + 1)
                default: try skipUnknown(&m, w, f)
                }
            }
        } catch {
            return problem("Value", error)
        }
        return node
    }

    private mutating func listValue(_ reader: WireReader, depth: Int) -> PreviewNode {
        var m = reader
        let size = m.remaining
        takeItem()
        var items: [PreviewNode] = []
        var total = 0
        do {
            while !m.isAtEnd {
                let (f, w) = try m.tag()
                guard f == 1 else {
                    try skipUnknown(&m, w, f)
                    continue
                }
                let sub = try m.messageField(w, "ListValue.values")
                total += 1
                if hasItemsLeft { items.append(structField(sub, depth: depth + 1)) }
            }
        } catch {
            items.append(problem("ListValue", error))
        }
        return PreviewNode(.list(items, total: total), encodedBytes: size)
    }
}
