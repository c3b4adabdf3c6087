/// A decoded payload value, ready to draw: one node per literal (or MessagePack / Struct value), with children for
/// collections and maps, cut to a `PreviewBudget`.
public struct PreviewNode: Sendable, Equatable {
    public var value: PreviewValue
    /// The encoded size of this value in bytes (the protobuf sub-message or MessagePack item), when known.
    public var encodedBytes: Int?
    /// Boxed: few literals set a hash, metadata or artifact, and nodes stay small without them.
    private var box: AnnotationsBox?

    /// `Literal.hash`, `Literal.metadata` and `Literal.artifact_id` as text, when the value is a literal that sets them.
    public var annotations: LiteralAnnotations? {
        get { box?.value }
        set { box = newValue.map(AnnotationsBox.init) }
    }

    public init(_ value: PreviewValue, encodedBytes: Int? = nil, annotations: LiteralAnnotations? = nil) {
        self.value = value
        self.encodedBytes = encodedBytes
        self.box = annotations.map(AnnotationsBox.init)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.value == b.value && a.encodedBytes == b.encodedBytes && a.annotations == b.annotations
    }
}

/// Holds a node's annotations out of line.
final class AnnotationsBox: Sendable {
    let value: LiteralAnnotations
    init(_ value: LiteralAnnotations) { self.value = value }
}

/// The parts of a `core.Literal` that sit beside its value.
public struct LiteralAnnotations: Sendable, Equatable {
    public var hash: String = ""
    public var metadata: [(key: String, value: String)] = []
    /// `org/project/domain/name@version`, as the SDK prints it.
    public var artifact: String?

    public var isEmpty: Bool { hash.isEmpty && metadata.isEmpty && artifact == nil }

    public static func == (a: Self, b: Self) -> Bool {
        a.hash == b.hash && a.artifact == b.artifact && a.metadata.map { "\($0.key)=\($0.value)" } == b.metadata.map { "\($0.key)=\($0.value)" }
    }
}

/// A column of a StructuredDataset or Schema: its name and type as text.
public struct PreviewColumn: Sendable, Equatable {
    public var name: String
    public var type: String
}

/// A key-value pair of a map: Flyte maps and Struct fields have string keys, MessagePack maps may have any key.
public struct PreviewEntry: Sendable, Equatable {
    public var key: PreviewNode
    public var value: PreviewNode
}

/// What a preview node holds.
public enum PreviewValue: Sendable, Equatable {
    case integer(Int64)
    /// A MessagePack uint64 above `Int64.max`.
    case unsigned(UInt64)
    case float(Double)
    /// A string, cut to the byte budget; `totalBytes` is its full UTF-8 length.
    case string(String, totalBytes: Int)
    case bool(Bool)
    case datetime(seconds: Int64, nanos: Int32)
    case duration(seconds: Int64, nanos: Int32)
    case none
    /// Items decoded within the budget, and how many the value holds.
    case list([PreviewNode], total: Int)
    case map([PreviewEntry], total: Int)
    /// A `Binary` with tag `msgpack`, decoded: the inner value.
    indirect case msgpack(PreviewNode)
    /// A `Binary` with an empty tag: a pickled Python object, never unpickled.
    case pickle(bytes: Int)
    /// A `Binary` with another tag.
    indirect case binary(tag: String, bytes: Int)
    /// MessagePack `bin` data.
    case bytes(count: Int)
    /// A MessagePack extension other than the timestamp.
    case ext(type: Int8, bytes: Int)
    indirect case blob(uri: String, format: String, multipart: Bool)
    indirect case dataset(uri: String, format: String, columns: [PreviewColumn])
    indirect case schema(uri: String, columns: [PreviewColumn])
    /// The value of a `Union`, with its variant type as text.
    indirect case union(PreviewNode, variant: String)
    indirect case error(message: String, failedNodeID: String)
    /// A `google.protobuf.Struct` (`scalar.generic`): its fields are in the inner map.
    indirect case generic(PreviewNode)
    indirect case offloaded(uri: String, sizeBytes: UInt64, inferredType: String)
    /// Bytes that could not be decoded; the reason names what and where.
    case invalid(String)
    /// A literal with no value set.
    case empty
}

/// How much of a payload a preview may materialise; everything past it is skipped (and counted where that is cheap).
public struct PreviewBudget: Sendable, Equatable {
    /// Values (nodes) decoded in all.
    public var items: Int
    /// Bytes of string text kept in all.
    public var bytes: Int
    /// Bytes kept of any one string.
    public var stringBytes: Int
    /// Nesting levels; deeper values are reported as invalid instead of being read.
    public var depth: Int

    public init(items: Int = 1_000, bytes: Int = 1 << 20, stringBytes: Int = 64 << 10, depth: Int = 100) {
        self.items = items
        self.bytes = bytes
        self.stringBytes = stringBytes
        self.depth = depth
    }

    /// No practical limit (tests and `inspect --all`), except nesting depth.
    public static let unlimited = PreviewBudget(items: .max, bytes: .max, stringBytes: .max, depth: 100)
    /// What the explorer's preview pane reads.
    public static let pane = PreviewBudget(items: 400, bytes: 64 << 10, stringBytes: 4 << 10, depth: 64)
}
