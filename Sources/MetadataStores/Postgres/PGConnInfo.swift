import CPostgres
import Foundation

/// A libpq connection string (`postgres://…` URL or `key=value` pairs), parsed by libpq itself.
public struct PGConnInfo: Sendable {
    /// The parameters the string sets (libpq's keywords), password included; never print these.
    public let values: [String: String]
    /// The string without its password, for messages: `postgres://user@host:port/db`.
    public let redacted: String

    /// Whether `location` names a Postgres database rather than a file.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// A store location as it may be printed: a Postgres URL without its password, anything else as is.
    public static func printable(_ location: String) -> String {
        guard isPostgres(location) else { return location }
        return (try? parse(location).redacted) ?? roughRedaction(location)
    }

    /// Parses with `PQconninfoParse`; a malformed string fails with libpq's reason, the string shown without its password.
    public static func parse(_ conninfo: String) throws -> PGConnInfo {
        var err: UnsafeMutablePointer<CChar>?
        guard let opts = PQconninfoParse(conninfo, &err) else {
            // libpq quotes the string it could not parse, password and all.
            let safe = roughRedaction(conninfo)
            let reason = (err.map { PGConnection.oneLine(String(cString: $0)) } ?? "cannot parse").replacingOccurrences(of: conninfo, with: safe)
            PQfreemem(err)
            throw StoreError.cannotOpen(location: safe, reason: "not a valid connection string: \(reason)")
        }
        defer { PQconninfoFree(opts) }
        var values: [String: String] = [:]
        var p = opts
        while let k = p.pointee.keyword {
            if let v = p.pointee.val { values[String(cString: k)] = String(cString: v) }
            p += 1
        }
        return PGConnInfo(values: values, redacted: describe(values))
    }

    static func describe(_ v: [String: String]) -> String {
        let user = v["user"].map { $0 + "@" } ?? ""
        let host = v["host"] ?? v["hostaddr"] ?? ""
        let port = v["port"].map { ":" + $0 } ?? ""
        return "postgres://\(user)\(host)\(port)/\(v["dbname"] ?? "")"
    }

    /// For a string libpq cannot parse: drops anything between `:` and `@` after the scheme, and `password=…`.
    public static func roughRedaction(_ s: String) -> String {
        var out = s
        if let scheme = out.range(of: "://"), let at = out.range(of: "@", range: scheme.upperBound..<out.endIndex),
           let colon = out.range(of: ":", range: scheme.upperBound..<at.lowerBound) {
            out.replaceSubrange(colon.lowerBound..<at.lowerBound, with: "")
        }
        return out.replacingOccurrences(of: #"password=[^ &]*"#, with: "password=…", options: .regularExpression)
    }
}
