import ArgumentParser
import Explorer
import Foundation

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
            ("store", "\(loc.path)  (from \(loc.reason))" + exists(loc.path)),
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
        lines.append(("buckets", "file:// and plain paths; other schemes are reported as unknown by this build"))
        Console.out(lines.map { $0.0.padding(toLength: 14, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n") + "\n")
    }
}
