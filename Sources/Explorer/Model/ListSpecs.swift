import FlyteModel
import Foundation

/// A value a column sorts by.
public enum SortValue: Comparable, Sendable {
    case number(Double)
    case text(String)
    case missing
}

/// What rows need from outside themselves: the clock, ASCII mode, and the data state of runs.
public struct RowContext {
    public var now: Date
    public var ascii: Bool
    public var wide: Bool
    public var data: (ActionID) -> DataSummary
    public var object: (String) -> ObjectState?

    public init(now: Date, ascii: Bool, wide: Bool, data: @escaping (ActionID) -> DataSummary,
                object: @escaping (String) -> ObjectState? = { _ in nil }) {
        self.now = now
        self.ascii = ascii
        self.wide = wide
        self.data = data
        self.object = object
    }
}

/// How a kind of row is shown, sorted and filtered: columns, cells, sort values and the text `/` searches.
public struct ListSpec<Item>: Sendable {
    /// A row's identity, so selection survives refresh, filter and sort.
    public var id: @Sendable (Item) -> String
    public var columns: @Sendable (Bool) -> [TableColumn]
    public var cells: @Sendable (Item, RowContext) -> [TableCell]
    public var sortValue: @Sendable (Item, Int, RowContext) -> SortValue
    /// The text `/` searches that never changes for a row (names, task, labels); indexed once per row.
    public var searchText: @Sendable (Item) -> String
    /// The text `/` also searches that changes as answers arrive (a run's data state), if any.
    public var liveText: (@Sendable (Item, RowContext) -> String)? = nil
    /// Every text `liveText` can return: a filter that matches none of them skips the per-row lookups.
    public var liveTexts: [String] = []
}

/// Phase cells: a symbol and the word, in the phase's style (colour is never the only signal).
public func phaseCell(_ p: Phase, ascii: Bool) -> TableCell {
    TableCell("\(p.symbol(ascii: ascii)) \(p.name.replacingOccurrences(of: "_", with: " "))", .phase(p))
}

/// The run's trigger or source: `schedule: daily-dev`, `cli`, `web`.
func sourceText(_ a: ActionSummary) -> String {
    if let t = a.trigger { return "\(a.source.word): \(t.name)" }
    return a.source.word
}

func durationText(_ a: ActionSummary, now: Date) -> String {
    guard let e = a.elapsed(now: now) else { return "-" }
    return DurationText.short(e) + (a.phase.isTerminal ? "" : "…")
}

public enum ListSpecs {
    /// The runs list: phase, run, task, started, duration, attempts, source/trigger, data.
    public static let runs = ListSpec<RunSummary>(
        id: { $0.id.description },
        columns: { wide in
            [TableColumn("phase", min: 11, priority: 9), TableColumn("run", min: 14, flex: 2, priority: 10),
             TableColumn("task", min: 12, flex: 3, priority: 7), TableColumn("started", min: wide ? 19 : 8, priority: 6),
             TableColumn("duration", min: 8, priority: 5, right: true), TableColumn("att", min: 3, priority: 3, right: true),
             TableColumn("source", min: 10, flex: 1, priority: 4), TableColumn("data", min: 16, flex: 2, priority: 8)]
        },
        cells: { r, ctx in
            let a = r.root
            let data = ctx.data(a.id)
            return [phaseCell(a.phase, ascii: ctx.ascii), TableCell(a.id.run.name), TableCell(a.taskName ?? a.functionName),
                    TableCell(ctx.wide ? DBTime.short(a.createdAt) : DurationText.ago(a.createdAt, now: ctx.now), .muted),
                    TableCell(durationText(a, now: ctx.now)), TableCell(a.attempts > 1 ? "x\(a.attempts)" : "\(a.attempts)", a.attempts > 1 ? .accent : .body),
                    TableCell(sourceText(a), .muted), TableCell(data.text, data.themeKey)]
        },
        sortValue: { r, col, ctx in
            let a = r.root
            switch col {
            case 0: return .number(Double(a.phase.rawValue))
            case 1: return .text(a.id.run.name)
            case 2: return .text(a.taskName ?? a.functionName)
            case 3: return .number(a.createdAt.timeIntervalSince1970)
            case 4: return a.elapsed(now: ctx.now).map { .number($0) } ?? .missing
            case 5: return .number(Double(a.attempts))
            case 6: return .text(sourceText(a))
            default: return .text(ctx.data(a.id).text)
            }
        },
        searchText: { r in
            let a = r.root
            return [a.phase.name, a.id.run.name, a.taskName ?? a.functionName, sourceText(a),
                    r.labels.map { "\($0.key)=\($0.value)" }.joined(separator: " ")].joined(separator: " ")
        },
        liveText: { r, ctx in ctx.data(r.root.id).text },
        liveTexts: DataSummary.allTexts)

    public static let projects = ListSpec<Project>(
        id: { $0.id },
        columns: { _ in
            [TableColumn("project", min: 14, flex: 1, priority: 10), TableColumn("name", min: 14, flex: 1, priority: 6),
             TableColumn("state", min: 8, priority: 5), TableColumn("description", min: 20, flex: 3, priority: 4)]
        },
        cells: { p, _ in [TableCell(p.id, .accent), TableCell(p.name), TableCell(p.state.word, .muted), TableCell(p.description, .muted)] },
        sortValue: { p, col, _ in .text([p.id, p.name, p.state.word, p.description][min(col, 3)]) },
        searchText: { p in "\(p.id) \(p.name) \(p.description)" })

