import Foundation

/// Where Flyte 2 puts a run's objects in the bucket, as the OSS backend and SDK lay them out
/// (shared/reference/flyte-data-model.md §4). Only the demo generator builds paths; readers use stored URIs.
public struct FlyteLayout: Sendable {
    /// `<scheme>://<bucket>`, e.g. `file:///tmp/demo/bucket/flyte-data` or `s3://flyte-data`.
    public var storagePrefix: String
    /// The Kubernetes namespace that feeds the shard hash (default `flyte`).
    public var namespace: String

    public init(storagePrefix: String, namespace: String = "flyte") {
        self.storagePrefix = storagePrefix.hasSuffix("/") ? String(storagePrefix.dropLast()) : storagePrefix
        self.namespace = namespace
    }

    /// 32-bit FNV-1a.
    public static func fnv32a(_ s: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in s.utf8 {
            h ^= UInt32(b)
            h = h &* 0x0100_0193
        }
        return h
    }

    /// 64-bit FNV-1a.
    public static func fnv64a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The 2-character shard: `base36pair[fnv32a("<namespace>/<run>-<action>") % 1296]`.
    public func shard(run: String, action: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let idx = Int(Self.fnv32a("\(namespace)/\(run)-\(action)") % 1296)
        return String([alphabet[idx / 36], alphabet[idx % 36]])
    }

    /// `<storagePrefix>/<project>/<domain>/<run>/` (the run output base, with its trailing slash).
    public func runOutputBase(project: String, domain: String, run: String) -> String {
        "\(storagePrefix)/\(project)/\(domain)/\(run)/"
    }

    /// The per-attempt output prefix: `<bucket>/<shard>/<project>/<domain>/<run>/<action>/<attempt>`.
    public func attemptPrefix(project: String, domain: String, run: String, action: String, attempt: Int) -> String {
        "\(storagePrefix)/\(shard(run: run, action: action))/\(project)/\(domain)/\(run)/\(action)/\(attempt)"
    }

    /// Root inputs uploaded by `flyte run`: `<bucket>/uploads/<project>/<domain>/offloaded-inputs/<hash>/inputs.pb`,
    /// where hash is base64url (no padding) of the FNV-64a of the serialised inputs.
    public func offloadedInputs(project: String, domain: String, inputs: [UInt8]) -> String {
        var h = Self.fnv64a(inputs).bigEndian
        let b64 = withUnsafeBytes(of: &h) { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "\(storagePrefix)/uploads/\(project)/\(domain)/offloaded-inputs/\(b64)/inputs.pb"
    }

    /// Inputs of a child action, trace or condition: `<runOutputBase><action>/inputs.pb` (no shard, no attempt).
    public func childInputs(project: String, domain: String, run: String, action: String) -> String {
        runOutputBase(project: project, domain: domain, run: run) + "\(action)/inputs.pb"
    }

    /// Outputs of a trace: `<runOutputBase><trace>/outputs.pb`.
    public func traceOutputs(project: String, domain: String, run: String, action: String) -> String {
        runOutputBase(project: project, domain: domain, run: run) + "\(action)/outputs.pb"
    }
}
