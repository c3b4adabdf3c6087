import Foundation

/// Human-readable durations and ages for tables (`850ms`, `4.2s`, `3m12s`, `2h05m`, `3d4h`).
public enum DurationText {
    /// A compact duration.
    public static func short(_ seconds: TimeInterval) -> String {
        if seconds.isNaN || seconds < 0 { return "-" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        if s < 86400 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        return "\(s / 86400)d\((s % 86400) / 3600)h"
    }

    /// How long ago `date` was, relative to `now` (`12s ago`, `5m ago`, `3h ago`, `4d ago`).
    public static func ago(_ date: Date, now: Date) -> String {
        let s = Int(now.timeIntervalSince(date).rounded())
        if s < 0 { return "in \(short(Double(-s)))" }
        if s < 60 { return "\(s)s ago" }
        if s < 3600 { return "\(s / 60)m ago" }
        if s < 86400 { return "\(s / 3600)h ago" }
        return "\(s / 86400)d ago"
    }

    /// A validity such as a signed URL's: a whole number of seconds, at least one (`90s`, `15m`, `1h`, `7d`).
    public static func wholeSeconds(_ text: String) -> Int? {
        guard let t = parse(text), t >= 1, t.rounded() == t, t <= Double(Int.max) else { return nil }
        return Int(t)
    }

    /// Parses `30d`, `12h`, `45m`, `90s`, `2w` into seconds.
    public static func parse(_ text: String) -> TimeInterval? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = t.last, let n = Double(t.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86400
        case "w": return n * 604800
        default: return nil
        }
    }
}
