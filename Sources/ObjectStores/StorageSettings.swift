import Foundation

/// Where buckets are and how to reach them: flytestdlib's `storage:` block (what a Flyte deployment's config already
/// says), flytrap's per-bucket overrides, and the standard environment chains.
///
/// ```yaml
/// storage:                      # flytestdlib's block, as in the deployment's config
///   type: minio                 # s3 | minio | local | mem | redis | stow
///   container: my-flyte-bucket
///   connection: {endpoint: http://minio:9000, auth-type: accesskey, access-key: k, secret-key: s, region: us-east-1, disable-ssl: true}
///   stow: {kind: google, config: {…}}
///   cache: {max_size_mbs: 64}
/// buckets:                      # flytrap: per-bucket overrides (a run's raw data can live in another bucket)
///   other-bucket: {endpoint: https://s3.eu-west-1.amazonaws.com, region: eu-west-1}
/// ```
public struct StorageSettings: Sendable, Equatable {
    /// flytestdlib `type`.
    public var type: String?
    public var container: String?
    public var endpoint: String?
    /// `iam` (the environment chain) or `accesskey` (the keys below).
    public var authType: String?
    public var accessKey: String?
    public var secretKey: String?
    public var region: String?
    public var disableSSL = false
    /// flytestdlib `stow.kind` (`google`, `azure`, `s3`) and its config map.
    public var stowKind: String?
    public var stowConfig: [String: String] = [:]
    /// The response cache's byte budget (flytestdlib `cache.max_size_mbs`; default 64 MB).
    public var cacheBytes = 64 << 20
    /// Per-bucket endpoint and region overrides.
    public var buckets: [String: BucketOverride] = [:]
    /// `--insecure`: TLS certificates and host names are not verified (self-signed MinIO and the like).
    public var insecure = false

    public struct BucketOverride: Sendable, Equatable {
        public var endpoint: String?
        public var region: String?
        public init(endpoint: String? = nil, region: String? = nil) {
            self.endpoint = endpoint
            self.region = region
        }
    }

    public init() {}

    /// Explicit keys from `connection` when `auth-type: accesskey`.
    public var explicitAWS: AWSCredentials? {
        guard (authType ?? "").lowercased() == "accesskey", let k = accessKey, let s = secretKey, !k.isEmpty else { return nil }
        return AWSCredentials(accessKey: k, secretKey: s, source: "storage.connection (auth-type: accesskey)")
    }

    /// The AWS credential chain these settings and the environment give (`auth-type: accesskey` keys first).
    public func awsCredentials(env: [String: String], home: String, transport: (any HTTPTransport)?) -> CredentialProvider<AWSCredentials>? {
        AWSChain.provider(explicit: explicitAWS, env: env, home: home, transport: transport)
    }

    /// The S3 settings for `bucket`: per-bucket override, then the storage block, then the environment; signed with
    /// `credentials` (one chain shared by every bucket of a router; nil: unsigned).
    public func s3(bucket: String, env: [String: String], home: String, credentials: CredentialProvider<AWSCredentials>?) -> S3Store.Config {
        let o = buckets[bucket]
        var endpoint = o?.endpoint ?? endpoint ?? AWSChain.endpoint(env: env)
        if let e = endpoint, !e.contains("://") { endpoint = (disableSSL ? "http://" : "https://") + e }
        let region = o?.region ?? region ?? AWSChain.region(env: env, home: home)
        return S3Store.Config(endpoint: endpoint, region: region, credentials: credentials)
    }
}
