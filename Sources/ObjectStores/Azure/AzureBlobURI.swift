import Foundation

/// An Azure Blob object named by any of the URI forms Flyte deployments write:
/// `abs://account/container/key`, `https://account.blob.core.windows.net/container/key`,
/// `abfs[s]://container@account.dfs.core.windows.net/key`, and flytestdlib stow's `abfs://container/key` or
/// `afs://container/key` (also `az://`, `azure://`), whose account comes from the storage config or
/// `AZURE_STORAGE_ACCOUNT`.
public struct AzureBlobURI: Sendable, Equatable {
    public var account: String
    public var container: String
    public var key: String

    static let blobHostSuffixes = [".blob.core.windows.net", ".blob.core.chinacloudapi.cn", ".blob.core.usgovcloudapi.net"]
    static let containerSchemes: Set<String> = ["abfs", "abfss", "afs", "az", "azure"]

    public init(account: String, container: String, key: String) {
        self.account = account
        self.container = container
        self.key = key
    }

    public init?(_ uri: String, defaultAccount: String?) {
        guard let u = BucketURI(uri) else { return nil }
        switch u.scheme {
        case "abs":
            let parts = u.key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let c = parts.first, !c.isEmpty else { return nil }
            (account, container, key) = (u.bucket, String(c), parts.count > 1 ? String(parts[1]) : "")
        case "https", "http":
            let host = u.bucket.lowercased()
            guard let suffix = Self.blobHostSuffixes.first(where: { host.hasSuffix($0) }) else { return nil }
            let parts = u.key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let c = parts.first, !c.isEmpty else { return nil }
            account = String(host.dropLast(suffix.count))
            container = String(c)
            key = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : ""
        case let s where Self.containerSchemes.contains(s):
            if let at = u.bucket.firstIndex(of: "@") {
                container = String(u.bucket[..<at])
                let host = u.bucket[u.bucket.index(after: at)...]
                guard let dot = host.firstIndex(of: ".") else { return nil }
                account = String(host[..<dot])
            } else {
                guard let a = defaultAccount, !a.isEmpty else { return nil }
                account = a
                container = u.bucket
            }
            key = u.key
        default: return nil
        }
        if account.isEmpty || container.isEmpty { return nil }
    }
}
