import Testing

@testable import Terminal

@Suite("Canvas")
struct CanvasTests {
    @Test("text is clipped to the limit and wide characters are never split")
    func wideCharacters() {
        var c = Canvas(width: 6, height: 2)
        #expect(c.draw("東京都", x: 0, y: 0) == 6)
        #expect(c.rows[0] == "東京都")
        #expect(c.draw("ab東京", x: 0, y: 1, limit: 5) == 5)
        #expect(c.rows[1] == "ab東  ")  // 京 would cross column 5: a space fills the gap; column 5 is untouched
        #expect(c[3, 1].isContinuation)
    }

    @Test("control characters from data are drawn visibly")
    func sanitised() {
        var c = Canvas(width: 12, height: 1)
        c.draw("a\u{1B}[2Jb", x: 0, y: 0)
        #expect(c.rows[0] == "a^[[2Jb     ")
        #expect(!c.cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x1B } })
    }

    @Test("combining marks join their base character")
    func combining() {
        var c = Canvas(width: 4, height: 1)
        #expect(c.draw("e\u{301}x", x: 0, y: 0) == 2)
        #expect(c[0, 0].text == "e\u{301}" && c[1, 0].text == "x")
    }

    @Test("drawing outside the grid is ignored")
    func outside() {
        var c = Canvas(width: 3, height: 1)
        #expect(c.draw("abc", x: 0, y: 5) == 0)
        #expect(c.draw("abcdef", x: 1, y: 0) == 2)
        #expect(c.rows == [" ab"])
        c.fill(x: -2, y: -1, width: 10, height: 10, style: CellStyle(attributes: .reverse))
        #expect(c.cells.allSatisfy { $0.style.attributes == .reverse })
    }
}
