import Foundation

/// GCS V4 signed URLs for GET (`GOOG4-RSA-SHA256`), signed locally with a service account's private key, following
/// Google's "V4 signing process" for Cloud Storage: a canonical request (method, path, sorted query, `host` as the
/// one signed header, `UNSIGNED-PAYLOAD`), its SHA-256 in a string to sign with the credential scope
/// `DATE/auto/storage/goog4_request`, and the RSA-SHA256 signature in hex as `X-Goog-Signature`.
///
/// Written by hand: Google ships no Swift client; the test compares it with `google-cloud-storage`'s own URLs.
public struct GCSURLSigner: Sendable {
    /// The service account's `client_email`.
    public var email: String
    public var privateKeyPEM: String

    public init(email: String, privateKeyPEM: String) {
        self.email = email
        self.privateKeyPEM = privateKeyPEM
    }

    /// A URL for `bucket/key` at `endpoint` (`https://storage.googleapis.com`, or an emulator's origin) that is
    /// valid for `seconds` from `date`.
    public func url(endpoint: String, bucket: String, key: String, seconds: Int, date: Date) throws -> String {
        let origin = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        guard let host = URLComponents(string: origin).flatMap({ c in c.host.map { $0 + (c.port.map { ":\($0)" } ?? "") } }) else {
            throw RSASigner.KeyError(description: "\(endpoint): not an endpoint URL")
        }
        let stamp = SigV4.amzDate(date)
        let scope = "\(stamp.prefix(8))/auto/storage/goog4_request"
        let path = "/" + SigV4.encode(bucket, keepSlash: false) + "/" + SigV4.encode(key, keepSlash: true)
        let query = SigV4.canonicalQuery([
            ("X-Goog-Algorithm", "GOOG4-RSA-SHA256"), ("X-Goog-Credential", "\(email)/\(scope)"), ("X-Goog-Date", stamp),
            ("X-Goog-Expires", String(seconds)), ("X-Goog-SignedHeaders", "host"),
        ])
        let canonical = ["GET", path, query, "host:\(host)\n", "host", "UNSIGNED-PAYLOAD"].joined(separator: "\n")
        let toSign = ["GOOG4-RSA-SHA256", stamp, scope, Digests.hex(Digests.sha256(Array(canonical.utf8)))].joined(separator: "\n")
        let signature = try RSASigner(pem: privateKeyPEM).sign(Array(toSign.utf8))
        return "\(origin)\(path)?\(query)&X-Goog-Signature=\(Digests.hex(signature))"
    }
}
