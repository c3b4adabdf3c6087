@preconcurrency import CCurses
import Foundation

/// The ncurses backend: wide characters, the terminal's default colours, a 25 ms Esc delay, colour pairs allocated
/// on demand, and the terminal restored on exit, on SIGINT/SIGTERM/SIGHUP (via the loop) and on a crash.
public final class CursesTerminal: TerminalBackend {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case cannotStart(term: String)
        public var description: String {
            switch self {
            case .notATerminal: "standard input and output must be a terminal to open the explorer (try `flytrap get runs`)"
            case .cannotStart(let term): "ncurses cannot drive TERM=\(term) (is the terminfo entry installed?)"
            }
        }
    }

    private var screen: OpaquePointer?
    private var win: UnsafeMutablePointer<WINDOW>?
    public private(set) var colorDepth: ColorDepth
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var maxPairs: Int32 = 0
    private var shown: [[Cell]] = []
    private var stopped = false
    private var pendingRaw: [String] = []
    private let mouse: Bool

    private struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    /// Starts curses on the controlling terminal. `forceMonochrome` draws attributes only (`NO_COLOR`, monochrome).
    public init(env: [String: String], mouse: Bool, forceMonochrome: Bool) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw StartError.notATerminal }
        setlocale(LC_ALL, "")
        let term = env["TERM"] ?? ""
        guard let s = newterm(nil, stdout, stdin) else { throw StartError.cannotStart(term: term) }
        screen = s
        set_term(s)
        win = stdscr
        self.mouse = mouse
        ccurses_set_active(1)
        cbreak()
        noecho()
        nonl()
        intrflush(stdscr, false)
        keypad(stdscr, true)
        nodelay(stdscr, true)
        curs_set(0)
        set_escdelay(25)
        if mouse {
            mousemask(mmask_t(ccurses_mouse_button1() | ccurses_mouse_wheel_up() | ccurses_mouse_wheel_down()), nil)
            mouseinterval(0)
        }
        var depth = ColorDepth.none
        if !forceMonochrome, term != "dumb", has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth.detect(colors: Int(COLORS), env: env)
            maxPairs = COLOR_PAIRS
        }
        colorDepth = depth
    }

    deinit { stop() }

    public var width: Int { win.map { Int(getmaxx($0)) } ?? 0 }
    public var height: Int { win.map { Int(getmaxy($0)) } ?? 0 }

    public func invalidate() {
        shown = []
        if let w = win { clearok(w, true) }
    }

    public func present(_ canvas: Canvas) {
        guard let w = win, !stopped else { return }
        if shown.count != canvas.height || shown.first?.count != canvas.width {
            shown = Array(repeating: [], count: canvas.height)
            werase(w)
        }
        for y in 0..<canvas.height {
            let row = Array(canvas.cells[(y * canvas.width)..<((y + 1) * canvas.width)])
            if shown[y] == row { continue }
            drawRow(row, y: y, window: w)
            shown[y] = row
        }
        wnoutrefresh(w)
        doupdate()
        if !pendingRaw.isEmpty {
            for s in pendingRaw { FileHandle.standardOutput.write(Data(s.utf8)) }
            pendingRaw = []
        }
    }

    private func drawRow(_ row: [Cell], y: Int, window w: UnsafeMutablePointer<WINDOW>) {
        var x = 0
        while x < row.count {
            let style = row[x].style
            var text: [wchar_t] = []
            let start = x
            while x < row.count, row[x].style == style {
                if !row[x].isContinuation {
                    for u in row[x].text.unicodeScalars { text.append(wchar_t(bitPattern: u.value)) }
                }
                x += 1
            }
            apply(style, window: w)
            text.withUnsafeBufferPointer { buf in
                _ = mvwaddnwstr(w, Int32(y), Int32(start), buf.baseAddress, Int32(buf.count))
            }
        }
    }

    private func apply(_ style: CellStyle, window w: UnsafeMutablePointer<WINDOW>) {
        var attrs: UInt32 = 0
        let a = style.attributes
        if a.contains(.bold) { attrs |= ccurses_attr_bold() }
        if a.contains(.dim) { attrs |= ccurses_attr_dim() }
        if a.contains(.underline) { attrs |= ccurses_attr_underline() }
        if a.contains(.reverse) { attrs |= ccurses_attr_reverse() }
        if a.contains(.italic) { attrs |= ccurses_attr_italic() }
        var pair: Int32 = 0
        if colorDepth != .none {
            let fg = index(colorDepth.fit(style.fg))
            let bg = index(colorDepth.fit(style.bg))
            if fg != -1 || bg != -1 { pair = pairNumber(fg: fg, bg: bg) }
        }
        wattr_set(w, attr_t(attrs), Int16(truncatingIfNeeded: min(pair, Int32(Int16.max))), &pair)
    }

    private func index(_ c: TermColor?) -> Int32 {
        switch c {
        case .none, .terminalDefault?: -1
        case .ansi(let n)?: COLORS >= 16 ? Int32(n) : Int32(n % 8)
        case .indexed(let i)?: Int32(i) < COLORS ? Int32(i) : Int32(ColorDepth.ansi16(ofIndexed: i) % 8)
        case .rgb(let r, let g, let b)?: Int32(ColorDepth.indexed256(r, g, b))
        }
    }

    private func pairNumber(fg: Int32, bg: Int32) -> Int32 {
        let k = PairKey(fg: fg, bg: bg)
        if let p = pairs[k] { return p }
        guard nextPair < maxPairs else { return 0 }
        let p = nextPair
        nextPair += 1
        init_extended_pair(p, fg, bg)
        pairs[k] = p
        return p
    }

    public func wait(timeoutMs: Int32, wakeFD: Int32) {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, nfds_t(wakeFD >= 0 ? 2 : 1), timeoutMs)
    }

    public func readKeys() -> [Key] {
        guard let w = win, !stopped else { return [] }
        var keys: [Key] = []
        while keys.count < 512 {
            var ch: wint_t = 0
            let r = wget_wch(w, &ch)
            if r == ERR { break }
            if r == KEY_CODE_YES {
                if UInt32(ch) == KeyDecoder.Code.mouse {
                    if let m = readMouse() { keys.append(.mouse(m)) }
                } else if let k = KeyDecoder.functionKey(UInt32(ch)) {
                    keys.append(k)
                }
            } else if let k = KeyDecoder.character(UInt32(ch)) {
                keys.append(k)
            }
        }
        return keys
    }

    private func readMouse() -> MouseEvent? {
        var x: Int32 = 0, y: Int32 = 0
        var b: UInt = 0
        guard ccurses_get_mouse(&x, &y, &b) == 0 else { return nil }
        if b & ccurses_mouse_wheel_up() != 0 { return MouseEvent(x: Int(x), y: Int(y), button: .wheelUp) }
        if ccurses_mouse_wheel_down() != 0, b & ccurses_mouse_wheel_down() != 0 { return MouseEvent(x: Int(x), y: Int(y), button: .wheelDown) }
        if b & ccurses_mouse_button1() != 0 { return MouseEvent(x: Int(x), y: Int(y), button: .left) }
        return nil
    }

    public func writeRaw(_ s: String) { pendingRaw.append(s) }

    public func stop() {
        guard !stopped else { return }
        stopped = true
        if mouse { mousemask(0, nil) }
        endwin()
        ccurses_set_active(0)
        if let s = screen { delscreen(s) }
        screen = nil
        win = nil
        // Show the cursor and leave the alternate screen even if terminfo lacked the capability.
        FileHandle.standardOutput.write(Data("\u{1B}[?25h".utf8))
    }
}
