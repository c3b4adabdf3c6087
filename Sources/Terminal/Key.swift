/// A key press or terminal event, decoded from what the backend read.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab, delete
    case function(Int)
    case resize
    /// A mouse event at a screen cell (only with `--mouse`).
    case mouse(MouseEvent)

    /// The key as help and key-map files write it: `j`, `ctrl-l`, `pgdn`, `F1`, `esc`.
    public var description: String {
        switch self {
        case .char(" "): "space"
        case .char(let c): String(c)
        case .ctrl(let c): "ctrl-\(c)"
        case .up: "up"
        case .down: "down"
        case .left: "left"
        case .right: "right"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .home: "home"
        case .end: "end"
        case .enter: "enter"
        case .escape: "esc"
        case .backspace: "backspace"
        case .tab: "tab"
        case .backTab: "shift-tab"
        case .delete: "del"
        case .function(let n): "F\(n)"
        case .resize: "resize"
        case .mouse(let m): "mouse(\(m.x),\(m.y))"
        }
    }

    /// Parses a key name as `description` writes it (for key overrides in the config file).
    public init?(name: String) {
        let n = name.trimmingCharacters(in: .whitespaces)
        let named: [String: Key] = [
            "space": .char(" "), "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp,
            "pgdn": .pageDown, "home": .home, "end": .end, "enter": .enter, "esc": .escape, "backspace": .backspace,
            "tab": .tab, "shift-tab": .backTab, "del": .delete,
        ]
        if let k = named[n.lowercased()] {
            self = k
        } else if n.lowercased().hasPrefix("ctrl-"), n.count == 6, let c = n.last {
            self = .ctrl(Character(c.lowercased()))
        } else if n.count >= 2, n.first == "F" || n.first == "f", let f = Int(n.dropFirst()), (1...24).contains(f) {
            self = .function(f)
        } else if n.count == 1, let c = n.first {
            self = .char(c)
        } else {
            return nil
        }
    }
}

/// A mouse event: where, and which button or wheel.
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable { case left, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var button: Button

    public init(x: Int, y: Int, button: Button) {
        self.x = x
        self.y = y
        self.button = button
    }
}

import Foundation

/// Turns the codes curses' `wget_wch` returns into keys; pure, so it is tested without a terminal.
public enum KeyDecoder {
    /// Curses key codes (`KEY_*` in curses.h) that flytrap handles; the values are fixed by ncurses' ABI.
    public enum Code {
        public static let down: UInt32 = 0o402, up: UInt32 = 0o403, left: UInt32 = 0o404, right: UInt32 = 0o405
        public static let home: UInt32 = 0o406, backspace: UInt32 = 0o407, f0: UInt32 = 0o410
        public static let delete: UInt32 = 0o512, npage: UInt32 = 0o522, ppage: UInt32 = 0o523
        public static let enter: UInt32 = 0o527, btab: UInt32 = 0o541, end: UInt32 = 0o550
        public static let mouse: UInt32 = 0o631, resize: UInt32 = 0o632
    }

    /// Decodes a function-key code (`wget_wch` returned KEY_CODE_YES).
    public static func functionKey(_ code: UInt32) -> Key? {
        switch code {
        case Code.down: .down
        case Code.up: .up
        case Code.left: .left
        case Code.right: .right
        case Code.home: .home
        case Code.end: .end
        case Code.backspace: .backspace
        case Code.delete: .delete
        case Code.npage: .pageDown
        case Code.ppage: .pageUp
        case Code.enter: .enter
        case Code.btab: .backTab
        case Code.resize: .resize
        case Code.f0 + 1...Code.f0 + 24: .function(Int(code - Code.f0))
        default: nil
        }
    }

    /// Decodes a character `wget_wch` returned (OK): control characters become named keys.
    public static func character(_ value: UInt32) -> Key? {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(value + 0x60)!))
        case 0x1C...0x1F: return nil
        default:
            guard let s = Unicode.Scalar(value) else { return nil }
            return .char(Character(s))
        }
    }
}
