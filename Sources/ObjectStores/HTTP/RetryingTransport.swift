import Foundation

/// Retries what may pass on a second try (transport failures, 429, 500, 502, 503 SlowDown, 504) with jittered
/// exponential backoff; every other answer is returned at once.
public struct RetryingTransport: HTTPTransport {
    public var base: any HTTPTransport
    public var attempts: Int
    public var baseDelay: TimeInterval

    public init(_ base: any HTTPTransport, attempts: Int = 3, baseDelay: TimeInterval = 0.1) {
        self.base = base
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
    }

    /// Whether an answer is worth another try.
    public static func retryable(_ r: HTTPResponse) -> Bool {
        if let e = r.transportError { return e != "cancelled" && !e.hasPrefix("TLS:") }
        return r.status == 429 || r.status == 500 || r.status == 502 || r.status == 503 || r.status == 504
    }

    public func perform(_ request: HTTPRequest) -> HTTPResponse {
        retrying(base.perform(request)) { request }
    }

    /// Tries again after `first` while it is worth it and attempts are left, with a fresh request each time (`next`
    /// re-signs it; nil gives up), and returns the last answer with its attempt count.
    public func retrying(_ first: HTTPResponse, next: () -> HTTPRequest?) -> HTTPResponse {
        var r = first
        var n = 1
        while n < attempts, Self.retryable(r), let request = next() {
            Thread.sleep(forTimeInterval: baseDelay * pow(2, Double(n - 1)) * Double.random(in: 0.5...1.5))
            r = base.perform(request)
            n += 1
        }
        r.attempts = n
        return r
    }
}
