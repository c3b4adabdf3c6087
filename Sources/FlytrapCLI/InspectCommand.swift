import ArgumentParser
import FlyteModel
import Foundation
import ObjectStores

/// How `inspect` should read a file when detection is not wanted.
enum InspectKind: String, ExpressibleByArgument, CaseIterable {
    case auto, inputs, outputs, literalmap = "literal-map", error, literal, deck

    var payloadKind: PayloadDocument.Kind? {
        switch self {
        case .auto, .deck: return nil
        case .inputs: return .inputs
        case .outputs: return .outputs
        case .literalmap: return .namedLiterals
        case .error: return .errorDocument
        case .literal: return .literal
        }
    }
}

/// Output formats of `inspect`.
enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `flytrap inspect`: decodes any Flyte payload file or Deck.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode a Flyte payload (inputs.pb, outputs.pb, error.pb, a Flyte 1 LiteralMap, an offloaded literal) or a Deck.",
        discussion: """
        The kind is detected from the bytes (the file name breaks ties); --as forces it. Values past the budget
        (--max-items values, --max-bytes of text) are skipped and counted, never read into memory.
        -o json prints the stable format documented in the README. A partial decode (corrupt or truncated bytes)
        still prints what could be read, marks it partial, and exits 1.
        The location may be a local path or any bucket URI flytrap reads: file://, s3://, gs://, abs:// (and the \
        other Azure forms), redis://, with the credentials `flytrap info` shows. Exit codes for a bucket object: 3 not \
        found, 4 denied, 5 unavailable.
        """)

    @Argument(help: ArgumentHelp("The file: a local path, or a file://, s3://, gs://, abs:// or redis:// URI.", valueName: "path-or-uri"))
    var location: String

    @Option(name: .long, help: ArgumentHelp("Read bucket settings from this config file instead of $XDG_CONFIG_HOME/flytrap/config.yaml.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Do not verify bucket endpoints' TLS certificates (self-signed MinIO and the like).")
    var insecure = false

    @Option(name: [.short, .long], help: "Output format: text or json.")
    var output: InspectFormat = .text

    @Option(name: .customLong("as"), help: "Read the file as: auto, inputs, outputs, literal-map, error, literal or deck.")
    var kind: InspectKind = .auto

    @Option(name: .long, help: "Values decoded in all before the rest is counted and skipped.")
    var maxItems: Int = 1_000

    @Option(name: .long, help: "Bytes of string text kept in all (and the HTML bytes read of a Deck).")
    var maxBytes: Int = 1 << 20

    @Flag(name: .long, help: "No budget: decode every value (nesting is still limited to 100 levels).")
    var all = false

    @Flag(name: .long, help: "Decode offloaded literals that are local files, after the value that points at them.")
    var fetchOffloaded = false

    @Flag(name: .long, help: "ASCII tree guides and table rules instead of box drawing.")
    var ascii = false

    @Option(name: .long, help: "Wrap Deck text at this width (default: the terminal's, else 100).")
    var width: Int?

    func validate() throws {
        if maxItems < 1 { throw ValidationError("--max-items must be at least 1") }
        if maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
        if let w = width, w < 20 { throw ValidationError("--width must be at least 20") }
    }

    var budget: PreviewBudget {
        all ? .unlimited : PreviewBudget(items: maxItems, bytes: maxBytes, stringBytes: min(maxBytes, 64 << 10), depth: 100)
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        var cfg = try Config.load(explicit: config, env: env)
        if insecure { cfg.storage.insecure = true }
        let router = Buckets.router(config: cfg, env: env)
        let file: PayloadFile
        do {
            file = try PayloadFile.read(location, limit: all ? Int.max : max(64 << 20, maxBytes), router: router)
        } catch {
            if case .bucket(_, let state) = error { throw CLIError.object(state) }
            throw CLIError.runtime(error.description)
        }
        if kind == .deck || (kind == .auto && DeckRenderer.looksLikeHTML(file.bytes)) {
            return printDeck(file)
        }
        let doc = PayloadDecoder.decode(file.bytes, fileName: file.path, as: kind.payloadKind, budget: budget)
        switch output {
        case .json:
            Console.out(PreviewJSON.document(doc).render() + "\n")
            if let note = doc.kindNote { Console.err("flytrap: \(TerminalText.sanitize(file.path)): \(note)") }
        case .text:
            Console.out(PreviewText.render(doc, source: file.path, ascii: ascii))
            if fetchOffloaded { printOffloaded(doc, router: router) }
        }
        if file.unread > 0 {
            throw CLIError.runtime("\(file.path): read the first \(PreviewFormat.bytes(file.bytes.count)) of \(PreviewFormat.bytes(file.bytes.count + file.unread)); pass --all to read it whole")
        }
        if let first = doc.problems.first {
            let more = doc.problems.count > 1 ? " (+\(doc.problems.count - 1) more)" : ""
            throw CLIError.runtime("\(file.path): partial preview: \(first)\(more)")
        }
    }

    private func printDeck(_ file: PayloadFile) {
        let w = width ?? TableRenderer.terminalWidth() ?? 100
        let deck = DeckRenderer.render(file.bytes, width: w, ascii: ascii, budget: DeckBudget(inputBytes: all ? .max : maxBytes * 4))
        switch output {
        case .text: Console.out(deck.plain + "\n")
        case .json:
            Console.out(JSONValue.object([
                ("deck", .object([
                    ("sections", .array(deck.sections.map { .string($0) })),
                    ("links", .array(deck.links.map { .string($0) })),
                    ("lines", .array(deck.lines.map { .string($0.text) })),
                    ("unread_bytes", .int(Int64(deck.unreadBytes))),
                ])),
            ]).render() + "\n")
        }
    }

    /// Reads each offloaded literal the document points at, when it is a local file, and prints its tree.
    private func printOffloaded(_ doc: PayloadDocument, router: ObjectRouter) {
        var uris: [String] = []
        func collect(_ n: PreviewNode) {
            if case .offloaded(let uri, _, _) = n.value { uris.append(uri) }
            for c in PreviewText.children(n).items { collect(c.node) }
        }
        doc.values.forEach { collect($0.value) }
        for uri in uris {
            Console.out("\n")
            do {
                let f = try PayloadFile.read(uri, limit: all ? Int.max : 256 << 20, router: router)
                let inner = PayloadDecoder.decode(f.bytes, fileName: f.path, as: .literal, budget: budget)
                Console.out(PreviewText.render(inner, source: "offloaded " + f.path, ascii: ascii))
            } catch {
                Console.out("offloaded \(TerminalText.sanitize(uri)): \(TerminalText.sanitize(String(describing: error)))\n")
            }
        }
    }
}
