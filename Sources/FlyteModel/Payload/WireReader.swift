// Hand-written on purpose: swift-protobuf decodes whole messages, while previews must read only what their budget
// allows, skip everything past it without materialising it, and keep going after a corrupt sub-message.

/// A protobuf wire-format field type.
enum WireType: UInt8, Sendable {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5

    var name: String {
        switch self {
        case .varint: return "varint"
        case .fixed64: return "fixed64"
        case .lengthDelimited: return "length-delimited"
        case .startGroup: return "start-group"
        case .endGroup: return "end-group"
        case .fixed32: return "fixed32"
        }
    }
}

/// A malformed byte sequence, with the offset (from the start of the file) where reading stopped.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

/// Reads protobuf wire format from a borrowed buffer, bounded to `[pos, end)`; never reads outside the buffer.
struct WireReader {
    let buf: UnsafeBufferPointer<UInt8>
    private(set) var pos: Int
    let end: Int

    init(_ buf: UnsafeBufferPointer<UInt8>, from: Int = 0, to: Int? = nil) {
        self.buf = buf
        self.pos = from
        self.end = to ?? buf.count
    }

    var isAtEnd: Bool { pos >= end }
    var remaining: Int { end - pos }

    func fail(_ message: String) -> WireError { WireError(message: message, offset: pos) }

    /// A base-128 varint of at most 10 bytes.
    mutating func varint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard pos < end else { throw fail("truncated varint") }
            let b = buf[pos]
            pos += 1
            if shift == 63 && b > 1 { throw fail("varint longer than 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw fail("varint longer than 10 bytes") }
        }
    }

    /// The next field's number and wire type.
    mutating func tag() throws(WireError) -> (field: Int, wire: WireType) {
        let start = pos
        let key = try varint()
        let field = key >> 3
        guard field >= 1, field <= 536_870_911 else { throw WireError(message: "invalid field number \(field)", offset: start) }
        guard let wire = WireType(rawValue: UInt8(key & 7)) else {
            throw WireError(message: "invalid wire type \(key & 7) for field \(field)", offset: start)
        }
        return (Int(field), wire)
    }

    /// The byte range of a length-delimited field's payload; advances past it.
    mutating func lengthDelimited() throws(WireError) -> Range<Int> {
        let n = try varint()
        guard n <= UInt64(remaining) else {
            throw fail("length prefix \(n) exceeds the \(remaining) bytes left")
        }
        let start = pos
        pos += Int(n)
        return start..<pos
    }

    /// A sub-reader over a length-delimited field's payload; advances past it.
    mutating func message() throws(WireError) -> WireReader {
        let r = try lengthDelimited()
        return WireReader(buf, from: r.lowerBound, to: r.upperBound)
    }

    mutating func fixed64() throws(WireError) -> UInt64 {
        guard remaining >= 8 else { throw fail("truncated fixed64") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(buf[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }

    mutating func fixed32() throws(WireError) -> UInt32 {
        guard remaining >= 4 else { throw fail("truncated fixed32") }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(buf[pos + i]) << (8 * UInt32(i)) }
        pos += 4
        return v
    }

    /// Skips one field's value of the given wire type (groups are skipped to their matching end, 64 levels at most).
    mutating func skip(_ wire: WireType, field: Int) throws(WireError) {
        switch wire {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .endGroup: throw fail("unexpected end-group for field \(field)")
        case .startGroup:
            var depth = 1
            while depth > 0 {
                let (f, w) = try tag()
                switch w {
                case .startGroup:
                    depth += 1
                    if depth > 64 { throw fail("groups nested deeper than 64") }
                case .endGroup: depth -= 1
                default: try skip(w, field: f)
                }
            }
        }
    }

    /// Reads a varint field after checking its wire type.
    mutating func varintField(_ wire: WireType, _ what: StaticString) throws(WireError) -> UInt64 {
        guard wire == .varint else { throw fail("\(what): wire type \(wire.name), expected varint") }
        return try varint()
    }

    /// Reads a length-delimited field's range after checking its wire type.
    mutating func bytesField(_ wire: WireType, _ what: StaticString) throws(WireError) -> Range<Int> {
        guard wire == .lengthDelimited else { throw fail("\(what): wire type \(wire.name), expected length-delimited") }
        return try lengthDelimited()
    }

    /// Reads a sub-message after checking its wire type.
    mutating func messageField(_ wire: WireType, _ what: StaticString) throws(WireError) -> WireReader {
        guard wire == .lengthDelimited else { throw fail("\(what): wire type \(wire.name), expected length-delimited") }
        return try message()
    }

    /// Decodes `range` as UTF-8, keeping at most `limit` bytes (cut on a character boundary); invalid sequences
    /// become U+FFFD.
    func string(_ range: Range<Int>, limit: Int = .max) -> String {
        var upper = range.upperBound
        if range.count > limit {
            upper = range.lowerBound + max(0, limit)
            // Do not cut inside a multi-byte sequence.
            while upper > range.lowerBound && upper < range.upperBound && (buf[upper] & 0xC0) == 0x80 { upper -= 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[range.lowerBound..<upper]), as: UTF8.self)
    }

    /// The bytes of `range`, copied.
    func bytes(_ range: Range<Int>) -> [UInt8] { Array(buf[range]) }
}
