import Foundation

/// IRSA (EKS service accounts) and other web identities: trades the token in `AWS_WEB_IDENTITY_TOKEN_FILE` for
/// temporary keys with STS `AssumeRoleWithWebIdentity` (an unsigned form POST, as botocore sends it). The token
/// file is read on every refresh: the kubelet rotates it.
struct WebIdentityCredentials: Sendable {
    var tokenFile: String
    var roleARN: String
    var sessionName: String
    var endpoint: String
    var timeout: TimeInterval = 10

    init?(env: [String: String], region: String) {
        guard let f = env["AWS_WEB_IDENTITY_TOKEN_FILE"], !f.isEmpty, let r = env["AWS_ROLE_ARN"], !r.isEmpty else { return nil }
        tokenFile = f
        roleARN = r
        sessionName = env["AWS_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "flytrap-\(Int(Date().timeIntervalSince1970))"
        let ep = env["AWS_ENDPOINT_URL_STS"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://sts.\(region).amazonaws.com"
        endpoint = ep.hasSuffix("/") ? String(ep.dropLast()) : ep
    }

    var source: String { "web identity (IRSA): role \(roleARN) with the token in \(tokenFile), via \(endpoint)" }

    func fetch(_ transport: any HTTPTransport) -> CredentialFetch<AWSCredentials> {
        guard let token = (try? String(contentsOfFile: tokenFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            return .failed("cannot read the web identity token file \(tokenFile)", transient: false)
        }
        let form = [("Action", "AssumeRoleWithWebIdentity"), ("DurationSeconds", "3600"), ("RoleArn", roleARN),
                    ("RoleSessionName", sessionName), ("Version", "2011-06-15"), ("WebIdentityToken", token)]
        let r = transport.perform(.formPost(url: endpoint + "/", fields: form, timeout: timeout))
        return TemporaryKeys.parse(r, from: "STS AssumeRoleWithWebIdentity at \(endpoint)", source: source) { text in
            guard let creds = XMLText.first("Credentials", in: text[...]) else { return nil }
            func field(_ t: String) -> String? { XMLText.first(t, in: creds).map { XMLText.unescape($0) } }
            guard let k = field("AccessKeyId"), let s = field("SecretAccessKey") else { return nil }
            return (k, s, field("SessionToken"), field("Expiration"))
        }
    }
}

/// EC2 instance metadata, IMDSv2: a session token from `PUT /latest/api/token`, the role name from
/// `/latest/meta-data/iam/security-credentials/`, then that role's temporary keys. The endpoint is
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` or `http://169.254.169.254`. A host with no metadata service answers in
/// about a second (the requests' timeout) and counts as "no credentials here", not as a failure.
struct InstanceMetadataCredentials: Sendable {
    var endpoint: String
    var timeout: TimeInterval = 1.5

    init(env: [String: String]) {
        let ep = env["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://169.254.169.254"
        endpoint = ep.hasSuffix("/") ? String(ep.dropLast()) : ep
    }

    var source: String { "EC2 instance metadata (IMDSv2) at \(endpoint)" }

    func fetch(_ transport: any HTTPTransport) -> CredentialFetch<AWSCredentials> {
        let t = transport.perform(HTTPRequest(method: "PUT", url: endpoint + "/latest/api/token",
                                              headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")], body: [], bodyLimit: 4096, timeout: timeout))
        if let e = t.transportError { return .absent("no EC2 metadata service at \(endpoint): \(e)") }
        guard t.status == 200 else {
            if t.status == 403 || t.status == 404 || t.status == 405 { return .absent("EC2 metadata at \(endpoint) refused an IMDSv2 token (HTTP \(t.status))") }
            return .failed("EC2 metadata token: HTTP \(t.status)", transient: t.status >= 500)
        }
        let header = ("X-aws-ec2-metadata-token", String(decoding: t.body, as: UTF8.self))
        let base = endpoint + "/latest/meta-data/iam/security-credentials/"
        let roles = transport.perform(HTTPRequest(url: base, headers: [header], bodyLimit: 4096, timeout: timeout))
        if let e = roles.transportError { return .failed("EC2 metadata role list: \(e)", transient: true) }
        if roles.status == 404 { return .absent("this instance has no IAM role") }
        guard roles.status == 200, let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first else {
            return .failed("EC2 metadata role list: HTTP \(roles.status)", transient: roles.status >= 500)
        }
        let r = transport.perform(HTTPRequest(url: base + SigV4.encode(String(role), keepSlash: false), headers: [header], bodyLimit: 64 << 10, timeout: timeout))
        return TemporaryKeys.parse(r, from: "EC2 metadata role \(role)", source: "\(source), role \(role)") { text in
            guard let obj = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  let k = obj["AccessKeyId"] as? String, let s = obj["SecretAccessKey"] as? String else { return nil }
            return (k, s, obj["Token"] as? String, obj["Expiration"] as? String)
        }
    }
}

/// Reading temporary keys out of an STS or metadata answer.
enum TemporaryKeys {
    static func parse(_ r: HTTPResponse, from what: String, source: String,
                      fields: (String) -> (key: String, secret: String, token: String?, expiration: String?)?) -> CredentialFetch<AWSCredentials> {
        if let e = r.transportError { return .failed("\(what): \(e)", transient: true) }
        guard r.status == 200 else {
            let (code, message) = ResponseClassifier.providerError(r)
            let detail = [code, message].compactMap { $0 }.joined(separator: ": ")
            return .failed("\(what): HTTP \(r.status)" + (detail.isEmpty ? "" : " \(detail)"), transient: r.status >= 500 || r.status == 429)
        }
        guard let f = fields(String(decoding: r.body, as: UTF8.self)) else { return .failed("\(what): the answer has no keys", transient: false) }
        let expires = f.expiration.flatMap(ISO8601DateFormatter.parseAny) ?? Date().addingTimeInterval(900)
        return .value(AWSCredentials(accessKey: f.key, secretKey: f.secret, sessionToken: f.token, source: source), expires: expires)
    }
}
