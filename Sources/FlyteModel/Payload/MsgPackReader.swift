// Hand-written: no MessagePack library is on this machine's package mirror, and previews need one that stops at a
// budget, bounds nesting, and never trusts a length header.

/// Reads MessagePack (the spec at github.com/msgpack/msgpack/blob/master/spec.md) from a bounded buffer range.
struct MsgPackCursor {
    let buf: UnsafeBufferPointer<UInt8>
    var pos: Int
    let end: Int

    var isAtEnd: Bool { pos >= end }
    var remaining: Int { end - pos }

    func fail(_ message: String) -> WireError { WireError(message: "msgpack: " + message, offset: pos) }

    mutating func byte() throws(WireError) -> UInt8 {
        guard pos < end else { throw fail("truncated value") }
        defer { pos += 1 }
        return buf[pos]
    }

    /// A big-endian unsigned integer of `n` bytes (1, 2, 4 or 8).
    mutating func uint(_ n: Int) throws(WireError) -> UInt64 {
        guard remaining >= n else { throw fail("truncated \(n * 8)-bit number") }
        var v: UInt64 = 0
        for i in 0..<n { v = v << 8 | UInt64(buf[pos + i]) }
        pos += n
        return v
    }

    /// Advances over `n` payload bytes, returning their range; a length past the end is an error.
    mutating func take(_ n: UInt64, _ what: String) throws(WireError) -> Range<Int> {
        guard n <= UInt64(remaining) else { throw fail("\(what) of \(n) bytes exceeds the \(remaining) bytes left") }
        let start = pos
        pos += Int(n)
        return start..<pos
    }
}

extension PreviewDecoder {
    /// Decodes a whole MessagePack value held in `range` (a `Binary` with tag `msgpack`).
    mutating func msgpack(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, depth: Int) -> PreviewNode {
        var c = MsgPackCursor(buf: buf, pos: range.lowerBound, end: range.upperBound)
        msgpackStopped = false
        defer { msgpackStopped = false }
        do {
            var v = try mpValue(&c, depth: depth)
            if !msgpackStopped && !c.isAtEnd {
                problems.append("msgpack: \(c.remaining) bytes left after the value at byte \(c.pos)")
                valueProblems += 1
            }
            v.encodedBytes = range.count
            return v
        } catch {
            valueProblems += 1
            return problem("Binary.value", error)
        }
    }

    /// One MessagePack value; containers stop at the item budget (their totals come from their headers).
    mutating func mpValue(_ c: inout MsgPackCursor, depth: Int) throws(WireError) -> PreviewNode {
        if depth >= budget.depth {
            let at = c.pos
            try mpSkip(&c)
            problems.append("msgpack value at byte \(at): nested deeper than \(budget.depth) levels")
            valueProblems += 1
            return PreviewNode(.invalid("nested deeper than \(budget.depth) levels"))
        }
        let b = try c.byte()
        takeItem()
        switch b {
        case 0x00...0x7F: return PreviewNode(.integer(Int64(b)))
        case 0x80...0x8F: return try mpMap(&c, count: UInt64(b & 0x0F), depth: depth)
        case 0x90...0x9F: return try mpArray(&c, count: UInt64(b & 0x0F), depth: depth)
        case 0xA0...0xBF: return try mpString(&c, length: UInt64(b & 0x1F))
        case 0xC0: return PreviewNode(.none)
        case 0xC1: throw WireError(message: "msgpack: reserved byte 0xc1", offset: c.pos - 1)
        case 0xC2: return PreviewNode(.bool(false))
        case 0xC3: return PreviewNode(.bool(true))
        case 0xC4, 0xC5, 0xC6:
            let n = try c.uint(1 << Int(b - 0xC4))
            return PreviewNode(.bytes(count: try c.take(n, "bin").count))
        case 0xC7, 0xC8, 0xC9:
            let n = try c.uint(1 << Int(b - 0xC7))
            return try mpExt(&c, length: n)
        case 0xCA: return PreviewNode(.float(Double(Float(bitPattern: UInt32(try c.uint(4))))))
        case 0xCB: return PreviewNode(.float(Double(bitPattern: try c.uint(8))))
        case 0xCC, 0xCD, 0xCE, 0xCF:
            let v = try c.uint(1 << Int(b - 0xCC))
            return PreviewNode(v > UInt64(Int64.max) ? .unsigned(v) : .integer(Int64(v)))
        case 0xD0: return PreviewNode(.integer(Int64(Int8(truncatingIfNeeded: try c.uint(1)))))
        case 0xD1: return PreviewNode(.integer(Int64(Int16(truncatingIfNeeded: try c.uint(2)))))
        case 0xD2: return PreviewNode(.integer(Int64(Int32(truncatingIfNeeded: try c.uint(4)))))
        case 0xD3: return PreviewNode(.integer(Int64(bitPattern: try c.uint(8))))
        case 0xD4, 0xD5, 0xD6, 0xD7, 0xD8: return try mpExt(&c, length: 1 << UInt64(b - 0xD4))
        case 0xD9, 0xDA, 0xDB: return try mpString(&c, length: try c.uint(1 << Int(b - 0xD9)))
        case 0xDC, 0xDD: return try mpArray(&c, count: try c.uint(b == 0xDC ? 2 : 4), depth: depth)
        case 0xDE, 0xDF: return try mpMap(&c, count: try c.uint(b == 0xDE ? 2 : 4), depth: depth)
        default: return PreviewNode(.integer(Int64(Int8(bitPattern: b))))  // 0xE0...0xFF: negative fixint
        }
    }

