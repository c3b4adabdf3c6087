import Foundation

/// The `/` filter of a list: a case-insensitive regular expression (a plain substring when it is not a valid one),
/// inverted by a leading `!`.
public struct ListFilter: Sendable, Equatable {
    public let text: String
    public let inverted: Bool
    private let pattern: String
    private let regex: NSRegularExpression?
    /// The pattern's bytes, lowercased, when it is plain ASCII text with no regex syntax: matched without
    /// Foundation (a filter over 10,000 rows runs on every keystroke).
    private let asciiLiteral: [UInt8]?

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        self.text = t
        inverted = t.hasPrefix("!")
        pattern = inverted ? String(t.dropFirst()).trimmingCharacters(in: .whitespaces) : t
        let plain = pattern.utf8.allSatisfy { $0 < 0x80 && !Self.regexSyntax.contains($0) }
        asciiLiteral = plain ? pattern.utf8.map(Self.lower) : nil
        regex = plain ? nil : try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    private static let regexSyntax = Set("\\^$.|?*+()[]{}".utf8)
    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    /// Whether the filter was read as a regular expression (false: a literal substring).
    public var isRegex: Bool { regex != nil || asciiLiteral != nil }

    /// Whether a row whose searchable text is `haystack` passes.
    public func matches(_ haystack: String) -> Bool {
        inverted ? !hits(haystack) : hits(haystack)
    }

    /// Whether the pattern occurs in `haystack` (before `!` inverts it).
    public func hits(_ haystack: String) -> Bool {
        let hit: Bool
        if pattern.isEmpty {
            hit = true
        } else if let needle = asciiLiteral {
            hit = Self.contains(haystack, needle)
        } else if let r = regex {
            hit = r.firstMatch(in: haystack, range: NSRange(haystack.startIndex..., in: haystack)) != nil
        } else {
            hit = haystack.range(of: pattern, options: .caseInsensitive) != nil
        }
        return hit
    }

    /// `hits` for text that is already lowercased (a list's search index): a plain pattern is a `memmem`.
    public func hits(inLowercased haystack: String) -> Bool {
        guard let needle = asciiLiteral, !needle.isEmpty else { return hits(haystack) }
        var h = haystack
        return h.withUTF8 { hay in
            guard let base = hay.baseAddress, hay.count >= needle.count else { return false }
            return needle.withUnsafeBytes { n in
                let first = Int32(needle[0])
                var p = UnsafeRawPointer(base)
                let last = UnsafeRawPointer(base) + (hay.count - needle.count)
                while p <= last {
                    guard let q = memchr(p, first, last - p + 1) else { return false }
                    if memcmp(q, n.baseAddress!, needle.count) == 0 { return true }
                    p = UnsafeRawPointer(q) + 1
                }
                return false
            }
        }
    }

    /// ASCII case-insensitive substring search over UTF-8 (non-ASCII bytes only ever match themselves).
    private static func contains(_ haystack: String, _ needle: [UInt8]) -> Bool {
        var h = haystack
        return h.withUTF8 { hay in
            let n = needle.count
            guard hay.count >= n else { return false }
            let first = needle[0]
            var i = 0
            while i <= hay.count - n {
                if lower(hay[i]) == first {
                    var j = 1
                    while j < n && lower(hay[i + j]) == needle[j] { j += 1 }
                    if j == n { return true }
                }
                i += 1
            }
            return false
        }
    }

    public static func == (a: ListFilter, b: ListFilter) -> Bool { a.text == b.text }
}
