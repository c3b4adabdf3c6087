import ArgumentParser
import Explorer
import FlyteModel
import Foundation
import Terminal

/// `flytrap themes`: every theme with a one-line preview of phases and object states.
struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the explorer's themes with a preview.",
        discussion: "Shipped themes live in Themes/; your own go in $XDG_CONFIG_HOME/flytrap/themes/<name>.yaml and may be partial (missing keys inherit from `inherits:`, else default). Choose with --theme, $FLYTRAP_THEME or `theme:` in the config.")

    @Option(name: .long, help: ArgumentHelp("Read this config file.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Plain words, no colour, even on a terminal.")
    var plain = false

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let cfg = try Config.load(explicit: config, env: env)
        let sel = try ThemeSelection.resolve(flag: nil, env: env, config: cfg)
        let color = !plain && isatty(1) == 1 && sel.monochromeForced == nil
        let depth: ColorDepth = env["COLORTERM"] == "truecolor" || env["COLORTERM"] == "24bit" ? .truecolor : .indexed256
        var out = ""
        for name in sel.catalog.names {
            let t: Theme
            do { t = try sel.catalog.theme(named: name) } catch {
                out += "\(name)  ERROR: \(error.message)\n"
                continue
            }
            let mark = name == sel.theme.name ? "*" : " "
            out += "\(mark) \(DisplayWidth.pad(name, to: 15)) \(t.description)\n"
            var sample: [(String, ThemeKey)] = [(" runs ", .title), (" ", .body)]
            for p in [Phase.running, .succeeded, .failed, .timedOut, .paused] { sample += [("\(p.symbol()) \(p.name)", .phase(p)), ("  ", .body)] }
            sample += [("✓ present", .objectPresent), ("  ", .body), ("✗ not found", .objectNotFound), ("  ", .body),
                       ("⊘ denied", .objectDenied), ("  ", .body), ("⚠ unavailable", .objectUnavailable), (" ", .body), (" selected ", .selection)]
            out += "    "
            for (text, key) in sample {
                out += color ? ANSI.sgr(t[key], depth: t.usesColor ? depth : .none) + text : text
            }
            out += (color ? ANSI.reset : "") + "\n"
        }
        out += "\n* = selected now (\(sel.reason)\(sel.monochromeForced.map { "; monochrome because \($0)" } ?? "")). Your themes: \(Paths.themesDir(env: env))\n"
        Console.out(out)
    }
}
