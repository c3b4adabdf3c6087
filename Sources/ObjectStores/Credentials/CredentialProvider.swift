import Foundation

/// What one attempt to obtain credentials gave: credentials (with their expiry, if they have one), a source that is
/// not there (requests go unsigned or anonymous), or a source that is there but failed.
public enum CredentialFetch<Value: Sendable>: Sendable {
    /// `expires` nil: read from a file (read again after a while); `.distantFuture`: fixed.
    case value(Value, expires: Date?)
    /// The source does not exist here (no metadata server, no token file): unsigned requests, with why.
    case absent(String)
    /// The source exists but did not give credentials; `transient` failures (network, 5xx) answer `unavailable`,
    /// the others (an unreadable key file, a refused token) answer `unknown`: flytrap could not ask.
    case failed(String, transient: Bool)
}

/// Credentials from one source, fetched on first use and again before they expire.
///
/// Fixed credentials (keys in the environment or the config) never refetch. Credentials read from files refetch
/// every `fileRefresh` seconds, so a rotated `~/.aws/credentials` takes effect within that time without a restart.
/// Temporary credentials (EC2 metadata, web identity, OAuth2 tokens) refetch `margin` seconds before they expire.
/// One fetch at a time: concurrent callers wait for it rather than each asking the source. A failed fetch is retried
/// after `retryAfter` seconds; an absent source is asked again after `fileRefresh`.
public final class CredentialProvider<Value: Sendable>: @unchecked Sendable {
    /// Where the credentials come from, for `flytrap info` (never the secret).
    public let source: String
    private let fetch: @Sendable () -> CredentialFetch<Value>
    private let lock = NSLock()
    private var last: CredentialFetch<Value>?
    private var refetchAt = Date.distantPast
    public var margin: TimeInterval = 300
    public var retryAfter: TimeInterval = 15
    public var fileRefresh: TimeInterval = 300

    public init(source: String, fetch: @escaping @Sendable () -> CredentialFetch<Value>) {
        self.source = source
        self.fetch = fetch
    }

    /// Credentials that never change.
    public static func fixed(_ value: Value, source: String) -> CredentialProvider {
        CredentialProvider(source: source) { .value(value, expires: .distantFuture) }
    }

    /// The credentials to sign with now, or the answer that explains why there are none.
    public func current(now: Date = Date()) -> CredentialFetch<Value> {
        lock.withLock {
            if let l = last, now < refetchAt { return l }
            let f = fetch()
            switch f {
            case .value(_, let expires):
                // No expiry: read from a file, so read again after `fileRefresh`; distantFuture: fixed.
                refetchAt = expires.map { $0 == .distantFuture ? .distantFuture : max(now, $0.addingTimeInterval(-margin)) } ?? now.addingTimeInterval(fileRefresh)
                last = f
            case .absent:
                refetchAt = now.addingTimeInterval(fileRefresh)
                last = f
            case .failed:
                // Credentials that are still valid are kept through a failed refresh.
                if case .value(_, let exp)? = last, let e = exp, now < e { refetchAt = now.addingTimeInterval(retryAfter); return last! }
                refetchAt = now.addingTimeInterval(retryAfter)
                last = f
            }
            return f
        }
    }

    /// The credentials, or nil when the source is absent or failed.
    public func value(now: Date = Date()) -> Value? {
        if case .value(let v, _) = current(now: now) { return v }
        return nil
    }

    /// The credentials to sign a request with (nil: send it unsigned), or why it cannot be sent.
    public func signing(now: Date = Date()) -> Result<Value?, CredentialBlock> {
        switch current(now: now) {
        case .value(let v, _): .success(v)
        case .absent: .success(nil)
        case .failed(let why, let transient): .failure(CredentialBlock(reason: "no credentials from \(source): \(why)", transient: transient))
        }
    }

    /// One line for `flytrap info`: the source and, once asked, how it answered.
    public func describe() -> String {
        switch current() {
        case .value(_, let e):
            guard let e, e != .distantFuture else { return source }
            return "\(source) (expires \(ISO8601DateFormatter().string(from: e)))"
        case .absent(let why): return "none found (\(why)): requests go unsigned"
        case .failed(let why, _): return "\(source): failed: \(why)"
        }
    }
}
