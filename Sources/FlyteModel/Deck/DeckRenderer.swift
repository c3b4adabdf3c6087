/// A Deck (report.html) as terminal text.
public struct DeckText: Sendable, Equatable {
    /// How a line should be drawn; every style also differs in text (`#` headings, `│` tables), never colour alone.
    public enum Style: Sendable, Equatable { case section, heading, text, code, table, tableHeader, link, note }

    public struct Line: Sendable, Equatable {
        public var text: String
        public var style: Style
    }

    public var lines: [Line] = []
    /// Link targets in footnote order (`[1]` is `links[0]`).
    public var links: [String] = []
    /// The Flyte report tabs found, in order.
    public var sections: [String] = []
    /// Input bytes past the byte budget (not read).
    public var unreadBytes = 0
    /// Output lines past the line budget (not kept).
    public var droppedLines = 0

    /// The whole text, one line each.
    public var plain: String { lines.map(\.text).joined(separator: "\n") }
}

/// Limits for rendering a Deck.
public struct DeckBudget: Sendable, Equatable {
    /// HTML bytes read; the rest is reported, not parsed.
    public var inputBytes: Int
    /// Lines of output kept.
    public var lines: Int
    /// Rows of one table kept.
    public var tableRows: Int

    public init(inputBytes: Int = 4 << 20, lines: Int = 20_000, tableRows: Int = 2_000) {
        self.inputBytes = inputBytes
        self.lines = lines
        self.tableRows = tableRows
    }
}

/// Renders Deck HTML: headings, paragraphs, lists, aligned tables, `pre` blocks, links as numbered footnotes, and
/// the tabs of a Flyte report as sections; scripts, styles and the document head are dropped; all text is sanitised.
public enum DeckRenderer {
    public static func render(_ html: [UInt8], width: Int = 100, ascii: Bool = false, budget: DeckBudget = DeckBudget()) -> DeckText {
        html.withUnsafeBufferPointer { buf in
            var b = DeckBuilder(budget: budget)
            HTMLTokenizer.tokenize(buf, limit: budget.inputBytes) { b.handle($0) }
            b.finish()
            var out = DeckLayout.layout(b.blocks, links: b.links, width: max(20, width), ascii: ascii, budget: budget)
            out.sections = b.tabNames
            out.unreadBytes = max(0, buf.count - budget.inputBytes)
            if out.unreadBytes > 0 {
                out.lines.append(DeckText.Line(text: "… \(PreviewFormat.bytes(out.unreadBytes)) of HTML not read (byte budget \(PreviewFormat.bytes(budget.inputBytes)))", style: .note))
            }
            return out
        }
    }

    /// Whether `bytes` look like HTML (for `inspect` to tell a Deck from a protobuf payload).
    public static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "<") else { return false }
        let head = String(decoding: bytes[i..<min(bytes.count, i + 512)], as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<!--") || head.hasPrefix("<div")
            || head.hasPrefix("<h") || head.hasPrefix("<p") || head.hasPrefix("<table") || head.hasPrefix("<body") || head.hasPrefix("<meta")
    }
}
