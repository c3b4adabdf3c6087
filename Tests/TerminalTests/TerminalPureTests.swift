import Foundation
import Testing

@testable import Terminal

@Suite("Terminal: keys, colours, OSC 52")
struct TerminalPureTests {
    @Test("curses codes decode to keys (values from ncurses' curses.h)")
    func keys() {
        #expect(KeyDecoder.functionKey(0o402) == .down)
        #expect(KeyDecoder.functionKey(0o522) == .pageDown)
        #expect(KeyDecoder.functionKey(0o410 + 5) == .function(5))
        #expect(KeyDecoder.functionKey(0o632) == .resize)
        #expect(KeyDecoder.character(0x0C) == .ctrl("l"))
        #expect(KeyDecoder.character(0x1B) == .escape)
        #expect(KeyDecoder.character(0x7F) == .backspace)
        #expect(KeyDecoder.character(0x65E5) == .char("日"))
        #expect(Key(name: "ctrl-L") == .ctrl("l"))
        #expect(Key(name: "pgdn") == .pageDown)
        #expect(Key(name: "F12") == .function(12))
        #expect(Key(name: "nonsense") == nil)
    }

    @Test("24-bit colours map onto the xterm 256-colour cube and grey ramp, then onto 16 colours")
    func colours() {
        // xterm-256: 16 + 36r + 6g + b over levels 0,95,135,175,215,255; greys 232–255 = 8 + 10k.
        #expect(ColorDepth.indexed256(255, 0, 0) == 196)
        #expect(ColorDepth.indexed256(0, 0, 0) == 16)
        #expect(ColorDepth.indexed256(95, 135, 175) == 16 + 36 * 1 + 6 * 2 + 3)
        #expect(ColorDepth.indexed256(128, 128, 128) == 244)
        #expect(ColorDepth.ansi16(250, 10, 10) == 9)
        #expect(ColorDepth.ansi16.fit(.indexed(196)) == .ansi(9))
        #expect(ColorDepth.none.fit(.ansi(1)) == nil)
        #expect(ColorDepth.truecolor.fit(.rgb(1, 2, 3)) == .rgb(1, 2, 3))
        #expect(ColorDepth.detect(colors: 256, env: ["COLORTERM": "truecolor"]) == .truecolor)
        #expect(ColorDepth.detect(colors: 8, env: [:]) == .ansi16)
    }

    @Test("OSC 52 is base64 in ESC ] 52 ; c ; … BEL, doubled ESCs inside tmux passthrough, and capped")
    func osc52() {
        #expect(OSC52.sequence(copying: "hello", inTmux: false) == "\u{1B}]52;c;aGVsbG8=\u{07}")
        #expect(OSC52.sequence(copying: "hello", inTmux: true) == "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}\\")
        #expect(OSC52.sequence(copying: String(repeating: "x", count: 100), inTmux: false, limit: 99) == nil)
    }

    @Test("SGR sequences for styles")
    func sgr() {
        #expect(ANSI.sgr(CellStyle(fg: .ansi(9), bg: .terminalDefault, attributes: .bold), depth: .indexed256) == "\u{1B}[0;1;91m")
        #expect(ANSI.sgr(CellStyle(fg: .rgb(255, 0, 0)), depth: .indexed256) == "\u{1B}[0;38;5;196m")
        #expect(ANSI.sgr(CellStyle(fg: .rgb(255, 0, 0), attributes: .reverse), depth: .none) == "\u{1B}[0;7m")
    }
}
