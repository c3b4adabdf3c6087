import FlyteModel
import Foundation

/// What a detail line leads to when it is opened (`enter`) or copied (`y`).
public enum DetailTarget: Sendable, Equatable {
    case payload(uri: String, title: String)
    case deck(uri: String)
    case object(uri: String)
    case run(RunID)
    /// A value to copy; opening does nothing.
    case value(String)

    /// What `y` copies.
    public var copyText: String {
        switch self {
        case .payload(let u, _), .deck(let u), .object(let u): u
        case .run(let r): r.description
        case .value(let v): v
        }
    }
}

/// One line of the run screen's detail pane: styled segments and, for items that lead somewhere, a target.
public struct DetailLine: Sendable, Equatable {
    public var segments: [(text: String, key: ThemeKey)]
    public var target: DetailTarget?

    public init(_ segments: [(String, ThemeKey)], target: DetailTarget? = nil) {
        self.segments = segments.map { (text: $0.0, key: $0.1) }
        self.target = target
    }

    public static func == (a: DetailLine, b: DetailLine) -> Bool {
        a.target == b.target && a.segments.map(\.text) == b.segments.map(\.text) && a.segments.map(\.key) == b.segments.map(\.key)
    }

    /// The plain text of the line.
    public var text: String { segments.map(\.text).joined() }
}

/// Everything the detail pane shows for one action; built purely from what is loaded.
public struct DetailInputs {
    public var detail: ActionDetail
    public var attempt: Int?
    public var objects: [String: ObjectState]
    public var payloads: [String: Load<PayloadFetch>]
    public var cacheEntry: Load<CacheEntry?>?
    public var now: Date
    public var ascii: Bool
    public var width: Int

    public init(detail: ActionDetail, attempt: Int?, objects: [String: ObjectState], payloads: [String: Load<PayloadFetch>],
                cacheEntry: Load<CacheEntry?>?, now: Date, ascii: Bool, width: Int) {
        self.detail = detail
        self.attempt = attempt
        self.objects = objects
        self.payloads = payloads
        self.cacheEntry = cacheEntry
        self.now = now
        self.ascii = ascii
        self.width = width
    }
}

public enum DetailLines {
    /// Lines of preview shown for inputs and outputs before "enter for more".
    public static let previewLines = 8

