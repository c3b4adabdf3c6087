import Foundation

/// A read-only service SAS for one blob (`sr=b`, `sp=r`), signed with the account key, by Microsoft's documented
/// string to sign for a service SAS of version 2020-12-06 and later ("Create a service SAS"): permissions, start,
/// expiry, the canonicalized resource `/blob/account/container/blob`, policy identifier, IP range, protocol,
/// version, resource, snapshot time, encryption scope and the five response-header overrides, one per line; the
/// signature is base64(HMAC-SHA256(account key, string)).
///
/// Written by hand: no Azure SDK for Swift on this machine's mirror. The test compares it with `azure-storage-blob`.
public enum AzureSAS {
    /// The signed version (`sv`) flytrap writes.
    public static let version = "2022-11-02"

    /// The SAS query (without `?`) granting read on `container/blob` until `expiry`; `https` limits it to HTTPS
    /// (`spr=https`), otherwise it allows both (an emulator on plain HTTP).
    public static func token(key: AzureSharedKey, container: String, blob: String, expiry: Date, https: Bool = true,
                             version: String = version) -> String {
        let se = timestamp(expiry)
        let spr = https ? "https" : "https,http"
        let sig = signature(key: key, permissions: "r", start: "", expiry: se, resource: "/blob/\(key.account)/\(container)/\(blob)",
                            protocol: spr, version: version, signedResource: "b")
        return [("sv", version), ("se", se), ("sr", "b"), ("sp", "r"), ("spr", spr), ("sig", sig)]
            .map { "\($0.0)=\(SigV4.encode($0.1, keepSlash: false))" }.joined(separator: "&")
    }

    /// The string to sign, one field per line in the documented order (empty fields stay as empty lines).
    static func stringToSign(permissions: String, start: String, expiry: String, resource: String, protocol spr: String,
                             version: String, signedResource: String) -> String {
        // sp, st, se, canonicalized resource, si, sip, spr, sv, sr, snapshot time, ses, rscc, rscd, rsce, rscl, rsct.
        [permissions, start, expiry, resource, "", "", spr, version, signedResource, "", "", "", "", "", "", ""].joined(separator: "\n")
    }

    static func signature(key: AzureSharedKey, permissions: String, start: String, expiry: String, resource: String, protocol spr: String,
                          version: String, signedResource: String) -> String {
        let s = stringToSign(permissions: permissions, start: start, expiry: expiry, resource: resource, protocol: spr,
                             version: version, signedResource: signedResource)
        return Data(Digests.hmacSHA256(key: key.key, Array(s.utf8))).base64EncodedString()
    }

    /// `YYYY-MM-DDThh:mm:ssZ` in UTC, the ISO 8601 form SAS fields take (one per signed URL: a formatter will do).
    static func timestamp(_ d: Date) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: d.timeIntervalSince1970.rounded(.down)))
    }

    /// The expiry (`se`) of a SAS token, when it has one.
    public static func expiry(ofToken token: String) -> Date? {
        for part in token.split(separator: "&") where part.hasPrefix("se=") {
            let v = String(part.dropFirst(3)).removingPercentEncoding ?? ""
            return ISO8601DateFormatter.parseAny(v)
        }
        return nil
    }
}
