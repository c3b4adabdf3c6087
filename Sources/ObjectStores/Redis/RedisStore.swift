import FlyteModel
import Foundation

/// flytestdlib's `redis` storage type: each object is a Redis string value. `redis://container/path` is the key
/// `container/path` on the configured server. HEAD is `TYPE` + `STRLEN`, a read adds `GETRANGE` (pipelined, one
/// round trip); listing is `SCAN … MATCH prefix*`. A missing key is `notFound`; NOAUTH/WRONGPASS/NOPERM are
/// `denied`; an unreachable or silent server is `unavailable`; a key holding a hash or list is `unknown`.
public struct RedisStore: ObjectStore, ObjectLister {
    public struct Config: Sendable {
        public var host: String
        public var port: Int
        public var database: Int
        public var username: String?
        public var password: String?
        public var timeout: TimeInterval = 5
        public var authSource: String

        public init(host: String = "127.0.0.1", port: Int = 6379, database: Int = 0, username: String? = nil, password: String? = nil, authSource: String = "no password") {
            self.host = host
            self.port = port
            self.database = database
            self.username = username
            self.password = password
            self.authSource = authSource
        }

        /// `redis://host:port/db` for `flytrap info` (never the password).
        public var display: String { "redis://\(host):\(port)/\(database)" }

        /// From `storage.connection.endpoint` when `storage.type` is `redis`, else `REDIS_URL`, else
        /// 127.0.0.1:6379. The password from the URL's user info, `storage.connection.secret-key`, or `REDISCLI_AUTH`.
        public static func from(settings: StorageSettings, env: [String: String]) -> Config {
            let configured = settings.type == "redis" ? settings.endpoint : nil
            var c = parse(configured ?? env["REDIS_URL"] ?? "redis://127.0.0.1:6379")
            if c.password == nil, settings.type == "redis", let s = settings.secretKey, !s.isEmpty {
                c.password = s
                c.authSource = "storage.connection.secret-key"
            } else if c.password == nil, let s = env["REDISCLI_AUTH"], !s.isEmpty {
                c.password = s
                c.authSource = "environment (REDISCLI_AUTH)"
            }
            return c
        }

        /// `[redis://][user:password@]host[:port][/db]`.
        public static func parse(_ s: String) -> Config {
            var c = Config()
            var rest = Substring(s)
            if let r = rest.range(of: "://") { rest = rest[r.upperBound...] }
            if let at = rest.lastIndex(of: "@") {
                let auth = rest[..<at]
                rest = rest[rest.index(after: at)...]
                if let colon = auth.firstIndex(of: ":") {
                    let user = String(auth[..<colon])
                    c.username = user.isEmpty ? nil : user.removingPercentEncoding
                    c.password = String(auth[auth.index(after: colon)...]).removingPercentEncoding
                } else {
                    c.password = String(auth).removingPercentEncoding
                }
                c.authSource = "the password in the Redis URL"
            }
            if let slash = rest.firstIndex(of: "/") {
                c.database = Int(rest[rest.index(after: slash)...]) ?? 0
                rest = rest[..<slash]
            }
            if let colon = rest.lastIndex(of: ":"), let p = Int(rest[rest.index(after: colon)...]) {
                c.port = p
                rest = rest[..<colon]
            }
            if !rest.isEmpty { c.host = String(rest) }
            return c
        }
    }

    public let config: Config
    private let pool: RESPPool

    public init(config: Config) {
        self.config = config
        pool = RESPPool(config: config)
    }

    /// The Redis key of an object URI.
    public static func key(of uri: String) -> String? {
        guard let u = BucketURI(uri), u.scheme == "redis" || u.scheme == "rediss" else { return nil }
        return u.key.isEmpty ? u.bucket : "\(u.bucket)/\(u.key)"
    }

    /// The state a failed exchange or an error reply means.
    static func failureState(_ uri: String, _ error: String) -> ObjectState {
        let code = error.split(separator: " ").first.map(String.init) ?? error
        switch code {
        case "NOAUTH", "WRONGPASS", "NOPERM": return .denied(reason: "\(uri): Redis: \(error)")
        case "LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN": return .unavailable(reason: "\(uri): Redis: \(error)")
        default: return .unknown(reason: "\(uri): Redis: \(error)")
        }
    }

