import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One reply of the Redis protocol (RESP2).
public enum RESPValue: Sendable, Equatable {
    case simple(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8]?)
    case array([RESPValue]?)
}

/// Why a Redis exchange failed: the server could not be reached or stopped answering (`unavailable`).
public struct RESPFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A blocking RESP2 connection over TCP: commands are pipelined (written together, replies read in order).
/// Written by hand: no Redis client for Swift is on this machine's mirror, and flytrap needs five commands.
final class RESPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var position = 0

    /// Connects to `host:port` within `timeout` seconds; reads and writes time out after `timeout` too.
    init(host: String, port: Int, timeout: TimeInterval) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &res)
        guard rc == 0, let first = res else { throw RESPFailure(description: "DNS: cannot resolve \(host): \(String(cString: gai_strerror(rc)))") }
        defer { freeaddrinfo(res) }
        var lastError = "no address"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            let s = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if s >= 0 {
                if Self.connect(s, a.pointee.ai_addr, a.pointee.ai_addrlen, timeout: timeout, error: &lastError) {
                    var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - floor(timeout)) * 1_000_000))
                    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                    var one: Int32 = 1
                    setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    fd = s
                    return
                }
                close(s)
            }
            ai = a.pointee.ai_next
        }
        throw RESPFailure(description: "connect to \(host):\(port) failed: \(lastError)")
    }

    deinit { close(fd) }

    /// A non-blocking connect bounded by `timeout`, then back to blocking.
    private static func connect(_ s: Int32, _ addr: UnsafeMutablePointer<sockaddr>, _ len: socklen_t, timeout: TimeInterval, error: inout String) -> Bool {
        let flags = fcntl(s, F_GETFL, 0)
        _ = fcntl(s, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(s, F_SETFL, flags) }
        if Glibc.connect(s, addr, len) == 0 { return true }
        guard errno == EINPROGRESS else { error = String(cString: strerror(errno)); return false }
        var p = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
        let n = poll(&p, 1, Int32(timeout * 1000))
        if n == 0 { error = "timed out after \(timeout)s"; return false }
        var soError: Int32 = 0
        var l = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(s, SOL_SOCKET, SO_ERROR, &soError, &l)
        if n < 0 || soError != 0 { error = String(cString: strerror(soError != 0 ? soError : errno)); return false }
        return true
    }

    /// Sends the commands in one write and reads one reply per command.
    func pipeline(_ commands: [[String]]) throws -> [RESPValue] {
        var out: [UInt8] = []
        for c in commands {
            out += Array("*\(c.count)\r\n".utf8)
            for arg in c {
                let b = Array(arg.utf8)
                out += Array("$\(b.count)\r\n".utf8) + b + [13, 10]
            }
        }
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { throw RESPFailure(description: "connection reset while sending: \(String(cString: strerror(errno)))") }
            sent += n
        }
        return try commands.map { _ in try reply() }
    }

    private func byte() throws -> UInt8 {
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            let n = read(fd, &chunk, chunk.count)
            if n == 0 { throw RESPFailure(description: "connection closed by the server") }
            if n < 0 {
                throw RESPFailure(description: errno == EAGAIN || errno == EWOULDBLOCK ? "timed out waiting for the server" : "connection reset: \(String(cString: strerror(errno)))")
            }
            buffer = Array(chunk[0..<n])
        }
        defer { position += 1 }
        return buffer[position]
    }

    private func line() throws -> String {
        var bytes: [UInt8] = []
        while true {
            let b = try byte()
            if b == 13 { _ = try byte(); return String(decoding: bytes, as: UTF8.self) }
            bytes.append(b)
        }
    }

    private func reply() throws -> RESPValue {
        let kind = try byte()
        let text = try line()
        switch kind {
        case UInt8(ascii: "+"): return .simple(text)
        case UInt8(ascii: "-"): return .error(text)
        case UInt8(ascii: ":"): return .integer(Int64(text) ?? 0)
        case UInt8(ascii: "$"):
            guard let n = Int(text), n >= 0 else { return .bulk(nil) }
            var data = [UInt8]()
            data.reserveCapacity(n)
            while data.count < n {
                if position == buffer.count { data.append(try byte()); continue }
                let take = min(n - data.count, buffer.count - position)
                data += buffer[position..<position + take]
                position += take
            }
            _ = try byte(); _ = try byte()
            return .bulk(data)
        case UInt8(ascii: "*"):
            guard let n = Int(text), n >= 0 else { return .array(nil) }
            return .array(try (0..<n).map { _ in try reply() })
        default: throw RESPFailure(description: "not a Redis reply (first byte \(kind))")
        }
    }
}
