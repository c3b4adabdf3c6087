import FlyteModel
import Foundation
import ObjectStores
import Testing

/// TLS verification is on by default and off only when asked (`--insecure` → `StorageSettings.insecure`), against
/// `openssl s_server` on loopback with a self-signed certificate made for the test.
@Suite("TLS verification", .serialized)
struct TLSVerificationTests {
    /// Starts `openssl s_server -HTTP` serving `dir` on a free port; returns the port and the process.
    static func server(dir: String) throws -> (Int, Process) {
        func sh(_ cmd: String) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", cmd]
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
        }
        try sh("cd '\(dir)' && openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 1 -subj /CN=localhost")
        // s_server -HTTP sends the file as is, so the file carries its own status line and headers.
        try "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n".write(toFile: dir + "/b/obj", atomically: true, encoding: .utf8)
        let port = Int.random(in: 40_000...59_000)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "s_server", "-accept", String(port), "-cert", "c.pem", "-key", "k.pem", "-HTTP", "-quiet"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<50 {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = in_port_t(UInt16(port).bigEndian)
            a.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            close(s)
            if ok == 0 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return (port, p)
    }

    @Test("a self-signed endpoint is unavailable with a TLS reason by default, and present with --insecure")
    func insecureOnlyWhenAsked() throws {
        let dir = NSTemporaryDirectory() + "flytrap-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/b", withIntermediateDirectories: true)
        let (port, p) = try Self.server(dir: dir)
        defer { p.terminate() }
        var settings = StorageSettings()
        settings.buckets["b"] = .init(endpoint: "https://127.0.0.1:\(port)")
        let env = ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "HOME": "/nonexistent"]
        let verified = ObjectRouter(settings: settings, env: env).get("s3://b/obj", limit: 100).state
        guard case .unavailable(let why) = verified else { Issue.record("expected unavailable, got \(verified)"); return }
        #expect(why.contains("TLS") && why.contains("--insecure"))
        settings.insecure = true
        guard case .bytes(let bytes, _, _) = ObjectRouter(settings: settings, env: env).get("s3://b/obj", limit: 100) else {
            Issue.record("not read with --insecure"); return
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "hello\n")
    }
}
