import Foundation
import Testing

@testable import FlyteModel

@Suite("Deck rendering")
struct DeckRendererTests {
    @Test("a report made by flyte.report shows its tabs as sections, its text, table and links")
    func sdkReport() throws {
        let dir = try PayloadFixtures.directory()
        let html = [UInt8](try Data(contentsOf: dir.appendingPathComponent("deck_report.html")))
        let expected = try PayloadFixtures.expected("deck_report")
        let deck = DeckRenderer.render(html, width: 200)
        guard case .array(let tabs)? = expected["tabs"], case .array(let texts)? = expected["texts"] else {
            Issue.record("fixture shape")
            return
        }
        #expect(deck.sections.map { Canon.string($0) } == tabs)
        for t in texts {
            guard case .string(let s) = t else { continue }
            #expect(deck.plain.contains(s), "missing \(s)")
        }
        // Section headings appear in tab order, each before its own content.
        let order = tabs.compactMap { t -> String.Index? in
            guard case .string(let s) = t else { return nil }
            return deck.plain.range(of: "━━ " + s + " ")?.lowerBound
        }
        #expect(order.count == tabs.count && order == order.sorted())
        #expect(!deck.plain.contains("handleLinkClick") && !deck.plain.contains("flyte-frame") && !deck.plain.contains("User Content"))
        // The table is aligned: every row has its separator at the same column.
        let rows = deck.lines.filter { $0.style == .table || $0.style == .tableHeader }.map(\.text)
        #expect(rows.count == 4)
        let columns = Set(rows.map { DisplayWidth.of(String($0.prefix { $0 != "│" && $0 != "┼" })) })
        #expect(columns.count == 1)
        #expect(deck.links == ["https://example.com/run"])
    }

    @Test("headings, lists, pre, entities and images")
    func structure() {
        let html = Array("""
        <h1>Title</h1><p>One &amp; two &lt;three&gt; &#x1F680; &eacute;</p>
        <ol><li>first</li><li>second<ul><li>nested</li></ul></li></ol>
        <pre>  keep   spacing\n\tand tabs</pre><img alt="chart"><hr>
        """.utf8)
        let d = DeckRenderer.render(html, width: 80)
        let lines = d.lines.map(\.text)
        #expect(lines.contains("# Title"))
        #expect(lines.contains("One & two <three> 🚀 &eacute;"))
        #expect(lines.contains("1. first") && lines.contains("2. second") && lines.contains("  • nested"))
        #expect(lines.contains("    keep   spacing") && lines.contains("      and tabs"))
        #expect(d.plain.contains("[image: chart]"))
    }

    @Test("paragraphs wrap by display width, wide characters included")
    func wrapping() {
        let words = (0..<40).map { $0 % 2 == 0 ? "東京" : "word" }.joined(separator: " ")
        let d = DeckRenderer.render(Array("<p>\(words)</p>".utf8), width: 20)
        #expect(d.lines.count > 5)
        #expect(d.lines.allSatisfy { DisplayWidth.of($0.text) <= 20 })
    }

    @Test("hostile HTML: unterminated tags and comments, scripts, escapes, a 10 MB line, tables nested 1,000 deep")
    func hostile() {
        let unterminated = DeckRenderer.render(Array("<p>before</p><div class=\"x".utf8))
        #expect(unterminated.plain == "before")
        let comment = DeckRenderer.render(Array("<p>shown</p><!-- never closed <p>hidden</p>".utf8))
        #expect(comment.plain == "shown")
        let script = DeckRenderer.render(Array("<p>a</p><script>document.write('<p>x</p>')</script><style>p{}</style><p>b</p>".utf8))
        #expect(script.lines.map(\.text).filter { !$0.isEmpty } == ["a", "b"])

        let escapes = DeckRenderer.render(Array("<p>\u{1B}[2J\u{1B}]52;c;eA==\u{07} &#27;[31m &#x9b;1m <a href=\"\u{1B}[5m\">l</a></p><table><td>\u{1B}[1m</td></table>".utf8))
        for l in escapes.lines { #expect(!l.text.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(l.text)") }
        #expect(escapes.plain.contains("^[[2J") && escapes.plain.contains("^[[31m"))

        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
        let big = DeckRenderer.render(Array("<p>".utf8) + line, width: 80, budget: DeckBudget(inputBytes: 1 << 20, lines: 1_000))
        #expect(big.lines.count <= 1_002)
        #expect(big.unreadBytes == 10 << 20 + 3 - (1 << 20))
        #expect(big.plain.contains("9.0 MiB of HTML not read"))

        let depth = 1_000
        let nested = String(repeating: "<table><tr><td>", count: depth) + "deep" + String(repeating: "</td></tr></table>", count: depth)
        let t = DeckRenderer.render(Array(nested.utf8))
        #expect(t.lines.filter { $0.style == .table }.map { $0.text.trimmingCharacters(in: .whitespaces) } == ["deep"])
    }

    @Test("looksLikeHTML tells Decks from protobuf")
    func detection() {
        #expect(DeckRenderer.looksLikeHTML(Array("\n<!doctype html><html>".utf8)))
        #expect(DeckRenderer.looksLikeHTML(Array("<div>x</div>".utf8)))
        #expect(!DeckRenderer.looksLikeHTML([0x0A, 0x05, 0x0A, 0x01, 0x78]))
    }
}

@Suite("Fuzzing")
struct FuzzTests {
    @Test("20,000 mutated payloads and Decks decode within budget and render safely")
    func mutationLoop() throws {
        let dir = try PayloadFixtures.directory()
        let seeds = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            .filter { ($0.hasSuffix(".pb") || $0.hasSuffix(".html")) && !$0.hasPrefix("msgpack_kinds") }
            .map { [UInt8](try Data(contentsOf: dir.appendingPathComponent($0))) }
        var f = PayloadFuzzer(seeds: seeds, seed: 0x5EED)
        f.run(20_000)
        #expect(f.failures.isEmpty, "\(f.failures)")
        #expect(f.inputs == 20_000)
        #expect(f.partial > 1_000)  // the mutations do reach the error paths
    }
}
