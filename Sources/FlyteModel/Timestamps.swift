import Foundation


/// Reads and writes the timestamp texts control-plane databases return.
///
/// Hand-written on purpose: parsing millions of timestamps with `DateFormatter` or `ISO8601DateFormatter`
/// is slow and locale-sensitive. Accepted forms: `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|±HH[:MM|MM]]`.
public enum DBTime {
    /// Parses a timestamp as SQLite (`2026-11-21 06:09:25.123456+00:00`) or Postgres (`…+00`) print it.
    public static func parse(_ text: String) -> Date? {
        var t = text
        return t.withUTF8 { parse(utf8: $0) }
    }

    /// Parses UTF-8 bytes (no copy: the store's rows are parsed by the million).
    public static func parse(utf8 u: UnsafeBufferPointer<UInt8>) -> Date? {
        if u.count < 19 { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                guard i < u.count, u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2),
              u[10] == 32 || u[10] == 84, let h = num(11, 2), u[13] == 58, let mi = num(14, 2), u[16] == 58,
              let s = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        var frac = 0.0
        if i < u.count, u[i] == 46 {
            i += 1
            var scale = 0.1
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                frac += Double(u[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        var offset = 0
        if i < u.count {
            if u[i] == 90 || u[i] == 122 {
                i += 1
            } else if u[i] == 43 || u[i] == 45 {
                let sign = u[i] == 45 ? -1 : 1
                guard let oh = num(i + 1, 2) else { return nil }
                i += 3
                var om = 0
                if i < u.count, u[i] == 58 { i += 1 }
                if i + 1 < u.count + 1, let m = num(i, 2) { om = m; i += 2 }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i >= u.count else { return nil }
        let days = daysFromCivil(y, mo, d)
        let secs = Double(days * 86400 + h * 3600 + mi * 60 + s - offset) + frac
        return Date(timeIntervalSince1970: secs)
    }

    /// Formats a date the way flytrap stores it in SQLite: fixed width, UTC, microseconds (sorts as text).
    public static func format(_ date: Date) -> String {
        let (secs, micros) = split(date, scale: 1_000_000)
        let (y, m, d, hh, mm, ss) = civil(secs)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00:00", y, m, d, hh, mm, ss, micros)
    }

    /// A readable UTC time to the second for screens (`2026-11-21 06:09:25Z`).
    public static func short(_ date: Date) -> String {
        let (secs, _) = split(date, scale: 1)
        let (y, m, d, hh, mm, ss) = civil(secs)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02dZ", y, m, d, hh, mm, ss)
    }

    /// RFC 3339 in UTC with milliseconds, for JSON and tables (`2026-11-21T06:09:25.123Z`).
    public static func iso(_ date: Date) -> String {
        let (secs, millis) = split(date, scale: 1000)
        let (y, m, d, hh, mm, ss) = civil(secs)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, hh, mm, ss, millis)
    }

    /// Whole seconds and the rounded fraction in units of 1/`scale` second (carrying into the seconds).
    static func split(_ date: Date, scale: Int) -> (Int, Int) {
        let t = date.timeIntervalSince1970
        var secs = Int(t.rounded(.down))
        var frac = Int(((t - Double(secs)) * Double(scale)).rounded())
        if frac >= scale { secs += 1; frac -= scale }
        return (secs, frac)
    }

    static func civil(_ secs: Int) -> (Int, Int, Int, Int, Int, Int) {
        let days = Int((Double(secs) / 86400).rounded(.down))
        let rem = secs - days * 86400
        let (y, m, d) = civilFromDays(days)
        return (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
    }

    // Howard Hinnant's days-from-civil algorithms (public domain).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
