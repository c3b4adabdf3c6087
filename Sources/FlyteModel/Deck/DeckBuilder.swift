/// A block of a Deck before layout.
enum DeckBlock {
    case section(String)
    case heading(level: Int, text: String)
    case paragraph(text: String, indent: Int, bullet: String)
    case pre([String])
    case table(rows: [[String]], header: Bool, droppedRows: Int)
    case rule
}

/// Turns tokens into blocks, tracking lists, tables, links and Flyte's report tabs.
struct DeckBuilder {
    let budget: DeckBudget
    var blocks: [DeckBlock] = []
    var links: [String] = []
    var tabNames: [String] = []

    private var inline = ""
    private var pendingSpace = false
    private var bullet = ""
    private var preDepth = 0
    private var preText = ""
    private var lists: [(ordered: Bool, next: Int)] = []
    private var tableDepth = 0
    private var rows: [[String]] = []
    private var row: [String] = []
    private var cell = ""
    private var inCell = false
    private var headerRow = false
    private var droppedRows = 0
    private var href: String?
    private var inTabs = false
    private var tabText = ""
    private var divDepth = 0
    private var containerDepth: Int?
    private var sectionIndex = 0
    private var headingLevel = 0

    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "blockquote", "figure",
        "figcaption", "details", "summary", "form", "fieldset", "dl", "dt", "dd", "address", "center", "body", "html",
    ]

    init(budget: DeckBudget) { self.budget = budget }

    mutating func handle(_ token: HTMLToken) {
        switch token {
        case .text(let t): appendText(t)
        case .start(let name, let attrs): start(name, attrs)
        case .end(let name): end(name)
        }
    }

    private mutating func appendText(_ t: String) {
        if preDepth > 0 {
            if tableDepth > 0 && inCell { cell += t } else { preText += t }
            return
        }
        if inTabs {
            tabText += t
            return
        }
        for u in t.unicodeScalars {
            if Self.isSpace(u) {
                pendingSpace = true
                continue
            }
            if tableDepth > 0 && inCell {
                if pendingSpace && !cell.isEmpty { cell += " " }
                cell.unicodeScalars.append(u)
            } else {
                if pendingSpace && !inline.isEmpty { inline += " " }
                inline.unicodeScalars.append(u)
            }
            pendingSpace = false
        }
    }

    private mutating func start(_ name: String, _ attrs: [String: String]) {
        switch name {
        case "br":
            if tableDepth > 0 && inCell { cell += " " } else if preDepth > 0 { preText += "\n" } else { flush(); pendingSpace = false }
        case "hr": flush(); blocks.append(.rule)
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if tableDepth == 0 {
                flush()
                headingLevel = Int(String(name.dropFirst())) ?? 1
            }
        case "ul", "ol":
            if attrs["id"] == "flyte-frame-tabs" {
                inTabs = true
                return
            }
            flush()
            if lists.count < 16 { lists.append((name == "ol", Int(attrs["start"] ?? "") ?? 1)) }
        case "li":
            if inTabs {
                tabText = ""
                return
            }
            guard tableDepth == 0 else { return appendText(" ") }
            flush()
            if var top = lists.popLast() {
                bullet = top.ordered ? "\(top.next)." : "•"
                top.next += 1
                lists.append(top)
            } else {
                bullet = "•"
            }
        case "pre":
            if tableDepth == 0 { flush() }
            preDepth += 1
        case "table":
            if tableDepth == 0 {
                flush()
                rows = []
                droppedRows = 0
                headerRow = false
            } else if inCell {
                cell += " "
            }
            tableDepth += 1
        case "tr":
            if tableDepth == 1 {
                endRow()
                row = []
            } else if tableDepth > 1 {
                cell += " "
            }
        case "td", "th":
            if tableDepth == 1 {
                endCell()
                inCell = true
                cell = ""
                if name == "th" && rows.isEmpty { headerRow = true }
            } else if tableDepth > 1 {
                cell += " "
            }
        case "a":
            if let h = attrs["href"], !h.isEmpty, !h.hasPrefix("#"), !h.lowercased().hasPrefix("javascript:") { href = h }
        case "img":
            let alt = attrs["alt"] ?? attrs["title"] ?? ""
            appendText(" [image" + (alt.isEmpty ? "" : ": " + alt) + "] ")
        case "div":
            if tableDepth == 0 { flush() }
            divDepth += 1
            if attrs["id"] == "flyte-frame-container" {
                containerDepth = divDepth
            } else if let c = containerDepth, divDepth == c + 1 {
                let title = sectionIndex < tabNames.count ? tabNames[sectionIndex] : "tab \(sectionIndex + 1)"
                sectionIndex += 1
                blocks.append(.section(title))
            }
        default:
            if Self.blockElements.contains(name) && tableDepth == 0 { flush() }
        }
    }

    private mutating func end(_ name: String) {
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if tableDepth == 0 { flush() }
        case "ul", "ol":
            if inTabs {
                inTabs = false
                return
            }
            flush()
            _ = lists.popLast()
        case "li":
            if inTabs {
                let name = collapse(tabText)
                tabNames.append(name.isEmpty ? "tab \(tabNames.count + 1)" : name)
                return
            }
            if tableDepth == 0 { flush() }
        case "pre":
            guard preDepth > 0 else { return }
            preDepth -= 1
            if preDepth == 0 && tableDepth == 0 {
                var lines = preText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if lines.first?.isEmpty == true { lines.removeFirst() }
                if lines.last?.isEmpty == true { lines.removeLast() }
                blocks.append(.pre(lines))
                preText = ""
            }
        case "td", "th":
            if tableDepth == 1 { endCell() }
        case "tr":
            if tableDepth == 1 { endRow() }
        case "table":
            guard tableDepth > 0 else { return }
            tableDepth -= 1
            if tableDepth == 0 {
                endRow()
                if !rows.isEmpty { blocks.append(.table(rows: rows, header: headerRow, droppedRows: droppedRows)) }
                rows = []
            }
        case "a":
            if let h = href {
                let n = (links.firstIndex(of: h) ?? { links.append(h); return links.count - 1 }()) + 1
                if tableDepth > 0 && inCell { cell += "[\(n)]" } else { inline += "[\(n)]" }
                href = nil
            }
        case "div":
            if tableDepth == 0 { flush() }
            divDepth = max(0, divDepth - 1)
            if let c = containerDepth, divDepth < c { containerDepth = nil }
        default:
            if Self.blockElements.contains(name) && tableDepth == 0 { flush() }
        }
    }

    private mutating func endCell() {
        if inCell {
            row.append(cell.trimmingSpaces())
            cell = ""
            inCell = false
        }
    }

    private mutating func endRow() {
        endCell()
        if !row.isEmpty {
            if rows.count < budget.tableRows { rows.append(row) } else { droppedRows += 1 }
        }
        row = []
    }

    /// Ends the current paragraph (or heading).
    private mutating func flush() {
        let text = inline.trimmingSpaces()
        if !text.isEmpty {
            if headingLevel > 0 {
                blocks.append(.heading(level: headingLevel, text: text))
            } else {
                blocks.append(.paragraph(text: text, indent: max(0, lists.count - 1) * 2, bullet: bullet))
            }
        }
        headingLevel = 0
        inline = ""
        bullet = ""
        pendingSpace = false
    }

    mutating func finish() {
        endRow()
        if tableDepth > 0 && !rows.isEmpty { blocks.append(.table(rows: rows, header: headerRow, droppedRows: droppedRows)) }
        if preDepth > 0 && !preText.isEmpty { blocks.append(.pre(preText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))) }
        flush()
    }

    /// HTML's ASCII whitespace: runs of it collapse to one space outside `pre`.
    static func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\n" || u == "\t" || u == "\r" || u == "\u{0C}" }

    private func collapse(_ s: String) -> String {
        s.unicodeScalars.split(whereSeparator: Self.isSpace).map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces (collapsed HTML text has no other whitespace).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        while s.first == " " { s = s.dropFirst() }
        return String(s)
    }
}
