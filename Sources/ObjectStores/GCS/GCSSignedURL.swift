import Foundation

/// GCS V4 signed URLs for GET (`GOOG4-RSA-SHA256`), following Google's "V4 signing process" for Cloud Storage: a
/// canonical request (method, path, sorted query, `host` as the one signed header, `UNSIGNED-PAYLOAD`), its SHA-256
/// in a string to sign with the credential scope `DATE/auto/storage/goog4_request`, and the RSA-SHA256 signature in
/// hex as `X-Goog-Signature`. The signature comes from a service account's private key, here, or from the IAM
/// Credentials API's `signBlob` for an account whose key flytrap never sees (GKE workload identity, GCE).
///
/// Written by hand: Google ships no Swift client; the test compares it with `google-cloud-storage`'s own URLs.
public struct GCSURLSigner: Sendable {
    /// What makes the RSA-SHA256 signature.
    public enum Key: Sendable {
        /// A service account's PEM private key (a key file).
        case privateKey(String)
        /// IAM Credentials `signBlob` at `endpoint`, authorised by the account's own access token.
        case iamSignBlob(endpoint: String, token: String, transport: any HTTPTransport)
    }

    /// The service account's email (`client_email`).
    public var email: String
    public var key: Key

    public init(email: String, key: Key) {
        self.email = email
        self.key = key
    }

    public init(email: String, privateKeyPEM: String) {
        self.init(email: email, key: .privateKey(privateKeyPEM))
    }

    /// A URL for `bucket/key` at `endpoint` (`https://storage.googleapis.com`, or an emulator's origin) that is
    /// valid for `seconds` from `date`.
    public func url(endpoint: String, bucket: String, key objectKey: String, seconds: Int, date: Date) throws -> String {
        let origin = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        guard let host = URLComponents(string: origin).flatMap({ c in c.host.map { $0 + (c.port.map { ":\($0)" } ?? "") } }) else {
            throw PresignError("\(endpoint): not an endpoint URL")
        }
        let stamp = SigV4.amzDate(date)
        let scope = "\(stamp.prefix(8))/auto/storage/goog4_request"
        let path = "/" + SigV4.encode(bucket, keepSlash: false) + "/" + SigV4.encode(objectKey, keepSlash: true)
        let query = SigV4.canonicalQuery([
            ("X-Goog-Algorithm", "GOOG4-RSA-SHA256"), ("X-Goog-Credential", "\(email)/\(scope)"), ("X-Goog-Date", stamp),
            ("X-Goog-Expires", String(seconds)), ("X-Goog-SignedHeaders", "host"),
        ])
        let canonical = ["GET", path, query, "host:\(host)\n", "host", "UNSIGNED-PAYLOAD"].joined(separator: "\n")
        let toSign = ["GOOG4-RSA-SHA256", stamp, scope, Digests.hex(Digests.sha256(Array(canonical.utf8)))].joined(separator: "\n")
        return "\(origin)\(path)?\(query)&X-Goog-Signature=\(Digests.hex(try sign(Array(toSign.utf8))))"
    }

    /// The RSA-SHA256 signature of `bytes`.
    func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        switch key {
        case .privateKey(let pem):
            do { return try RSASigner(pem: pem).sign(bytes) } catch { throw PresignError("\(email)'s key: \(error)") }
        case .iamSignBlob(let endpoint, let token, let transport):
            // POST …/serviceAccounts/EMAIL:signBlob {"payload": base64} → {"keyId", "signedBlob": base64}.
            let url = "\(endpoint)/v1/projects/-/serviceAccounts/\(SigV4.encode(email, keepSlash: false)):signBlob"
            let body = try JSONSerialization.data(withJSONObject: ["payload": Data(bytes).base64EncodedString()])
            let r = transport.send(HTTPRequest(method: "POST", url: url, headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                               body: Array(body), bodyLimit: 64 << 10, timeout: 10))
            if let e = r.transportError { throw PresignError("IAM signBlob at \(endpoint): \(e)") }
            guard r.status == 200 else {
                let (code, message) = ResponseClassifier.providerError(r)
                let said = ["HTTP \(r.status)", code, message].compactMap { $0 }.joined(separator: " ")
                let hint = r.status == 403 ? "; \(email) needs roles/iam.serviceAccountTokenCreator on itself" : ""
                throw PresignError("IAM signBlob refused (\(said))\(hint)")
            }
            guard let obj = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any],
                  let b64 = obj["signedBlob"] as? String, let sig = Data(base64Encoded: b64) else {
                throw PresignError("IAM signBlob answered without a signedBlob")
            }
            return Array(sig)
        }
    }
}
