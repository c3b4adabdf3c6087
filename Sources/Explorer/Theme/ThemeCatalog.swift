/// The themes flytrap knows: the shipped ones and the user's (`$XDG_CONFIG_HOME/flytrap/themes/*.yaml`), with
/// inheritance resolved (a partial file inherits from `inherits:`, else from `default`).
public struct ThemeCatalog: Sendable {
    /// Theme sources by name: the YAML text and where it came from (for error messages).
    public var sources: [String: (text: String, origin: String)]

    public init(user: [String: (text: String, origin: String)] = [:]) {
        var s: [String: (text: String, origin: String)] = [:]
        for (name, text) in BuiltinThemes.files { s[name] = (text, "Themes/\(name).yaml (built in)") }
        for (name, v) in user { s[name] = v }
        sources = s
    }

    /// Every theme name, shipped ones first in a fixed order, then the user's.
    public var names: [String] {
        let shipped = ["default", "light", "ansi-16", "monochrome", "high-contrast", "solarized-dark", "transparent"]
        return shipped.filter { sources[$0] != nil } + sources.keys.filter { !shipped.contains($0) }.sorted()
    }

    /// The theme called `name`, fully resolved.
    public func theme(named name: String) throws(ThemeParser.Failure) -> Theme {
        try resolve(name, seen: [])
    }

    /// Parses a theme from a file outside the catalog (`--theme ./mine.yaml`).
    public func theme(text: String, origin: String, name: String) throws(ThemeParser.Failure) -> Theme {
        let p = try ThemeParser.parse(text, source: origin)
        let parentName = p.inherits ?? "default"
        let parent = try resolve(parentName, seen: [name])
        return try ThemeParser.resolve(p, parent: parent, fallbackName: name)
    }

    private func resolve(_ name: String, seen: [String]) throws(ThemeParser.Failure) -> Theme {
        guard let src = sources[name] else {
            throw ThemeParser.Failure(message: "theme '\(name)': no such theme (known: \(names.joined(separator: ", ")))")
        }
        guard !seen.contains(name) else {
            throw ThemeParser.Failure(message: "\(src.origin): inherits: a cycle (\((seen + [name]).joined(separator: " → ")))")
        }
        let p = try ThemeParser.parse(src.text, source: src.origin)
        if name == "default" && p.inherits == nil { return try ThemeParser.resolve(p, parent: nil, fallbackName: name) }
        let parent = try resolve(p.inherits ?? "default", seen: seen + [name])
        return try ThemeParser.resolve(p, parent: parent, fallbackName: name)
    }
}
