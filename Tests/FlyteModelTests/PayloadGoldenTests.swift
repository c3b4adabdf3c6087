import Foundation
import Testing

@testable import FlyteModel

/// A JSON value as parsed from a fixture, for structural comparison (ints and floats compare by value).
indirect enum Canon: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), int(Int64), uint(UInt64), double(Double), string(String), array([Canon]), object([String: Canon])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let u = try? c.decode(UInt64.self) { self = .uint(u) } else if let d = try? c.decode(Double.self) { self = .double(d) } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([Canon].self) { self = .array(a) } else { self = .object(try c.decode([String: Canon].self)) }
    }

    static func parse(_ text: String) throws -> Canon { try JSONDecoder().decode(Canon.self, from: Data(text.utf8)) }

    static func == (a: Canon, b: Canon) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case (.object(let x), .object(let y)): return x.count == y.count && x.allSatisfy { y[$0.key] == $0.value }
        default:
            guard let x = a.number, let y = b.number else { return false }
            if case .int(let i) = a, case .int(let j) = b { return i == j }
            if case .uint(let i) = a, case .uint(let j) = b { return i == j }
            return x == y && x.sign == y.sign
        }
    }

    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d
        default: return nil
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .int(let i): return "\(i)"
        case .uint(let u): return "\(u)"
        case .double(let d): return "\(d)"
        case .string(let s): return s.debugDescription
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\($0): \(o[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// The golden fixtures written by scripts/fixtures/payload_fixtures.py with the real Flyte SDK.
enum PayloadFixtures {
    static func directory() throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("payloads")
    }

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory().path)
            .filter { $0.hasSuffix(".pb") }.map { String($0.dropLast(3)) }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory().appendingPathComponent(name + ".pb")))
    }

    static func expected(_ name: String) throws -> [String: Canon] {
        guard case .object(let o) = try JSONDecoder().decode(Canon.self, from: Data(contentsOf: directory().appendingPathComponent(name + ".json")))
        else { throw CocoaError(.coderReadCorrupt) }
        return o
    }
}

/// Compares flytrap's preview of a literal with the SDK's `literal_string_repr` of the same literal, following
/// that function's rules (flyte/types/_string_literals.py): primitives as values, datetime as Python isoformat,
/// duration as whole seconds, blob/schema/dataset as their uri, msgpack as `json.dumps` of the unpacked value,
/// other binaries as base64, generic as a dict, unions unwrapped.
struct SDKRepr {
    var mismatches: [String] = []

    mutating func check(_ node: PreviewNode, _ exp: Canon, at path: String) {
        func fail(_ why: String) { mismatches.append("\(path): \(why); expected \(exp)") }
        switch node.value {
        case .integer(let i): if exp != .int(i) { fail("got \(i)") }
        case .float(let d):
            let special: Canon? = d.isNaN ? .object(["float": .string("nan")]) : d.isInfinite ? .object(["float": .string(d > 0 ? "inf" : "-inf")])
                : (d == 0 && d.sign == .minus) ? .object(["float": .string("-0")]) : nil
            if exp != (special ?? .double(d)) { fail("got \(d)") }
        case .string(let s, let total):
            if exp != .string(s) { fail("got \(s.debugDescription)") }
            if total != s.utf8.count { fail("string cut") }
        case .bool(let b): if exp != .bool(b) { fail("got \(b)") }
        case .datetime(let s, let n): if exp != .string(Self.pythonISO(s, n)) { fail("got \(s)s \(n)ns") }
        case .duration(let s, _): if exp != .int(s) { fail("got \(s)s") }
        case .none: if exp != .null { fail("got None") }
        case .list(let items, let total):
            guard case .array(let xs) = exp, xs.count == total, items.count == total else { return fail("list of \(items.count)/\(total)") }
            for (i, (item, x)) in zip(items, xs).enumerated() { check(item, x, at: "\(path)[\(i)]") }
        case .map(let entries, let total):
            guard case .object(let o) = exp, o.count == total, entries.count == total else { return fail("map of \(entries.count)/\(total)") }
            for e in entries {
                guard case .string(let k, _) = e.key.value, let x = o[k] else { return fail("unexpected key \(e.key)") }
                check(e.value, x, at: "\(path).\(k)")
            }
        case .msgpack(let inner):
            guard case .string(let json) = exp, let parsed = try? Canon.parse(json) else { return fail("msgpack") }
            let ours = try? Canon.parse(PreviewJSON.value(inner).render())
            if ours != parsed { fail("msgpack decoded to \(ours.map(\.description) ?? "?")") }
        case .pickle(let n), .binary(_, let n):
            guard case .object(let o) = exp, case .string(let b64)? = o["base64"], let raw = Data(base64Encoded: b64) else { return fail("binary") }
            if raw.count != n { fail("binary of \(n) bytes, SDK has \(raw.count)") }
        case .blob(let uri, _, _), .dataset(let uri, _, _), .schema(let uri, _): if exp != .string(uri) { fail("uri \(uri)") }
        case .union(let inner, _): check(inner, exp, at: path)
        case .error(let message, _): if exp != .string(message) { fail("error \(message)") }
        case .generic(let inner):
            let ours = try? Canon.parse(PreviewJSON.value(inner).render())
            if ours != exp { fail("struct \(ours.map(\.description) ?? "?")") }
        case .offloaded:
            guard case .string(let s) = exp, s.hasPrefix("Offloaded literal metadata") else { return fail("offloaded") }
        default: fail("unexpected \(node.value)")
        }
    }