    /// The detail pane's lines for an action.
    public static func build(_ d: DetailInputs) -> [DetailLine] {
        let s = d.detail.summary
        var out: [DetailLine] = []
        func section(_ title: String) {
            out.append(DetailLine([]))
            out.append(DetailLine([((d.ascii ? "-- " : "── ") + title + " ", .accent)]))
        }
        func kv(_ k: String, _ v: String, _ key: ThemeKey = .body, target: DetailTarget? = nil) {
            out.append(DetailLine([(DisplayWidthPad.pad(k, 11), .muted), (v, key)], target: target ?? .value(v)))
        }
        // Identity and task.
        out.append(DetailLine([("\(s.phase.symbol(ascii: d.ascii)) \(s.phase.name.replacingOccurrences(of: "_", with: " "))", .phase(s.phase)),
                               ("  \(s.displayName)", .accent), ("  \(s.kind.name)", .muted)]))
        kv("action", s.id.description, target: .value(s.id.description))
        if let t = d.detail.task {
            kv("task", "\(t.name) @ \(t.version)")
            kv("type", t.type + (t.runtime.map { " · \($0)" } ?? ""))
            kv("env", t.environment + (t.image.map { " · \($0)" } ?? ""))
            if t.retries > 0 || t.cacheable { kv("policy", "retries \(t.retries)" + (t.cacheable ? " · cache \(t.cacheVersion ?? "on")" : "")) }
        } else if let tn = s.taskName {
            kv("task", tn + (s.taskVersion.map { " @ \($0)" } ?? ""))
        }
        if let c = d.detail.condition {
            kv("condition", c.prompt.isEmpty ? c.name : c.prompt)
            kv("expects", c.expectedType)
            if let o = c.output { kv("value", PreviewText.oneLine(PayloadDecoder.literal(o, budget: .pane), limit: 200), .previewString) }
            else { kv("value", "waiting for a signal", .phase(.paused)) }
        }
        // Timing.
        section("timing")
        kv("created", DBTime.short(s.createdAt) + " (" + DurationText.ago(s.createdAt, now: d.now) + ")")
        if let e = s.endedAt { kv("ended", DBTime.short(e)) }
        if let el = s.elapsed(now: d.now) { kv("elapsed", DurationText.short(el) + (s.phase.isTerminal ? "" : " so far")) }
        if s.cacheStatus != .disabled { kv("cache", s.cacheStatus.name, s.cacheStatus == .hit ? .cacheHit : .body) }
        if let r = s.abortReason, !r.isEmpty { kv("aborted", r, .phase(.aborted)) }
        // Attempts.
        let attempts = d.detail.attempts.sorted { $0.number < $1.number }
        let current = d.attempt.flatMap { n in attempts.first { $0.number == n } } ?? d.detail.latestAttempt
        if let a = current {
            section("attempt \(a.number) of \(attempts.count)" + (attempts.count > 1 ? "  ([ ] to switch)" : ""))
            kv("phase", "\(a.phase.symbol(ascii: d.ascii)) \(a.phase.name)", .phase(a.phase))
            if let st = a.start { kv("started", DBTime.short(st)) }
            if let st = a.start, let en = a.end { kv("took", DurationText.short(en.timeIntervalSince(st))) }
            if let c = a.cluster, !c.isEmpty { kv("cluster", c) }
            let spans = a.phaseTransitions.map { p -> String in
                let dur = p.start.flatMap { st in p.end.map { DurationText.short($0.timeIntervalSince(st)) } } ?? "…"
                return "\(p.phase.name) \(dur)"
            }
            if !spans.isEmpty { kv("phases", spans.joined(separator: d.ascii ? " > " : " → ")) }
            if let e = a.error {
                section("error (\(e.kind.name))")
                for l in wrap(TerminalText.sanitize(e.message), width: max(10, d.width - 2)).prefix(12) {
                    out.append(DetailLine([(l, .phase(.failed))], target: .value(e.message)))
                }
                if let code = e.code, !code.isEmpty { kv("code", code) }
            }
            for ev in a.clusterEvents.prefix(5) {
                kv(ev.warning ? "k8s warn" : "k8s", "\(ev.reason): \(ev.message)", ev.warning ? .flashWarn : .muted)
            }
        }
        // Data.
        let objs = ActionObjects(d.detail, attempt: current?.number)
        section("data")
        for item in objs.items {
            let state = d.objects[item.uri]
            let target: DetailTarget = switch item.kind {
            case .deck: .deck(uri: item.uri)
            default: .payload(uri: item.uri, title: item.kind.label)
            }
            var note = ""
            if item.kind == .deck, state?.isNotFound == true {
                note = " (Flyte advertises a Deck for every task; written only when the task reports, or purged)"
            } else if item.kind == .outputs, !item.expected, state?.isNotFound == true {
                note = s.phase.isTerminal ? " (none written: the attempt did not succeed)" : " (not written yet)"
            } else if let r = state?.reason, !(state?.isPresent ?? true) {
                note = " — " + r
            }
            out.append(DetailLine([(DisplayWidthPad.pad(item.kind.label, 11), .muted), (objectStateText(state, ascii: d.ascii), ThemeKey.object(state)), (note, .muted)], target: target))
            if item.kind == .inputs || item.kind == .outputs || item.kind == .error, state?.isPresent == true {
                out += previewLines(d.payloads[item.uri], ascii: d.ascii, width: d.width, target: target)
            }
        }
        if objs.items.isEmpty { out.append(DetailLine([("no object URIs recorded for this action", .muted)])) }
        if let a = current, let cp = d.detail.checkpointPrefix(of: a) {
            let st = d.objects[cp]
            out.append(DetailLine([(DisplayWidthPad.pad("checkpoints", 11), .muted),
                                   (st?.isNotFound == true ? "none (no _flytecheckpoints folder)" : objectStateText(st, ascii: d.ascii), st?.isNotFound == true ? .muted : ThemeKey.object(st))],
                                  target: .object(uri: cp)))
        }
        // Cache entry.
        if let key = d.detail.cacheKey, !key.isEmpty {
            section("cache entry")
            kv("key", key)
            switch d.cacheEntry {
            case .loaded(let e?)?:
                let st = d.objects[e.outputURI]
                out.append(DetailLine([(DisplayWidthPad.pad("output", 11), .muted), (e.outputURI, .body)], target: .payload(uri: e.outputURI, title: "cached outputs")))
                let cell = pointerCell(st, ascii: d.ascii)
                out.append(DetailLine([(DisplayWidthPad.pad("pointer", 11), .muted), (cell.text, cell.key),
                                       (st?.isNotFound == true ? " — the cached outputs are gone: the task will re-execute" : "", .muted)],
                                      target: .value(e.outputURI)))
                if let r = e.sourceRun { kv("source run", r) }
            case .loaded(nil)?: kv("entry", "no cache_service_outputs row for this key", .muted)
            case .failed(let m)?: kv("entry", m, .flashError)
            default: kv("entry", "loading…", .objectLoading)
            }
        }
        // Logs and raw URIs.
        if let a = current, !a.logs.isEmpty {
            section("logs")
            for l in a.logs { out.append(DetailLine([(DisplayWidthPad.pad(l.name, 11), .muted), (l.uri, .deckLink)], target: .value(l.uri))) }
        }
        section("uris")
        let raw: [(String, String?)] = [("inputs", d.detail.inputsURI), ("outputs", current?.outputURI ?? d.detail.outputsURI),
                                        ("report", current?.reportURI), ("output base", d.detail.runOutputBase),
                                        ("raw data", d.detail.rawDataPrefix), ("run dir", d.detail.runBaseDir)]
        for (k, v) in raw { if let v, !v.isEmpty { kv(k, v, .muted, target: .value(v)) } }
        for w in d.detail.warnings { out.append(DetailLine([("warning: " + w, .flashWarn)])) }
        return out
    }

