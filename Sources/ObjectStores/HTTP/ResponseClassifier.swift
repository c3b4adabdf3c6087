import FlyteModel
import Foundation

/// Turns an HTTP answer into an object state, the heart of flytrap's honesty: only an authoritative "no such
/// object" (404, NoSuchKey, NoSuchBucket) is `notFound`; 401/403 are `denied` with the provider's code; timeouts,
/// resets, DNS and connect failures, 429 and 5xx (after retries) are `unavailable`; anything else is `unknown`.
public enum ResponseClassifier {
    /// The provider's error code and message from an error body (S3/Azure XML `<Code>`/`<Message>`, GCS JSON
    /// `"message"`/`"reason"`), or from S3's `x-amz-error-code` header.
    public static func providerError(_ r: HTTPResponse) -> (code: String?, message: String?) {
        let text = r.bodyText
        func xml(_ tag: String) -> String? { XMLText.first(tag, in: text[...]).map(String.init) }
        if let c = xml("Code") { return (c, xml("Message")) }
        if let obj = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], let err = obj["error"] as? [String: Any] {
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
    public static func rangedRead(_ r: HTTPResponse, uri: String, limit: Int, head: () -> ObjectState) -> ObjectRead {
        if r.transportError == nil, r.unsent == nil, r.status == 416 {
            let h = head()
            if case .present(let info) = h { return .bytes([], info: info, unread: 0) }
            return .failed(h)
        }
        let s = state(r, what: uri) { info(r) }
        guard case .present(let i) = s else { return .failed(s) }
        let bytes = Array(r.body.prefix(limit))
        return .bytes(bytes, info: i, unread: max(0, i.size - Int64(bytes.count)))
    }

    /// The object metadata in standard headers.
    public static func info(_ r: HTTPResponse) -> ObjectInfo {
        var size = Int64(r.headers["content-length"] ?? "") ?? Int64(r.body.count)
        if let cr = r.headers["content-range"], let slash = cr.lastIndex(of: "/"), let total = Int64(cr[cr.index(after: slash)...]) { size = total }
        return ObjectInfo(size: size, lastModified: r.headers["last-modified"].flatMap(httpDate),
                          etag: r.headers["etag"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) },
                          contentType: r.headers["content-type"])
    }

    /// Parses an RFC 7231 date (`Wed, 21 Oct 2015 07:28:00 GMT`). The IMF-fixdate form every server sends is read by
    /// position (a DateFormatter under a lock cost a fifth of a HEAD's CPU and serialised the checkers); the obsolete
    /// forms go to the formatter.
    public static func httpDate(_ s: String) -> Date? {
        if let d = imfFixdate(Array(s.utf8)) { return d }
        return httpDateLock.withLock { httpDateFormatter.date(from: s) }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    /// `Www, DD Mon YYYY HH:MM:SS GMT`, or nil.
    static func imfFixdate(_ b: [UInt8]) -> Date? {
        guard b.count == 29, b[3] == UInt8(ascii: ","), b[4] == 32, b[7] == 32, b[11] == 32, b[16] == 32, b[19] == 58, b[22] == 58, b[25] == 32,
              b[26...] == [71, 77, 84][...] else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard let day = num(5..<7), let year = num(12..<16), let h = num(17..<19), let m = num(20..<22), let sec = num(23..<25),
              let month = months.firstIndex(where: { $0[...] == b[8..<11] }) else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(h)
        t.tm_min = Int32(m)
        t.tm_sec = Int32(sec)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&t)))
    }

    /// One formatter for every answer (building one per HEAD costs more than parsing); used under a lock.
    private static let httpDateFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f
    }()
    private static let httpDateLock = NSLock()
}
