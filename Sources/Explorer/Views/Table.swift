import FlyteModel
import Terminal

/// A table column: its title, the width it needs, whether it grows, and which columns go first when narrow.
public struct TableColumn: Sendable, Equatable {
    public var title: String
    public var min: Int
    /// Share of the spare width this column takes (0: fixed).
    public var flex: Int
    /// Higher stays longer when the terminal is too narrow for every column.
    public var priority: Int
    public var rightAligned: Bool

    public init(_ title: String, min: Int, flex: Int = 0, priority: Int = 5, right: Bool = false) {
        self.title = title
        self.min = min
        self.flex = flex
        self.priority = priority
        rightAligned = right
    }
}

/// One cell: text and the theme key it is drawn with.
public struct TableCell: Sendable, Equatable {
    public var text: String
    public var key: ThemeKey

    public init(_ text: String, _ key: ThemeKey = .body) {
        self.text = text
        self.key = key
    }
}

/// Lays out and draws tables. Pure: widths from the columns and the space; drawing into a Canvas.
public enum TableView {
    /// The width of each column (0 for a column dropped because the space is too narrow), one space between columns.
    public static func widths(_ columns: [TableColumn], total: Int) -> [Int] {
        var shown = Array(repeating: true, count: columns.count)
        func need() -> Int {
            zip(columns, shown).filter(\.1).reduce(0) { $0 + $1.0.min } + max(0, shown.filter { $0 }.count - 1)
        }
        while need() > total, shown.filter({ $0 }).count > 1 {
            // Drop the lowest-priority visible column (the rightmost among equals).
            var drop = -1
            for (i, c) in columns.enumerated() where shown[i] {
                if drop < 0 || c.priority <= columns[drop].priority { drop = i }
            }
            shown[drop] = false
        }
        var w = columns.enumerated().map { shown[$0.offset] ? $0.element.min : 0 }
        var spare = total - need()
        let flexTotal = columns.enumerated().filter { shown[$0.offset] }.reduce(0) { $0 + $1.element.flex }
        if spare > 0, flexTotal > 0 {
            let base = spare
            for (i, c) in columns.enumerated() where shown[i] && c.flex > 0 {
                let add = base * c.flex / flexTotal
                w[i] += add
                spare -= add
            }
            if let last = columns.indices.last(where: { shown[$0] && columns[$0].flex > 0 }) { w[last] += spare }
        } else if spare > 0, let last = columns.indices.last(where: { shown[$0] }) {
            w[last] += spare
        }
        if shown.count == 1 { w[0] = min(w[0], total) }
        return w
    }

    /// Draws the header row at `y` and `rows` below it; `selected` is an index into `rows` (nil: none);
    /// `sorted` marks the sort column with ▲/▼ (or ^/v in ASCII).
    public static func draw(
        into c: inout Canvas, theme: Theme, x: Int, y: Int, width: Int, height: Int, columns: [TableColumn],
        rows: [[TableCell]], selected: Int?, focused: Bool = true, sorted: (column: Int, ascending: Bool)?, ascii: Bool
    ) {
        guard height > 0, width > 0 else { return }
        let w = widths(columns, total: width)
        c.fill(x: x, y: y, width: width, height: 1, style: theme[.header])
        var col = x
        for (i, column) in columns.enumerated() where w[i] > 0 {
            var title = column.title.uppercased()
            let isSorted = sorted?.column == i
            if isSorted, let s = sorted { title += s.ascending ? (ascii ? "^" : "▲") : (ascii ? "v" : "▼") }
            c.draw(DisplayWidth.pad(title, to: w[i], right: column.rightAligned), x: col, y: y,
                   style: theme[isSorted ? .headerSorted : .header], limit: w[i])
            col += w[i] + 1
        }
        for (r, row) in rows.prefix(height - 1).enumerated() {
            let ry = y + 1 + r
            let isSel = r == selected
            let selStyle = theme[focused ? .selection : .selectionInactive]
            c.fill(x: x, y: ry, width: width, height: 1, style: isSel ? selStyle : theme[.body])
            col = x
            for (i, column) in columns.enumerated() where w[i] > 0 {
                let cell = i < row.count ? row[i] : TableCell("")
                let style = isSel ? selStyle : theme[cell.key]
                c.draw(DisplayWidth.pad(TerminalText.sanitize(cell.text), to: w[i], right: column.rightAligned), x: col, y: ry, style: style, limit: w[i])
                col += w[i] + 1
            }
        }
    }
}
