import FlyteModel
import Foundation

/// Turns an HTTP answer into an object state, the heart of flytrap's honesty: only an authoritative "no such
/// object" (404, NoSuchKey, NoSuchBucket) is `notFound`; 401/403 are `denied` with the provider's code; timeouts,
/// resets, DNS and connect failures, 429 and 5xx (after retries) are `unavailable`; anything else is `unknown`.
public enum ResponseClassifier {
    /// The provider's error code and message from an error body (S3/Azure XML `<Code>`/`<Message>`, GCS JSON
    /// `"message"`/`"reason"`), or from S3's `x-amz-error-code` header.
    public static func providerError(_ r: HTTPResponse) -> (code: String?, message: String?) {
        // HEAD answers and most 200s have no body: look for an error document only where there is one (a failed
        // JSON parse of an empty body costs an NSError, and existence checks run by the ten thousand).
        let first = r.body.first { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }
        if first == UInt8(ascii: "<") {
            let text = r.bodyText
            func xml(_ tag: String) -> String? { XMLText.first(tag, in: text[...]).map(String.init) }
            if let c = xml("Code") { return (c, xml("Message")) }
        }
        if first == UInt8(ascii: "{"), let obj = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], let err = obj["error"] as? [String: Any] {
            let reason = ((err["errors"] as? [[String: Any]])?.first?["reason"] as? String)
            return (reason ?? (err["status"] as? String), err["message"] as? String)
        }
        if let c = r.headers["x-amz-error-code"] ?? r.headers["x-ms-error-code"] { return (c, r.headers["x-amz-error-message"]) }
        return (nil, nil)
    }

    /// The state of `what` (a URI) given the answer to a HEAD or GET of it.
    public static func state(_ r: HTTPResponse, what: String, info: () -> ObjectInfo) -> ObjectState {
        if let b = r.unsent { return b.transient ? .unavailable(reason: "\(what): \(b.reason)") : .unknown(reason: "\(what): \(b.reason)") }
        let tries = r.attempts > 1 ? " after \(r.attempts) attempts" : ""
        if let e = r.transportError { return .unavailable(reason: "\(what): \(e)\(tries)") }
        let (code, message) = providerError(r)
        let detail = [code, message].compactMap { $0 }.joined(separator: ": ")
        let said = "HTTP \(r.status)" + (detail.isEmpty ? "" : " \(detail)")
        switch r.status {
        case 200, 206: return .present(info())
        case 404: return .notFound(reason: "\(what): \(said)")
        case 401, 403: return .denied(reason: "\(what): \(said)")
        case 408, 429, 500...599: return .unavailable(reason: "\(what): \(said)\(tries)")
        case 301, 307, 400:
            // S3's wrong-region redirect and malformed requests: flytrap could not ask properly.
            return .unknown(reason: "\(what): \(said)" + (r.headers["x-amz-bucket-region"].map { " (the bucket is in \($0))" } ?? ""))
        default: return .unknown(reason: "\(what): \(said)")
        }
    }

    /// What a ranged GET (`bytes=0-N`) of `uri` read: the bytes with the object's size from the headers, or the state
    /// that explains why there are none. An empty object cannot satisfy the range (416): `head` says whether it exists.
    public static func rangedRead(_ r: HTTPResponse, uri: String, offset: Int64 = 0, limit: Int, head: () -> ObjectState) -> ObjectRead {
        if r.transportError == nil, r.status == 416 {
            let h = head()
            if case .present(let info) = h { return .bytes([], info: info, unread: 0) }
            return .failed(h)
        }
        let s = state(r, what: uri) { info(r) }
        guard case .present(let i) = s else { return .failed(s) }
        let bytes = rangeBytes(r, offset: offset, limit: limit)
        return .bytes(bytes, info: i, unread: max(0, i.size - offset - Int64(bytes.count)))
    }

    /// The bytes a ranged GET from `offset` answered, at most `limit`. A server that ignores Range answers 200 with
    /// the object from its start: the offset is skipped here.
    public static func rangeBytes(_ r: HTTPResponse, offset: Int64, limit: Int) -> [UInt8] {
        let skip = r.status == 200 ? Int(min(Int64(r.body.count), offset)) : 0
        return Array(r.body.dropFirst(skip).prefix(limit))
    }

    /// The `Range` header value for `count` bytes from `offset`.
    public static func range(_ offset: Int64, _ count: Int) -> String { "bytes=\(offset)-\(offset + Int64(count) - 1)" }

    /// The object metadata in standard headers.
    public static func info(_ r: HTTPResponse) -> ObjectInfo {
        var size = Int64(r.headers["content-length"] ?? "") ?? Int64(r.body.count)
        if let cr = r.headers["content-range"], let slash = cr.lastIndex(of: "/"), let total = Int64(cr[cr.index(after: slash)...]) { size = total }
        return ObjectInfo(size: size, lastModified: r.headers["last-modified"].flatMap(HTTPDate.parse),
                          etag: r.headers["etag"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) },
                          contentType: r.headers["content-type"])
    }
}
