import FlyteModel
/// The `:` command line: k9s grammar (`:runs proj/dom /failed`), parsing and tab completion. Pure.
public enum ExplorerCommand: Sendable, Equatable {
    case projects
    case runs(project: String?, domain: String?, filter: String?)
    case run(String)
    case domain(String)
    case section(HubSection)
    case theme(String)
    case sort(String)
    case save(String)
    /// Copy a signed URL for the selected object, valid this many seconds.
    case presign(seconds: Int)
    case audit(project: String?, domain: String?)
    case help
    case quit

    /// Every command word with its argument hint, for completion and help.
    public static let words: [(word: String, usage: String)] = [
        ("projects", ":projects"), ("runs", ":runs [project[/domain]] [/filter]"), ("run", ":run NAME"),
        ("domain", ":domain NAME"), ("tasks", ":tasks"), ("triggers", ":triggers"), ("cache", ":cache"),
        ("theme", ":theme NAME"), ("sort", ":sort COLUMN[-]"), ("save", ":save PATH"), ("presign", ":presign [15m|1h|7d]"), ("audit", ":audit [project[/domain] | *]"), ("help", ":help"), ("quit", ":q"),
    ]

    /// Parses what follows `:`; the error names the word it could not use.
    public static func parse(_ line: String) -> Result<ExplorerCommand, LoadFailure> {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let word = parts.first?.lowercased() else { return .failure(LoadFailure("empty command (try :help)")) }
        let args = Array(parts.dropFirst())
        func one(_ what: String) -> Result<String, LoadFailure> {
            guard !args.isEmpty else { return .failure(LoadFailure(":\(word) needs \(what)")) }
            return .success(args.joined(separator: " "))
        }
        switch word {
        case "projects", "project", "proj", "p": return .success(.projects)
        case "runs", "r":
            var scope: String?
            var filter: String?
            for a in args {
                if a.hasPrefix("/") { filter = (filter.map { $0 + " " } ?? "") + String(a.dropFirst()) }
                else if filter != nil { filter! += " " + a }
                else { scope = a }
            }
            let sp = scope?.split(separator: "/", maxSplits: 1).map(String.init) ?? []
            return .success(.runs(project: sp.first, domain: sp.count > 1 ? sp[1] : nil, filter: filter))
        case "run": return one("a run name").map { .run($0) }
        case "domain", "dom", "d": return one("a domain name").map { .domain($0) }
        case "tasks": return .success(.section(.tasks))
        case "triggers": return .success(.section(.triggers))
        case "cache": return .success(.section(.cache))
        case "theme", "skin": return one("a theme name").map { .theme($0) }
        case "sort": return one("a column name").map { .sort($0) }
        case "save", "w": return one("a file path").map { .save($0) }
        case "presign", "sign", "url":
            guard let a = args.first else { return .success(.presign(seconds: 3600)) }
            guard let t = DurationText.wholeSeconds(a) else {
                return .failure(LoadFailure(":presign: '\(a)' is not a duration such as 90s, 15m, 1h or 7d"))
            }
            return .success(.presign(seconds: t))
        case "audit", "fallout":
            guard let a = args.first else { return .success(.audit(project: nil, domain: nil)) }
            if a == "*" || a == "all" { return .success(.audit(project: "*", domain: nil)) }
            let sp = a.split(separator: "/", maxSplits: 1).map(String.init)
            return .success(.audit(project: sp.first, domain: sp.count > 1 ? sp[1] : nil))
        case "help", "h", "?": return .success(.help)
        case "q", "q!", "quit", "exit": return .success(.quit)
        default: return .failure(LoadFailure(":\(word): unknown command (known: \(words.map(\.word).joined(separator: ", ")))"))
        }
    }

    /// Completes the last word of `line`: command words first, then arguments from `candidates(word)`.
    /// Returns the completed line and the alternatives (several when the completion is ambiguous).
    public static func complete(_ line: String, candidates: (String) -> [String]) -> (line: String, options: [String]) {
        let endsWithSpace = line.hasSuffix(" ")
        var parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if parts.isEmpty || (parts.count == 1 && !endsWithSpace) {
            let prefix = parts.first ?? ""
            let opts = words.map(\.word).filter { $0.hasPrefix(prefix.lowercased()) }
            if opts.count == 1 { return (opts[0] + " ", opts) }
            return (commonPrefix(opts, fallback: prefix), opts)
        }
        let word = parts[0].lowercased()
        let partial = endsWithSpace ? "" : parts.removeLast()
        let opts = candidates(word).filter { $0.hasPrefix(partial) }.sorted()
        let head = parts.joined(separator: " ") + " "
        if opts.count == 1 { return (head + opts[0] + " ", opts) }
        return (head + commonPrefix(opts, fallback: partial), opts)
    }

    static func commonPrefix(_ xs: [String], fallback: String) -> String {
        guard var p = xs.first else { return fallback }
        for x in xs.dropFirst() {
            while !x.hasPrefix(p) { p.removeLast() }
        }
        return p.count >= fallback.count ? p : fallback
    }
}
