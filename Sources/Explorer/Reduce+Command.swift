import FlyteModel
import Foundation

extension Explorer {
    /// Runs a `:` command line.
    static func runCommand(_ s: inout ExplorerState, _ line: String) -> [Effect] {
        let cmd: ExplorerCommand
        switch ExplorerCommand.parse(line) {
        case .success(let c): cmd = c
        case .failure(let e):
            s.say(e.message, .error)
            return []
        }
        switch cmd {
        case .quit:
            s.quit = true
            return [.quit]
        case .help:
            s.stack.append(.help(HelpScreen()))
            return []
        case .projects:
            s.previous.append(contentsOf: s.stack.dropFirst().suffix(1))
            s.stack = [s.stack[0]]
            return [.loadProjects(beginProjects(&s))]
        case .runs(let project, let domain, let filter):
            let (p, d) = scope(s)
            let proj = project ?? p
            guard let proj else { s.say(":runs needs a project (:runs project/domain)", .warn); return [] }
            let dom = domain ?? (project == nil ? d : nil) ?? s.options.domain ?? "development"
            if case .hub(let h) = s.top, h.project == proj, h.domain == dom {
                var hh = h
                hh.section = .runs
                s.top = .hub(hh)
                return setFilter(&s, filter)
            }
            // Rebuild the stack as projects → project → hub so esc walks back up.
            s.stack = [s.stack[0]]
            return [pushDomains(&s, project: proj)] + openHub(&s, project: proj, domain: dom, filter: filter)
        case .domain(let d):
            let (p, _) = scope(s)
            guard let p else { s.say(":domain needs a project (open one first)", .warn); return [] }
            return runCommand(&s, "runs \(p)/\(d)")
        case .run(let name):
            let (p, d) = scope(s)
            return [.findRun(name: name, preferProject: p, preferDomain: d)]
        case .section(let sec):
            return switchSection(&s, sec)
        case .theme(let name):
            return [.loadTheme(name)]
        case .sort(let col):
            return sortBy(&s, col)
        case .audit(let project, let domain):
            if project == "*" { return openFallout(&s, FalloutScope()) }
            if project == nil { return openFallout(&s, falloutScope(s)) }
            return openFallout(&s, FalloutScope(project: project, domain: domain))
        case .presign(let seconds):
            return presign(&s, seconds: seconds)
        case .save(let path):
            guard let uri = saveTarget(s) else { s.say(":save works on a payload, Deck or object screen", .warn); return [] }
            return [.save(uri: uri, path: path)]
        }
    }

    /// The project and domain the screens in view are about.
    static func scope(_ s: ExplorerState) -> (String?, String?) {
        for screen in s.stack.reversed() {
            switch screen {
            case .hub(let h): return (h.project, h.domain)
            case .run(let r): return (r.run.project, r.run.domain)
            case .domains(let d): return (d.project, nil)
            default: continue
            }
        }
        return (s.options.project, s.options.domain)
    }

    /// Asks for a signed URL for the selected object (`Y`, `:presign`), when the selection is a bucket URI.
    static func presign(_ s: inout ExplorerState, seconds: Int) -> [Effect] {
        guard let uri = copyText(s), uri.contains("://") || uri.hasPrefix("/") else {
            s.say("select an object (an input, output, Deck, report or cached output) to sign a URL for it", .warn)
            return []
        }
        s.say("signing a URL for " + DisplayWidth.truncate(uri, to: 60) + " …")
        return [.presign(uri: uri, seconds: seconds)]
    }

    /// The object `:save` writes out.
    static func saveTarget(_ s: ExplorerState) -> String? {
        switch s.top {
        case .payload(let p): p.uri
        case .deck(let d): d.uri
        case .object(let o): o.uri
        default: nil
        }
    }

    /// Completion candidates for a command's argument.
    static func completions(_ s: ExplorerState, for word: String) -> [String] {
        switch word {
        case "runs", "r":
            var out: [String] = []
            for p in s.knownProjects { for d in (s.knownDomains.isEmpty ? ["development"] : s.knownDomains) { out.append("\(p)/\(d)") } }
            return out
        case "domain", "dom", "d": return s.knownDomains
        case "audit", "fallout":
            var out = ["*"] + s.knownProjects
            for p in s.knownProjects { for d in (s.knownDomains.isEmpty ? ["development"] : s.knownDomains) { out.append("\(p)/\(d)") } }
            return out
        case "theme", "skin": return s.options.themeNames
        case "run":
            if case .hub(let h) = s.top { return h.runs.items.prefix(500).map(\.id.name) }
            return []
        case "sort":
            let ctx = rowContext(s)
            if case .hub(let h) = s.top {
                switch h.section {
                case .runs: return ListSpecs.runs.columns(ctx.wide).map(\.title)
                case .tasks: return ListSpecs.tasks.columns(ctx.wide).map(\.title)
                case .triggers: return ListSpecs.triggers.columns(ctx.wide).map(\.title)
                case .cache: return ListSpecs.cache.columns(ctx.wide).map(\.title)
                }
            }
            return []
        default: return []
        }
    }

    /// The help screen's lines, generated from the key map (one table drives keys and help).
    public static func helpLines(_ s: ExplorerState) -> [(key: String, help: String, isTitle: Bool)] {
        var out: [(String, String, Bool)] = []
        for c in KeyContext.allCases {
            let bs = s.keyMap.bindings.filter { $0.context == c }
            guard !bs.isEmpty else { continue }
            out.append((c.title, "", true))
            for b in bs { out.append((b.keys.map(\.description).joined(separator: " "), b.help, false)) }
            out.append(("", "", false))
        }
        out.append(("Commands", "", true))
        for w in ExplorerCommand.words { out.append((":" + w.word, w.usage, false)) }
        return out
    }
}
