import ArgumentParser
import DemoWorld
import FlyteIDL
import FlyteModel
import Foundation

/// `flytrap-bench payload`: decode and preview a 10 MiB outputs.pb of mixed literals, beside Python protobuf's parse.
struct PayloadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payload",
        abstract: "Decode a 10 MiB outputs.pb of mixed literals (MB/s) and time the preview's first screen, beside Python protobuf (upb).",
        discussion: "Targets (issue 3): full decode at least as fast as upb's parse; first screen of the preview < 50 ms.")

    @Option(name: .long, help: "Timed repetitions.")
    var repeats: Int = 20
    @Option(name: .long, help: "Python with flyteidl2 installed (pip install flyteidl2==2.0.51); empty to skip.")
    var python: String = "python3"
    @Option(name: .long, help: "Where to write the generated outputs.pb.")
    var file: String = NSTemporaryDirectory() + "flytrap-bench-payload/outputs.pb"

    func run() throws {
        let bytes = try Self.mixedOutputs(targetBytes: 10 << 20 - 4096)
        let url = URL(fileURLWithPath: file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)

        func time(_ f: () -> Void) -> (Double, Double) {
            for _ in 0..<3 { f() }
            var xs: [Double] = []
            for _ in 0..<repeats {
                let t0 = DispatchTime.now().uptimeNanoseconds
                f()
                xs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            xs.sort()
            return (xs[xs.count / 2], xs[min(xs.count - 1, Int(Double(xs.count) * 0.99))])
        }
        var nodes = 0
        let full = time {
            let doc = PayloadDecoder.decode(bytes, fileName: "outputs.pb", budget: .unlimited)
            nodes = doc.values.count
        }
        var firstLines = 0
        let screen = time {
            // What the explorer does when a run's outputs are selected: read the file, decode within the pane
            // budget, lay out the tree and keep the first screenful.
            let data = (try? Data(contentsOf: url)) ?? Data()
            let doc = PayloadDecoder.decode(data, fileName: "outputs.pb", budget: .pane)
            firstLines = PreviewText.lines(doc).prefix(60).count
        }
        let mb = Double(bytes.count) / 1e6
        print("flytrap-bench payload: \(String(format: "%.2f", Double(bytes.count) / 1048576)) MiB outputs.pb, \(nodes) named values, median / p99 of \(repeats) runs")
        print(String(format: "  flytrap full decode (no budget)       %8.2f / %8.2f ms   %8.1f MB/s", full.0, full.1, mb / full.0 * 1e3))
        print(String(format: "  flytrap first screen (read+decode+layout, %d lines) %8.2f / %8.2f ms", firstLines, screen.0, screen.1))
        if !python.isEmpty {
            let script = BenchSupport.script("payload_upb.py")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [python, script, file, String(repeats)]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            if p.terminationStatus == 0, let o = try JSONSerialization.jsonObject(with: data) as? [String: Any],
               let ms = o["median_ms"] as? Double, let rate = o["mb_per_s"] as? Double {
                print(String(format: "  python protobuf ParseFromString (%@)   %8.2f ms              %8.1f MB/s", (o["backend"] as? String) ?? "?", ms, rate))
                print(String(format: "  flytrap / python decode speed: %.2f×", (mb / full.0 * 1e3) / rate))
            } else {
                print("  python protobuf: not measured (\(python) \(script) failed; pip install flyteidl2==2.0.51)")
            }
        }
    }

    /// A deterministic task.Outputs of mixed literals, just under `targetBytes`.
    static func mixedOutputs(targetBytes: Int) throws -> [UInt8] {
        var rng = SeededRandom(seed: 7)
        var outputs = Flyteidl2_Task_Outputs()
        var size = 0
        var i = 0
        func prim(_ f: (inout Flyteidl2_Core_Primitive) -> Void) -> Flyteidl2_Core_Literal {
            var l = Flyteidl2_Core_Literal()
            f(&l.scalar.primitive)
            return l
        }
        while size < targetBytes {
            var l = Flyteidl2_Core_Literal()
            switch i % 6 {
            case 0: l.collection.literals = (0..<1_000).map { k in prim { $0.integer = Int64(k * 7919) } }
            case 1: l.collection.literals = (0..<500).map { _ in prim { $0.floatValue = Double(rng.next() % 1_000_000) / 7.0 } }
            case 2: l = prim { $0.stringValue = String(repeating: "log line \(i) ", count: 200) }
            case 3:
                for k in 0..<100 { l.map.literals["key\(k)"] = prim { $0.stringValue = "value \(k) of \(i)" } }
            case 4:
                var fields: [(MsgPack, MsgPack)] = []
                for k in 0..<50 {
                    let v: MsgPack
                    switch k % 3 {
                    case 0: v = .double(Double(k) / 3)
                    case 1: v = .int(Int64(k))
                    default: v = .string("text \(k)")
                    }
                    fields.append((.string("field\(k)"), v))
                }
                l.scalar.binary.value = Data(MsgPack.map(fields).encoded())
                l.scalar.binary.tag = "msgpack"
            default:
                l.collection.literals = (0..<50).map { k in
                    var b = Flyteidl2_Core_Literal()
                    b.scalar.blob.uri = "s3://bucket/data/\(i)/part-\(k).parquet"
                    b.scalar.blob.metadata.type.format = "parquet"
                    return b
                }
            }
            var n = Flyteidl2_Task_NamedLiteral()
            n.name = "o\(i)"
            n.value = l
            let added: [UInt8] = try n.serializedBytes()
            if size + added.count + 8 > targetBytes { break }
            outputs.literals.append(n)
            size += added.count + 4
            i += 1
        }
        return try outputs.serializedBytes()
    }
}

/// `flytrap-bench fuzz`: the seeded mutation fuzzer over payload and Deck decoding, for a long run.
struct FuzzBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz", abstract: "Run the seeded mutation fuzzer on payload and Deck decoding (issue 3: at least 1,000,000 inputs).")

    @Option(name: .long, help: "Inputs to run.")
    var inputs: Int = 1_000_000
    @Option(name: .long, help: "Seed for the mutations.")
    var seed: UInt64 = 0x5EED
    @Option(name: .long, help: "Folder of seed files (.pb and .html).")
    var seeds: String = "Tests/FlyteModelTests/Fixtures/payloads"

    func run() throws {
        let dir = URL(fileURLWithPath: seeds)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            .filter { ($0.hasSuffix(".pb") || $0.hasSuffix(".html")) && !$0.hasPrefix("msgpack_kinds") }
        guard !files.isEmpty else { throw ValidationError("\(seeds): no .pb or .html seed files") }
        let corpus = try files.map { [UInt8](try Data(contentsOf: dir.appendingPathComponent($0))) }
        var f = PayloadFuzzer(seeds: corpus, seed: seed)
        let t0 = Date()
        var done = 0
        while done < inputs {
            let step = min(100_000, inputs - done)
            f.run(step)
            done += step
            FileHandle.standardError.write(Data("  \(done) inputs, \(f.partial) partial, \(f.failures.count) failures, \(Int(Date().timeIntervalSince(t0)))s\n".utf8))
        }
        print("flytrap-bench fuzz: \(f.inputs) inputs from \(files.count) seeds (seed \(seed)) in \(String(format: "%.0f", Date().timeIntervalSince(t0)))s: \(f.partial) partial previews, \(f.failures.count) failures")
        for failure in f.failures { print("  " + failure.description) }
        if !f.failures.isEmpty { throw ExitCode(1) }
    }
}
