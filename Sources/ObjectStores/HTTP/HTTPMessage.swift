import Foundation

/// One HTTP request a backend makes: GET or HEAD toward buckets (flytrap never writes to one); POST and PUT only
/// toward credential endpoints (an OAuth2 token exchange, the EC2 metadata token, IAM signBlob for `presign`).
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    /// The request body (form-encoded token requests); nil for bodiless requests.
    public var body: [UInt8]?
    /// Set when the request cannot be signed (its credential source failed): `send` answers without sending.
    public var unsendable: CredentialBlock?
    /// Stop storing the body after this many bytes (a range GET normally keeps the server from sending more).
    public var bodyLimit: Int
    public var timeout: TimeInterval

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                bodyLimit: Int = 1 << 20, timeout: TimeInterval = 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyLimit = bodyLimit
        self.timeout = timeout
    }
}

extension HTTPRequest {
    /// A form-encoded POST to a credential endpoint (an OAuth2 token exchange, STS).
    static func formPost(url: String, fields: [(String, String)], timeout: TimeInterval) -> HTTPRequest {
        let body = fields.map { "\($0.0)=\(SigV4.encode($0.1, keepSlash: false))" }.joined(separator: "&")
        return HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                           body: Array(body.utf8), bodyLimit: 64 << 10, timeout: timeout)
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
    /// Why the request was never sent (no credentials to sign it with).
    public var unsent: CredentialBlock?

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], transportError: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.transportError = transportError
    }

    /// The body as text (for error documents), at most 2 kB.
    public var bodyText: String { String(decoding: body.prefix(2048), as: UTF8.self) }
}

/// Why a request could not be signed: its credential source failed, transiently (network, 5xx: the object is
/// `unavailable`) or not (an unreadable key file, a refused token: `unknown`, flytrap could not ask).
public struct CredentialBlock: Error, Sendable, Equatable {
    public var reason: String
    public var transient: Bool
}

/// Anything that answers HTTP requests (libcurl in production; a stub in unit tests).
public protocol HTTPTransport: Sendable {
    func perform(_ request: HTTPRequest) -> HTTPResponse
}

/// A transport that can also start a request and call back when it is answered, without a thread waiting on it
/// (libcurl's engine). Completions run on the transport's own thread and must be quick.
public protocol StartingTransport: HTTPTransport {
    /// Starts `request` as part of `scope` (cancelled with it; answered `cancelled` at once when it already is);
    /// `done` gets the answer (never retried). Returns an id for cancelling it alone.
    @discardableResult
    func start(_ request: HTTPRequest, scope: TransferScope?, done: @escaping @Sendable (HTTPResponse) -> Void) -> Int
}

extension HTTPTransport {
    /// The transport underneath that can start requests without blocking (a retrying wrapper's base), if any.
    public var starting: (any StartingTransport)? {
        if let s = self as? any StartingTransport { return s }
        return (self as? RetryingTransport)?.base.starting
    }
}

extension HTTPTransport {
    /// Performs the request unless it cannot be signed, in which case the answer says why without a round trip.
    public func send(_ request: HTTPRequest) -> HTTPResponse {
        if let b = request.unsendable {
            var r = HTTPResponse(status: 0)
            r.unsent = b
            return r
        }
        return perform(request)
    }
}
