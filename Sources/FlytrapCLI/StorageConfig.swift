import Foundation
import ObjectStores
import Yams

/// Reads flytestdlib's `storage:` block and flytrap's `buckets:` overrides from the config file into
/// `StorageSettings`; an unknown or mistyped key is named with its full path (`storage.connection.endpoint`).
enum StorageConfig {
    static let storageKeys = ["type", "container", "enable-multicontainer", "connection", "stow", "cache", "limits", "defaultHttpClient", "signedUrl"]
    static let connectionKeys = ["endpoint", "auth-type", "access-key", "secret-key", "region", "disable-ssl"]

    static func scalar(_ n: Node, _ key: String, _ path: String) throws -> String {
        guard let s = n.scalar?.string else { throw CLIError.runtime("\(path): key '\(key)': expected a string") }
        return s
    }

    static func bool(_ n: Node, _ key: String, _ path: String) throws -> Bool {
        switch try scalar(n, key, path).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw CLIError.runtime("\(path): key '\(key)': expected true or false")
        }
    }

    /// Applies a `storage:` mapping.
    static func apply(storage node: Node, to s: inout StorageSettings, path: String) throws {
        guard let map = node.mapping else { throw CLIError.runtime("\(path): key 'storage': expected a mapping (flytestdlib's storage block)") }
        for (k, v) in map {
            guard let key = k.string else { continue }
            let full = "storage.\(key)"
            switch key {
            case "type":
                let t = try scalar(v, full, path).lowercased()
                guard ["s3", "minio", "local", "mem", "redis", "stow"].contains(t) else {
                    throw CLIError.runtime("\(path): key '\(full)': '\(t)' is not a flytestdlib storage type (s3, minio, local, mem, redis, stow)")
                }
                s.type = t
            case "container": s.container = try scalar(v, full, path)
            case "enable-multicontainer": _ = try bool(v, full, path)
            case "connection":
                guard let m = v.mapping else { throw CLIError.runtime("\(path): key '\(full)': expected a mapping") }
                for (ck, cv) in m {
                    guard let c = ck.string else { continue }
                    let cf = "\(full).\(c)"
                    switch c {
                    case "endpoint": s.endpoint = try scalar(cv, cf, path)
                    case "auth-type":
                        let a = try scalar(cv, cf, path).lowercased()
                        guard a == "iam" || a == "accesskey" else { throw CLIError.runtime("\(path): key '\(cf)': expected iam or accesskey") }
                        s.authType = a
                    case "access-key": s.accessKey = try scalar(cv, cf, path)
                    case "secret-key": s.secretKey = try scalar(cv, cf, path)
                    case "region": s.region = try scalar(cv, cf, path)
                    case "disable-ssl": s.disableSSL = try bool(cv, cf, path)
                    default: throw CLIError.runtime("\(path): unknown key '\(cf)' (known: \(connectionKeys.joined(separator: ", ")))")
                    }
                }
            case "stow":
                guard let m = v.mapping else { throw CLIError.runtime("\(path): key '\(full)': expected a mapping") }
                for (sk, sv) in m {
                    if sk.string == "kind" { s.stowKind = try scalar(sv, "\(full).kind", path) }
                    if sk.string == "config", let cm = sv.mapping {
                        for (ck, cv) in cm { if let c = ck.string, let x = cv.scalar?.string { s.stowConfig[c] = x } }
                    }
                }
            case "cache":
                guard let m = v.mapping else { throw CLIError.runtime("\(path): key '\(full)': expected a mapping") }
                for (ck, cv) in m where ck.string == "max_size_mbs" {
                    guard let mb = Int(try scalar(cv, "\(full).max_size_mbs", path)), mb >= 0 else {
                        throw CLIError.runtime("\(path): key '\(full).max_size_mbs': expected a whole number of megabytes")
                    }
                    s.cacheBytes = mb << 20
                }
            case "limits", "defaultHttpClient", "signedUrl": break
            default: throw CLIError.runtime("\(path): unknown key '\(full)' (known: \(storageKeys.joined(separator: ", ")))")
            }
        }
    }

    /// Applies a `buckets:` mapping of bucket name → {endpoint, region}.
    static func apply(buckets node: Node, to s: inout StorageSettings, path: String) throws {
        guard let map = node.mapping else { throw CLIError.runtime("\(path): key 'buckets': expected a mapping of bucket name to {endpoint, region}") }
        for (k, v) in map {
            guard let name = k.string, let m = v.mapping else { throw CLIError.runtime("\(path): key 'buckets': each bucket needs a mapping {endpoint, region}") }
            var o = StorageSettings.BucketOverride()
            for (bk, bv) in m {
                switch bk.string {
                case "endpoint": o.endpoint = try scalar(bv, "buckets.\(name).endpoint", path)
                case "region": o.region = try scalar(bv, "buckets.\(name).region", path)
                default: throw CLIError.runtime("\(path): unknown key 'buckets.\(name).\(bk.string ?? "?")' (known: endpoint, region)")
                }
            }
            s.buckets[name] = o
        }
    }
}
