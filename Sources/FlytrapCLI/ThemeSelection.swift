import Explorer
import Foundation

/// Picks the explorer's theme: `--theme` > `$FLYTRAP_THEME` > config `theme` > default; `NO_COLOR` and `TERM=dumb`
/// force monochrome. A name is looked up among the shipped themes and `$XDG_CONFIG_HOME/flytrap/themes/*.yaml`;
/// a value with a `/` or ending in `.yaml` is a file.
struct ThemeSelection {
    var theme: Theme
    var catalog: ThemeCatalog
    /// Why this theme: which setting chose it.
    var reason: String
    var monochromeForced: String?

    /// The user's theme files, by name.
    static func userThemes(env: [String: String]) -> [String: (text: String, origin: String)] {
        let dir = Paths.themesDir(env: env)
        var out: [String: (text: String, origin: String)] = [:]
        for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where f.hasSuffix(".yaml") || f.hasSuffix(".yml") {
            let path = dir + "/" + f
            if let d = FileManager.default.contents(atPath: path), let t = String(data: d, encoding: .utf8) {
                out[(f as NSString).deletingPathExtension] = (t, path)
            }
        }
        return out
    }

    static func resolve(flag: String?, env: [String: String], config: Config) throws -> ThemeSelection {
        let catalog = ThemeCatalog(user: userThemes(env: env))
        let (choice, reason): (String, String) =
            if let f = flag { (f, "--theme") }
            else if let e = env["FLYTRAP_THEME"], !e.isEmpty { (e, "$FLYTRAP_THEME") }
            else if let c = config.theme { (c, "config \(config.path ?? "")") }
            else { ("default", "default") }
        var theme: Theme
        do {
            if choice.contains("/") || choice.hasSuffix(".yaml") || choice.hasSuffix(".yml") {
                let path = (choice as NSString).expandingTildeInPath
                guard let d = FileManager.default.contents(atPath: path), let text = String(data: d, encoding: .utf8) else {
                    throw CLIError.runtime("\(path): theme file not found or not UTF-8 (from \(reason))")
                }
                theme = try catalog.theme(text: text, origin: path, name: ((path as NSString).lastPathComponent as NSString).deletingPathExtension)
            } else {
                theme = try catalog.theme(named: choice)
            }
        } catch let e as ThemeParser.Failure {
            throw CLIError.runtime("\(e.message) (from \(reason))")
        }
        var forced: String?
        if env["NO_COLOR"].map({ !$0.isEmpty }) ?? false { forced = "NO_COLOR is set" }
        else if env["TERM"] == "dumb" { forced = "TERM=dumb" }
        if forced != nil { theme = theme.monochrome }
        return ThemeSelection(theme: theme, catalog: catalog, reason: reason, monochromeForced: forced)
    }
}
