/// How many colours the terminal shows, and how theme colours degrade to fit: 24-bit RGB to the xterm 256-colour
/// cube, and 256 colours to the 16 ANSI colours.
public enum ColorDepth: Int, Sendable, Comparable, CaseIterable {
    /// No colour at all: attributes only (monochrome, `NO_COLOR`, `TERM=dumb`).
    case none = 0
    case ansi16 = 16
    case indexed256 = 256
    case truecolor = 16_777_216

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    /// The depth a terminal offers, from the curses colour count and the environment (`COLORTERM`).
    public static func detect(colors: Int, env: [String: String]) -> ColorDepth {
        if colors <= 0 { return .none }
        if colors < 256 { return .ansi16 }
        let ct = (env["COLORTERM"] ?? "").lowercased()
        return ct == "truecolor" || ct == "24bit" ? .truecolor : .indexed256
    }

    /// `color` as this depth can show it: nil when colour is off.
    public func fit(_ color: TermColor) -> TermColor? {
        switch (self, color) {
        case (.none, _): return nil
        case (_, .terminalDefault): return color
        case (.ansi16, .ansi(let n)): return .ansi(n % 16)
        case (.ansi16, .indexed(let i)): return .ansi(Self.ansi16(ofIndexed: i))
        case (.ansi16, .rgb(let r, let g, let b)): return .ansi(Self.ansi16(r, g, b))
        case (.indexed256, .rgb(let r, let g, let b)): return .indexed(Self.indexed256(r, g, b))
        default: return color
        }
    }

    /// The xterm 256-colour index nearest to an RGB colour: the 6×6×6 cube or the 24-step grey ramp.
    public static func indexed256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            var best = 0
            for i in 1..<6 where abs(levels[i] - Int(v)) < abs(levels[best] - Int(v)) { best = i }
            return best
        }
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeDist = dist(r, g, b, levels[ri], levels[gi], levels[bi])
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let grey = max(0, min(23, (avg - 3) / 10))
        let gv = 8 + 10 * grey
        let greyDist = dist(r, g, b, gv, gv, gv)
        return UInt8(greyDist < cubeDist ? 232 + grey : cube)
    }

    /// The RGB value of a 256-colour index (xterm's default palette).
    public static func rgb(ofIndexed i: UInt8) -> (Int, Int, Int) {
        let v = Int(i)
        if v < 16 { return ansiRGB[v] }
        if v >= 232 { let g = 8 + 10 * (v - 232); return (g, g, g) }
        let levels = [0, 95, 135, 175, 215, 255]
        let c = v - 16
        return (levels[c / 36], levels[(c / 6) % 6], levels[c % 6])
    }

    /// The nearest of the 16 ANSI colours (xterm's default values) to an RGB colour.
    public static func ansi16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 0
        var bestD = Int.max
        for (i, c) in ansiRGB.enumerated() {
            let d = dist(r, g, b, c.0, c.1, c.2)
            if d < bestD { best = i; bestD = d }
        }
        return UInt8(best)
    }

    static func ansi16(ofIndexed i: UInt8) -> UInt8 {
        if i < 16 { return i }
        let (r, g, b) = rgb(ofIndexed: i)
        return ansi16(UInt8(r), UInt8(g), UInt8(b))
    }

    /// xterm's default values for the 16 ANSI colours.
    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    private static func dist(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ r2: Int, _ g2: Int, _ b2: Int) -> Int {
        let dr = Int(r) - r2, dg = Int(g) - g2, db = Int(b) - b2
        return dr * dr * 2 + dg * dg * 4 + db * db * 3
    }
}
