import ArgumentParser
import FlyteModel
import Foundation
import MetadataStores

/// Output formats of `flytrap get`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Options shared by every `get` subcommand.
struct GetOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(name: [.short, .long], help: "Output format: table, json or csv.")
    var output: OutputFormat = .table

    func emit(columns: [TableColumn], rows: [[String]], json: @autoclosure () -> JSONValue) {
        switch output {
        case .table: Console.out(TableRenderer.render(columns: columns, rows: rows, width: TableRenderer.terminalWidth()))
        case .csv: Console.out(TableRenderer.csv(columns: columns, rows: rows))
        case .json: Console.out(json().render() + "\n")
        }
    }
}

/// Project and domain scope, defaulting to the config's, else the first project and `development`.
struct ScopeOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Project (default: config `project`, else the first project).")
    var project: String?

    @Option(name: [.short, .long], help: "Domain (default: config `domain`, else development).")
    var domain: String?

    func resolve(_ ctx: CommandContext, _ store: SQLRunStore) -> (String, String) {
        (project ?? ctx.defaultProject(store: store), domain ?? ctx.config.domain ?? "development")
    }
}

struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print projects, domains, runs, actions, cache entries, tasks, triggers, or one bucket object's state.",
        discussion: "Every subcommand takes -o table|json|csv; the JSON formats are stable and documented in the README.",
        subcommands: [GetProjects.self, GetDomains.self, GetRuns.self, GetActions.self, GetAction.self, GetCache.self, GetTasks.self, GetTriggers.self, GetObject.self])
}

struct GetProjects: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "projects", abstract: "List projects.")
    @OptionGroup var opts: GetOptions

    func run() throws {
        let store = try opts.store.context().open()
        let ps = try store.projects()
        opts.emit(columns: RecordFormats.projectColumns, rows: ps.map(RecordFormats.projectRow), json: .array(ps.map(RecordFormats.projectJSON)))
    }
}

struct GetDomains: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "domains", abstract: "List domains (configured ones, then any other present in the store).")
    @OptionGroup var opts: GetOptions
    @Option(name: [.short, .long], help: "Only domains that have runs in this project, after the configured ones.")
    var project: String?

    func run() throws {
        let store = try opts.store.context().open()
        let ds = try store.domains(project: project)
        opts.emit(columns: [TableColumn("domain", min: 8)], rows: ds.map { [$0] }, json: .array(ds.map { .string($0) }))
    }
}

/// Parses `--since`/`--until`: a relative age (`7d`, `12h`) or an RFC 3339 time.
func parseTime(_ text: String, option: String, now: Date) throws -> Date {
    if let d = DurationText.parse(text) { return now.addingTimeInterval(-d) }
    if let t = DBTime.parse(text) { return t }
    if text.count == 10, let t = DBTime.parse(text + "T00:00:00Z") { return t }
    throw CLIError.usage("\(option) '\(text)': expected an age like 7d or 12h, or a time like 2026-11-01T00:00:00Z")
}

