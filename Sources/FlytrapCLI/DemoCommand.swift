import ArgumentParser
import DemoWorld
import FlyteModel
import Foundation
import MetadataStores

/// `flytrap demo`: writes a deterministic demo world (store + bucket), then purges it like a lifecycle rule.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a demo world: a Flyte 2 store (SQLite or Postgres), a file:// bucket, and a retention purge.",
        discussion: """
        Writes DIR/flyte.db, DIR/bucket/flyte-data/ (laid out as Flyte 2 lays out a bucket), then deletes objects
        the way bucket lifecycle rules would and lists every deleted object in DIR/purge-manifest.json (the rules
        are in DIR/lifecycle.json). The same --seed and --now always write the same world.
        With --db postgres://…, the store goes into that database instead of DIR/flyte.db: only into an empty
        database or one flytrap demo wrote before (it keeps a flytrap_demo table), never over other tables.
        This is the only flytrap command that writes, and only into DIR (and the --db database).
        """)

    @Option(name: .long, help: ArgumentHelp("Folder to write (default: $XDG_DATA_HOME/flytrap/demo).", valueName: "dir"))
    var dir: String?

    @Option(name: .long, help: ArgumentHelp("Write the store into this Postgres database instead of DIR/flyte.db.", valueName: "postgres-url"))
    var db: String?

    @Option(name: .long, help: "How many runs.")
    var runs: Int = 300

    @Option(name: .long, help: "Random seed: the same seed (and --now) builds the same world.")
    var seed: UInt64 = 42

    @Option(name: .customLong("purge-days"), help: "Base retention of the purge rules, in days.")
    var purgeDays: Int = 30

    @Flag(name: .customLong("metadata-only"), help: "Write store rows only, no bucket objects (for large benchmark worlds).")
    var metadataOnly = false

    @Option(name: .long, help: ArgumentHelp("The world's clock, RFC 3339 (default: now).", valueName: "time"))
    var now: String?

    @Option(name: .customLong("storage-prefix"), help: ArgumentHelp(
        "Make the store point at this bucket prefix (s3://flyte-data, gs://b/flyte) instead of the local folder; the objects are still written under DIR/bucket/<bucket>/ to upload there.",
        valueName: "uri"))
    var storagePrefix: String?

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard purgeDays >= 1 else { throw ValidationError("--purge-days must be at least 1") }
        if let d = db, !PGConnInfo.isPostgres(d) {
            throw ValidationError("--db '\(PGConnInfo.printable(d))': not a postgres:// URL (a SQLite demo store is always DIR/\(DemoWorld.databaseName))")
        }
        if let p = storagePrefix, !(p.hasPrefix("s3://") || p.hasPrefix("gs://") || p.hasPrefix("abs://")) || p.split(separator: "/").count < 2 {
            throw ValidationError("--storage-prefix '\(p)': expected s3://bucket[/path], gs://bucket[/path] or abs://account/container")
        }
        if let n = now, DBTime.parse(n) == nil { throw ValidationError("--now '\(n)': not an RFC 3339 time (e.g. 2026-11-21T06:00:00Z)") }
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let target = URL(fileURLWithPath: dir ?? Paths.demoWorld(env: env))
        let clock = now.flatMap(DBTime.parse) ?? Date()
        let opts = DemoOptions(runs: runs, seed: seed, purgeDays: purgeDays, metadataOnly: metadataOnly, now: clock, database: db, storagePrefix: storagePrefix)
        let r: DemoWorld.Report
        do {
            r = try DemoWorld.build(at: target, options: opts)
        } catch let e as DemoError {
            throw CLIError.runtime(e.description)
        }
        Console.out("""
        demo world written to \(target.standardizedFileURL.path)
          store    \(r.database)
          bucket   \(r.bucket)
          runs     \(r.runs)  actions \(r.actions)  events \(r.events)  cache entries \(r.cacheEntries)
          objects  \(r.objects) (\(r.bytes) bytes kept)\(metadataOnly ? " — metadata only" : ", \(r.purged) purged → \(DemoWorld.manifestName)")
          took     \(String(format: "%.2f", r.seconds))s
        open it:   flytrap --db \(r.database)

        """)
    }
}
