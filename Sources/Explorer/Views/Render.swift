import FlyteModel
import Foundation
import Terminal

/// Draws the state into a Canvas: title bar, breadcrumbs, the screen in view, and the status or prompt line. Pure.
public enum Render {
    public static func frame(_ s: ExplorerState) -> Canvas {
        var c = Canvas(width: s.width, height: s.height)
        let t = s.theme
        c.fill(x: 0, y: 0, width: s.width, height: s.height, style: t[.body])
        if s.width < MinimumSize.width || s.height < MinimumSize.height {
            tooSmall(&c, s)
            return c
        }
        title(&c, s)
        crumbs(&c, s)
        let body = (y: 2, height: s.height - 3)
        switch s.top {
        case .projects(let p): ListViews.projects(&c, s, p, body)
        case .domains(let d): ListViews.domains(&c, s, d, body)
        case .hub(let h): HubView.draw(&c, s, h, body)
        case .run(let r): RunView.draw(&c, s, r, body)
        case .payload(let p): PayloadView.draw(&c, s, p, body)
        case .deck(let d): DeckView.draw(&c, s, d, body)
        case .object(let o): ListViews.object(&c, s, o, body)
        case .task(let tk): ListViews.task(&c, s, tk, body)
        case .triggerRevisions(let tr): ListViews.triggerRevisions(&c, s, tr, body)
        case .help(let h): ListViews.help(&c, s, h, body)
        case .fallout(let f): FalloutView.draw(&c, s, f, body)
        }
        status(&c, s)
        return c
    }

    static func tooSmall(_ c: inout Canvas, _ s: ExplorerState) {
        let lines = ["flytrap needs at least \(MinimumSize.width)×\(MinimumSize.height)",
                     "this terminal is \(s.width)×\(s.height)", "enlarge it, or q to quit"]
        for (i, l) in lines.enumerated() where i < s.height {
            let x = max(0, (s.width - DisplayWidth.of(l)) / 2)
            c.draw(l, x: x, y: max(0, s.height / 2 - 1) + i, style: s.theme[i == 0 ? .flashWarn : .body])
        }
    }

    static func title(_ c: inout Canvas, _ s: ExplorerState) {
        let t = s.theme
        c.fill(x: 0, y: 0, width: s.width, height: 1, style: t[.title])
        let (p, d) = Explorer.scope(s)
        let left = " flytrap" + (p.map { "  \($0)" } ?? "") + (d.map { "/\($0)" } ?? "")
        c.draw(left, x: 0, y: 0, style: t[.title])
        let right = linkBadge(s) + "? help  : command  q quit "
        if s.width > DisplayWidth.of(left) + DisplayWidth.of(right) + 2 {
            c.draw(right, x: s.width - DisplayWidth.of(right), y: 0, style: t[.title])
        }
    }

    /// The store link in words (with a symbol unless `--ascii`): live updates, polling, or a lost connection.
    static func linkBadge(_ s: ExplorerState) -> String {
        let ascii = s.options.ascii
        switch s.storeLink {
        case .polling: return ""
        case .live: return (ascii ? "* " : "● ") + "live  "
        case .pollingFallback: return "polling \(Int(s.options.refreshInterval))s  "
        case .down: return (ascii ? "x " : "✗ ") + "store down  "
        }
    }

    static func crumbs(_ c: inout Canvas, _ s: ExplorerState) {
        let t = s.theme
        c.fill(x: 0, y: 1, width: s.width, height: 1, style: t[.crumbs])
        var x = 0
        let sep = s.options.ascii ? " > " : " › "
        let parts = s.stack.map(\.crumb)
        // Keep the last crumbs when they do not fit.
        var start = 0
        while start < parts.count - 1, parts[start...].reduce(0, { $0 + DisplayWidth.of($1) + 3 }) > s.width { start += 1 }
        if start > 0 { x += c.draw("…" + sep, x: x, y: 1, style: t[.crumbs]) }
        for (i, p) in parts.enumerated() where i >= start {
            let active = i == parts.count - 1
            x += c.draw(" \(p) ", x: x, y: 1, style: t[active ? .crumbsActive : .crumbs])
            if !active { x += c.draw(sep, x: x, y: 1, style: t[.crumbs]) }
        }
    }

    static func status(_ c: inout Canvas, _ s: ExplorerState) {
        let t = s.theme
        let y = s.height - 1
        switch s.mode {
        case .command(let e), .filter(let e), .search(let e):
            let prefix: String
            if case .command = s.mode { prefix = ":" } else { prefix = "/" }
            c.fill(x: 0, y: y, width: s.width, height: 1, style: t[.prompt])
            let text = prefix + e.text
            c.draw(text, x: 0, y: y, style: t[.prompt])
            let cx = DisplayWidth.of(prefix + String(e.text.prefix(e.cursor)))
            if cx < s.width {
                var cell = c[cx, y]
                cell.style.attributes.insert(.reverse)
                if cell.text == "" || cell.isContinuation { cell = Cell(text: " ", style: cell.style, isContinuation: false) }
                c[cx, y] = cell
            }
            if case .filter = s.mode {
                let hint = ListFilter(e.text).map { $0.isRegex ? "regex" : "text" } ?? ""
                if !hint.isEmpty, s.width > DisplayWidth.of(text) + 12 { c.draw(hint + " ", x: s.width - DisplayWidth.of(hint) - 1, y: y, style: t[.muted]) }
            }
        case .normal:
            if let f = s.flash {
                let key: ThemeKey = f.level == .error ? .flashError : f.level == .warn ? .flashWarn : .flashInfo
                c.fill(x: 0, y: y, width: s.width, height: 1, style: t[key])
                c.draw(" " + f.text, x: 0, y: y, style: t[key])
            } else {
                c.fill(x: 0, y: y, width: s.width, height: 1, style: t[.status])
                c.draw(" " + hints(s), x: 0, y: y, style: t[.status])
            }
        }
    }

    /// The key hints on the status line for the screen in view.
    static func hints(_ s: ExplorerState) -> String {
        switch s.top {
        case .projects: "enter open  / filter  y copy  :runs p/d"
        case .domains: "enter open  esc back"
        case .hub(let h):
            switch h.section {
            case .runs: "enter run  / filter  A F R S phases  < > s sort  1-4 sections  ctrl-r refresh"
            case .tasks: "enter versions  / filter  1-4 sections"
            case .triggers: "enter revisions  / filter  1-4 sections"
            case .cache: "enter source run  y copy URI  1-4 sections"
            }
        case .run(let r): r.focus == .tree ? "enter/space fold  tab detail  i o d e data  [ ] attempts  / filter" : "enter open  y copy  tab tree  [ ] attempts"
        case .payload: "enter fold  p peek offloaded  y copy value  s save  esc back"
        case .deck: "/ search  n N next/prev  o browser  s save  esc back"
        case .object: "y copy URI  :save PATH  esc back"
        case .task: "j k versions  esc back"
        case .triggerRevisions: "esc back"
        case .help: "esc back"
        case .fallout(let f): f.drill == nil ? "enter runs of a severity  x stop  esc back" : "enter open run  y copy lost URI  esc summary"
        }
    }
}
