import FlyteModel
import Foundation

extension Explorer {
    /// HEADs the offloaded values visible in the payload screen so each shows its object state.
    static func payloadLazyLoads(_ s: inout ExplorerState) -> [Effect] {
        guard case .payload(let p) = s.top, case .loaded(let f) = p.document, let doc = f.document else { return [] }
        let lines = PayloadNav.visibleLines(doc, collapsed: p.collapsed, ascii: s.options.ascii)
        let lo = p.cursor.top
        let hi = min(lines.count, lo + listRows(s))
        guard lo < hi else { return [] }
        var uris: [String] = []
        for l in lines[lo..<hi] {
            if let n = PayloadNav.node(doc, l.path), let ref = PayloadNav.reference(n), s.objects[ref.uri] == nil, !s.objectsInFlight.contains(ref.uri) {
                uris.append(ref.uri)
            }
        }
        guard !uris.isEmpty else { return [] }
        s.objectsInFlight.formUnion(uris)
        return [.checkObjects(uris)]
    }

    static func payloadCommand(_ s: inout ExplorerState, _ cmd: Command) -> [Effect] {
        guard case .payload(var p) = s.top, case .loaded(let f) = p.document, let doc = f.document else {
            if cmd == .save, case .payload(let p) = s.top { return promptSave(&s, p.uri) }
            return []
        }
        let all = PreviewText.lines(doc, ascii: s.options.ascii)
        let lines = PayloadNav.visibleLines(doc, collapsed: p.collapsed, ascii: s.options.ascii)
        guard lines.indices.contains(p.cursor.selected) else { return [] }
        let line = lines[p.cursor.selected]
        switch cmd {
        case .collapse, .expand, .toggle, .open:
            let has = PayloadNav.hasChildren(lines, p.cursor.selected, all: all)
            let isCollapsed = p.collapsed.contains(line.path)
            if !has {
                if cmd == .open, let n = PayloadNav.node(doc, line.path), PayloadNav.reference(n) != nil { return payloadCommand(&s, .peek) }
                if cmd == .collapse, line.depth > 0, let parent = lines[..<p.cursor.selected].lastIndex(where: { $0.depth < line.depth }) {
                    p.cursor.select(parent, count: lines.count, visible: listRows(s))
                    s.top = .payload(p)
                }
                return []
            }
            if cmd == .collapse || ((cmd == .toggle || cmd == .open) && !isCollapsed) { p.collapsed.insert(line.path) } else { p.collapsed.remove(line.path) }
            let n = PayloadNav.visibleLines(doc, collapsed: p.collapsed, ascii: s.options.ascii).count
            p.cursor.clamp(count: n, visible: listRows(s))
            s.top = .payload(p)
            return payloadLazyLoads(&s)
        case .peek:
            guard let n = PayloadNav.node(doc, line.path), let ref = PayloadNav.reference(n) else {
                s.say("p peeks at offloaded values (files, directories, dataframes, offloaded literals)", .warn)
                return []
            }
            return openTarget(&s, ref.isLiteral ? .payload(uri: ref.uri, title: "offloaded \(line.label)") : .object(uri: ref.uri))
        case .save:
            return promptSave(&s, p.uri)
        default:
            return []
        }
    }

    /// Opens the command line with `:save <file name>` filled in.
    static func promptSave(_ s: inout ExplorerState, _ uri: String) -> [Effect] {
        let name = uri.split(separator: "/").last.map(String.init) ?? "object"
        s.mode = .command(LineEditor("save ./" + name))
        return []
    }

    /// Sets or clears the Deck search and jumps to the first match at or after the top line.
    static func deckSearch(_ s: inout ExplorerState, _ text: String?, jump: Bool) {
        guard case .deck(var d) = s.top else { return }
        let q = text?.trimmingCharacters(in: .whitespaces)
        d.search = (q?.isEmpty ?? true) ? nil : q
        d.matches = []
        if let q = d.search, case .loaded(let f) = d.deck, let t = f.text {
            d.matches = t.lines.indices.filter { t.lines[$0].text.range(of: q, options: .caseInsensitive) != nil }
            if jump, let first = d.matches.first(where: { $0 >= d.cursor.top }) ?? d.matches.first {
                d.cursor.top = max(0, min(first, max(0, t.lines.count - deckRows(s))))
            }
        }
        s.top = .deck(d)
    }

    static func deckRows(_ s: ExplorerState) -> Int { max(1, s.height - 4) }

    static func deckCommand(_ s: inout ExplorerState, _ cmd: Command) -> [Effect] {
        guard case .deck(var d) = s.top else { return [] }
        switch cmd {
        case .searchNext, .searchPrev:
            guard !d.matches.isEmpty else { s.say("no search (/ to search)", .warn); return [] }
            let next = cmd == .searchNext ? d.matches.first { $0 > d.cursor.top } ?? d.matches[0]
                : d.matches.last { $0 < d.cursor.top } ?? d.matches[d.matches.count - 1]
            d.cursor.top = next
            s.top = .deck(d)
            return []
        case .openExternal:
            return [.openInBrowser(uri: d.uri)]
        case .save:
            return promptSave(&s, d.uri)
        default:
            return []
        }
    }
}
