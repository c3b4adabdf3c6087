/// SGR escape sequences for a cell style, for output that is not drawn by curses (`flytrap themes` previews).
public enum ANSI {
    public static let reset = "\u{1B}[0m"

    /// The SGR sequence that sets `style` at `depth` (attributes only at `.none`).
    public static func sgr(_ style: CellStyle, depth: ColorDepth) -> String {
        var codes: [String] = ["0"]
        let a = style.attributes
        if a.contains(.bold) { codes.append("1") }
        if a.contains(.dim) { codes.append("2") }
        if a.contains(.italic) { codes.append("3") }
        if a.contains(.underline) { codes.append("4") }
        if a.contains(.reverse) { codes.append("7") }
        for (color, isFG) in [(style.fg, true), (style.bg, false)] {
            guard let c = depth.fit(color) else { continue }
            switch c {
            case .terminalDefault: break
            case .ansi(let n): codes.append(String((isFG ? 30 : 40) + Int(n % 8) + (n >= 8 ? 60 : 0)))
            case .indexed(let i): codes.append("\(isFG ? 38 : 48);5;\(i)")
            case .rgb(let r, let g, let b): codes.append("\(isFG ? 38 : 48);2;\(r);\(g);\(b)")
            }
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