    /// TYPE + STRLEN (+ GETRANGE when `limit` is set) in one round trip.
    func fetch(_ uri: String, offset: Int64 = 0, limit: Int?) -> ObjectRead {
        guard let key = Self.key(of: uri), !key.isEmpty else { return .failed(.unknown(reason: "\(uri): not a redis://container/key URI")) }
        var commands = [["TYPE", key], ["STRLEN", key]]
        let offset = max(0, offset)
        if let l = limit, l > 0 { commands.append(["GETRANGE", key, String(offset), String(offset + Int64(l) - 1)]) }
        let replies: [RESPValue]
        switch pool.run(commands) {
        case .success(let r): replies = r
        case .failure(let f):
            if case .error(let e) = f.reply { return .failed(Self.failureState(uri, e)) }
            return .failed(.unavailable(reason: "\(uri): Redis at \(config.host):\(config.port): \(f.message)"))
        }
        for r in replies { if case .error(let e) = r, !e.hasPrefix("WRONGTYPE") { return .failed(Self.failureState(uri, e)) } }
        guard case .simple(let type) = replies[0] else { return .failed(.unknown(reason: "\(uri): Redis: unexpected TYPE reply")) }
        switch type {
        case "none": return .failed(.notFound(reason: "\(uri): Redis: no such key \(key)"))
        case "string": break
        default: return .failed(.unknown(reason: "\(uri): Redis key \(key) holds a \(type), not a string value"))
        }
        guard case .integer(let size) = replies[1] else { return .failed(.unknown(reason: "\(uri): Redis: unexpected STRLEN reply")) }
        let info = ObjectInfo(size: size)
        guard replies.count > 2 else { return .bytes([], info: info, unread: size) }
        guard case .bulk(let b) = replies[2] else { return .failed(.unknown(reason: "\(uri): Redis: unexpected GETRANGE reply")) }
        let bytes = b ?? []
        return .bytes(bytes, info: info, unread: max(0, size - offset - Int64(bytes.count)))
    }

    public func head(_ uri: String) -> ObjectState { fetch(uri, limit: nil).state }

    public func get(_ uri: String, offset: Int64, limit: Int) -> ObjectRead { fetch(uri, offset: offset, limit: max(0, limit)) }

    public func list(_ prefix: String, limit: Int) -> Result<[ObjectListing], ObjectListFailure> {
        guard let base = Self.key(of: prefix) else { return .failure(ObjectListFailure(.unknown(reason: "\(prefix): not a redis:// URI"))) }
        let p = base.isEmpty || base.hasSuffix("/") ? base : base + "/"
        let pattern = p.map { "*?[]\\".contains($0) ? "\\\($0)" : String($0) }.joined() + "*"
        var cursor = "0"
        var files = Set<String>()
        var folders = Set<String>()
        repeat {
            switch pool.run([["SCAN", cursor, "MATCH", pattern, "COUNT", "1000"]]) {
            case .failure(let f):
                if case .error(let e) = f.reply { return .failure(ObjectListFailure(Self.failureState(prefix, e))) }
                return .failure(ObjectListFailure(.unavailable(reason: "\(prefix): Redis at \(config.host):\(config.port): \(f.message)")))
            case .success(let r):
                if case .error(let e) = r[0] { return .failure(ObjectListFailure(Self.failureState(prefix, e))) }
                guard case .array(let parts?) = r[0], parts.count == 2, case .bulk(let c?) = parts[0], case .array(let keys?) = parts[1] else {
                    return .failure(ObjectListFailure(.unknown(reason: "\(prefix): Redis: unexpected SCAN reply")))
                }
                cursor = String(decoding: c, as: UTF8.self)
                for k in keys {
                    guard case .bulk(let kb?) = k else { continue }
                    let rest = String(decoding: kb, as: UTF8.self).dropFirst(p.count)
                    if let slash = rest.firstIndex(of: "/") { folders.insert(String(rest[..<slash])) } else { files.insert(String(rest)) }
                }
            }
        } while cursor != "0" && files.count + folders.count < limit
        var out = folders.sorted().map { ObjectListing(name: $0, size: 0, isPrefix: true) }
        // SCAN gives names only (a size would cost a STRLEN per key): sizes are listed as 0.
        out += files.sorted().map { ObjectListing(name: $0, size: 0, isPrefix: false) }
        return .success(Array(out.prefix(limit)))
    }
}

/// Idle Redis connections kept for reuse; each exchange takes one, and gives it back only if it stayed healthy.
final class RESPPool: @unchecked Sendable {
    struct Failure: Error {
        var message: String
        /// The server's error reply to AUTH or SELECT, when that is what failed.
        var reply: RESPValue?
    }

    private let config: RedisStore.Config
    private let lock = NSLock()
    private var idle: [RESPConnection] = []

    init(config: RedisStore.Config) { self.config = config }

    func run(_ commands: [[String]]) -> Result<[RESPValue], Failure> {
        let conn: RESPConnection
        if let c = lock.withLock({ idle.popLast() }) {
            conn = c
        } else {
            do {
                conn = try RESPConnection(host: config.host, port: config.port, timeout: config.timeout)
                var setup: [[String]] = []
                if let pw = config.password { setup.append(config.username.map { ["AUTH", $0, pw] } ?? ["AUTH", pw]) }
                if config.database != 0 { setup.append(["SELECT", String(config.database)]) }
                if !setup.isEmpty {
                    for r in try conn.pipeline(setup) { if case .error(let e) = r { return .failure(Failure(message: e, reply: .error(e))) } }
                }
            } catch {
                return .failure(Failure(message: String(describing: error)))
            }
        }
        do {
            let replies = try conn.pipeline(commands)
            lock.withLock { if idle.count < 16 { idle.append(conn) } }
            return .success(replies)
        } catch {
            return .failure(Failure(message: String(describing: error)))
        }
    }
}
