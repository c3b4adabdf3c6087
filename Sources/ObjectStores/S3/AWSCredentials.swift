import Foundation

/// AWS credentials and where they came from (printed by `flytrap info`; the secret never is).
public struct AWSCredentials: Sendable, Equatable {
    public var accessKey: String
    public var secretKey: String
    public var sessionToken: String?
    /// `environment (AWS_ACCESS_KEY_ID)`, `profile dev in ~/.aws/credentials`, `flytrap config`, …
    public var source: String

    public init(accessKey: String, secretKey: String, sessionToken: String? = nil, source: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        self.source = source
    }
}

/// The standard AWS chain, in order: explicit keys (flytrap's or flytestdlib's `storage.connection`), the
/// environment, then the shared credentials file's profile (`AWS_PROFILE`, default `default`). Region from
/// `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile in `~/.aws/config`, else `us-east-1`. EC2 instance metadata and
/// IRSA web identity are not read by this build; without keys requests go unsigned (public buckets only).
public enum AWSChain {
    public static func resolve(explicit: AWSCredentials? = nil, env: [String: String], home: String) -> AWSCredentials? {
        if let e = explicit { return e }
        if let k = env["AWS_ACCESS_KEY_ID"], let s = env["AWS_SECRET_ACCESS_KEY"], !k.isEmpty, !s.isEmpty {
            return AWSCredentials(accessKey: k, secretKey: s, sessionToken: env["AWS_SESSION_TOKEN"], source: "environment (AWS_ACCESS_KEY_ID)")
        }
        let profile = env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"] ?? "default"
        let file = env["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        if let text = try? String(contentsOfFile: file, encoding: .utf8), let sec = INI.parse(text)[profile],
           let k = sec["aws_access_key_id"], let s = sec["aws_secret_access_key"] {
            return AWSCredentials(accessKey: k, secretKey: s, sessionToken: sec["aws_session_token"], source: "profile \(profile) in \(file)")
        }
        return nil
    }

    /// The region for S3 requests.
    public static func region(env: [String: String], home: String) -> String {
        if let r = env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"], !r.isEmpty { return r }
        let profile = env["AWS_PROFILE"] ?? "default"
        let file = env["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let ini = INI.parse(text)
            if let r = (ini[profile == "default" ? "default" : "profile \(profile)"] ?? ini[profile])?["region"] { return r }
        }
        return "us-east-1"
    }

    /// The endpoint override: `AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`.
    public static func endpoint(env: [String: String]) -> String? {
        (env["AWS_ENDPOINT_URL_S3"] ?? env["AWS_ENDPOINT_URL"]).flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The INI dialect of `~/.aws/credentials` and `~/.aws/config`: `[section]`, `key = value`, `#`/`;` comments.
/// Written by hand: no INI library is on this machine's mirror, and the format is a dozen lines.
enum INI {
    static func parse(_ text: String) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        var section = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[section, default: [:]][line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }
}