    /// `datetime.isoformat()` of a naive UTC datetime: seconds, and microseconds only when non-zero.
    static func pythonISO(_ seconds: Int64, _ nanos: Int32) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        var s = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        if nanos / 1000 != 0 { s += String(format: ".%06d", nanos / 1000) }
        return s
    }
}

@Suite("Payload golden files from the Flyte SDK")
struct PayloadGoldenTests {
    @Test("every SDK-written file decodes to the SDK's own rendering", arguments: try PayloadFixtures.names().filter { $0 != "msgpack_kinds" && $0 != "error_document" })
    func goldenValues(name: String) throws {
        let expected = try PayloadFixtures.expected(name)
        let doc = PayloadDecoder.decode(try PayloadFixtures.bytes(name), budget: .unlimited)
        #expect(doc.problems.isEmpty, "\(doc.problems)")
        #expect(doc.unknownFields == 0)
        var repr = SDKRepr()
        let exp = try #require(expected["repr"])
        switch expected["file"] {
        case .string("literal"):
            #expect(doc.kind == .literal)
            repr.check(try #require(doc.values.first).value, exp, at: name)
        default:
            #expect([.namedLiterals, .inputs, .outputs].contains(doc.kind), "kind \(doc.kind)")
            guard case .object(let o) = exp else { Issue.record("repr is not an object"); return }
            #expect(doc.values.count == o.count)
            for v in doc.values {
                guard let x = o[v.name] else {
                    Issue.record("\(name): SDK has no value \(v.name)")
                    continue
                }
                repr.check(v.value, x, at: "\(name).\(v.name)")
            }
        }
        #expect(repr.mismatches.isEmpty, "\(repr.mismatches.joined(separator: "\n"))")
    }

    @Test("names keep file order and the context of an inputs.pb is read")
    func inputsContextAndOrder() throws {
        let doc = PayloadDecoder.decode(try PayloadFixtures.bytes("inputs_with_context"), budget: .unlimited)
        #expect(doc.kind == .inputs)
        #expect(doc.context.map(\.key) == ["trace-id"] && doc.context.map(\.value) == ["abc123"])
        // The SDK wrote dataclasses first, then ints, in this order (a LiteralMap would sort them).
        #expect(doc.values.map(\.name) == ["point", "line", "zero", "one", "neg", "max", "min"])
        let lmap = PayloadDecoder.decode(try PayloadFixtures.bytes("flyte1_literal_map"), budget: .unlimited)
        #expect(lmap.kind == .namedLiterals)
        #expect(Set(lmap.values.map(\.name)) == Set(doc.values.map(\.name)))
    }

    @Test("a file name settles what the bytes cannot")
    func fileNameHint() throws {
        let bytes = try PayloadFixtures.bytes("ints")
        #expect(PayloadDecoder.decode(bytes, fileName: "s3://b/x/outputs.pb").kind == .outputs)
        #expect(PayloadDecoder.decode(bytes, fileName: "/tmp/inputs.pb").kind == .inputs)
        #expect(PayloadDecoder.decode(bytes).kind == .namedLiterals)
    }

    @Test("error.pb decodes to its ContainerError, detected without a file name")
    func errorDocument() throws {
        let expected = try PayloadFixtures.expected("error_document")
        guard case .object(let repr)? = expected["repr"], case .object(let e)? = repr["error"] else {
            Issue.record("fixture shape")
            return
        }
        let doc = PayloadDecoder.decode(try PayloadFixtures.bytes("error_document"))
        #expect(doc.kind == .errorDocument)
        let err = try #require(doc.error)
        #expect(Canon.string(err.code) == e["code"])
        #expect(Canon.string(err.message) == e["message"])
        // MessageToDict prints enum names: RECOVERABLE / USER.
        #expect(e["kind"] == .string(err.kind.uppercased()))
        #expect(e["origin"] == .string(err.origin.uppercased()))
        let json = PreviewJSON.document(doc).render()
        #expect(json.contains("\"origin\": \"user\"") && json.contains("\\u001b[31m") && !json.contains("\u{1B}"))
    }

    @Test("every MessagePack type and width decodes as the msgpack reference implementation unpacks it")
    func msgpackKinds() throws {
        let expected = try PayloadFixtures.expected("msgpack_kinds")
        let doc = PayloadDecoder.decode(try PayloadFixtures.bytes("msgpack_kinds"), budget: .unlimited)
        #expect(doc.problems.isEmpty, "\(doc.problems)")
        let ours = try Canon.parse(PreviewJSON.document(doc).render())
        let want = try #require(expected["flytrap_json"])
        guard case .object(let o) = ours, case .object(let w) = want else {
            Issue.record("not objects")
            return
        }
        for key in w.keys.sorted() {
            guard case .object(let wi)? = w[key], case .object(let oi)? = o[key] else {
                #expect(o[key] == w[key], "\(key)")
                continue
            }
            for k in wi.keys.sorted() { #expect(oi[k] == wi[k], "\(key).\(k): got \(oi[k].map(\.description) ?? "nothing")") }
        }
        #expect(ours == want)
    }
}
