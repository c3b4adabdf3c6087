/// Makes text from a store or bucket safe to draw: data is never trusted on screen.
///
/// Control characters and escape sequences become visible (`^[` for ESC, `\x07` for BEL, `\n` for a newline),
/// and bidirectional-override characters (which can reorder what a reader sees) are shown as `\u{202E}`.
public enum TerminalText {
    /// Returns `s` with every control or bidi-override character replaced by a visible escape.
    public static func sanitize(_ s: String) -> String {
        var needs = false
        for u in s.unicodeScalars where isUnsafe(u) {
            needs = true
            break
        }
        guard needs else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            guard isUnsafe(u) else {
                out.append(u)
                continue
            }
            let esc: String
            switch u.value {
            case 0x1B: esc = "^["
            case 0x0A: esc = "\\n"
            case 0x0D: esc = "\\r"
            case 0x09: esc = "\\t"
            case 0x00...0xFF: esc = "\\x" + hex2(u.value)
            default: esc = "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: esc.unicodeScalars)
        }
        return String(out)
    }

    /// True for C0 and C1 controls, DEL, and the Unicode bidi embedding, override and isolate controls.
    public static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C
    }

    static func hex2(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: false)
        return h.count == 1 ? "0" + h : h
    }
}
