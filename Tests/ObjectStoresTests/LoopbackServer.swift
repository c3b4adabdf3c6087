import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A misbehaving HTTP server on 127.0.0.1 for classification tests: each request's path picks the behaviour.
///   /b/ok → 200 with a body; /b/missing → 404 NoSuchKey; /b/forbidden → 403 AccessDenied; /b/error → 500 (always);
///   /b/slowdown → 503 SlowDown; /b/flaky → 503 once, then 200; /b/reset → headers then a reset mid-body;
///   /b/stall → accepts and never answers.
/// A test may pass `routes`, answering the requests it cares about (credential endpoints, Azure) before those.
final class LoopbackServer: @unchecked Sendable {
    /// One request as received: method, path, query, lowercased headers, body.
    struct Request: Sendable {
        var method: String
        var path: String
        var query: String
        var headers: [String: String]
        var body: String
    }

    /// An answer from a test's route: status line, extra headers, body.
    struct Reply: Sendable {
        var status: String
        var headers: [(String, String)] = []
        var body: String = ""
    }

    let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var seen: [Request] = []
    private let routes: (@Sendable (Request) -> Reply?)?

    init(routes: (@Sendable (Request) -> Reply?)? = nil) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var a = addr
        let ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: a.sin_port)
        let t = Thread { [self] in self.acceptLoop() }
        t.start()
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// How many requests a path has had.
    func count(_ path: String) -> Int { lock.withLock { counts[path] ?? 0 } }

    /// Every request received, in order.
    var requests: [Request] { lock.withLock { seen } }

    private func acceptLoop() {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return }
            Thread { [self] in self.serve(c) }.start()
        }
    }

    private func send(_ c: Int32, _ s: String) { _ = s.withCString { write(c, $0, strlen($0)) } }

    private func serve(_ c: Int32) {
        var buf = [UInt8](repeating: 0, count: 8192)
        var req = ""
        while !req.contains("\r\n\r\n") {
            let n = read(c, &buf, buf.count)
            if n <= 0 { close(c); return }
            req += String(decoding: buf[0..<n], as: UTF8.self)
        }
        let end = req.range(of: "\r\n\r\n")!
        let head = String(req[..<end.lowerBound])
        var body = String(req[end.upperBound...])
        let lines = head.components(separatedBy: "\r\n")
        let line = lines.first ?? ""
        var headers: [String: String] = [:]
        for l in lines.dropFirst() {
            guard let colon = l.firstIndex(of: ":") else { continue }
            headers[l[..<colon].lowercased()] = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "") ?? 0
        while body.utf8.count < length {
            let n = read(c, &buf, buf.count)
            if n <= 0 { break }
            body += String(decoding: buf[0..<n], as: UTF8.self)
        }
        let parts = line.split(separator: " ")
        let method = parts.first.map(String.init) ?? "GET"
        let target = parts.count > 1 ? String(parts[1]) : "/"
        let path = String(target.split(separator: "?", maxSplits: 1).first ?? "")
        let query = target.contains("?") ? String(target.split(separator: "?", maxSplits: 1)[1]) : ""
        let request = Request(method: method, path: path, query: query, headers: headers, body: body)
        let n: Int = lock.withLock { counts[path, default: 0] += 1; seen.append(request); return counts[path]! }
        if let r = routes?(request) {
            let b = method == "HEAD" ? "" : r.body
            let extra = r.headers.map { "\($0.0): \($0.1)\r\n" }.joined()
            send(c, "HTTP/1.1 \(r.status)\r\nContent-Length: \(r.body.utf8.count)\r\n\(extra)Connection: close\r\n\r\n\(b)")
            close(c)
            return
        }
        func reply(_ status: String, _ body: String, _ extra: String = "") {
            let b = method == "HEAD" ? "" : body
            send(c, "HTTP/1.1 \(status)\r\nContent-Length: \(body.utf8.count)\r\nContent-Type: application/xml\r\n\(extra)Connection: close\r\n\r\n\(b)")
            close(c)
        }
        func s3Error(_ code: String, _ msg: String) -> String { "<?xml version=\"1.0\"?><Error><Code>\(code)</Code><Message>\(msg)</Message></Error>" }
        switch path {
        case "/b/ok": reply("200 OK", "hello world", "ETag: \"abc\"\r\nLast-Modified: Wed, 21 Oct 2015 07:28:00 GMT\r\n")
        case "/b/missing": reply("404 Not Found", s3Error("NoSuchKey", "The specified key does not exist."))
        case "/b/forbidden": reply("403 Forbidden", s3Error("AccessDenied", "Access Denied"))
        case "/b/error": reply("500 Internal Server Error", s3Error("InternalError", "We encountered an internal error."))
        case "/b/slowdown": reply("503 Slow Down", s3Error("SlowDown", "Please reduce your request rate."))
        case "/b/flaky": n == 1 ? reply("503 Slow Down", s3Error("SlowDown", "Please reduce your request rate.")) : reply("200 OK", "ok now")
        case "/b/reset":
            send(c, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial")
            var lin = linger(l_onoff: 1, l_linger: 0)
            setsockopt(c, SOL_SOCKET, SO_LINGER, &lin, socklen_t(MemoryLayout<linger>.size))
            close(c)
        case "/b/stall":
            Thread.sleep(forTimeInterval: 30)
            close(c)
        default: reply("400 Bad Request", s3Error("InvalidRequest", "unknown test path"))
        }
    }
}
