/// Postgres text-format result values turned into `SQLValue`s by column type, so the shared SQL reads the same
/// values from Postgres as from SQLite (booleans as 0/1, bytea as bytes, timestamps as text).
enum PGText {
    /// Type OIDs from the `pg_type` catalogue that need converting; every other type stays text.
    static let bool: UInt32 = 16, bytea: UInt32 = 17, int8: UInt32 = 20, int2: UInt32 = 21, int4: UInt32 = 23, oid: UInt32 = 26
    static let float4: UInt32 = 700, float8: UInt32 = 701, numeric: UInt32 = 1700

    /// Whether a column of `type` reads differently as a value than as its text (booleans, bytea, floating point).
    static func printsDifferently(_ type: UInt32) -> Bool {
        type == bool || type == bytea || type == float4 || type == float8 || type == numeric
    }

    /// Converts one value in Postgres's text output format.
    static func value(_ b: UnsafeBufferPointer<UInt8>, type: UInt32) -> SQLValue {
        switch type {
        case bool:
            return .int(b.first == UInt8(ascii: "t") ? 1 : 0)
        case int8, int2, int4, oid:
            return integer(b).map(SQLValue.int) ?? .text(String(decoding: b, as: UTF8.self))
        case float4, float8, numeric:
            let s = String(decoding: b, as: UTF8.self)
            return Double(s).map(SQLValue.double) ?? .text(s)
        case bytea:
            return hexBytes(b).map(SQLValue.blob) ?? .blob(Array(b))
        default:
            return .text(String(decoding: b, as: UTF8.self))
        }
    }

    /// Parses a decimal integer with an optional sign.
    static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !b.isEmpty else { return nil }
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < b.count else { return nil }
        // Accumulated as a negative number, which reaches Int64.min.
        var v: Int64 = 0
        while i < b.count {
            let d = b[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.subtractingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            v = a
            i += 1
        }
        if negative { return v }
        return v == .min ? nil : -v
    }

    /// Decodes bytea's hex output format (`\x0a1b…`); nil for anything else.
    static func hexBytes(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard b.count >= 2, b[0] == UInt8(ascii: "\\"), b[1] == UInt8(ascii: "x"), b.count % 2 == 0 else { return nil }
        let n = (b.count - 2) / 2
        var ok = true
        let out = [UInt8](unsafeUninitializedCapacity: n) { dst, count in
            for j in 0..<n {
                guard let hi = nibble(b[2 + 2 * j]), let lo = nibble(b[3 + 2 * j]) else { ok = false; count = j; return }
                dst[j] = hi << 4 | lo
            }
            count = n
        }
        return ok ? out : nil
    }

    @inline(__always) static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
