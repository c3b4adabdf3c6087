// Hand-written: a thin streaming wrapper over zlib's inflate. No package on this machine's mirror wraps zlib
// without pulling in SwiftNIO.
import CZlib

/// Why a gzip stream could not be inflated.
public struct GzipError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Inflates a gzip stream fed piece by piece (one or more concatenated gzip members), handing out the
/// uncompressed bytes in pieces of at most `outputChunk`. Memory: zlib's window plus one output buffer.
public final class GzipInflater {
    private var stream = z_stream()
    private var open = false
    private var memberEnded = false
    private var output: [UInt8]
    /// Uncompressed bytes produced so far.
    public private(set) var produced: Int64 = 0

    public init(outputChunk: Int = 256 << 10) throws {
        output = [UInt8](repeating: 0, count: outputChunk)
        // 15 + 16: a gzip wrapper (not zlib, not raw deflate).
        let rc = flytrap_inflate_init2(&stream, 15 + 16)
        guard rc == Z_OK else { throw GzipError(description: "zlib could not start (\(rc))") }
        open = true
    }

    deinit { if open { inflateEnd(&stream) } }

    /// Inflates `input`, calling `sink` with each piece of uncompressed bytes.
    public func feed(_ input: [UInt8], _ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard !input.isEmpty else { return }
        try input.withUnsafeBufferPointer { inBuf in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = UInt32(inBuf.count)
            while stream.avail_in > 0 {
                if memberEnded {
                    // Another gzip member follows the one that ended.
                    guard inflateReset(&stream) == Z_OK else { throw GzipError(description: "zlib could not start the next gzip member") }
                    memberEnded = false
                }
                let rc: Int32 = output.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let n = output.count - Int(stream.avail_out)
                if n > 0 {
                    produced += Int64(n)
                    try output.withUnsafeBufferPointer { try sink(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                }
                switch rc {
                case Z_OK: continue
                case Z_STREAM_END: memberEnded = true
                case Z_BUF_ERROR where n == 0: return
                case Z_BUF_ERROR: continue
                default:
                    let msg = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
                    throw GzipError(description: "not valid gzip data (\(msg))")
                }
            }
        }
        stream.next_in = nil
    }

    /// Checks that the stream ended where a gzip member ends (a truncated file fails here).
    public func finish() throws {
        guard memberEnded else { throw GzipError(description: "the gzip stream is truncated (it ends inside a member)") }
    }
}
