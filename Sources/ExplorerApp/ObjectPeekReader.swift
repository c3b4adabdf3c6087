import Explorer
import FlyteModel
import Foundation
import ObjectStores

/// Reads the first bytes of any object (or lists a prefix) for the object screen: text as text, binary as hex.
enum ObjectPeekReader {
    static let bytes = 4096

    static func peek(_ uri: String, objects: ObjectRouter) -> ObjectPeek {
        let state = objects.head(uri)
        guard case .present(let info) = state else { return ObjectPeek(state: state, lines: []) }
        if info.isPrefix || uri.hasSuffix("/") {
            switch objects.list(uri, limit: 500) {
            case .success(let entries):
                return ObjectPeek(state: state, lines: ["\(entries.count)\(entries.count == 500 ? "+" : "") entries:"]
                    + entries.map { ($0.isPrefix ? "  \($0.name)/" : "  \($0.name)") + ($0.isPrefix ? "" : "  \(PreviewFormat.bytes(Int($0.size)))") })
            case .failure(let f):
                return ObjectPeek(state: f.state, lines: [])
            }
        }
        switch objects.get(uri, limit: bytes) {
        case .bytes(let b, _, let unread):
            var lines: [String]
            if let s = String(bytes: b, encoding: .utf8), !s.unicodeScalars.contains(where: { $0.value < 0x09 }) {
                lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.sanitize(String($0)) }
            } else {
                lines = stride(from: 0, to: b.count, by: 16).map { off in
                    let chunk = b[off..<min(b.count, off + 16)]
                    let hex = chunk.map { String(format: "%02x", $0) }.joined(separator: " ")
                    let ascii = String(chunk.map { (0x20..<0x7F).contains($0) ? Character(Unicode.Scalar($0)) : "." })
                    return String(format: "%08x  ", off) + hex.padding(toLength: 48, withPad: " ", startingAt: 0) + "  " + ascii
                }
            }
            if unread > 0 { lines.append("… \(PreviewFormat.bytes(Int(unread))) more (:save PATH to save the whole object)") }
            return ObjectPeek(state: state, lines: lines)
        case .failed(let st):
            return ObjectPeek(state: st, lines: [])
        }
    }
}
