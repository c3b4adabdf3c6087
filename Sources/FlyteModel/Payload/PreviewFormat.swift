import Foundation

/// Formats the scalar parts of a preview (numbers, times, sizes) the same way in every output.
public enum PreviewFormat {
    /// A float as Python prints it where that is unambiguous: `nan`, `inf`, `-inf`, `-0.0`, shortest round-trip digits.
    public static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return "\(d)"
    }

    /// An ISO-8601 UTC timestamp ending in `Z`, with as many fractional digits as the value needs (0, 3, 6 or 9).
    public static func iso(seconds: Int64, nanos: Int32) -> String {
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        let (yi, mi, di) = DBTime.civilFromDays(Int(days))
        let (y, m, d) = (Int64(yi), Int64(mi), Int64(di))
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(rem / 3600, 2) + ":" + pad(rem % 3600 / 60, 2) + ":" + pad(rem % 60, 2)
        let n = Int64(max(0, min(nanos, 999_999_999)))
        if n != 0 {
            if n % 1_000_000 == 0 { out += "." + pad(n / 1_000_000, 3) } else if n % 1_000 == 0 { out += "." + pad(n / 1_000, 6) } else { out += "." + pad(n, 9) }
        }
        return out + "Z"
    }

    /// A seconds-and-nanoseconds pair as fractional seconds.
    public static func seconds(_ seconds: Int64, _ nanos: Int32) -> Double {
        Double(seconds) + Double(nanos) / 1e9
    }

    /// A duration for people: `90s`, `1.5s`, with `(1m30s)` after it from a minute up.
    public static func duration(seconds: Int64, nanos: Int32) -> String {
        let total = Self.seconds(seconds, nanos)
        let base = nanos == 0 ? "\(seconds)s" : "\(total)s"
        return abs(total) >= 60 ? base + " (" + DurationText.short(abs(total)) + ")" : base
    }

    /// `1,234,567`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `512 B`, `4.0 KiB`, `10.0 MiB`.
    public static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var v = Double(n) / 1024
        var i = 0
        while v >= 1024 && i < units.count - 1 {
            v /= 1024
            i += 1
        }
        return String(format: "%.1f %@", v, units[i])
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v.magnitude)
        return (v < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
