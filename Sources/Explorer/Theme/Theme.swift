import Terminal

/// A complete set of styles, one per `ThemeKey`, plus the name it was loaded as.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var description: String
    /// False for themes that use attributes only (monochrome): colours are dropped when drawing.
    public var usesColor: Bool
    var styles: [ThemeKey: CellStyle]

    public init(name: String, description: String, usesColor: Bool, styles: [ThemeKey: CellStyle]) {
        self.name = name
        self.description = description
        self.usesColor = usesColor
        self.styles = styles
    }

    /// The style for `key`; the body style when the theme lacks it (a complete theme never does).
    public subscript(_ key: ThemeKey) -> CellStyle {
        let s = styles[key] ?? styles[.body] ?? .plain
        return usesColor ? s : CellStyle(attributes: s.attributes)
    }

    /// The style for `key` drawn on the background of `base` (for text inside a selected or title row).
    public func style(_ key: ThemeKey, on base: ThemeKey) -> CellStyle {
        var s = self[key]
        let b = self[base]
        s.bg = b.bg
        s.attributes.formUnion(b.attributes.intersection([.reverse]))
        if b.attributes.contains(.reverse) { s = b }
        return s
    }

    /// This theme drawn without colour (for `NO_COLOR`, `TERM=dumb`).
    public var monochrome: Theme {
        var t = self
        t.usesColor = false
        return t
    }
}
