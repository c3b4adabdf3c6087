/// Decides which message a payload file holds by reading it each possible way within a small budget and keeping
/// the interpretation that decodes cleanly and plausibly.
extension PayloadDecoder {
    /// How cleanly `kind` explains the bytes: 0 is a clean, plausible read; higher is worse.
    static func misfit(_ buf: UnsafeBufferPointer<UInt8>, as kind: PayloadDocument.Kind) -> Int {
        let probe = PreviewBudget(items: 256, bytes: 64 << 10, stringBytes: 4 << 10, depth: 100)
        let doc = read(buf, as: kind, budget: probe)
        var score = (doc.problems.count - doc.valueProblems) * 1_000 + doc.valueProblems * 5 + doc.unknownFields * 10
        switch kind {
        case .inputs, .outputs, .namedLiterals:
            // Names are identifiers and every named literal has a value; bytes of another message rarely do.
            for v in doc.values {
                if v.name.isEmpty || v.name.unicodeScalars.contains(where: TerminalText.isUnsafe) || v.name.contains("\u{FFFD}") {
                    score += 100
                }
                if case .empty = v.value.value { score += 100 }
                if case .invalid = v.value.value { score += 1_000 }
            }
            for c in doc.context where c.key.isEmpty || (c.key + c.value).unicodeScalars.contains(where: TerminalText.isUnsafe)
                || (c.key + c.value).contains("\u{FFFD}") {
                score += 100
            }
            if doc.values.isEmpty { score += 50 }
        case .errorDocument:
            guard let e = doc.error else { return score + 1_000 }
            // An error code is a short word; a message is text (newlines, tabs and ANSI escapes allowed).
            if e.code.unicodeScalars.contains(where: TerminalText.isUnsafe) || e.code.contains("\u{FFFD}") { score += 100 }
            let odd = e.message.unicodeScalars.filter { TerminalText.isUnsafe($0) && !["\n", "\t", "\r", "\u{1B}"].contains($0) }
            score += min(odd.count, 50) * 20
            if e.message.contains("\u{FFFD}") { score += 100 }
        case .literal:
            if case .empty = doc.values.first?.value.value { score += 100 }
        }
        return score
    }

    /// The most plausible kind for `buf`, and a note when the choice is a guess.
    static func detect(_ buf: UnsafeBufferPointer<UInt8>, fileName: String?) -> (PayloadDocument.Kind, String?) {
        if buf.isEmpty {
            return (.namedLiterals, "empty file: read as a payload with no values")
        }
        let named: PayloadDocument.Kind
        switch fileName.map(baseName) {
        case "inputs.pb": named = .inputs
        case "outputs.pb": named = .outputs
        case "error.pb": named = .errorDocument
        default: named = .namedLiterals
        }
        let candidates: [PayloadDocument.Kind] = named == .errorDocument
            ? [.errorDocument, .namedLiterals, .literal]
            : [named, .errorDocument, .literal]
        let scored = candidates.map { ($0, misfit(buf, as: $0)) }
        // A clean read wins in candidate order (the file name first); otherwise the least bad one, flagged.
        if let clean = scored.first(where: { $0.1 == 0 }) {
            let others = scored.filter { $0.1 == 0 && $0.0 != clean.0 }.map(\.0.title)
            return (clean.0, others.isEmpty ? nil : "unsure: the bytes also read cleanly as \(others.joined(separator: ", "))")
        }
        let best = scored.min { $0.1 < $1.1 }!
        return (best.0, "unsure: no interpretation decodes cleanly; shown as \(best.0.title), the closest")
    }

    private static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
