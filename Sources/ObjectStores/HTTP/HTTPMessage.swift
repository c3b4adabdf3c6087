import Foundation

/// One HTTP request a bucket backend makes (GET or HEAD; flytrap never writes).
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    /// Stop storing the body after this many bytes (a range GET normally keeps the server from sending more).
    public var bodyLimit: Int
    public var timeout: TimeInterval

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], bodyLimit: Int = 1 << 20, timeout: TimeInterval = 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.bodyLimit = bodyLimit
        self.timeout = timeout
    }
}

/// The answer to a request: a status with headers and body, or a transport failure (no HTTP answer at all).
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lowercased; the last value wins.
    public var headers: [String: String]
    public var body: [UInt8]
    /// Set when no complete HTTP answer arrived: DNS, connect, TLS, reset, timeout (libcurl's message).
    public var transportError: String?
    /// How many attempts it took (retries included).
    public var attempts = 1

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], transportError: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.transportError = transportError
    }

    /// The body as text (for error documents), at most 2 kB.
    public var bodyText: String { String(decoding: body.prefix(2048), as: UTF8.self) }
}

/// Anything that answers HTTP requests (libcurl in production; a stub in unit tests).
public protocol HTTPTransport: Sendable {
    func perform(_ request: HTTPRequest) -> HTTPResponse
}
