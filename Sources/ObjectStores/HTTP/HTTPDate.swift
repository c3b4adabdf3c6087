import Foundation

/// RFC 7231 dates (`Sun, 06 Nov 1994 08:49:37 GMT`): `Last-Modified` on every answer and Azure's `x-ms-date` on
/// every request. The IMF-fixdate form is read and written by position (a DateFormatter under a lock cost a fifth of
/// a HEAD's CPU and serialised the checkers); the obsolete forms a server may still send go to a formatter.
public enum HTTPDate {
    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthBytes = months.map { Array($0.utf8) }

    /// The date in `s`, or nil.
    public static func parse(_ s: String) -> Date? {
        if let d = imfFixdate(Array(s.utf8)) { return d }
        return lock.withLock { formatter.date(from: s) }
    }

    /// `date` as an IMF-fixdate.
    public static func format(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var v = tm()
        gmtime_r(&t, &v)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(v.tm_wday)]), \(two(v.tm_mday)) \(months[Int(v.tm_mon)]) \(v.tm_year + 1900) \(two(v.tm_hour)):\(two(v.tm_min)):\(two(v.tm_sec)) GMT"
    }

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
              let month = monthBytes.firstIndex(where: { $0[...] == b[8..<11] }) else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(h)
        t.tm_min = Int32(m)
        t.tm_sec = Int32(sec)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&t)))
    }

    /// The obsolete forms (RFC 850, asctime) are rare enough for one formatter, used under a lock.
    private static let formatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f
    }()
    private static let lock = NSLock()
}
