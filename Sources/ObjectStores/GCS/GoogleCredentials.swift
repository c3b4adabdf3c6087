import Foundation

/// Google's application default credentials, in the order Google's own clients use: `GOOGLE_OAUTH_ACCESS_TOKEN`
/// (a token as is), the JSON file in `GOOGLE_APPLICATION_CREDENTIALS`, gcloud's well-known file
/// (`$CLOUDSDK_CONFIG` or `~/.config/gcloud/application_default_credentials.json`), then the GCE metadata server
/// (`GCE_METADATA_HOST`, else `metadata.google.internal`; skipped with `NO_GCE_CHECK=true`). A service-account
/// file gives tokens through an RS256-signed JWT assertion (OAuth2 JWT bearer grant); an `authorized_user` file
/// through its refresh token. Tokens are read-only scoped and refreshed before they expire.
public enum GoogleCredentials {
    /// The read-only scope flytrap asks for.
    public static let scope = "https://www.googleapis.com/auth/devstorage.read_only"

    /// The token provider for this environment, or nil with why requests go anonymous.
    public static func provider(env: [String: String], home: String, transport: any HTTPTransport) -> (CredentialProvider<String>?, String) {
        if let t = env["GOOGLE_OAUTH_ACCESS_TOKEN"], !t.isEmpty {
            return (.fixed(t, source: "environment (GOOGLE_OAUTH_ACCESS_TOKEN)"), "")
        }
        if let e = env["STORAGE_EMULATOR_HOST"], !e.isEmpty { return (nil, "anonymous (STORAGE_EMULATOR_HOST=\(e))") }
        if let f = env["GOOGLE_APPLICATION_CREDENTIALS"], !f.isEmpty {
            return (fileProvider(f, label: "GOOGLE_APPLICATION_CREDENTIALS=\(f)", transport: transport), "")
        }
        let gcloud = gcloudFile(env: env, home: home)
        if FileManager.default.fileExists(atPath: gcloud) {
            return (fileProvider(gcloud, label: "gcloud application default credentials (\(gcloud))", transport: transport), "")
        }
        if let base = metadataBase(env: env) {
            let m = MetadataToken(base: base)
            return (CredentialProvider(source: "GCE metadata server (\(m.base))") { m.fetch(transport) }, "")
        }
        return (nil, "anonymous (no Google credentials found)")
    }

    /// gcloud's application default credentials file (`$CLOUDSDK_CONFIG`, else `~/.config/gcloud`).
    static func gcloudFile(env: [String: String], home: String) -> String {
        (env["CLOUDSDK_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config/gcloud") + "/application_default_credentials.json"
    }

    /// The metadata server's origin (`GCE_METADATA_HOST`, else `metadata.google.internal`), or nil with `NO_GCE_CHECK=true`.
    static func metadataBase(env: [String: String]) -> String? {
        guard (env["NO_GCE_CHECK"] ?? "").lowercased() != "true" else { return nil }
        let host = env["GCE_METADATA_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "metadata.google.internal"
        return host.contains("://") ? host : "http://" + host
    }

    static func fileProvider(_ path: String, label: String, transport: any HTTPTransport) -> CredentialProvider<String> {
        CredentialProvider(source: label) {
            guard let data = FileManager.default.contents(atPath: path),
                  let obj = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                return .failed("\(path): not a readable JSON credentials file", transient: false)
            }
            switch obj["type"] as? String {
            case "service_account":
                guard let email = obj["client_email"] as? String, let pem = obj["private_key"] as? String else {
                    return .failed("\(path): service account file without client_email or private_key", transient: false)
                }
                let sa = ServiceAccountToken(email: email, privateKeyPEM: pem, keyID: obj["private_key_id"] as? String,
                                             tokenURI: obj["token_uri"] as? String ?? "https://oauth2.googleapis.com/token")
                return sa.fetch(transport)
            case "authorized_user":
                guard let id = obj["client_id"] as? String, let secret = obj["client_secret"] as? String, let refresh = obj["refresh_token"] as? String else {
                    return .failed("\(path): authorized_user file without client_id, client_secret or refresh_token", transient: false)
                }
                let form = [("client_id", id), ("client_secret", secret), ("grant_type", "refresh_token"), ("refresh_token", refresh)]
                return OAuthToken.exchange(form, at: obj["token_uri"] as? String ?? "https://oauth2.googleapis.com/token", transport: transport)
            case let t:
                return .failed("\(path): credentials of type '\(t ?? "none")' are not supported (service_account, authorized_user)", transient: false)
            }
        }
    }
}

/// A Google service account's OAuth2 token: a JWT (RS256) asserting the account and scope, traded at `token_uri`.
public struct ServiceAccountToken: Sendable {
    public var email: String
    public var privateKeyPEM: String
    public var keyID: String?
    public var tokenURI: String

