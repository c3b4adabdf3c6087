import Foundation

/// AWS Signature Version 4 for S3: the `Authorization` header of a request, and presigned URLs.
///
/// Written here because no library on this machine's mirror signs SigV4 for Linux without pulling in an HTTP stack;
/// libcurl's `CURLOPT_AWS_SIGV4` cannot presign. Checked against the worked examples in AWS's S3 documentation
/// ("Signature Calculations for the Authorization Header" and "Authenticating Requests: Using Query Parameters").
public struct SigV4: Sendable {
    public var accessKey: String
    public var secretKey: String
    public var sessionToken: String?
    public var region: String
    public var service: String

    public init(accessKey: String, secretKey: String, sessionToken: String? = nil, region: String, service: String = "s3") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        self.region = region
        self.service = service
    }

    /// `20130524T000000Z`.
    public static func amzDate(_ d: Date) -> String {
        var t = time_t(d.timeIntervalSince1970.rounded(.down))
        var tmv = tm()
        gmtime_r(&t, &tmv)
        // Digits by hand: String(format:) goes through CoreFoundation and costs more than the signature.
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tmv.tm_year + 1900)\(two(tmv.tm_mon + 1))\(two(tmv.tm_mday))T\(two(tmv.tm_hour))\(two(tmv.tm_min))\(two(tmv.tm_sec))Z"
    }

    /// RFC 3986 percent-encoding as SigV4 wants it (unreserved characters kept; `/` kept in paths when asked).
    public static func encode(_ s: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            let digit = b >= 0x30 && b <= 0x39
            let mark = b == 0x2D || b == 0x5F || b == 0x2E || b == 0x7E
            if letter || digit || mark || (keepSlash && b == 0x2F) {
                out.append(b)
            } else {
                out += [0x25, hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A header value without leading and trailing spaces and tabs (by bytes; values rarely have any).
    static func trimmed(_ v: String) -> String {
        let u = v.utf8
        func space(_ c: UInt8) -> Bool { c == 32 || c == 9 }
        guard let f = u.first, let l = u.last, space(f) || space(l) else { return v }
        guard let start = u.firstIndex(where: { !space($0) }), let end = u.lastIndex(where: { !space($0) }) else { return "" }
        return String(v[start...end])
    }

    /// The canonical query string of already-decoded name/value pairs.
    static func canonicalQuery(_ query: [(String, String)]) -> String {
        let pairs: [(String, String)] = query.map { (encode($0.0, keepSlash: false), encode($0.1, keepSlash: false)) }
        let sorted = pairs.sorted { (a: (String, String), b: (String, String)) -> Bool in a.0 == b.0 ? a.1 < b.1 : a.0 < b.0 }
        return sorted.map { (p: (String, String)) -> String in p.0 + "=" + p.1 }.joined(separator: "&")
    }

    /// The key derived from the secret for one day, region and service (four chained HMACs). Requests of one day
    /// share it: the derivation is kept (`SigningKeys`) instead of repeated for every request.
    func signingKey(day: String) -> [UInt8] {
        SigningKeys.shared.key(secret: secretKey, day: day, region: region, service: service) {
            var k = Digests.hmacSHA256(key: Array("AWS4\(secretKey)".utf8), Array(day.utf8))
            k = Digests.hmacSHA256(key: k, Array(region.utf8))
            k = Digests.hmacSHA256(key: k, Array(service.utf8))
            return Digests.hmacSHA256(key: k, Array("aws4_request".utf8))
        }
    }

    /// The parts of a signature, exposed so tests can compare each step with AWS's worked examples.
    public struct Signed: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var signedHeaders: String
        public var scope: String
    }

    /// Signs a request. `path` is the URI-encoded path (`/test.txt`); `query` the decoded pairs; `headers` must
    /// include `host` and `x-amz-date` (and `x-amz-content-sha256` for S3).
    public func sign(method: String, path: String, query: [(String, String)], headers: [(String, String)],
                     payloadHash: String, date: Date) -> Signed {
        let stamp = Self.amzDate(date)
        let day = String(stamp.prefix(8))
        let canon = headers.map { ($0.0.lowercased(), Self.trimmed($0.1)) }.sorted { $0.0 < $1.0 }
        let signedHeaders = canon.map(\.0).joined(separator: ";")
        let canonicalRequest = [method, path, Self.canonicalQuery(query),
                                canon.map { "\($0.0):\($0.1)\n" }.joined(), signedHeaders, payloadHash].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, Digests.hex(Digests.sha256(Array(canonicalRequest.utf8)))].joined(separator: "\n")
        let signature = Digests.hex(Digests.hmacSHA256(key: signingKey(day: day), Array(stringToSign.utf8)))
        return Signed(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature, signedHeaders: signedHeaders, scope: scope)
    }

    /// The headers to add to a GET/HEAD (`x-amz-date`, `x-amz-content-sha256`, the session token, `Authorization`).
    public func authorize(method: String, host: String, path: String, query: [(String, String)], extra: [(String, String)] = [],
                          date: Date) -> [(String, String)] {
        var headers: [(String, String)] = [("host", host), ("x-amz-date", Self.amzDate(date)), ("x-amz-content-sha256", Digests.emptySHA256)]
        if let t = sessionToken, !t.isEmpty { headers.append(("x-amz-security-token", t)) }
        headers += extra.map { ($0.0.lowercased(), $0.1) }
        let s = sign(method: method, path: path, query: query, headers: headers, payloadHash: Digests.emptySHA256, date: date)
        var out = headers.filter { $0.0 != "host" }
        out.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(s.scope), SignedHeaders=\(s.signedHeaders), Signature=\(s.signature)"))
        return out
    }

    /// A presigned GET URL valid for `expires` seconds (`scheme://host/path?X-Amz-…`).
    public func presign(scheme: String, host: String, path: String, expires: Int, date: Date) -> (url: String, signed: Signed) {
        let stamp = Self.amzDate(date)
        let scope = "\(stamp.prefix(8))/\(region)/\(service)/aws4_request"
        var query: [(String, String)] = [("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(accessKey)/\(scope)"),
                                         ("X-Amz-Date", stamp), ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", "host")]
        if let t = sessionToken, !t.isEmpty { query.append(("X-Amz-Security-Token", t)) }
        let s = sign(method: "GET", path: path, query: query, headers: [("host", host)], payloadHash: "UNSIGNED-PAYLOAD", date: date)
        let q = Self.canonicalQuery(query) + "&X-Amz-Signature=" + s.signature
        return ("\(scheme)://\(host)\(path)?\(q)", s)
    }
}

/// Derived SigV4 signing keys by secret, day, region and service: a handful at a time (one per bucket region and
/// credential in use), forgotten all at once when more pile up (a new day, rotated keys).
final class SigningKeys: @unchecked Sendable {
    static let shared = SigningKeys()
    private let lock = NSLock()
    private var keys: [String: [UInt8]] = [:]

    func key(secret: String, day: String, region: String, service: String, derive: () -> [UInt8]) -> [UInt8] {
        let id = "\(secret)\u{0}\(day)\u{0}\(region)\u{0}\(service)"
        if let k = lock.withLock({ keys[id] }) { return k }
        let k = derive()
        lock.withLock {
            if keys.count >= 64 { keys.removeAll() }
            keys[id] = k
        }
        return k
    }
}