    private mutating func mpString(_ c: inout MsgPackCursor, length: UInt64) throws(WireError) -> PreviewNode {
        let r = try c.take(length, "str")
        let reader = WireReader(c.buf, from: r.lowerBound, to: r.upperBound)
        return PreviewNode(text(reader, r))
    }

    private mutating func mpArray(_ c: inout MsgPackCursor, count: UInt64, depth: Int) throws(WireError) -> PreviewNode {
        guard count <= UInt64(c.remaining) else { throw c.fail("array of \(count) items in \(c.remaining) bytes") }
        var items: [PreviewNode] = []
        for _ in 0..<count {
            guard hasItemsLeft, !msgpackStopped else {
                msgpackStopped = true
                break
            }
            items.append(try mpValue(&c, depth: depth + 1))
        }
        return PreviewNode(.list(items, total: Int(count)))
    }

    private mutating func mpMap(_ c: inout MsgPackCursor, count: UInt64, depth: Int) throws(WireError) -> PreviewNode {
        guard count <= UInt64(c.remaining / 2) else { throw c.fail("map of \(count) entries in \(c.remaining) bytes") }
        var entries: [PreviewEntry] = []
        for _ in 0..<count {
            guard hasItemsLeft, !msgpackStopped else {
                msgpackStopped = true
                break
            }
            let k = try mpValue(&c, depth: depth + 1)
            guard !msgpackStopped else {
                msgpackStopped = true
                break
            }
            let v = try mpValue(&c, depth: depth + 1)
            entries.append(PreviewEntry(key: k, value: v))
        }
        return PreviewNode(.map(entries, total: Int(count)))
    }

    /// An extension value; type -1 is the MessagePack timestamp (32, 64 or 96 bit).
    private mutating func mpExt(_ c: inout MsgPackCursor, length: UInt64) throws(WireError) -> PreviewNode {
        let type = Int8(bitPattern: try c.byte())
        let r = try c.take(length, "ext")
        guard type == -1 else { return PreviewNode(.ext(type: type, bytes: r.count)) }
        var t = MsgPackCursor(buf: c.buf, pos: r.lowerBound, end: r.upperBound)
        switch r.count {
        case 4:
            return PreviewNode(.datetime(seconds: Int64(try t.uint(4)), nanos: 0))
        case 8:
            let v = try t.uint(8)
            let nanos = v >> 34
            guard nanos < 1_000_000_000 else { throw c.fail("timestamp nanoseconds \(nanos) out of range") }
            return PreviewNode(.datetime(seconds: Int64(v & 0x3_FFFF_FFFF), nanos: Int32(nanos)))
        case 12:
            let nanos = try t.uint(4)
            let secs = Int64(bitPattern: try t.uint(8))
            guard nanos < 1_000_000_000 else { throw c.fail("timestamp nanoseconds \(nanos) out of range") }
            return PreviewNode(.datetime(seconds: secs, nanos: Int32(nanos)))
        default:
            throw c.fail("timestamp extension of \(r.count) bytes (expected 4, 8 or 12)")
        }
    }

    /// Skips one whole value without recursion (used past the depth limit), checking every length.
    private mutating func mpSkip(_ c: inout MsgPackCursor) throws(WireError) {
        var pending: UInt64 = 1
        while pending > 0 {
            pending -= 1
            let b = try c.byte()
            var children: UInt64 = 0
            switch b {
            case 0x80...0x8F: children = UInt64(b & 0x0F) * 2
            case 0x90...0x9F: children = UInt64(b & 0x0F)
            case 0xA0...0xBF: _ = try c.take(UInt64(b & 0x1F), "str")
            case 0xC1: throw WireError(message: "msgpack: reserved byte 0xc1", offset: c.pos - 1)
            case 0xC4, 0xC5, 0xC6: _ = try c.take(try c.uint(1 << Int(b - 0xC4)), "bin")
            case 0xC7, 0xC8, 0xC9: _ = try c.take(try c.uint(1 << Int(b - 0xC7)) + 1, "ext")
            case 0xCA: _ = try c.take(4, "float32")
            case 0xCB: _ = try c.take(8, "float64")
            case 0xCC...0xCF: _ = try c.take(1 << UInt64(b - 0xCC), "uint")
            case 0xD0...0xD3: _ = try c.take(1 << UInt64(b - 0xD0), "int")
            case 0xD4...0xD8: _ = try c.take((1 << UInt64(b - 0xD4)) + 1, "fixext")
            case 0xD9, 0xDA, 0xDB: _ = try c.take(try c.uint(1 << Int(b - 0xD9)), "str")
            case 0xDC, 0xDD: children = try c.uint(b == 0xDC ? 2 : 4)
            case 0xDE, 0xDF: children = try c.uint(b == 0xDE ? 2 : 4) * 2
            default: break  // fixints, nil, bool
            }
            guard children <= UInt64(c.remaining) else { throw c.fail("container of \(children) items in \(c.remaining) bytes") }
            pending += children
        }
    }
}
