import FlyteModel
import Foundation
import ObjectStores
import Yams

/// flytrap's configuration file (`$XDG_CONFIG_HOME/flytrap/config.yaml`).
///
/// ```yaml
/// db: /srv/flyte/flyte.db        # the metadata store: a SQLite file or postgres://user@host:5432/flyte
/// statement_timeout: 30          # Postgres: seconds before a query is cancelled by the server
/// project: flytesnacks           # default project for `get runs`, `get tasks`, …
/// domain: development            # default domain
/// domains: [development, staging, production]   # the control plane's configured domains
/// theme: solarized-dark          # explorer theme (a name from `flytrap themes`, or a YAML file)
/// refresh: 5                     # seconds between live refreshes in the explorer (0: off)
/// keys: {quit: [q, ctrl-q], filter: "/"}   # key overrides: command → key or keys (see `?` in the explorer)
/// ```
public struct Config: Sendable, Equatable {
    public var db: String?
    public var project: String?
    public var domain: String?
    public var domains: [String]?
    public var theme: String?
    public var refresh: Double?
    /// Postgres `statement_timeout` in milliseconds (config gives seconds).
    public var statementTimeoutMs: Int?
    public var keys: [String: [String]]?
    /// flytestdlib's `storage:` block and flytrap's `buckets:` overrides.
    public var storage = StorageSettings()
    /// S3 Inventory reports (manifest.json URIs or report folders) audits settle existence from.
    public var inventories: [String] = []
    /// The file it was read from, if any.
    public var path: String?

    public init(db: String? = nil, project: String? = nil, domain: String? = nil, domains: [String]? = nil, path: String? = nil) {
        self.db = db
        self.project = project
        self.domain = domain
        self.domains = domains
        self.path = path
    }

    static let knownKeys = ["db", "project", "domain", "domains", "theme", "refresh", "statement_timeout", "keys", "storage", "buckets", "inventories"]

    /// Parses YAML text; an invalid file names the key and the problem.
    public static func parse(_ text: String, path: String) throws -> Config {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            throw CLIError.runtime("\(path): not valid YAML: \(first)")
        }
        var c = Config(path: path)
        guard let root = node else { return c }
        guard let map = root.mapping else { throw CLIError.runtime("\(path): expected a mapping of keys at the top level") }
        for (k, v) in map {
            guard let key = k.string else { throw CLIError.runtime("\(path): a key is not a string") }
            func scalar() throws -> String {
                guard let s = v.scalar?.string, !s.isEmpty else { throw CLIError.runtime("\(path): key '\(key)': expected a non-empty string") }
                return s
            }
            switch key {
            case "db": c.db = try scalar()
            case "project": c.project = try scalar()
            case "domain": c.domain = try scalar()
            case "domains":
                guard let seq = v.sequence else { throw CLIError.runtime("\(path): key 'domains': expected a list of domain names") }
                c.domains = try seq.map {
                    guard let s = $0.scalar?.string, !s.isEmpty else { throw CLIError.runtime("\(path): key 'domains': every item must be a domain name") }
                    return s
                }
            case "theme": c.theme = try scalar()
            case "refresh":
                guard let d = Double(try scalar()), d >= 0, d.isFinite else { throw CLIError.runtime("\(path): key 'refresh': expected a number of seconds (0 turns live refresh off)") }
                c.refresh = d
            case "statement_timeout":
                guard let d = Double(try scalar()), d > 0, d <= 86_400 else {
                    throw CLIError.runtime("\(path): key 'statement_timeout': expected a number of seconds between 0 and 86400")
                }
                c.statementTimeoutMs = Int(d * 1000)
            case "keys":
                guard let m = v.mapping else { throw CLIError.runtime("\(path): key 'keys': expected a mapping of command: key (or a list of keys)") }
                var out: [String: [String]] = [:]
                for (ck, cv) in m {
                    guard let name = ck.string else { throw CLIError.runtime("\(path): key 'keys': a command name is not a string") }
                    if let one = cv.scalar?.string { out[name] = [one] }
                    else if let seq = cv.sequence {
                        out[name] = try seq.map {
                            guard let s = $0.scalar?.string else { throw CLIError.runtime("\(path): key 'keys.\(name)': every item must be a key name") }
                            return s
                        }
                    } else { throw CLIError.runtime("\(path): key 'keys.\(name)': expected a key name or a list of key names") }
                }
                c.keys = out
            case "inventories":
                if let one = v.scalar?.string, !one.isEmpty { c.inventories = [one]; continue }
                guard let seq = v.sequence else { throw CLIError.runtime("\(path): key 'inventories': expected a list of S3 Inventory manifest.json URIs or report folders") }
                c.inventories = try seq.map {
                    guard let s = $0.scalar?.string, !s.isEmpty else { throw CLIError.runtime("\(path): key 'inventories': every item must be a manifest.json URI or a report folder") }
                    return s
                }
            case "storage": try StorageConfig.apply(storage: v, to: &c.storage, path: path)
            case "buckets": try StorageConfig.apply(buckets: v, to: &c.storage, path: path)
            default:
                throw CLIError.runtime("\(path): unknown key '\(key)' (known: \(knownKeys.joined(separator: ", ")))")
            }
        }
        return c
    }

    /// Reads the config at `explicit`, else `$FLYTRAP_CONFIG`, else the XDG location; a missing default file is no error.
    public static func load(explicit: String?, env: [String: String]) throws -> Config {
        let path = explicit ?? env["FLYTRAP_CONFIG"] ?? Paths.configFile(env: env)
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit != nil || env["FLYTRAP_CONFIG"] != nil { throw CLIError.runtime("\(path): config file not found") }
            return Config()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CLIError.runtime("\(path): cannot read the config file as UTF-8")
        }
        return try parse(text, path: path)
    }
}

/// The XDG locations flytrap reads and writes.
public enum Paths {
    static func home(_ env: [String: String]) -> String { env["HOME"] ?? NSHomeDirectory() }

    /// `$XDG_CONFIG_HOME/flytrap/config.yaml` (default `~/.config/flytrap/config.yaml`).
    public static func configFile(env: [String: String]) -> String {
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(env) + "/.config"
        return base + "/flytrap/config.yaml"
    }

    /// `$XDG_CONFIG_HOME/flytrap/themes`: the user's theme files (`<name>.yaml`).
    public static func themesDir(env: [String: String]) -> String {
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(env) + "/.config"
        return base + "/flytrap/themes"
    }

    /// `$XDG_DATA_HOME/flytrap/demo` (default `~/.local/share/flytrap/demo`): the demo world opened when no store is configured.
    public static func demoWorld(env: [String: String]) -> String {
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(env) + "/.local/share"
        return base + "/flytrap/demo"
    }
}

/// An error the CLI reports in one line with its exit code: 2 for usage, 1 for runtime.
public enum CLIError: Error, CustomStringConvertible {
    case usage(String)
    case runtime(String)
    /// A bucket object that is not readable: exit 3 not found, 4 denied, 5 unavailable, 1 unknown.
    case object(ObjectState)

    public var description: String {
        switch self {
        case .usage(let m), .runtime(let m): m
        case .object(let s): "\(s.word): \(s.reason ?? "")"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .usage: 2
        case .runtime: 1
        case .object(let s): ObjectExit.code(s)
        }
    }
}

/// The exit codes of commands that read bucket objects (documented in the README).
public enum ObjectExit {
    public static func code(_ s: ObjectState) -> Int32 {
        switch s {
        case .present: 0
        case .notFound: 3
        case .denied: 4
        case .unavailable: 5
        case .unknown: 1
        }
    }
}