struct GetRuns: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List runs of a project/domain, newest first (keyset-paginated).")
    @OptionGroup var opts: GetOptions
    @OptionGroup var scope: ScopeOptions
    @Option(name: .long, parsing: .upToNextOption, help: "Only these phases (names or numbers, comma or space separated).")
    var phase: [String] = []
    @Option(name: .long, help: "Only runs of this task (full name, e.g. etl.pipeline).")
    var task: String?
    @Option(name: .customLong("name-prefix"), help: "Only runs whose name starts with this.")
    var namePrefix: String?
    @Option(name: .long, help: "Only runs created after this (age like 7d, or RFC 3339).")
    var since: String?
    @Option(name: .long, help: "Only runs created before this (age like 1d, or RFC 3339).")
    var until: String?
    @Option(name: .long, help: "Only runs started by this trigger.")
    var trigger: String?
    @Option(name: .long, help: "Only runs with this label: key or key=value.")
    var label: String?
    @Option(name: .long, help: "Page size.")
    var limit: Int = 50
    @Option(name: .long, help: "Continue after this page token (printed as `next` in JSON and on stderr).")
    var after: String?
    @Flag(name: .long, help: "Show absolute start times and labels.")
    var wide = false

    func validate() throws {
        guard limit >= 1 && limit <= 10_000 else { throw ValidationError("--limit must be between 1 and 10000") }
    }

    func run() throws {
        let ctx = try opts.store.context()
        let store = try ctx.open()
        let (p, d) = scope.resolve(ctx, store)
        let now = Date()
        var phases = Set<Phase>()
        for item in phase.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let ph = Phase(parsing: item) else {
                throw CLIError.usage("--phase '\(item)': unknown phase (one of \(Phase.allCases.dropFirst().map(\.name).joined(separator: ", ")))")
            }
            phases.insert(ph)
        }
        let cursor = try after.map { try Cursor(token: $0, parts: 2) }
        let q = RunQuery(project: p, domain: d, limit: limit, after: cursor, phases: phases, taskName: task, namePrefix: namePrefix,
                         createdAfter: try since.map { try parseTime($0, option: "--since", now: now) },
                         createdBefore: try until.map { try parseTime($0, option: "--until", now: now) }, trigger: trigger, label: label)
        let page = try store.runs(q)
        let isWide = wide || (TableRenderer.terminalWidth() ?? 0) >= 160
        opts.emit(columns: RecordFormats.runColumns(wide: isWide), rows: page.items.map { RecordFormats.runRow($0, now: now, wide: isWide) },
                  json: .object([("project", .string(p)), ("domain", .string(d)), ("runs", .array(page.items.map(RecordFormats.runJSON))),
                                 ("next", .opt(page.next?.description))]))
        if opts.output != .json, let n = page.next {
            Console.err("more: flytrap get runs -p \(p) -d \(d) --after \(n)")
        }
        if page.items.isEmpty && opts.output == .table {
            Console.err("no runs in \(p)/\(d) match (projects: `flytrap get projects`)")
        }
    }
}

/// Finds a run by name: in the given project/domain, else in every project and domain of the store.
func locateRun(_ name: String, scope: ScopeOptions, ctx: CommandContext, store: SQLRunStore) throws -> RunID {
    if let p = scope.project, let d = scope.domain { return RunID(project: p, domain: d, name: name) }
    let found = try store.findRuns(named: name).filter { (scope.project == nil || $0.project == scope.project) && (scope.domain == nil || $0.domain == scope.domain) }
    guard let first = found.first else { throw StoreError.notFound(what: "run \(name)") }
    if found.count > 1 {
        throw CLIError.usage("run \(name) exists in \(found.map { "\($0.project)/\($0.domain)" }.joined(separator: " and ")); pick one with -p and -d")
    }
    return first
}

struct GetActions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "actions", abstract: "Show a run's action tree.")
    @OptionGroup var opts: GetOptions
    @OptionGroup var scope: ScopeOptions
    @Argument(help: ArgumentHelp("The run name.", valueName: "run"))
    var runName: String

    func run() throws {
        let ctx = try opts.store.context()
        let store = try ctx.open()
        let id = try locateRun(runName, scope: scope, ctx: ctx, store: store)
        let actions = try store.actions(of: id)
        let tree = ActionTree(actions: actions)
        let rows = tree.rows()
        opts.emit(columns: RecordFormats.actionColumns, rows: RecordFormats.actionRows(tree, now: Date()),
                  json: .object([("run", .string(id.description)), ("actions", .array(rows.compactMap { r in
                      if case .action(let a) = r.kind { return RecordFormats.actionJSON(a, depth: r.depth) }
                      return nil
                  }))]))
    }
}

struct GetAction: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "action", abstract: "Show one action: identity, spec, URIs, attempts, errors.")
    @OptionGroup var opts: GetOptions
    @OptionGroup var scope: ScopeOptions
    @Argument(help: ArgumentHelp("The run name.", valueName: "run"))
    var runName: String
    @Argument(help: "The action name (default: a0, the run's root).")
    var action: String = "a0"
    @Flag(name: .long, inversion: .prefixedNo, help: "In table output, decode the action's inputs.pb, outputs.pb, error.pb and Deck when they are local files (file:// buckets) and show previews.")
    var data = true

    func run() throws {
        let ctx = try opts.store.context()
        let store = try ctx.open()
        let id = try locateRun(runName, scope: scope, ctx: ctx, store: store)
        let d = try store.action(ActionID(run: id, name: action))
        switch opts.output {
        case .json: Console.out(RecordFormats.detailJSON(d).render() + "\n")
        case .table, .csv:
            let fields = ActionDetailText.fields(d, now: Date())
            if opts.output == .csv {
                Console.out(TableRenderer.csv(columns: [TableColumn("field"), TableColumn("value")], rows: fields.map { [$0.0, $0.1] }))
            } else {
                Console.out(TableRenderer.render(columns: [TableColumn("field", min: 10, priority: 9), TableColumn("value", min: 20, priority: 8)],
                                                 rows: fields.map { [$0.0, $0.1] }, width: TableRenderer.terminalWidth()))
                if data { Console.out(ActionDataText.render(d, width: TableRenderer.terminalWidth() ?? 100, router: Buckets.router(config: ctx.config, env: ctx.env))) }
            }
        }
    }
}