    /// Tasks: one row per version (newest first within a name).
    public static let tasks = ListSpec<TaskRecord>(
        id: { "\($0.name)@\($0.version)" },
        columns: { _ in
            [TableColumn("task", min: 16, flex: 3, priority: 10), TableColumn("version", min: 10, flex: 1, priority: 6),
             TableColumn("environment", min: 11, priority: 5), TableColumn("triggers", min: 8, priority: 3, right: true),
             TableColumn("deployed", min: 8, priority: 4), TableColumn("description", min: 16, flex: 3, priority: 7)]
        },
        cells: { t, ctx in
            [TableCell(t.name, .accent), TableCell(t.version), TableCell(t.environment, .muted),
             TableCell(t.totalTriggers > 0 ? "\(t.activeTriggers)/\(t.totalTriggers)" : "-", .muted),
             TableCell(t.createdAt.map { DurationText.ago($0, now: ctx.now) } ?? "-", .muted), TableCell(t.shortDescription ?? "", .muted)]
        },
        sortValue: { t, col, _ in
            switch col {
            case 0: .text(t.name)
            case 1: .text(t.version)
            case 2: .text(t.environment)
            case 3: .number(Double(t.totalTriggers))
            case 4: t.createdAt.map { .number($0.timeIntervalSince1970) } ?? .missing
            default: .text(t.shortDescription ?? "")
            }
        },
        searchText: { t in "\(t.name) \(t.version) \(t.environment) \(t.shortDescription ?? "")" })

    public static let triggers = ListSpec<TriggerRecord>(
        id: { "\($0.taskName)/\($0.name)" },
        columns: { _ in
            [TableColumn("trigger", min: 14, flex: 2, priority: 10), TableColumn("task", min: 14, flex: 2, priority: 7),
             TableColumn("automation", min: 16, flex: 2, priority: 8), TableColumn("active", min: 8, priority: 9),
             TableColumn("last triggered", min: 14, priority: 6), TableColumn("rev", min: 3, priority: 3, right: true)]
        },
        cells: { t, ctx in
            [TableCell(t.name, .accent), TableCell(t.taskName), TableCell(t.automation),
             TableCell(t.active ? (ctx.ascii ? "+ active" : "● active") : (ctx.ascii ? "- inactive" : "○ inactive"), t.active ? .phase(.succeeded) : .muted),
             TableCell(t.triggeredAt.map { DurationText.ago($0, now: ctx.now) } ?? "never", .muted), TableCell("\(t.revision)", .muted)]
        },
        sortValue: { t, col, _ in
            switch col {
            case 0: .text(t.name)
            case 1: .text(t.taskName)
            case 2: .text(t.automation)
            case 3: .number(t.active ? 1 : 0)
            case 4: t.triggeredAt.map { .number($0.timeIntervalSince1970) } ?? .missing
            default: .number(Double(t.revision))
            }
        },
        searchText: { t in "\(t.name) \(t.taskName) \(t.automation) \(t.active ? "active" : "inactive")" })

    /// Cache entries: key, where the cached outputs.pb is, whether that pointer is dead, and the run that wrote it.
    public static let cache = ListSpec<CacheEntry>(
        id: { $0.key },
        columns: { _ in
            [TableColumn("key", min: 16, flex: 2, priority: 10), TableColumn("output", min: 20, flex: 3, priority: 6),
             TableColumn("pointer", min: 12, priority: 9), TableColumn("source run", min: 12, flex: 1, priority: 7),
             TableColumn("updated", min: 8, priority: 4)]
        },
        cells: { e, ctx in
            let s = ctx.object(e.outputURI)
            return [TableCell(e.key, .accent), TableCell(e.outputURI, .muted), pointerCell(s, ascii: ctx.ascii),
                    TableCell(e.sourceRun ?? "-"), TableCell(e.lastUpdated.map { DurationText.ago($0, now: ctx.now) } ?? "-", .muted)]
        },
        sortValue: { e, col, ctx in
            switch col {
            case 0: .text(e.key)
            case 1: .text(e.outputURI)
            case 2: .text(ctx.object(e.outputURI)?.word ?? "")
            case 3: .text(e.sourceRun ?? "")
            default: e.lastUpdated.map { .number($0.timeIntervalSince1970) } ?? .missing
            }
        },
        searchText: { e in "\(e.key) \(e.outputURI) \(e.sourceRun ?? "")" },
        liveText: { e, ctx in ctx.object(e.outputURI)?.word ?? "" },
        liveTexts: ObjectState.words)
}

/// A cache pointer's state: `live`, `dead (not found)`, or the problem.
public func pointerCell(_ s: ObjectState?, ascii: Bool) -> TableCell {
    switch s {
    case nil: TableCell("checking…", .objectLoading)
    case .present?: TableCell(ascii ? "+ live" : "✓ live", .objectPresent)
    case .notFound?: TableCell(ascii ? "x dead" : "✗ dead", .objectNotFound)
    case let other?: TableCell("? " + other.word, ThemeKey.object(other))
    }
}

/// The symbol and word for an object state, so colour is never the only signal.
public func objectStateText(_ s: ObjectState?, ascii: Bool) -> String {
    switch s {
    case nil: "loading…"
    case .present(let i)?: (ascii ? "+ " : "✓ ") + (i.isPrefix ? "present (folder)" : "present · \(PreviewFormat.bytes(Int(i.size)))")
    case .notFound?: (ascii ? "x " : "✗ ") + "not found"
    case .denied?: (ascii ? "! " : "⊘ ") + "denied"
    case .unavailable?: (ascii ? "~ " : "⚠ ") + "unavailable"
    case .unknown?: "? unknown"
    }
}
