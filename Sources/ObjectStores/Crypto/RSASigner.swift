import CCrypto
import Foundation

/// RSASSA-PKCS1-v1_5 with SHA-256 (JWT `RS256`) through OpenSSL's EVP interface, for the OAuth2 assertions of
/// Google service accounts. The key is a PEM private key (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`).
public final class RSASigner: @unchecked Sendable {
    private let key: OpaquePointer

    public struct KeyError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(pem: String) throws {
        let bytes = Array(pem.utf8)
        let parsed: OpaquePointer? = bytes.withUnsafeBytes { b in
            guard let bio = BIO_new_mem_buf(b.baseAddress, Int32(b.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let k = parsed else {
            ERR_clear_error()
            throw KeyError(description: "not a PEM private key OpenSSL can read")
        }
        key = k
    }

    deinit { EVP_PKEY_free(key) }

    /// The signature of `data`.
    public func sign(_ data: [UInt8]) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw KeyError(description: "OpenSSL could not allocate a digest context") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, key) == 1 else {
            ERR_clear_error()
            throw KeyError(description: "the key cannot sign RS256 (not an RSA key?)")
        }
        var length = 0
        let ok = data.withUnsafeBufferPointer { d -> Bool in
            guard EVP_DigestSign(ctx, nil, &length, d.baseAddress, d.count) == 1 else { return false }
            return true
        }
        guard ok else { ERR_clear_error(); throw KeyError(description: "OpenSSL could not size the signature") }
        var sig = [UInt8](repeating: 0, count: length)
        let signed = data.withUnsafeBufferPointer { d in EVP_DigestSign(ctx, &sig, &length, d.baseAddress, d.count) == 1 }
        guard signed else { ERR_clear_error(); throw KeyError(description: "OpenSSL could not sign") }
        return Array(sig.prefix(length))
    }
}

/// Base64url without padding (RFC 7515 §2), as JWTs use.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
