import FlyteIDL
import Foundation

/// Builders for Flyte literals shaped the way the Flyte 2 SDK encodes Python values
/// (shared/reference/flyte-data-model.md §3.3).
enum Lit {
    typealias L = Flyteidl2_Core_Literal

    static func scalar(_ f: (inout Flyteidl2_Core_Scalar) -> Void) -> L {
        var s = Flyteidl2_Core_Scalar()
        f(&s)
        var l = L()
        l.scalar = s
        return l
    }

    static func primitive(_ f: (inout Flyteidl2_Core_Primitive) -> Void) -> L {
        scalar { var p = Flyteidl2_Core_Primitive(); f(&p); $0.primitive = p }
    }

    static func int(_ v: Int64) -> L { primitive { $0.integer = v } }
    static func float(_ v: Double) -> L { primitive { $0.floatValue = v } }
    static func str(_ v: String) -> L { primitive { $0.stringValue = v } }
    static func bool(_ v: Bool) -> L { primitive { $0.boolean = v } }
    static func datetime(_ d: Date) -> L { primitive { $0.datetime = Google_Protobuf_Timestamp(date: d) } }
    static func duration(_ seconds: Double) -> L {
        primitive {
            var d = Google_Protobuf_Duration()
            d.seconds = Int64(seconds.rounded(.down))
            d.nanos = Int32(((seconds - seconds.rounded(.down)) * 1e9).rounded())
            $0.duration = d
        }
    }
    static func none() -> L { scalar { $0.noneType = Flyteidl2_Core_Void() } }

    static func list(_ xs: [L]) -> L {
        var c = Flyteidl2_Core_LiteralCollection()
        c.literals = xs
        var l = L()
        l.collection = c
        return l
    }

    static func map(_ kv: [String: L]) -> L {
        var m = Flyteidl2_Core_LiteralMap()
        m.literals = kv
        var l = L()
        l.map = m
        return l
    }

    static func msgpack(_ v: MsgPack) -> L {
        scalar { var b = Flyteidl2_Core_Binary(); b.value = Data(v.encoded()); b.tag = "msgpack"; $0.binary = b }
    }

    /// A small pickled Python object: `Binary` with an empty tag.
    static func pickle(_ bytes: [UInt8]) -> L {
        scalar { var b = Flyteidl2_Core_Binary(); b.value = Data(bytes); b.tag = ""; $0.binary = b }
    }

    static func blob(uri: String, format: String, dir: Bool) -> L {
        scalar {
            var b = Flyteidl2_Core_Blob()
            b.metadata.type = LitType.blob(format, dir: dir).blob
            b.uri = uri
            $0.blob = b
        }
    }

    static func dataset(uri: String, format: String, columns: [(String, Flyteidl2_Core_SimpleType)]) -> L {
        scalar {
            var t = LitType.frame(format).structuredDatasetType
            t.columns = columns.map { c in
                var col = Flyteidl2_Core_StructuredDatasetType.DatasetColumn()
                col.name = c.0
                col.literalType = LitType.simple(c.1)
                return col
            }
            var d = Flyteidl2_Core_StructuredDataset()
            d.uri = uri
            d.metadata.structuredDatasetType = t
            $0.structuredDataset = d
        }
    }

    static func schema(uri: String, columns: [(String, Flyteidl2_Core_SchemaType.SchemaColumn.SchemaColumnType)]) -> L {
        scalar {
            var s = Flyteidl2_Core_Schema()
            s.uri = uri
            s.type.columns = columns.map { c in
                var col = Flyteidl2_Core_SchemaType.SchemaColumn()
                col.name = c.0
                col.type = c.1
                return col
            }
            $0.schema = s
        }
    }

    static func union(_ value: L, variant: Flyteidl2_Core_LiteralType) -> L {
        scalar { var u = Flyteidl2_Core_Union(); u.value = value; u.type = variant; $0.union = u }
    }

    static func error(node: String, message: String) -> L {
        scalar { var e = Flyteidl2_Core_Error(); e.failedNodeID = node; e.message = message; $0.error = e }
    }

    static func generic(_ fields: [String: Google_Protobuf_Value]) -> L {
        scalar { var s = Google_Protobuf_Struct(); s.fields = fields; $0.generic = s }
    }

    static func offloaded(uri: String, size: UInt64, type: Flyteidl2_Core_LiteralType) -> L {
        var o = Flyteidl2_Core_LiteralOffloadedMetadata()
        o.uri = uri
        o.sizeBytes = size
        o.inferredType = type
        var l = L()
        l.offloadedMetadata = o
        return l
    }

    static func named(_ pairs: [(String, L)]) -> [Flyteidl2_Task_NamedLiteral] {
        pairs.map { var n = Flyteidl2_Task_NamedLiteral(); n.name = $0.0; n.value = $0.1; return n }
    }

    static func inputsBytes(_ pairs: [(String, L)]) -> [UInt8] {
        var i = Flyteidl2_Task_Inputs()
        i.literals = named(pairs)
        return ProtoBytes.of(i)
    }

    static func outputsBytes(_ pairs: [(String, L)]) -> [UInt8] {
        var o = Flyteidl2_Task_Outputs()
        o.literals = named(pairs)
        return ProtoBytes.of(o)
    }
}

/// Builders for Flyte literal types, the way the SDK types Python annotations (`list[int]`, `File`, `Optional[str]`).
enum LitType {
    typealias T = Flyteidl2_Core_LiteralType

    static func simple(_ s: Flyteidl2_Core_SimpleType) -> T { var t = T(); t.simple = s; return t }
    static func list(_ inner: T) -> T { var t = T(); t.collectionType = inner; return t }
    static func map(_ inner: T) -> T { var t = T(); t.mapValueType = inner; return t }

    /// `File` (single) or `Dir` (multipart) with a format.
    static func blob(_ format: String, dir: Bool) -> T {
        var b = Flyteidl2_Core_BlobType()
        b.format = format
        b.dimensionality = dir ? .multipart : .single
        var t = T()
        t.blob = b
        return t
    }

    /// A `DataFrame` in a format.
    static func frame(_ format: String) -> T {
        var d = Flyteidl2_Core_StructuredDatasetType()
        d.format = format
        var t = T()
        t.structuredDatasetType = d
        return t
    }

    /// A dataclass or pydantic model: a struct with its type's tag.
    static func dataclass(_ tag: String) -> T {
        var t = simple(.struct)
        t.structure.tag = tag
        return t
    }

    /// `Optional[inner]`: a union of `inner` and None.
    static func optional(_ inner: T) -> T {
        var u = Flyteidl2_Core_UnionType()
        u.variants = [inner, simple(.none)]
        var t = T()
        t.unionType = u
        return t
    }
}
