import Terminal

/// What a key does. One table (`KeyMap.default`) maps keys to commands per context and also generates `?` help.
public enum Command: String, Sendable, CaseIterable {
    case up, down, pageUp = "page-up", pageDown = "page-down", halfUp = "half-page-up", halfDown = "half-page-down"
    case top, bottom, open, back, quit, help, command, filter, refresh, redraw, copy, presign, lastView = "last-view"
    case sortLeft = "sort-left", sortRight = "sort-right", sortReverse = "sort-reverse"
    case phaseAll = "phase-all", phaseFailed = "phase-failed", phaseActive = "phase-active", phaseSucceeded = "phase-succeeded"
    case section1 = "runs", section2 = "tasks", section3 = "triggers", section4 = "cache"
    case prevAttempt = "previous-attempt", nextAttempt = "next-attempt", focus, collapse, expand, toggle
    case inputs, outputs, deck, errorDoc = "error", peek, searchNext = "search-next", searchPrev = "search-previous"
    case openExternal = "open-in-browser", save, audit, stopAudit = "stop-audit"
}

/// Where a binding applies.
public enum KeyContext: String, Sendable, CaseIterable {
    case global, list, runs, run, payload, deck

    public var title: String {
        switch self {
        case .global: "Everywhere"
        case .list: "Lists"
        case .runs: "Project hub and runs"
        case .run: "Run (tree and detail)"
        case .payload: "Payload"
        case .deck: "Deck"
        }
    }
}

/// One binding: keys, where, what, and the help text.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    public var context: KeyContext
    public var command: Command
    public var help: String
}

/// The key table. Vim keys and arrows both work; a context's bindings win over global ones.
public struct KeyMap: Sendable, Equatable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The command `key` runs in `context` (falling back to list, then global bindings).
    public func command(for key: Key, in context: KeyContext) -> Command? {
        let order: [KeyContext] = context == .global ? [.global] : (context == .list ? [.list, .global] : [context, .list, .global])
        for c in order {
            if let b = bindings.first(where: { $0.context == c && $0.keys.contains(key) }) { return b.command }
        }
        return nil
    }

    /// Rebinds commands from the config's `keys:` map (`command: key` or a list of keys). Unknown commands or keys
    /// are errors that name them.
    public func overriding(_ overrides: [String: [String]]) throws(KeyMapError) -> KeyMap {
        var m = self
        for (name, keyNames) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let cmd = Command(rawValue: name) else { throw KeyMapError(message: "keys.\(name): unknown command (known: \(Command.allCases.map(\.rawValue).joined(separator: ", ")))") }
            var keys: [Key] = []
            for k in keyNames {
                guard let key = Key(name: k) else { throw KeyMapError(message: "keys.\(name): '\(k)' is not a key name (j, ctrl-d, pgdn, F1, esc …)") }
                keys.append(key)
            }
            for i in m.bindings.indices where m.bindings[i].command == cmd { m.bindings[i].keys = keys }
        }
        return m
    }

    private static func b(_ keys: [Key], _ context: KeyContext, _ command: Command, _ help: String) -> KeyBinding {
        KeyBinding(keys: keys, context: context, command: command, help: help)
    }

    public static let `default` = KeyMap(bindings: [
        b([.char("?")], .global, .help, "this help"),
        b([.char(":")], .global, .command, "command line (:projects, :runs p/d /filter, :run NAME, :theme NAME, :q)"),
        b([.escape, .backspace], .global, .back, "back to the previous screen (clears a filter first)"),
        b([.char("-")], .global, .lastView, "reopen the screen you last left"),
        b([.char("q")], .global, .quit, "quit (also :q, ctrl-c)"),
        b([.ctrl("c")], .global, .quit, "quit"),
        b([.ctrl("r")], .global, .refresh, "refresh now"),
        b([.ctrl("l")], .global, .redraw, "redraw the screen"),
        b([.char("y")], .global, .copy, "copy the selected URI or value (OSC 52, works over SSH and tmux)"),
        b([.char("Y")], .global, .presign, "copy a signed URL for the object (1 h, no credentials needed; :presign 15m)"),
        b([.up, .char("k")], .list, .up, "up"),
        b([.down, .char("j")], .list, .down, "down"),
        b([.pageUp, .ctrl("b")], .list, .pageUp, "page up"),
        b([.pageDown, .ctrl("f")], .list, .pageDown, "page down"),
        b([.ctrl("u")], .list, .halfUp, "half a page up"),
        b([.ctrl("d")], .list, .halfDown, "half a page down"),
        b([.home, .char("g")], .list, .top, "first row"),
        b([.end, .char("G")], .list, .bottom, "last row (loads every page)"),
        b([.enter, .right, .char("l")], .list, .open, "open the selected row"),
        b([.char("/")], .list, .filter, "filter rows (regex; !x inverts)"),
        b([.char("!")], .list, .audit, "Fallout: retention audit of the project, domain or runs in view (also :audit)"),
        b([.char("x")], .list, .stopAudit, "Fallout: stop the audit (what it found stays)"),
        b([.char("<")], .runs, .sortLeft, "sort by the column to the left"),
        b([.char(">")], .runs, .sortRight, "sort by the column to the right"),
        b([.char("s")], .runs, .sortReverse, "reverse the sort order"),
        b([.char("A")], .runs, .phaseAll, "runs: every phase"),
        b([.char("F")], .runs, .phaseFailed, "runs: failed and timed out only"),
        b([.char("R")], .runs, .phaseActive, "runs: in flight only"),
        b([.char("S")], .runs, .phaseSucceeded, "runs: succeeded only"),
        b([.char("1")], .runs, .section1, "section Runs"),
        b([.char("2")], .runs, .section2, "section Tasks"),
        b([.char("3")], .runs, .section3, "section Triggers"),
        b([.char("4")], .runs, .section4, "section Cache"),
        b([.tab], .run, .focus, "switch between the tree and the detail pane"),
        b([.char("["), .char("p")], .run, .prevAttempt, "previous attempt"),
        b([.char("]"), .char("n")], .run, .nextAttempt, "next attempt"),
        b([.left, .char("h")], .run, .collapse, "collapse the node (or go to its parent)"),
        b([.right, .char("l")], .run, .expand, "expand the node"),
        b([.char(" ")], .run, .toggle, "collapse or expand the node"),
        b([.char("i")], .run, .inputs, "open the inputs"),
        b([.char("o")], .run, .outputs, "open the outputs"),
        b([.char("d")], .run, .deck, "open the Deck"),
        b([.char("e")], .run, .errorDoc, "open error.pb"),
        b([.enter], .run, .open, "tree: collapse/expand; detail: open the selected object"),
        b([.left, .char("h")], .payload, .collapse, "collapse the value"),
        b([.right, .char("l")], .payload, .expand, "expand the value"),
        b([.enter, .char(" ")], .payload, .toggle, "collapse or expand the value"),
        b([.char("p")], .payload, .peek, "peek at an offloaded value (file, directory, dataframe, offloaded literal)"),
        b([.char("s")], .payload, .save, "save the object to a file"),
        b([.char("/")], .deck, .filter, "search the Deck"),
        b([.char("n")], .deck, .searchNext, "next match"),
        b([.char("N")], .deck, .searchPrev, "previous match"),
        b([.char("o")], .deck, .openExternal, "open the Deck in $BROWSER (when there is a display)"),
        b([.char("s")], .deck, .save, "save the Deck to a file"),
    ])
}

/// A `keys:` override that names an unknown command or key.
public struct KeyMapError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
