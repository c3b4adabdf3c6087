import Explorer
import Foundation
import Terminal
import Testing

@Suite("Themes")
struct ThemeTests {
    static let repoThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes").standardized

    @Test("the issue's seven themes ship, resolve, and set every key")
    func shipped() throws {
        let cat = ThemeCatalog()
        for name in ["default", "light", "ansi-16", "monochrome", "high-contrast", "solarized-dark", "transparent"] {
            let t = try cat.theme(named: name)
            #expect(t.name == name)
            for k in ThemeKey.all { _ = t[k] }
        }
    }

    @Test("the embedded themes are exactly Themes/*.yaml (scripts/embed-themes)")
    func embeddedMatchFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repoThemes.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { ($0 as NSString).deletingPathExtension }) == Set(BuiltinThemes.files.keys))
        for f in files {
            let text = try String(contentsOf: Self.repoThemes.appendingPathComponent(f), encoding: .utf8)
            #expect(BuiltinThemes.files[(f as NSString).deletingPathExtension] == text, "\(f) differs: run scripts/embed-themes")
        }
    }

    @Test("default sets every key itself; a partial theme inherits the rest")
    func inheritance() throws {
        let text = BuiltinThemes.files["default"]!
        for k in ThemeKey.all { #expect(text.contains("  \(k):"), "default.yaml lacks \(k)") }
        let cat = ThemeCatalog(user: ["mine": ("styles:\n  phase.failed: { fg: \"#ff0000\" }\n", "mine.yaml")])
        let mine = try cat.theme(named: "mine")
        let def = try cat.theme(named: "default")
        #expect(mine[.phase(.failed)].fg == .rgb(255, 0, 0))
        #expect(mine[.phase(.failed)].bg == def[.phase(.failed)].bg)
        #expect(mine[.phase(.failed)].attributes == def[.phase(.failed)].attributes)
        #expect(mine[.title] == def[.title])
    }

    @Test("a bad theme file names the key and what is wrong")
    func errors() {
        func message(_ yaml: String) -> String {
            do { _ = try ThemeCatalog(user: ["bad": (yaml, "bad.yaml")]).theme(named: "bad"); return "" } catch { return error.message }
        }
        #expect(message("styles:\n  phase.failde: { fg: red }\n").contains("styles.phase.failde: unknown style key"))
        #expect(message("styles:\n  body: { fg: reddish }\n").contains("styles.body.fg: 'reddish' is not a colour"))
        #expect(message("styles:\n  body: { attrs: [blink] }\n").contains("styles.body.attrs: 'blink'"))
        #expect(message("colour: none\n").contains("colour: unknown key"))
        #expect(message("inherits: bad\n").contains("cycle"))
        #expect(message("styles: [").contains("not valid YAML"))
    }

    @Test("colours parse as names, palette indexes and hex")
    func colours() {
        #expect(ThemeParser.color("default") == .terminalDefault)
        #expect(ThemeParser.color("red") == .ansi(1))
        #expect(ThemeParser.color("bright-red") == .ansi(9))
        #expect(ThemeParser.color("color208") == .indexed(208))
        #expect(ThemeParser.color("#0af") == .rgb(0, 0xAA, 0xFF))
        #expect(ThemeParser.color("color256") == nil)
        #expect(ThemeParser.color("#12345") == nil)
    }

    @Test("monochrome and ansi-16 use no 24-bit colour; monochrome draws attributes only")
    func restricted() throws {
        let cat = ThemeCatalog()
        let mono = try cat.theme(named: "monochrome")
        for k in ThemeKey.all { #expect(mono[k].fg == .terminalDefault && mono[k].bg == .terminalDefault) }
        #expect(mono[.selection].attributes.contains(.reverse))
        let ansi = try cat.theme(named: "ansi-16")
        for k in ThemeKey.all {
            for c in [ansi[k].fg, ansi[k].bg] {
                switch c {
                case .terminalDefault, .ansi: break
                default: Issue.record("ansi-16 \(k) uses \(c)")
                }
            }
        }
    }

    @Test("every phase and object state has a distinct word or symbol, so colour is never the only signal")
    func wordsNotJustColour() {
        let phaseWords = Set(FlyteModel.Phase.allCases.map { $0.symbol() + $0.name })
        #expect(phaseWords.count == FlyteModel.Phase.allCases.count)
        let states: [ObjectState?] = [nil, .present(.init(size: 1)), .notFound(reason: ""), .denied(reason: ""), .unavailable(reason: ""), .unknown(reason: "")]
        let words = Set(states.map { objectStateText($0, ascii: true).split(separator: " ").dropFirst().first.map(String.init) ?? "" })
        #expect(words.count == states.count)
    }
}

import FlyteModel
