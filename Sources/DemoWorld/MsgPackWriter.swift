/// Writes MessagePack, the encoding Flyte's SDK uses for dataclasses, pydantic models and untyped dicts
/// (`Binary{tag: "msgpack"}`). Hand-written: no MessagePack package is on the package mirror; the demo
/// needs only this encoder (the decoder lives with the payload reader).
public enum MsgPack: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case float(Float)
    case string(String)
    case binary([UInt8])
    case array([MsgPack])
    /// Map entries in order; keys may be any value (MessagePack allows non-string keys).
    case map([(MsgPack, MsgPack)])
    case ext(type: Int8, data: [UInt8])

    public static func == (a: MsgPack, b: MsgPack) -> Bool { a.encoded() == b.encoded() }
    public func hash(into h: inout Hasher) { h.combine(encoded()) }

    /// The MessagePack bytes of this value, using the smallest encoding for each item.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    func write(into o: inout [UInt8]) {
        func be<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.bigEndian) { o.append(contentsOf: $0) } }
        switch self {
        case .null: o.append(0xC0)
        case .bool(let b): o.append(b ? 0xC3 : 0xC2)
        case .int(let v):
            if v >= 0 { MsgPack.uint(UInt64(v)).write(into: &o) }
            else if v >= -32 { o.append(UInt8(bitPattern: Int8(v))) }
            else if v >= Int64(Int8.min) { o.append(0xD0); be(Int8(v)) }
            else if v >= Int64(Int16.min) { o.append(0xD1); be(Int16(v)) }
            else if v >= Int64(Int32.min) { o.append(0xD2); be(Int32(v)) }
            else { o.append(0xD3); be(v) }
        case .uint(let v):
            if v < 128 { o.append(UInt8(v)) }
            else if v <= UInt64(UInt8.max) { o.append(0xCC); be(UInt8(v)) }
            else if v <= UInt64(UInt16.max) { o.append(0xCD); be(UInt16(v)) }
            else if v <= UInt64(UInt32.max) { o.append(0xCE); be(UInt32(v)) }
            else { o.append(0xCF); be(v) }
        case .double(let d): o.append(0xCB); be(d.bitPattern)
        case .float(let f): o.append(0xCA); be(f.bitPattern)
        case .string(let s):
            let b = Array(s.utf8)
            if b.count < 32 { o.append(0xA0 | UInt8(b.count)) }
            else if b.count <= 0xFF { o.append(0xD9); be(UInt8(b.count)) }
            else if b.count <= 0xFFFF { o.append(0xDA); be(UInt16(b.count)) }
            else { o.append(0xDB); be(UInt32(b.count)) }
            o.append(contentsOf: b)
        case .binary(let b):
            if b.count <= 0xFF { o.append(0xC4); be(UInt8(b.count)) }
            else if b.count <= 0xFFFF { o.append(0xC5); be(UInt16(b.count)) }
            else { o.append(0xC6); be(UInt32(b.count)) }
            o.append(contentsOf: b)
        case .array(let xs):
            if xs.count < 16 { o.append(0x90 | UInt8(xs.count)) }
            else if xs.count <= 0xFFFF { o.append(0xDC); be(UInt16(xs.count)) }
            else { o.append(0xDD); be(UInt32(xs.count)) }
            for x in xs { x.write(into: &o) }
        case .map(let kv):
            if kv.count < 16 { o.append(0x80 | UInt8(kv.count)) }
            else if kv.count <= 0xFFFF { o.append(0xDE); be(UInt16(kv.count)) }
            else { o.append(0xDF); be(UInt32(kv.count)) }
            for (k, v) in kv {
                k.write(into: &o)
                v.write(into: &o)
            }
        case .ext(let type, let data):
            switch data.count {
            case 1: o.append(0xD4)
            case 2: o.append(0xD5)
            case 4: o.append(0xD6)
            case 8: o.append(0xD7)
            case 16: o.append(0xD8)
            default:
                if data.count <= 0xFF { o.append(0xC7); be(UInt8(data.count)) }
                else if data.count <= 0xFFFF { o.append(0xC8); be(UInt16(data.count)) }
                else { o.append(0xC9); be(UInt32(data.count)) }
            }
            o.append(UInt8(bitPattern: type))
            o.append(contentsOf: data)
        }
    }

    /// A MessagePack timestamp (extension type -1) for `seconds` and `nanos` since the epoch.
    public static func timestamp(seconds: Int64, nanos: UInt32) -> MsgPack {
        var d: [UInt8] = []
        func be<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.bigEndian) { d.append(contentsOf: $0) } }
        if nanos == 0, seconds >= 0, seconds <= Int64(UInt32.max) {
            be(UInt32(seconds))
        } else if seconds >= 0, seconds < (1 << 34) {
            be((UInt64(nanos) << 34) | UInt64(seconds))
        } else {
            be(nanos)
            be(seconds)
        }
        return .ext(type: -1, data: d)
    }
}
