/// A seeded mutation fuzzer for payload and Deck decoding, shared by the test suite (a short run) and
/// `flytrap-bench fuzz` (a long one): it mutates seed files and checks that every input decodes within its budget
/// and renders without raw control characters.
public struct PayloadFuzzer {
    public struct Failure: Sendable, CustomStringConvertible {
        public var iteration: Int
        public var reason: String
        public var input: [UInt8]
        public var description: String { "input \(iteration) (\(input.count) bytes): \(reason)" }
    }

    public private(set) var inputs = 0
    public private(set) var partial = 0
    public private(set) var failures: [Failure] = []
    private var state: UInt64
    private let seeds: [[UInt8]]

    public init(seeds: [[UInt8]], seed: UInt64) {
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.state = seed | 1
    }

    private mutating func next() -> UInt64 {
        // xorshift64*
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }

    private mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// One mutated input: bit flips, interesting bytes and varints, inserted, deleted, duplicated or spliced ranges.
    public mutating func mutate() -> [UInt8] {
        var b = seeds[below(seeds.count)]
        let rounds = 1 + below(4)
        for _ in 0..<rounds {
            switch below(8) {
            case 0 where !b.isEmpty: b[below(b.count)] ^= UInt8(1 << below(8))
            case 1 where !b.isEmpty: b[below(b.count)] = [0x00, 0xFF, 0x7F, 0x80, 0x0A, 0x12, 0x1B, 0xC1, 0xDD, 0xDF][below(10)]
            case 2:
                let big: [[UInt8]] = [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0xFF, 0xFF, 0xFF, 0x7F]]
                b.insert(contentsOf: big[below(big.count)], at: below(b.count + 1))
            case 3 where b.count > 1:
                let at = below(b.count)
                b.removeSubrange(at..<min(b.count, at + 1 + below(16)))
            case 4 where !b.isEmpty:
                let at = below(b.count)
                let chunk = Array(b[at..<min(b.count, at + 1 + below(64))])
                b.insert(contentsOf: chunk, at: below(b.count + 1))
            case 5:
                let other = seeds[below(seeds.count)]
                if !other.isEmpty {
                    let at = below(other.count)
                    b.insert(contentsOf: other[at..<min(other.count, at + 1 + below(256))], at: below(b.count + 1))
                }
            case 6 where b.count > 1: b.removeSubrange(below(b.count)...)
            default:
                b.insert(contentsOf: Array("<table><td>\u{1B}[2J&#27;<a href='x'>".utf8), at: below(b.count + 1))
            }
        }
        return b
    }

    /// Decodes and renders `input` every way flytrap does; records a failure when an invariant breaks.
    public mutating func check(_ input: [UInt8]) {
        inputs += 1
        let budget = PreviewBudget(items: 300, bytes: 16 << 10, stringBytes: 1 << 10, depth: 64)
        let doc = PayloadDecoder.decode(input, budget: budget)
        if doc.isPartial { partial += 1 }
        var nodes = 0
        func count(_ n: PreviewNode) {
            nodes += 1
            for c in PreviewText.children(n).items { count(c.node) }
            if case .map(let entries, _) = n.value { nodes += entries.count }  // keys
        }
        doc.values.forEach { count($0.value) }
        // Keys and wrappers (union, msgpack, struct) are not counted as items, so allow for them.
        if nodes > 4 * budget.items + 4 { fail(input, "materialised \(nodes) nodes for an item budget of \(budget.items)") }
        let text = PreviewText.render(doc, source: "fuzz")
        let json = PreviewJSON.document(doc).render()
        for (what, out) in [("text", text), ("json", json)] where out.unicodeScalars.contains(where: { TerminalText.isUnsafe($0) && $0 != "\n" }) {
            fail(input, "raw control character in \(what) output")
        }
        let deck = DeckRenderer.render(input, width: 60, budget: DeckBudget(inputBytes: 64 << 10, lines: 500, tableRows: 100))
        if deck.lines.contains(where: { $0.text.unicodeScalars.contains(where: TerminalText.isUnsafe) }) {
            fail(input, "raw control character in Deck output")
        }
        if deck.lines.count > 502 { fail(input, "Deck kept \(deck.lines.count) lines for a budget of 500") }
    }

    private mutating func fail(_ input: [UInt8], _ reason: String) {
        if failures.count < 20 { failures.append(Failure(iteration: inputs, reason: reason, input: input)) }
    }

    /// Runs `count` mutated inputs.
    public mutating func run(_ count: Int) {
        for _ in 0..<count { check(mutate()) }
    }
}
