// Hand-written: the package mirror has XML parsers but no HTML parser, and Decks are HTML written by users' code,
// often malformed. This tokenizer is forgiving (unterminated tags and comments end the input quietly), linear in
// the input, and never builds a DOM.

/// One piece of an HTML document.
enum HTMLToken {
    case start(name: String, attributes: [String: String])
    case end(name: String)
    case text(String)
}

/// Splits HTML into tags and text, decoding entities; script and style contents are skipped.
struct HTMLTokenizer {
    /// Elements whose content is never shown.
    static let dropped: Set<String> = ["script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object"]
    /// Elements whose content is raw text (no tags inside).
    static let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp"]

    /// Calls `emit` for each token of `bytes[0..<limit]`.
    static func tokenize(_ buf: UnsafeBufferPointer<UInt8>, limit: Int, emit: (HTMLToken) -> Void) {
        let end = min(limit, buf.count)
        var pos = 0
        var textStart = 0
        var dropDepth = 0  // > 0 inside <head>, <svg>…: text and tags are skipped until the matching end

        func flushText(_ upTo: Int) {
            if upTo > textStart && dropDepth == 0 {
                emit(.text(HTMLEntities.decode(String(decoding: UnsafeBufferPointer(rebasing: buf[textStart..<upTo]), as: UTF8.self))))
            }
        }

        while pos < end {
            guard buf[pos] == UInt8(ascii: "<"), pos + 1 < end else {
                pos += 1
                continue
            }
            let next = buf[pos + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                flushText(pos)
                if pos + 3 < end && buf[pos + 2] == UInt8(ascii: "-") && buf[pos + 3] == UInt8(ascii: "-") {
                    pos = find(buf, "-->", from: pos + 4, end: end).map { $0 + 3 } ?? end
                } else {
                    pos = find(buf, ">", from: pos + 2, end: end).map { $0 + 1 } ?? end
                }
                textStart = pos
                continue
            }
            let isEnd = next == UInt8(ascii: "/")
            let nameStart = pos + (isEnd ? 2 : 1)
            guard nameStart < end, isLetter(buf[nameStart]) else {
                pos += 1  // a lone "<" is text
                continue
            }
            flushText(pos)
            var p = nameStart
            while p < end, isNameByte(buf[p]) { p += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: buf[nameStart..<p]), as: UTF8.self).lowercased()
            guard let close = tagEnd(buf, from: p, end: end) else {
                pos = end  // an unterminated tag: the rest is not shown
                textStart = end
                break
            }
            if isEnd {
                if dropped.contains(name) { dropDepth = max(0, dropDepth - 1) } else if dropDepth == 0 { emit(.end(name: name)) }
                pos = close + 1
                textStart = pos
                continue
            }
            let selfClosing = close > p && buf[close - 1] == UInt8(ascii: "/")
            let attrs = dropDepth == 0 ? attributes(buf, p..<(selfClosing ? close - 1 : close)) : [:]
            pos = close + 1
            if rawText.contains(name) && !selfClosing {
                let closeTag = find(buf, "</" + name, from: pos, end: end, caseInsensitive: true) ?? end
                if !dropped.contains(name) && dropDepth == 0 {
                    emit(.start(name: name, attributes: attrs))
                    emit(.text(HTMLEntities.decode(String(decoding: UnsafeBufferPointer(rebasing: buf[pos..<closeTag]), as: UTF8.self))))
                    emit(.end(name: name))
                }
                pos = closeTag < end ? (find(buf, ">", from: closeTag, end: end).map { $0 + 1 } ?? end) : end
            } else if dropped.contains(name) {
                if !selfClosing { dropDepth += 1 }
            } else if dropDepth == 0 {
                emit(.start(name: name, attributes: attrs))
            }
            textStart = pos
        }
        if textStart < end { flushText(end) }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    private static func isNameByte(_ b: UInt8) -> Bool { isLetter(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: ":") }

    /// The index of the `>` that ends a tag, skipping quoted attribute values.
    private static func tagEnd(_ buf: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int? {
        var p = from
        var quote: UInt8 = 0
        while p < end {
            let b = buf[p]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                return p
            }
            p += 1
        }
        return nil
    }

    /// Attribute names (lowercased) and decoded values of a start tag.
    private static func attributes(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [String: String] {
        var out: [String: String] = [:]
        var p = range.lowerBound
        let end = range.upperBound
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == UInt8(ascii: "/") }
        while p < end && out.count < 32 {
            while p < end && isSpace(buf[p]) { p += 1 }
            let ns = p
            while p < end && !isSpace(buf[p]) && buf[p] != UInt8(ascii: "=") { p += 1 }
            guard p > ns else { break }
            let name = String(decoding: UnsafeBufferPointer(rebasing: buf[ns..<p]), as: UTF8.self).lowercased()
            var value = ""
            if p < end && buf[p] == UInt8(ascii: "=") {
                p += 1
                if p < end && (buf[p] == UInt8(ascii: "\"") || buf[p] == UInt8(ascii: "'")) {
                    let q = buf[p]
                    let vs = p + 1
                    p = vs
                    while p < end && buf[p] != q { p += 1 }
                    value = String(decoding: UnsafeBufferPointer(rebasing: buf[vs..<p]), as: UTF8.self)
                    p = min(end, p + 1)
                } else {
                    let vs = p
                    while p < end && !isSpace(buf[p]) { p += 1 }
                    value = String(decoding: UnsafeBufferPointer(rebasing: buf[vs..<p]), as: UTF8.self)
                }
            }
            if value.utf8.count <= 8_192 { out[name] = HTMLEntities.decode(value) }
        }
        return out
    }

    /// The first index of `needle` in `buf[from..<end]`.
    static func find(_ buf: UnsafeBufferPointer<UInt8>, _ needle: String, from: Int, end: Int, caseInsensitive: Bool = false) -> Int? {
        let n = Array(needle.utf8)
        guard !n.isEmpty, end - from >= n.count else { return nil }
        var i = from
        let last = end - n.count
        while i <= last {
            var j = 0
            while j < n.count {
                let a = buf[i + j], b = n[j]
                if a != b && !(caseInsensitive && (a | 0x20) == (b | 0x20) && isLetter(b)) { break }
                j += 1
            }
            if j == n.count { return i }
            i += 1
        }
        return nil
    }
}
