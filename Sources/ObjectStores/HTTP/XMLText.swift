import Foundation

/// The little XML flytrap reads from S3 (listings, error documents, lifecycle configurations): the text of flat
/// `<Tag>…</Tag>` elements and XML character references. Hand-written: no XML parser is in the package set, and these
/// documents are flat enough that finding tags is the whole job.
public enum XMLText {
    /// The contents of every `<tag>…</tag>` in `s`, in order (not nested inside each other).
    public static func elements(_ tag: String, in s: Substring) -> [Substring] {
        var out: [Substring] = []
        var rest = s
        while let a = rest.range(of: "<\(tag)>"), let b = rest.range(of: "</\(tag)>", range: a.upperBound..<rest.endIndex) {
            out.append(rest[a.upperBound..<b.lowerBound])
            rest = rest[b.upperBound...]
        }
        return out
    }

    /// The contents of the first `<tag>…</tag>` in `s`.
    public static func first(_ tag: String, in s: Substring) -> Substring? {
        guard let a = s.range(of: "<\(tag)>"), let b = s.range(of: "</\(tag)>", range: a.upperBound..<s.endIndex) else { return nil }
        return s[a.upperBound..<b.lowerBound]
    }

    /// Text with XML character references resolved, as S3 writes them.
    public static func unescape(_ s: Substring) -> String {
        guard s.contains("&") else { return String(s) }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#13;", with: "\r").replacingOccurrences(of: "&amp;", with: "&")
    }
}