    public init(email: String, privateKeyPEM: String, keyID: String?, tokenURI: String) {
        self.email = email
        self.privateKeyPEM = privateKeyPEM
        self.keyID = keyID
        self.tokenURI = tokenURI
    }

    /// The signed assertion: `base64url(header).base64url(claims).base64url(RS256 signature)`.
    public func assertion(now: Date) throws -> String {
        var header: [String: Any] = ["alg": "RS256", "typ": "JWT"]
        if let k = keyID { header["kid"] = k }
        let iat = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = ["iss": email, "scope": GoogleCredentials.scope, "aud": tokenURI, "iat": iat, "exp": iat + 3600]
        func part(_ o: [String: Any]) throws -> String {
            Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])))
        }
        let signingInput = try part(header) + "." + part(claims)
        let signature = try RSASigner(pem: privateKeyPEM).sign(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    func fetch(_ transport: any HTTPTransport) -> CredentialFetch<String> {
        let jwt: String
        do { jwt = try assertion(now: Date()) } catch { return .failed("service account \(email): private key: \(error)", transient: false) }
        return OAuthToken.exchange([("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", jwt)], at: tokenURI, transport: transport)
    }
}

/// An OAuth2 token endpoint's answer: `{"access_token": …, "expires_in": seconds}`.
enum OAuthToken {
    static func exchange(_ form: [(String, String)], at url: String, transport: any HTTPTransport) -> CredentialFetch<String> {
        let r = transport.perform(.formPost(url: url, fields: form, timeout: 10))
        return parse(r, from: "token endpoint \(url)")
    }

    static func parse(_ r: HTTPResponse, from what: String) -> CredentialFetch<String> {
        if let e = r.transportError { return .failed("\(what): \(e)", transient: true) }
        let obj = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
        guard r.status == 200, let token = obj["access_token"] as? String else {
            let why = (obj["error_description"] as? String) ?? (obj["error"] as? String) ?? "no access_token"
            return .failed("\(what): HTTP \(r.status): \(why)", transient: r.status >= 500 || r.status == 429)
        }
        let seconds = (obj["expires_in"] as? NSNumber)?.doubleValue ?? 3600
        return .value(token, expires: Date().addingTimeInterval(seconds))
    }
}

/// The GCE metadata server's token for the instance's default service account. A host with no metadata server
/// (DNS or connect failure) counts as "no credentials here": requests go anonymous.
struct MetadataToken: Sendable {
    var base: String

    func fetch(_ transport: any HTTPTransport) -> CredentialFetch<String> {
        let url = base + "/computeMetadata/v1/instance/service-accounts/default/token?scopes=" + SigV4.encode(GoogleCredentials.scope, keepSlash: false)
        let r = transport.perform(HTTPRequest(url: url, headers: [("Metadata-Flavor", "Google")], bodyLimit: 64 << 10, timeout: 1.5))
        if let e = r.transportError { return .absent("no GCE metadata server at \(base): \(e)") }
        if r.status == 404 { return .absent("the GCE metadata server has no default service account") }
        return OAuthToken.parse(r, from: "GCE metadata server")
    }
}

