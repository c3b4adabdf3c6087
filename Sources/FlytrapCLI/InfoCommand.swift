import ArgumentParser
import Explorer
import Foundation
import MetadataStores
import FlyteModel
import ObjectStores

/// `flytrap info`: every path flytrap reads and which setting chose each thing (never a secret).
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the paths flytrap reads and what it chose from them.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let ctx = try store.context()
        let fm = FileManager.default
        func exists(_ p: String) -> String { fm.fileExists(atPath: p) ? "" : "  (not present)" }
        let cfgPath = ctx.config.path ?? env["FLYTRAP_CONFIG"] ?? Paths.configFile(env: env)
        let loc = StoreResolver(env: env, config: ctx.config).location(flag: store.db)
        var lines: [(String, String)] = [
            ("config", cfgPath + exists(cfgPath)),
            ("store", "\(PGConnInfo.printable(loc.path))  (from \(loc.reason))" + (PGConnInfo.isPostgres(loc.path) ? "  (PostgreSQL, read-only session)" : exists(loc.path))),
            ("demo world", Paths.demoWorld(env: env) + exists(Paths.demoWorld(env: env))),
            ("themes dir", Paths.themesDir(env: env) + exists(Paths.themesDir(env: env))),
        ]
        for (name, v) in ThemeSelection.userThemes(env: env).sorted(by: { $0.key < $1.key }) { lines.append(("  theme", "\(name): \(v.origin)")) }
        do {
            let sel = try ThemeSelection.resolve(flag: nil, env: env, config: ctx.config)
            lines.append(("theme", "\(sel.theme.name)  (from \(sel.reason))" + (sel.monochromeForced.map { "; monochrome: \($0)" } ?? "")))
        } catch {
            lines.append(("theme", "error: \(error)"))
        }
        lines.append(("refresh", "\(ctx.config.refresh ?? 5) s" + (ctx.config.refresh == nil ? "  (default)" : "  (config)")))
        lines.append(("key overrides", ctx.config.keys.map { $0.keys.sorted().joined(separator: ", ") } ?? "none"))
        lines.append(("terminal", "TERM=\(env["TERM"] ?? "unset") COLORTERM=\(env["COLORTERM"] ?? "unset")" + (env["TMUX"] != nil ? " (inside tmux: OSC 52 copies use passthrough)" : "")))
        let st = ctx.config.storage
        let router = Buckets.router(config: ctx.config, env: env)
        lines.append(("storage", st.type.map { "type \($0)" + (st.container.map { ", container \($0)" } ?? "") + (st.endpoint.map { ", endpoint \($0)" } ?? "") } ?? "no storage block (environment chains only)"))
        lines.append(("cache", "\(st.cacheBytes >> 20) MB of bucket answers; negative answers kept 30 s"))
        lines.append(("inventories", ctx.config.inventories.isEmpty ? "none (audits check objects with requests; --inventory URI)" : ctx.config.inventories.joined(separator: ", ")))
        lines.append(("tls", st.insecure ? "certificates NOT verified (--insecure)" : "certificates verified"))
        for line in Self.bucketLines(storage: st, inventories: ctx.config.inventories, env: env, router: router) { lines.append(("bucket", line)) }
        lines.append(("  other", "file:// and plain paths: local disk; abs://account/container (Azure: AZURE_STORAGE_*), redis:// (REDIS_URL or storage.connection.endpoint)"))
        Console.out(lines.map { $0.0.padding(toLength: 14, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n") + "\n")
    }

    /// One line per bucket the config names (the storage container, per-bucket overrides, the inventories' buckets):
    /// its credential source and endpoint, and whether it can sign URLs (`presign`). Each line asks its credential
    /// source once; the lines are worked out side by side, so chains that probe a metadata service wait together.
    static func bucketLines(storage st: StorageSettings, inventories: [String], env: [String: String], router: ObjectRouter) -> [String] {
        var buckets: [String] = []
        if let c = st.container {
            let scheme = switch (st.type, st.stowKind) {
            case ("stow", "google"): "gs://"
            case ("stow", "azure"): "abfs://"
            case ("redis", _): "redis://"
            default: "s3://"
            }
            buckets.append(scheme + c)
        }
        buckets += st.buckets.keys.sorted().map { "s3://" + $0 }
        for uri in inventories {
            // The bucket part of an inventory URI (Azure's names the account and the container).
            guard let u = BucketURI(uri) else { continue }
            let b = u.scheme + "://" + u.bucket + (u.scheme == "abs" ? "/" + (u.key.split(separator: "/").first.map(String.init) ?? "") : "")
            if !buckets.contains(b) { buckets.append(b) }
        }
        if buckets.isEmpty {
            buckets = ["s3://<any bucket>", "gs://<any bucket>"]
            if let a = env["AZURE_STORAGE_ACCOUNT"], !a.isEmpty { buckets.append("abs://\(a)/<container>") }
            if env["REDIS_URL"] != nil { buckets.append("redis://<container>") }
        }
        let lines = Locked([String](repeating: "", count: buckets.count))
        let all = buckets
        DispatchQueue.concurrentPerform(iterations: all.count) { i in
            let probe = all[i] + "/x"
            let source = router.credentialSource(probe)
            let signs: String = switch router.presignSigner(probe) {
            case .success(let how): "presign: yes, \(how.split(separator: ",").first ?? "")"
            case .failure where source.hasPrefix("none found") || source.hasPrefix("anonymous"): "presign: no credentials"
            case .failure(let e): "presign: no, " + e.message
            }
            let line = "\(all[i])  \(source); \(signs)"
            lines.mutate { $0[i] = TerminalText.sanitize(line) }
        }
        return lines.value
    }
}
