import FlyteModel
import Foundation
import ObjectStores

/// The data section of `flytrap get action`: previews of the objects an action's URIs point at, read from disk or
/// through the bucket router, with a missing object reported as not found.
enum ActionDataText {
    static func render(_ d: ActionDetail, width: Int, router: ObjectRouter) -> String {
        let last = d.attempts.last
        let items: [(String, String?, Bool)] = [
            ("inputs", d.inputsURI, false), ("outputs", last?.outputURI ?? d.outputsURI, false),
            ("error.pb", last?.errorDocumentURI, false), ("report", last?.reportURI, true),
        ]
        var out = ""
        for (label, uri, isDeck) in items {
            guard let uri else { continue }
            out += "\n── \(label) · \(TerminalText.sanitize(uri))\n"
            out += section(uri, isDeck: isDeck, width: width, router: router)
        }
        return out
    }

    private static func section(_ uri: String, isDeck: Bool, width: Int, router: ObjectRouter) -> String {
        let file: PayloadFile
        do {
            file = try PayloadFile.read(uri, limit: isDeck ? 1 << 20 : 16 << 20, router: router)
        } catch .notFound {
            return "not found: the object is gone (purged by a retention rule, or never written)\n"
        } catch .bucket(_, let state) where state.isNotFound {
            return "not found: the object is gone (purged by a retention rule, or never written): \(TerminalText.sanitize(state.reason ?? ""))\n"
        } catch {
            return "not read: " + TerminalText.sanitize(error.description) + "\n"
        }
        if isDeck {
            let deck = DeckRenderer.render(file.bytes, width: max(20, width - 2), budget: DeckBudget(inputBytes: 1 << 20, lines: 40))
            return "present · \(PreviewFormat.bytes(file.bytes.count + file.unread))\n" + deck.lines.map { "  " + $0.text }.joined(separator: "\n") + "\n"
        }
        let doc = PayloadDecoder.decode(file.bytes, fileName: file.path, budget: .pane)
        let lines = PreviewText.render(doc, source: "present").split(separator: "\n")
        let shown = lines.prefix(41).map { "  " + DisplayWidth.truncate(String($0), to: max(10, width - 2)) }
        return shown.joined(separator: "\n") + (lines.count > 42 ? "\n  … \(lines.count - 41) more lines (flytrap inspect \(TerminalText.sanitize(file.path)))\n" : "\n")
    }
}
