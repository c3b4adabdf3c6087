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

/// The standard AWS chain, in boto3's order: explicit keys (flytestdlib's `storage.connection`), the environment,
/// IRSA web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`), the shared credentials file's profile
/// (`AWS_PROFILE`, default `default`; read again every 5 minutes, so rotated keys take effect), then EC2 instance
/// metadata (IMDSv2) unless `AWS_EC2_METADATA_DISABLED=true`. Region from `AWS_REGION`, `AWS_DEFAULT_REGION`, the
/// profile in `~/.aws/config`, else `us-east-1`. Without any source, requests go unsigned (public buckets only).
public enum AWSChain {
    public static func provider(explicit: AWSCredentials? = nil, env: [String: String], home: String,
                                transport: (any HTTPTransport)? = nil) -> CredentialProvider<AWSCredentials>? {
        if let e = explicit { return .fixed(e, source: e.source) }
        if let k = env["AWS_ACCESS_KEY_ID"], let s = env["AWS_SECRET_ACCESS_KEY"], !k.isEmpty, !s.isEmpty {
            let c = AWSCredentials(accessKey: k, secretKey: s, sessionToken: env["AWS_SESSION_TOKEN"], source: "environment (AWS_ACCESS_KEY_ID)")
            return .fixed(c, source: c.source)
        }
        if let web = WebIdentityCredentials(env: env, region: region(env: env, home: home)), let t = transport {
            return CredentialProvider(source: web.source) { web.fetch(t) }
        }
        let profile = env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"] ?? "default"
        let file = env["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        if profileKeys(profile: profile, file: file) != nil {
            return CredentialProvider(source: "profile \(profile) in \(file)") {
                guard let c = profileKeys(profile: profile, file: file) else { return .failed("profile \(profile) has no keys in \(file) any more", transient: false) }
                return .value(c, expires: nil)
            }
        }
        if (env["AWS_EC2_METADATA_DISABLED"] ?? "").lowercased() != "true", let t = transport {
            let imds = InstanceMetadataCredentials(env: env)
            return CredentialProvider(source: imds.source) { imds.fetch(t) }
        }
        return nil
    }

    /// The keys of `profile` in the shared credentials file, if it has them.
    static func profileKeys(profile: String, file: String) -> AWSCredentials? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8), let sec = INI.parse(text)[profile],
              let k = sec["aws_access_key_id"], let s = sec["aws_secret_access_key"] else { return nil }
        return AWSCredentials(accessKey: k, secretKey: s, sessionToken: sec["aws_session_token"], source: "profile \(profile) in \(file)")
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
