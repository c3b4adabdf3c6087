import ArgumentParser
import FlyteModel
import Foundation
import MetadataStores
import ObjectStores
import Triage

/// What `--fail-on` trips on: a run whose severity is at least this bad.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case broken, rerun, cache, any

    /// Whether a run with these consequences trips the threshold.
    func trips(_ r: RunFallout) -> Bool {
        guard let worst = r.consequences.min() else { return false }
        switch self {
        case .broken: return worst <= .inFlightBroken
        case .rerun: return worst <= .cannotRerun
        case .cache: return worst <= .cacheDead
        case .any: return true
        }
    }
}

/// `flytrap audit`: which runs lost which bucket objects, and what that breaks.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Retention triage: what runs lost from the bucket and what that breaks (re-runs, cache hits, traces, in-flight runs).",
        discussion: """
        For every run in scope, checks the objects its database rows point at (inputs.pb, outputs.pb, report.html, \
        error.pb, trace outputs, the cache entries it uses; with --deep also the offloaded values inside readable \
        payloads) with the fewest requests: one flat listing settles every referenced key it passes, a lone key gets \
        a HEAD. Then it concludes, per run: in-flight run broken, cannot re-run, trace cannot resume, cache entry \
        dead, previews lost, intact, or unverified (the bucket denied or did not answer).

        With --inventory (or `inventories:` in the config), an S3 Inventory report (CSV, gzip) settles which \
        referenced objects exist without a request each: it is read a piece at a time into a table of 8 bytes per \
        object and folder. Objects the report lacks are confirmed live (--trust-inventory skips that for objects written before \
        the report was taken), so a report filtered to a prefix or taken before a run cannot invent losses; objects \
        purged after the report was taken still read as present.

        Lifecycle rules are read from S3 (GetBucketLifecycleConfiguration) and GCS (bucket metadata); for local \
        buckets pass --lifecycle FILE (a demo world's lifecycle.json is found beside its store). Rules that are \
        bucket-wide or reach inputs.pb/outputs.pb are flagged; --forecast 30d says what they delete next.

        Output: one line per run with a finding (all runs with --all), then the summary; -o json and -o csv for \
        scripts. A progress line goes to stderr when it is a terminal. Ctrl-C stops and prints the partial report.

        Exit codes: 0 done (and --fail-on not tripped), 3 --fail-on tripped, 1 runtime error, 2 usage error, \
        130 interrupted.
        """)

    @OptionGroup var store: StoreOptions

    @Option(name: [.short, .long], help: "Only this project (default: every project).")
    var project: String?

    @Option(name: [.short, .long], help: "Only this domain (default: every domain).")
    var domain: String?

    @Option(help: ArgumentHelp("Runs created at or after: an age (30d, 12h) or a time (2026-11-01).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Runs created before: an age or a time.", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only these runs (comma-separated names).", valueName: "r1,r2"))
    var runs: String?

    @Option(help: ArgumentHelp("Only runs in these phases (comma-separated: running,failed,…).", valueName: "phases"))
    var phase: String?

    @Option(name: [.short, .long], help: "Output format: table, json or csv.")
    var output: OutputFormat = .table

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 3 when a run has this consequence or a worse one: broken, rerun, cache, any.", valueName: "level"))
    var failOn: FailOn?

    @Flag(help: "Also read readable inputs.pb/outputs.pb and check the offloaded values (files, dataframes, offloaded literals) they reference.")
    var deep = false

    @Option(help: ArgumentHelp("Forecast what the current lifecycle rules delete within this period (30d, 2w).", valueName: "period"))
    var forecast: String?

    @Option(name: .customLong("lifecycle"), help: ArgumentHelp("A local bucket's lifecycle rules file (repeatable).", valueName: "file"))
    var lifecycleFiles: [String] = []

    @Flag(help: "List intact runs too, not only runs with findings.")
    var all = false

    @Flag(help: "Table output: list each lost, unchecked or forecast object under its run.")
    var objects = false

    @Option(help: "Requests in flight at once.")
    var concurrency = 64

    @Flag(name: .customLong("head-only"), help: "One HEAD per object instead of flat listings (for buckets that may not be listed).")
    var headOnly = false

    @Option(name: .customLong("inventory"), help: ArgumentHelp(
        "An S3 Inventory report (CSV) to settle existence from: its manifest.json, or the report's config-ID folder (the newest report is used). Repeatable, one per bucket; default: the config's inventories.",
        valueName: "uri"))
    var inventories: [String] = []

    @Flag(name: .customLong("trust-inventory"), help: "Take an object the inventory lacks as purged without a request (default: confirm it live; objects written after the report are always checked live).")
    var trustInventory = false

    func scope(now: Date) throws -> AuditScope {
        var phases = Set<Phase>()
        for p in (phase ?? "").split(separator: ",") {
            guard let ph = Phase(parsing: String(p)) else { throw CLIError.usage("--phase '\(p)': not a phase (\(Phase.allCases.map(\.name).joined(separator: ", ")))") }
            phases.insert(ph)
        }
        var days: Double? = nil
        if let f = forecast {
            guard let d = DurationText.parse(f), d > 0 else { throw CLIError.usage("--forecast '\(f)': expected a period like 30d or 2w") }
            days = d / 86400
        }
        guard concurrency >= 1 && concurrency <= 1024 else { throw CLIError.usage("--concurrency: expected 1 to 1024") }
        return AuditScope(project: project, domain: domain, since: try since.map { try parseTime($0, option: "--since", now: now) },
                          until: try until.map { try parseTime($0, option: "--until", now: now) },
                          runs: (runs ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                          phases: phases, deep: deep, forecastDays: days)
    }

    func run() throws {
        let now = Date()
        let scope = try scope(now: now)
        let ctx = try store.context()
        let s = try ctx.open()
        let rules: [BucketRules]
        do {
            // Without --lifecycle, a demo world's rules file beside its store describes its local bucket (a world
            // made for an S3 bucket gets the bucket's own rules from S3).
            rules = lifecycleFiles.isEmpty ? try LifecycleFiles.localRules(besideStore: s.location) : try LifecycleFiles.load(lifecycleFiles)
        } catch { throw CLIError.runtime("\(error)") }
        let checker = ExistenceChecker(router: ObjectRouter(settings: ctx.config.storage, env: ctx.env), concurrency: concurrency)
        checker.headOnly = headOnly
        let runner = AuditRunner(store: s, checker: checker, scope: scope, localRules: rules, now: now)
        runner.inventoryURIs = inventories.isEmpty ? ctx.config.inventories : inventories
        runner.trustInventory = trustInventory
        let showProgress = isatty(2) == 1 && ctx.env["TERM"] != "dumb"
        runner.countTotal = showProgress

        let interrupted = Locked(false)
        signal(SIGINT, SIG_IGN)
        let sigint = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        sigint.setEventHandler { interrupted.value = true }
        sigint.resume()
        defer { sigint.cancel(); signal(SIGINT, SIG_DFL) }

        let width = Int(ctx.env["COLUMNS"] ?? "") ?? TableRenderer.terminalWidth() ?? 100
        /// Rewrites the progress line on stderr (`text` empty: clears it).
        func progressLine(_ text: String) {
            if showProgress { FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8)) }
        }
        var tripped = false
        var first = true
        switch output {
        case .json: Console.out("{\"runs\": [")
        case .csv: Console.out(TableRenderer.csvLine(AuditText.csvHeader))
        case .table: break
        }
        let summary = try runner.run(emit: { r in
            if let f = failOn, f.trips(r) { tripped = true }
            guard all || r.severity != .intact else { return }
            progressLine("")
            switch output {
            case .table:
                Console.out(AuditText.runLine(r, now: now) + (objects ? AuditText.objectLines(r) : ""))
            case .json:
                Console.out((first ? "\n  " : ",\n  ") + AuditText.runJSON(r).renderCompact())
            case .csv:
                Console.out(TableRenderer.csvLine(AuditText.csvRow(r)))
            }
            first = false
        }, progress: { p in
            progressLine(AuditText.progressLine(p, width: width))
        }, cancelled: { interrupted.value })
        progressLine("")
        switch output {
        case .table: Console.out(AuditText.summaryText(summary, store: s.location))
        case .json: Console.out("\n], \"summary\": " + AuditText.summaryJSON(summary).render(indent: 0) + "}\n")
        case .csv: Console.err(AuditText.summaryText(summary, store: s.location))
        }
        if summary.partial { throw ExitCode(130) }
        if tripped { throw ExitCode(3) }
    }
}
