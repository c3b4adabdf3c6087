import DemoWorld
import Foundation
import MetadataStores

/// Finds the metadata store to read: `--db`, else `$FLYTRAP_DB`, else the config's `db`, else the demo world
/// (built on first use under the XDG data folder).
public struct StoreResolver {
    public var env: [String: String]
    public var config: Config

    public init(env: [String: String], config: Config) {
        self.env = env
        self.config = config
    }

    /// Where the store is and why that one was chosen.
    public func location(flag: String?) -> (path: String, reason: String, isDemo: Bool) {
        if let f = flag { return (f, "--db", false) }
        if let e = env["FLYTRAP_DB"], !e.isEmpty { return (e, "$FLYTRAP_DB", false) }
        if let c = config.db { return (c, "config \(config.path ?? "")", false) }
        return (Paths.demoWorld(env: env) + "/" + DemoWorld.databaseName, "demo world (no store configured)", true)
    }

    /// Opens the store read-only, building the demo world first when it is the one chosen and missing.
    /// A `postgres://` location opens a read-only Postgres session (password, `PG*` variables and `~/.pgpass` as
    /// libpq reads them); anything else is a SQLite file.
    public func open(flag: String?, log: (String) -> Void) throws -> SQLRunStore {
        let loc = location(flag: flag)
        if PGConnInfo.isPostgres(loc.path) {
            let db = try PostgresDatabase(conninfo: loc.path, statementTimeoutMs: config.statementTimeoutMs ?? 30_000)
            return try SQLRunStore(db: db, domains: config.domains ?? SQLRunStore.defaultDomains)
        }
        if loc.isDemo && !FileManager.default.fileExists(atPath: loc.path) {
            let dir = URL(fileURLWithPath: (loc.path as NSString).deletingLastPathComponent)
            log("flytrap: no store configured; building the demo world in \(dir.path) …")
            let r = try DemoWorld.build(at: dir, options: DemoOptions())
            log("flytrap: demo world ready: \(r.runs) runs, \(r.actions) actions, \(r.objects) objects (\(r.purged) purged) in \(String(format: "%.1f", r.seconds))s")
        }
        let db = try SQLiteDatabase(path: loc.path)
        return try SQLRunStore(db: db, domains: config.domains ?? SQLRunStore.defaultDomains)
    }
}
