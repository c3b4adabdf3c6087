import FlyteModel
import Foundation

/// A column of a CLI table: its header, how it may shrink, and whether it aligns right.
public struct TableColumn: Sendable {
    public var header: String
    /// Never narrower than this when the terminal is tight (headers may then be cut).
    public var minWidth: Int
    /// Columns with a higher priority keep their width longer; the lowest are dropped first when even
    /// minimum widths do not fit.
    public var priority: Int
    public var rightAligned: Bool

    public init(_ header: String, min: Int = 4, priority: Int = 1, right: Bool = false) {
        self.header = header
        minWidth = min
        self.priority = priority
        rightAligned = right
    }
}

/// Renders rows as an aligned text table that fits a terminal width. Every cell is sanitised: data never
/// prints raw control characters.
public enum TableRenderer {
    public static func render(columns: [TableColumn], rows: [[String]], width: Int?) -> String {
        let cells = rows.map { $0.map(TerminalText.sanitize) }
        var natural = columns.enumerated().map { i, c in
            max(DisplayWidth.of(c.header), cells.map { i < $0.count ? DisplayWidth.of($0[i]) : 0 }.max() ?? 0)
        }
        var visible = Array(columns.indices)
        if let w = width {
            // Drop lowest-priority columns until the minimums fit, then shrink the widest columns.
            func total(_ idx: [Int], _ widths: [Int]) -> Int { idx.map { widths[$0] }.reduce(0, +) + 2 * max(0, idx.count - 1) }
            let mins = columns.indices.map { min(natural[$0], columns[$0].minWidth) }
            while visible.count > 1 && total(visible, mins) > w {
                let drop = visible.enumerated().min { (columns[$0.element].priority, -$0.offset) < (columns[$1.element].priority, -$1.offset) }!
                visible.remove(at: drop.offset)
            }
            while total(visible, natural) > w {
                guard let widest = visible.filter({ natural[$0] > mins[$0] }).max(by: { natural[$0] < natural[$1] }) else { break }
                natural[widest] -= 1
            }
        }
        var lines: [String] = []
        func line(_ values: [String]) -> String {
            visible.enumerated().map { k, i in
                let v = i < values.count ? values[i] : ""
                let last = k == visible.count - 1 && !columns[i].rightAligned
                return last ? DisplayWidth.truncate(v, to: natural[i]) : DisplayWidth.pad(v, to: natural[i], right: columns[i].rightAligned)
            }.joined(separator: "  ")
        }
        lines.append(line(columns.map { $0.header.uppercased() }))
        for r in cells { lines.append(line(r)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV (RFC 4180) with a header row. Control characters inside fields are escaped visibly.
    public static func csv(columns: [TableColumn], rows: [[String]]) -> String {
        ([columns.map { $0.header.lowercased().replacingOccurrences(of: " ", with: "_") }] + rows).map(csvLine).joined()
    }

    /// One CSV record (RFC 4180, CRLF-terminated), each field sanitised.
    public static func csvLine(_ fields: [String]) -> String {
        func field(_ s: String) -> String {
            let clean = TerminalText.sanitize(s)
            if clean.contains(where: { $0 == "," || $0 == "\"" }) { return "\"" + clean.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            return clean
        }
        return fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// The terminal width of stdout when it is a terminal, else `$COLUMNS`, else nil (no fitting).
    public static func terminalWidth() -> Int? {
        var ws = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        return nil
    }
}
