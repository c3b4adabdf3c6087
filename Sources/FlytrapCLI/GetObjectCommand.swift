import ArgumentParser
import FlyteModel
import Foundation
import ObjectStores

/// The object router the CLI and the explorer read buckets with: the config's storage settings, the environment's
/// credential chains, and a response cache of the configured size.
enum Buckets {
    static func router(config: Config, env: [String: String]) -> ObjectRouter {
        ObjectRouter(settings: config.storage, env: env, cache: ObjectCache(budget: config.storage.cacheBytes))
    }
}

/// `flytrap get object URI`: whether a bucket object exists, and its metadata. Exit 0 present, 3 not found,
/// 4 denied, 5 unavailable, 1 when flytrap could not ask.
struct GetObject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "object",
        abstract: "Check one bucket object (s3://, gs://, abs://, redis://, file://, a path): present, not found, denied or unavailable.",
        discussion: "Exit codes: 0 present, 3 not found (purged or never written), 4 denied, 5 unavailable (timeouts, 5xx after retries, DNS or connect failures), 1 when flytrap could not ask.")

    @OptionGroup var opts: GetOptions
    @Argument(help: "The object's URI.")
    var uri: String

    func run() throws {
        let ctx = try opts.store.context()
        let router = Buckets.router(config: ctx.config, env: ctx.env)
        let state = router.head(uri)
        let info: ObjectInfo? = if case .present(let i) = state { i } else { nil }
        let safeURI = TerminalText.sanitize(uri)
        let modified = info?.lastModified.map { ISO8601DateFormatter().string(from: $0) }
        let via = router.credentialSource(uri)
        opts.emit(columns: [TableColumn("uri", min: 20, priority: 9), TableColumn("state", min: 9, priority: 10), TableColumn("size", min: 6, priority: 6),
                            TableColumn("modified", min: 20, priority: 4), TableColumn("etag", min: 8, priority: 3), TableColumn("reason", min: 20, priority: 8)],
                  rows: [[safeURI, state.word, info.map { String($0.size) } ?? "-", modified ?? "-", info?.etag.map(TerminalText.sanitize) ?? "-",
                          TerminalText.sanitize(state.reason ?? "")]],
                  json: .object([("uri", .string(uri)), ("state", .string(state.word)), ("size", info.map { .int($0.size) } ?? .null),
                                 ("modified", modified.map { .string($0) } ?? .null), ("etag", info?.etag.map { .string($0) } ?? .null),
                                 ("content_type", info?.contentType.map { .string($0) } ?? .null),
                                 ("reason", state.reason.map { .string($0) } ?? .null), ("credentials", .string(via))]))
        let code = ObjectExit.code(state)
        if code != 0 { throw ExitCode(code) }
    }
}
