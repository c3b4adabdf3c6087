import ArgumentParser
import Foundation
import MetadataStores

/// The `flytrap` command line. Entry point: `FlytrapMain.run()`.
///
/// The root takes no options of its own: the explorer is its default subcommand, so `flytrap -p P` opens the explorer
/// while `flytrap get runs -p P` reaches `get runs` (options on the root would capture the subcommands' same-named
/// `-p`/`-d`).
public struct Flytrap: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flytrap",
        abstract: "Explore Flyte 2 runs and the data they left behind.",
        discussion: """
        With no subcommand, flytrap opens the interactive explorer on the configured metadata store (or builds \
        and opens the demo world when none is configured). When standard output is not a terminal it prints the \
        newest runs instead. Press ? in the explorer for every key; `flytrap explore --help` lists its options.

        Store: --db PATH, else $FLYTRAP_DB, else `db:` in $XDG_CONFIG_HOME/flytrap/config.yaml, else the demo \
        world in $XDG_DATA_HOME/flytrap/demo. flytrap never writes to a store it explores.

        Exit codes: 0 ok, 1 runtime error (bad store, missing run), 2 usage error.
        """,
        subcommands: [Explore.self, Demo.self, Get.self, Inspect.self, Presign.self, Audit.self, Themes.self, Info.self],
        defaultSubcommand: Explore.self)

    public init() {}
}

/// `flytrap [explore]`: the interactive explorer (or, when not on a terminal, the newest runs).
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the interactive explorer (the default when no subcommand is given).")

    @OptionGroup var store: StoreOptions

    @Option(name: [.short, .long], help: "Open the runs of this project (default: config `project`, else the first project).")
    var project: String?

    @Option(name: [.short, .long], help: "Domain (default: config `domain`, else development).")
    var domain: String?

    @Option(name: .long, help: ArgumentHelp("Theme name (see `flytrap themes`) or a theme YAML file.", valueName: "name|file"))
    var theme: String?

    @Flag(name: .long, help: "Plain ASCII instead of box drawing and symbols.")
    var ascii = false

    @Flag(name: .long, help: "Enable the mouse (wheel scrolls, click selects).")
    var mouse = false

    @Option(name: .long, help: ArgumentHelp("Seconds between live refreshes (0: off; default: config `refresh`, else 5).", valueName: "seconds"))
    var refresh: Double?

    func run() throws {
        let ctx = try store.context()
        if isatty(0) == 1 && isatty(1) == 1 {
            if let r = refresh, r < 0 || !r.isFinite { throw CLIError.usage("--refresh: expected 0 or more seconds") }
            try ExplorerLaunch.run(ctx, .init(project: project, domain: domain, theme: theme, ascii: ascii, mouse: mouse, refresh: refresh))
            return
        }
        let s = try ctx.open()
        let project = self.project ?? ctx.defaultProject(store: s)
        let domain = self.domain ?? ctx.config.domain ?? "development"
        Console.err("flytrap: \(s.location) — newest runs of \(project)/\(domain) (`flytrap get --help` for more)")
        let page = try s.runs(.init(project: project, domain: domain, limit: 20))
        let now = Date()
        let width = TableRenderer.terminalWidth()
        let wide = (width ?? 0) >= 160
        Console.out(TableRenderer.render(columns: RecordFormats.runColumns(wide: wide), rows: page.items.map { RecordFormats.runRow($0, now: now, wide: wide) }, width: width))
    }
}

/// Options every store-reading command takes.
public struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The metadata store: a Flyte 2 control-plane SQLite file, or a postgres:// URL (read-only session).", valueName: "path|url"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Read this config file instead of $XDG_CONFIG_HOME/flytrap/config.yaml.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Do not verify bucket endpoints' TLS certificates (self-signed MinIO and the like).")
    var insecure = false

    public init() {}

    func context() throws -> CommandContext {
        let env = ProcessInfo.processInfo.environment
        var cfg = try Config.load(explicit: config, env: env)
        if insecure { cfg.storage.insecure = true }
        return CommandContext(env: env, config: cfg, dbFlag: db)
    }
}

/// What a command runs with: environment, config, and how to open the store.
struct CommandContext {
    var env: [String: String]
    var config: Config
    var dbFlag: String?

    func open() throws -> SQLRunStore {
        try StoreResolver(env: env, config: config).open(flag: dbFlag) { Console.err($0) }
    }

    /// The project to show when none is given: the config's, else the first project with runs.
    func defaultProject(store: SQLRunStore) -> String {
        if let p = config.project { return p }
        return (try? store.projects().first?.id) ?? "flytesnacks"
    }
}


/// Writes to stdout and stderr without buffering surprises.
enum Console {
    static func out(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    static func err(_ s: String) {
        FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
    }
}

/// Runs the CLI: parses, runs, and maps every failure to one line on stderr and an exit code
/// (2 usage, 1 runtime). Never a stack trace.
public enum FlytrapMain {
    public static func run(_ arguments: [String]? = nil) -> Int32 {
        do {
            var command = try Flytrap.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let e as CLIError {
            Console.err("flytrap: \(e.description)")
            return e.exitCode
        } catch let e as StoreError {
            Console.err("flytrap: \(e.description)")
            return 1
        } catch let e as ExitCode {
            return e.rawValue
        } catch {
            let code = Flytrap.exitCode(for: error)
            let message = Flytrap.fullMessage(for: error)
            if code == .success {
                Console.out(message.hasSuffix("\n") ? message : message + "\n")
                return 0
            }
            if code == .validationFailure {
                Console.err(message)
                return 2
            }
            Console.err("flytrap: \(String(describing: error))")
            return 1
        }
    }
}
