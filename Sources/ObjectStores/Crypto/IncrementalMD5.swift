import CCrypto

/// An MD5 computed over bytes fed piece by piece (S3 Inventory files carry the MD5 of their bytes).
public final class IncrementalMD5 {
    private let ctx: OpaquePointer?

    public init() {
        ctx = EVP_MD_CTX_new()
        _ = EVP_DigestInit_ex(ctx, EVP_md5(), nil)
    }

    deinit { EVP_MD_CTX_free(ctx) }

    /// Adds `bytes` to the digest.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { b in _ = EVP_DigestUpdate(ctx, b.baseAddress, b.count) }
    }

    /// The digest of everything fed so far, as lowercase hex (the digest cannot be fed after this).
    public func finalHex() -> String {
        var out = [UInt8](repeating: 0, count: 16)
        var n: UInt32 = 0
        _ = EVP_DigestFinal_ex(ctx, &out, &n)
        return Digests.hex(out)
    }
}