    static func previewLines(_ p: Load<PayloadFetch>?, ascii: Bool, width: Int, target: DetailTarget) -> [DetailLine] {
        switch p {
        case .loaded(let f)?:
            guard let doc = f.document else { return [] }
            let lines = PreviewText.lines(doc, ascii: ascii)
            var out = lines.prefix(previewLines).map { l in
                DetailLine([("   " + l.guide, .treeGuide), (l.label, .previewKey), (l.type.isEmpty ? "" : " " + l.type, .previewType),
                            (l.value.isEmpty ? "" : " " + l.value, l.role == .invalid ? .flashError : .previewString)], target: target)
            }
            if lines.count > previewLines { out.append(DetailLine([("   … \(lines.count - previewLines) more lines (enter)", .muted)], target: target)) }
            if doc.isPartial { out.append(DetailLine([("   PARTIAL: " + (doc.problems.first ?? ""), .flashError)], target: target)) }
            return out
        case .failed(let m)?: return [DetailLine([("   " + m, .flashError)], target: target)]
        case .loading?: return [DetailLine([("   loading preview…", .objectLoading)], target: target)]
        default: return []
        }
    }

    /// Wraps text to `width` columns at spaces (hard-breaking long words).
    public static func wrap(_ text: String, width: Int) -> [String] {
        var out: [String] = []
        for para in text.components(separatedBy: "\\n") {
            var line = ""
            for word in para.split(separator: " ", omittingEmptySubsequences: false) {
                var w = String(word)
                while DisplayWidth.of(w) > width {
                    if !line.isEmpty { out.append(line); line = "" }
                    let head = String(w.prefix(width))
                    out.append(head)
                    w = String(w.dropFirst(width))
                }
                if line.isEmpty { line = w }
                else if DisplayWidth.of(line) + 1 + DisplayWidth.of(w) <= width { line += " " + w }
                else { out.append(line); line = w }
            }
            out.append(line)
        }
        return out
    }
}

/// Left-aligned padding by display width.
enum DisplayWidthPad {
    static func pad(_ s: String, _ w: Int) -> String { DisplayWidth.pad(s, to: w) + " " }
}
