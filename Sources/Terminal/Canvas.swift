import FlyteModel

/// A colour a theme can name: the terminal's default, one of the 16 palette colours by number, a 256-colour index,
/// or 24-bit RGB (degraded to 256 colours where the terminal lacks truecolor).
public enum TermColor: Hashable, Sendable {
    case terminalDefault
    case ansi(UInt8)
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes; each is also a signal on its own where colour is off.
public struct TermAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TermAttributes(rawValue: 1)
    public static let dim = TermAttributes(rawValue: 2)
    public static let underline = TermAttributes(rawValue: 4)
    public static let reverse = TermAttributes(rawValue: 8)
    public static let italic = TermAttributes(rawValue: 16)
}

/// How a cell is drawn.
public struct CellStyle: Hashable, Sendable {
    public var fg: TermColor
    public var bg: TermColor
    public var attributes: TermAttributes

    public init(fg: TermColor = .terminalDefault, bg: TermColor = .terminalDefault, attributes: TermAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    public static let plain = CellStyle()
}

/// One screen cell: a character (with its combining marks) and a style. A wide character fills its cell and marks
/// the next one as its continuation.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: CellStyle
    /// The right half of a wide character: draw nothing here.
    public var isContinuation: Bool

    public init(text: String, style: CellStyle, isContinuation: Bool) {
        self.text = text
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell(text: " ", style: .plain, isContinuation: false)
}

/// A grid of styled cells that views draw into; backends (ncurses, headless text) copy it to a terminal or a string.
/// Every string drawn is sanitised first, and widths come from `DisplayWidth` (wcwidth rules).
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Draws `text` from column `x` on row `y`, at most `limit` columns (default: to the right edge); returns the
    /// columns used. Control characters from data are drawn visibly (`^[`); a wide character that would cross the
    /// limit is not split (the gap is filled with a space).
    @discardableResult
    public mutating func draw(_ text: String, x: Int, y: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var col = x
        for ch in TerminalText.sanitize(text) {
            let w = ch.unicodeScalars.first.map(DisplayWidth.of) ?? 1
            if w == 0 {
                // A combining mark joins the previous cell.
                if col > x, col - 1 < width, col - 1 >= 0 { self[col - 1, y].text.append(ch) }
                continue
            }
            if col + w > end {
                while col < end {
                    if col >= 0 { self[col, y] = Cell(text: " ", style: style, isContinuation: false) }
                    col += 1
                }
                break
            }
            if col >= 0 {
                self[col, y] = Cell(text: String(ch), style: style, isContinuation: false)
                if w == 2, col + 1 < width { self[col + 1, y] = Cell(text: "", style: style, isContinuation: true) }
            }
            col += w
        }
        return col - x
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: CellStyle) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { self[col, row] = Cell(text: " ", style: style, isContinuation: false) }
        }
    }

    /// The rows as plain text, trailing spaces kept so snapshots show the full width.
    public var rows: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
            return s
        }
    }
}
