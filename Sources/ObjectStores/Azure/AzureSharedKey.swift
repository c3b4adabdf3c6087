import Foundation

/// Azure Storage Shared Key signing for the Blob service (versions 2015-02-21 and later), by Microsoft's documented
/// rules ("Authorize with Shared Key"): the string to sign is the verb, eleven standard header values (an empty
/// Content-Length for zero), the canonicalized `x-ms-` headers and the canonicalized resource; the signature is
/// base64(HMAC-SHA256(base64-decoded account key, string)). Written by hand: no Azure SDK for Swift on this
/// machine's mirror, and the rules are a page long.
public struct AzureSharedKey: Sendable {
    public var account: String
    /// The decoded account key.
    public var key: [UInt8]

    public init?(account: String, base64Key: String) {
        guard let k = Data(base64Encoded: base64Key) else { return nil }
        self.account = account
        key = Array(k)
    }

    static let standardHeaders = ["content-encoding", "content-language", "content-length", "content-md5", "content-type", "date",
                                  "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range"]

    /// The canonicalized `x-ms-` headers: lowercased names in order, one `name:value\n` each, values trimmed and
    /// inner runs of whitespace folded to one space.
    public static func canonicalHeaders(_ headers: [(String, String)]) -> String {
        headers.filter { $0.0.lowercased().hasPrefix("x-ms-") }
            .map { ($0.0.lowercased(), $0.1.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")) }
            .sorted { $0.0 < $1.0 }
            .map { "\($0.0):\($0.1)\n" }.joined()
    }

    /// The canonicalized resource: `/account` + the encoded path, then each query parameter as `\nname:value`, names
    /// lowercased and sorted, values decoded, a repeated name's values sorted and joined with commas.
    public static func canonicalResource(account: String, path: String, query: [(String, String)]) -> String {
        var grouped: [String: [String]] = [:]
        for (k, v) in query { grouped[k.lowercased(), default: []].append(v) }
        return "/\(account)\(path)" + grouped.keys.sorted().map { "\n\($0):\(grouped[$0]!.sorted().joined(separator: ","))" }.joined()
    }

    /// The string to sign for a request.
    public static func stringToSign(method: String, path: String, query: [(String, String)], headers: [(String, String)], account: String) -> String {
        var std: [String: String] = [:]
        for (k, v) in headers { std[k.lowercased()] = v }
        if std["content-length"] == "0" { std["content-length"] = nil }
        let fields = standardHeaders.map { std[$0] ?? "" }
        return ([method.uppercased()] + fields).joined(separator: "\n") + "\n" + canonicalHeaders(headers)
            + canonicalResource(account: account, path: path, query: query)
    }

    /// The `Authorization` header value: `SharedKey account:signature`.
    public func authorization(method: String, path: String, query: [(String, String)], headers: [(String, String)]) -> String {
        let sts = Self.stringToSign(method: method, path: path, query: query, headers: headers, account: account)
        let sig = Data(Digests.hmacSHA256(key: key, Array(sts.utf8))).base64EncodedString()
        return "SharedKey \(account):\(sig)"
    }
}
