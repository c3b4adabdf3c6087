import FlyteIDL

/// Serialises demo-world messages with map entries in key order, so that the same seed writes the same bytes
/// (Swift dictionaries iterate in a per-process order; the Flyte SDK also writes inputs with `deterministic=True`).
enum ProtoBytes {
    static func of<M: SwiftProtobuf.Message>(_ m: M) -> [UInt8] {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return (try? m.serializedBytes(options: options) as [UInt8]) ?? []
    }
}
