import FlyteIDL
import Foundation

/// Decodes Flyte payload files (inputs.pb, outputs.pb, Flyte 1 LiteralMap files, error.pb, offloaded literals)
/// into a `PayloadDocument`, detecting which message the bytes hold unless told.
public enum PayloadDecoder {
    /// Decodes `bytes`; `fileName` (inputs.pb, outputs.pb, error.pb) breaks ties, `kind` forces an interpretation.
    public static func decode(_ bytes: [UInt8], fileName: String? = nil, as kind: PayloadDocument.Kind? = nil,
                              budget: PreviewBudget = PreviewBudget()) -> PayloadDocument {
        bytes.withUnsafeBufferPointer { decode($0, fileName: fileName, as: kind, budget: budget) }
    }

    /// Decodes `data` (see the `[UInt8]` overload).
    public static func decode(_ data: Data, fileName: String? = nil, as kind: PayloadDocument.Kind? = nil,
                              budget: PreviewBudget = PreviewBudget()) -> PayloadDocument {
        data.withUnsafeBytes { raw in
            decode(raw.bindMemory(to: UInt8.self), fileName: fileName, as: kind, budget: budget)
        }
    }

    /// Decodes serialised `core.Literal` bytes (an offloaded literal, a condition value) into one preview node.
    public static func literal(_ bytes: [UInt8], budget: PreviewBudget = PreviewBudget()) -> PreviewNode {
        bytes.withUnsafeBufferPointer { buf in
            var d = PreviewDecoder(budget: budget)
            return d.literal(WireReader(buf), depth: 0)
        }
    }

    static func decode(_ buf: UnsafeBufferPointer<UInt8>, fileName: String?, as forced: PayloadDocument.Kind?,
                       budget: PreviewBudget) -> PayloadDocument {
        let (kind, note) = forced.map { ($0, nil) } ?? detect(buf, fileName: fileName)
        var doc = read(buf, as: kind, budget: budget)
        if doc.kindNote == nil { doc.kindNote = note }
        return doc
    }

    /// Reads `buf` as `kind` within `budget`.
    static func read(_ buf: UnsafeBufferPointer<UInt8>, as kind: PayloadDocument.Kind, budget: PreviewBudget) -> PayloadDocument {
        var d = PreviewDecoder(budget: budget)
        var doc = PayloadDocument(kind: kind)
        doc.byteCount = buf.count
        var r = WireReader(buf)
        switch kind {
        case .literal:
            doc.values = [PayloadDocument.Named(name: "", value: d.literal(r, depth: 0))]
            doc.totalValues = 1
        case .errorDocument:
            do {
                doc.error = try containerError(&r, &d)
            } catch {
                d.problems.append("ErrorDocument: \(error)")
            }
        case .inputs, .outputs, .namedLiterals:
            do {
                try namedLiterals(&r, &d, into: &doc)
            } catch {
                d.problems.append("\(kind.title): \(error)")
            }
            if kind == .namedLiterals {
                if !doc.context.isEmpty { doc.kind = .inputs } else if !doc.producedArtifacts.isEmpty { doc.kind = .outputs }
            }
        }
        doc.problems = d.problems
        doc.unknownFields = d.unknownFields
        doc.valueProblems = d.valueProblems
        return doc
    }

    private static func namedLiterals(_ r: inout WireReader, _ d: inout PreviewDecoder, into doc: inout PayloadDocument) throws(WireError) {
        while !r.isAtEnd {
            let (f, w) = try r.tag()
            switch f {
            case 1:
                var m = try r.messageField(w, "NamedLiteral")
                doc.totalValues += 1
                guard d.hasItemsLeft else { continue }
                var name = ""
                var value: WireReader?
                while !m.isAtEnd {
                    let (nf, nw) = try m.tag()
                    switch nf {
                    case 1: name = d.keep(m, try m.bytesField(nw, "NamedLiteral.name"))
                    case 2: value = try m.messageField(nw, "NamedLiteral.value")
                    default: try d.skipUnknown(&m, nw, nf)
                    }
                }
                let node = value.map { d.literal($0, depth: 0) } ?? PreviewNode(.empty)
                doc.values.append(PayloadDocument.Named(name: name, value: node))
            case 2:
                var kv = try r.messageField(w, "Inputs.context")
                let (k, v) = try d.stringPair(&kv)
                doc.context.append((k, v))
            case 3:
                var a = try r.messageField(w, "Outputs.produced_artifacts")
                var p = PayloadDocument.ProducedArtifact(output: "", name: "", version: "")
                while !a.isAtEnd {
                    let (af, aw) = try a.tag()
                    switch af {
                    case 1: p.output = d.keep(a, try a.bytesField(aw, "ProducedArtifact.output"))
                    case 2: p.name = d.keep(a, try a.bytesField(aw, "ProducedArtifact.name"))
                    case 3: p.version = d.keep(a, try a.bytesField(aw, "ProducedArtifact.version"))
                    default: try a.skip(aw, field: af)  // info and type: not shown
                    }
                }
                doc.producedArtifacts.append(p)
            default: try d.skipUnknown(&r, w, f)
            }
        }
    }

    private static let recoverability = ["non_recoverable", "recoverable"]
    private static let origins = ["unknown", "user", "system"]

    private static func containerError(_ r: inout WireReader, _ d: inout PreviewDecoder) throws(WireError) -> PayloadDocument.ContainerError {
        var e = PayloadDocument.ContainerError(code: "", message: "", kind: "non_recoverable", origin: "unknown")
        while !r.isAtEnd {
            let (f, w) = try r.tag()
            guard f == 1 else {
                try d.skipUnknown(&r, w, f)
                continue
            }
            var m = try r.messageField(w, "ErrorDocument.error")
            while !m.isAtEnd {
                let (cf, cw) = try m.tag()
                switch cf {
                case 1: e.code = d.keep(m, try m.bytesField(cw, "ContainerError.code"))
                case 2: e.message = d.keep(m, try m.bytesField(cw, "ContainerError.message"))
                case 3:
                    let k = Int(truncatingIfNeeded: try m.varintField(cw, "ContainerError.kind"))
                    e.kind = recoverability.indices.contains(k) ? recoverability[k] : "kind(\(k))"
                case 4:
                    let o = Int(truncatingIfNeeded: try m.varintField(cw, "ContainerError.origin"))
                    e.origin = origins.indices.contains(o) ? origins[o] : "origin(\(o))"
                default: try d.skipUnknown(&m, cw, cf)
                }
            }
        }
        return e
    }
}

extension PayloadDecoder {
    /// Previews a literal already decoded by swift-protobuf (a condition's value from `RunInfo.output`) through the
    /// same decoder as files, so it reads the same everywhere.
    public static func literal(_ literal: Flyteidl2_Core_Literal, budget: PreviewBudget = PreviewBudget()) -> PreviewNode {
        guard let bytes: [UInt8] = try? literal.serializedBytes() else { return PreviewNode(.invalid("cannot serialise the literal")) }
        return Self.literal(bytes, budget: budget)
    }
}
