import Terminal
import Yams

/// Reads theme files. A theme is YAML: `name`, `description`, optional `inherits` (default: `default`), optional
/// `color: none` (attributes only), and `styles:` mapping keys (`phase.failed`, `object.not_found`, …) to
/// `{fg, bg, attrs}`. Missing keys inherit; unknown keys and bad values are errors that name the key.
public enum ThemeParser {
    /// A theme file that could not be read, with the file and key it is about.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { message }
    }

    /// What a file says, before inheritance is resolved.
    public struct Partial: Sendable, Equatable {
        public var name: String?
        public var description: String?
        public var inherits: String?
        public var usesColor: Bool?
        public var styles: [ThemeKey: StyleSpec]
    }

    /// One style entry; unset parts inherit from the parent's entry.
    public struct StyleSpec: Sendable, Equatable {
        public var fg: TermColor?
        public var bg: TermColor?
        public var attributes: TermAttributes?
    }

    /// Parses theme YAML; `source` names the file in errors.
    public static func parse(_ text: String, source: String) throws(Failure) -> Partial {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            throw Failure(message: "\(source): not valid YAML: \(first)")
        }
        var p = Partial(styles: [:])
        guard let root = node else { return p }
        guard let map = root.mapping else { throw Failure(message: "\(source): expected a mapping at the top level") }
        for (k, v) in map {
            guard let key = k.string else { throw Failure(message: "\(source): a top-level key is not a string") }
            switch key {
            case "name": p.name = v.string
            case "description": p.description = v.string
            case "inherits": p.inherits = v.string
            case "color":
                switch v.string {
                case "none": p.usesColor = false
                case "yes", "true", "on": p.usesColor = true
                default: throw Failure(message: "\(source): color: expected 'none' (attributes only) or omit it")
                }
            case "styles":
                guard let sm = v.mapping else { throw Failure(message: "\(source): styles: expected a mapping of style keys") }
                for (sk, sv) in sm {
                    guard let name = sk.string else { throw Failure(message: "\(source): styles: a key is not a string") }
                    guard let tk = ThemeKey.named(name) else {
                        throw Failure(message: "\(source): styles.\(name): unknown style key (see Themes/default.yaml for the list)")
                    }
                    p.styles[tk] = try style(sv, path: "\(source): styles.\(name)")
                }
            default:
                throw Failure(message: "\(source): \(key): unknown key (known: name, description, inherits, color, styles)")
            }
        }
        return p
    }

    static func style(_ node: Node, path: String) throws(Failure) -> StyleSpec {
        guard let m = node.mapping else { throw Failure(message: "\(path): expected {fg, bg, attrs}") }
        var s = StyleSpec()
        for (k, v) in m {
            let key = k.string ?? "?"
            switch key {
            case "fg", "bg":
                guard let text = v.string, let c = color(text) else {
                    throw Failure(message: "\(path).\(key): '\(v.string ?? "?")' is not a colour (use default, a name such as bright-red, color0–color255, or #rrggbb)")
                }
                if key == "fg" { s.fg = c } else { s.bg = c }
            case "attrs":
                var a = TermAttributes()
                let items = v.sequence.map { Array($0) } ?? (v.string.map { [Node.scalar(.init($0))] } ?? [])
                for item in items {
                    switch item.string ?? "" {
                    case "bold": a.insert(.bold)
                    case "dim": a.insert(.dim)
                    case "underline": a.insert(.underline)
                    case "reverse": a.insert(.reverse)
                    case "italic": a.insert(.italic)
                    case "none": break
                    default: throw Failure(message: "\(path).attrs: '\(item.string ?? "?")' is not an attribute (bold, dim, underline, reverse, italic, none)")
                    }
                }
                s.attributes = a
            default:
                throw Failure(message: "\(path).\(key): unknown key (fg, bg, attrs)")
            }
        }
        return s
    }

    static let names: [String: UInt8] = ["black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7]

    /// Parses a colour: `default`, an ANSI name (`red`, `bright-red`, `gray`), `colorN` (0–255) or `#rrggbb`/`#rgb`.
    public static func color(_ text: String) -> TermColor? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "reset" { return .terminalDefault }
        if let n = names[t] { return .ansi(n) }
        if t == "gray" || t == "grey" { return .ansi(8) }
        for prefix in ["bright-", "bright"] where t.hasPrefix(prefix) {
            if let n = names[String(t.dropFirst(prefix.count))] { return .ansi(n + 8) }
        }
        if t.hasPrefix("color"), let n = Int(t.dropFirst(5)), (0...255).contains(n) { return .indexed(UInt8(n)) }
        if t.hasPrefix("#") {
            var hex = String(t.dropFirst())
            if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
            guard hex.count == 6, let v = UInt32(hex, radix: 16) else { return nil }
            return .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
        }
        return nil
    }

    /// Resolves a partial theme against its parent: every key the file leaves out, and every part of a style entry
    /// it leaves out, comes from `parent`.
    public static func resolve(_ p: Partial, parent: Theme?, fallbackName: String) throws(Failure) -> Theme {
        var styles = parent?.styles ?? [:]
        for (k, spec) in p.styles {
            let base = styles[k] ?? CellStyle()
            styles[k] = CellStyle(fg: spec.fg ?? base.fg, bg: spec.bg ?? base.bg, attributes: spec.attributes ?? base.attributes)
        }
        if parent == nil, let missing = ThemeKey.all.first(where: { styles[$0] == nil }) {
            throw Failure(message: "\(fallbackName): styles.\(missing): missing (the base theme must set every key)")
        }
        return Theme(
            name: p.name ?? fallbackName, description: p.description ?? parent?.description ?? "",
            usesColor: p.usesColor ?? parent?.usesColor ?? true, styles: styles)
    }
}

extension Node {
    fileprivate var string: String? { scalar?.string }
}
