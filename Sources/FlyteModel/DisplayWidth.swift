/// Terminal column widths of text, independent of the process locale.
///
/// Hand-written because `wcwidth` depends on `setlocale` (and answers -1 under the C locale); this follows
/// the East Asian Wide/Fullwidth ranges and treats combining marks and format characters as zero width.
public enum DisplayWidth {
    /// Columns one scalar occupies: 0, 1 or 2.
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// Columns `s` occupies.
    public static func of(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + of($1) } }

    /// `s` cut to at most `width` columns, ending in `…` when cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        var out = String.UnicodeScalarView()
        var w = 0
        for u in s.unicodeScalars {
            let cw = of(u)
            if w + cw > width - 1 { break }
            out.append(u)
            w += cw
        }
        return String(out) + "…"
    }

    /// `s` padded with spaces to `width` columns (cut first when longer).
    public static func pad(_ s: String, to width: Int, right: Bool = false) -> String {
        let t = truncate(s, to: width)
        let gap = String(repeating: " ", count: max(0, width - of(t)))
        return right ? gap + t : t + gap
    }
}