/// Where GCS URL signatures would come from, resolved in the order of `GoogleCredentials.provider`: a
/// service-account key file (signed here), the GCE/GKE metadata server's account (signed by the IAM Credentials
/// API's `signBlob`, which needs `roles/iam.serviceAccountTokenCreator` on the account itself), or why nothing can.
public enum GoogleURLSigning: Sendable, Equatable {
    case keyFile(path: String, label: String)
    /// The metadata server at `base`; signatures from `signBlob` at `iam`.
    case metadata(base: String, iam: String)
    case unavailable(String)

    static let howTo = "point GOOGLE_APPLICATION_CREDENTIALS at a service-account key file to sign URLs"
    /// The IAM Credentials API.
    public static let iamEndpoint = "https://iamcredentials.googleapis.com"

    public static func from(env: [String: String], home: String) -> GoogleURLSigning {
        if let t = env["GOOGLE_OAUTH_ACCESS_TOKEN"], !t.isEmpty {
            return .unavailable("a bare access token (GOOGLE_OAUTH_ACCESS_TOKEN) names no account to sign as; \(howTo)")
        }
        if let f = env["GOOGLE_APPLICATION_CREDENTIALS"], !f.isEmpty {
            return .keyFile(path: f, label: "GOOGLE_APPLICATION_CREDENTIALS=\(f)")
        }
        let gcloud = GoogleCredentials.gcloudFile(env: env, home: home)
        if FileManager.default.fileExists(atPath: gcloud) {
            return .keyFile(path: gcloud, label: "gcloud application default credentials (\(gcloud))")
        }
        if let e = env["STORAGE_EMULATOR_HOST"], !e.isEmpty {
            return .unavailable("requests to the emulator (STORAGE_EMULATOR_HOST=\(e)) are anonymous; \(howTo)")
        }
        guard let base = GoogleCredentials.metadataBase(env: env) else { return .unavailable("no Google credentials found; \(howTo)") }
        return .metadata(base: base, iam: iamEndpoint)
    }

    /// What would sign, without reading or asking anything (for `flytrap info`).
    public var summary: String {
        switch self {
        case .keyFile(_, let label): "GCS V4, key file from \(label)"
        case .metadata: "GCS V4 through IAM signBlob as the metadata server's account (needs roles/iam.serviceAccountTokenCreator)"
        case .unavailable(let why): why
        }
    }

    /// The signer: the key file's account and key, or the metadata server's account with `token` for signBlob.
    public func signer(token: () -> Result<String?, CredentialBlock>, transport: any HTTPTransport) -> Result<GCSURLSigner, PresignError> {
        switch self {
        case .unavailable(let why): return .failure(PresignError(why))
        case .metadata(let base, let iam):
            let r = transport.send(HTTPRequest(url: base + "/computeMetadata/v1/instance/service-accounts/default/email",
                                               headers: [("Metadata-Flavor", "Google")], bodyLimit: 4 << 10, timeout: 1.5))
            if let e = r.transportError { return .failure(PresignError("no GCE metadata server at \(base) to name the account (\(e)); \(Self.howTo)")) }
            let email = String(decoding: r.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard r.status == 200, email.contains("@") else {
                return .failure(PresignError("the GCE metadata server at \(base) names no service account (HTTP \(r.status))"))
            }
            switch token() {
            case .success(let t?): return .success(GCSURLSigner(email: email, key: .iamSignBlob(endpoint: iam, token: t, transport: transport)))
            case .success(nil): return .failure(PresignError("no access token for \(email) to call IAM signBlob with"))
            case .failure(let b): return .failure(PresignError(b.reason))
            }
        case .keyFile(let path, let label):
            guard let data = FileManager.default.contents(atPath: path),
                  let obj = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                return .failure(PresignError("\(path): not a readable JSON credentials file"))
            }
            guard obj["type"] as? String == "service_account" else {
                return .failure(PresignError("\(label): '\(obj["type"] as? String ?? "no type")' credentials cannot sign URLs; \(Self.howTo)"))
            }
            guard let email = obj["client_email"] as? String, let pem = obj["private_key"] as? String else {
                return .failure(PresignError("\(path): service account file without client_email or private_key"))
            }
            return .success(GCSURLSigner(email: email, privateKeyPEM: pem))
        }
    }
}