struct GetCache: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cache", abstract: "List cache entries: all, by key, or by output-URI prefix.")
    @OptionGroup var opts: GetOptions
    @Option(name: .long, help: "Only this cache key.")
    var key: String?
    @Option(name: .customLong("output-prefix"), help: "Only entries whose output URI starts with this.")
    var outputPrefix: String?
    @Option(name: .long, help: "Page size.")
    var limit: Int = 50
    @Option(name: .long, help: "Continue after this page token.")
    var after: String?

    func validate() throws {
        if key != nil && outputPrefix != nil { throw ValidationError("--key and --output-prefix cannot be combined") }
        guard limit >= 1 && limit <= 10_000 else { throw ValidationError("--limit must be between 1 and 10000") }
    }

    func run() throws {
        let store = try opts.store.context().open()
        let selector: CacheQuery.Selector = key.map { .key($0) } ?? outputPrefix.map { .outputPrefix($0) } ?? .all
        let cursor = try after.map { try Cursor(token: $0, parts: outputPrefix == nil ? 1 : 2) }
        let page = try store.cacheEntries(CacheQuery(selector: selector, limit: limit, after: cursor))
        let now = Date()
        opts.emit(columns: RecordFormats.cacheColumns, rows: page.items.map { RecordFormats.cacheRow($0, now: now) },
                  json: .object([("entries", .array(page.items.map(RecordFormats.cacheJSON))), ("next", .opt(page.next?.description))]))
        if opts.output != .json, let n = page.next { Console.err("more: --after \(n)") }
        if let k = key, page.items.isEmpty { throw StoreError.notFound(what: "cache key \(k)") }
    }
}

struct GetTasks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List deployed tasks and their versions.")
    @OptionGroup var opts: GetOptions
    @OptionGroup var scope: ScopeOptions
    @Option(name: .long, help: "Only versions of this task.")
    var name: String?
    @Option(name: .long, help: "Page size.")
    var limit: Int = 100
    @Option(name: .long, help: "Continue after this page token.")
    var after: String?

    func run() throws {
        let ctx = try opts.store.context()
        let store = try ctx.open()
        let (p, d) = scope.resolve(ctx, store)
        let page = try store.tasks(TaskQuery(project: p, domain: d, name: name, limit: limit, after: try after.map { try Cursor(token: $0, parts: 2) }))
        let now = Date()
        opts.emit(columns: RecordFormats.taskColumns, rows: page.items.map { RecordFormats.taskRow($0, now: now) },
                  json: .object([("tasks", .array(page.items.map(RecordFormats.taskJSON))), ("next", .opt(page.next?.description))]))
        if opts.output != .json, let n = page.next { Console.err("more: --after \(n)") }
    }
}

struct GetTriggers: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "triggers", abstract: "List triggers, or one trigger's revision history.")
    @OptionGroup var opts: GetOptions
    @OptionGroup var scope: ScopeOptions
    @Argument(help: "A trigger name: show its revisions.")
    var name: String?
    @Option(name: .long, help: "The task of the trigger (needed when two tasks have triggers of that name).")
    var task: String?

    func run() throws {
        let ctx = try opts.store.context()
        let store = try ctx.open()
        let (p, d) = scope.resolve(ctx, store)
        var list = try store.triggers(project: p, domain: d)
        if let n = name {
            let matches = list.filter { $0.name == n && (task == nil || $0.taskName == task) }
            guard let t = matches.first else { throw StoreError.notFound(what: "trigger \(n) in \(p)/\(d)") }
            if matches.count > 1 { throw CLIError.usage("trigger \(n) exists for several tasks; pick one with --task") }
            list = try store.triggerRevisions(project: p, domain: d, taskName: t.taskName, name: n)
        }
        let now = Date()
        opts.emit(columns: RecordFormats.triggerColumns, rows: list.map { RecordFormats.triggerRow($0, now: now) }, json: .array(list.map(RecordFormats.triggerJSON)))
    }
}
