import Foundation

/// The `/` filter of a list: a case-insensitive regular expression (a plain substring when it is not a valid one),
/// inverted by a leading `!`.
public struct ListFilter: Sendable, Equatable {
    public let text: String
    public let inverted: Bool
    private let pattern: String
    private let regex: NSRegularExpression?

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        self.text = t
        inverted = t.hasPrefix("!")
        pattern = inverted ? String(t.dropFirst()).trimmingCharacters(in: .whitespaces) : t
        regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    /// Whether the filter was read as a regular expression (false: a literal substring).
    public var isRegex: Bool { regex != nil }

    /// Whether a row whose searchable text is `haystack` passes.
    public func matches(_ haystack: String) -> Bool {
        let hit: Bool
        if pattern.isEmpty {
            hit = true
        } else if let r = regex {
            hit = r.firstMatch(in: haystack, range: NSRange(haystack.startIndex..., in: haystack)) != nil
        } else {
            hit = haystack.range(of: pattern, options: .caseInsensitive) != nil
        }
        return inverted ? !hit : hit
    }

    public static func == (a: ListFilter, b: ListFilter) -> Bool { a.text == b.text }
}
