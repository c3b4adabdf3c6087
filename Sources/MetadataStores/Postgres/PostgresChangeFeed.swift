import FlyteModel
import Foundation

/// Listens on Flyte 2's `run_updates` and `action_updates` channels on its own read-only connection and thread, and
/// reports changes in batches (one batch per wake-up, deduplicated).
///
/// When the server refuses LISTEN (a hot-standby replica does), it reports `.pollingFallback` and stops: the explorer
/// then polls. When the connection drops it reports `.down`, reconnects with backoff (0.5 s doubling to 30 s), listens
/// again and reports `.live`, which tells the explorer to re-read what it shows (notifications sent while down are lost).
public final class PostgresChangeFeed: StoreChangeFeed, @unchecked Sendable {
    public static let channels = ["run_updates", "action_updates"]
    let conninfo: String
    let settings: [(String, String)]
    private let stopped = Locked(false)

    init(conninfo: String, settings: [(String, String)]) {
        self.conninfo = conninfo
        self.settings = settings
    }

    public func start(_ deliver: @escaping @Sendable (StoreFeedEvent) -> Void) {
        let t = Thread { [self] in run(deliver) }
        t.name = "flytrap-listen"
        t.start()
    }

    public func stop() { stopped.value = true }

    private func run(_ deliver: @escaping @Sendable (StoreFeedEvent) -> Void) {
        var backoff = Backoff()
        while !stopped.value {
            let conn: PGConnection
            do {
                conn = try PGConnection(conninfo: conninfo, applicationName: "flytrap listen", settings: settings)
            } catch {
                deliver(.link(.down(Self.reason(error))))
                sleep(backoff.next())
                continue
            }
            do {
                for c in Self.channels { try conn.exec("LISTEN \(c)") }
            } catch {
                if conn.isConnected {
                    deliver(.link(.pollingFallback("LISTEN refused: \(Self.reason(error))")))
                    return
                }
                sleep(backoff.next())
                continue
            }
            backoff.reset()
            deliver(.link(.live))
            listen(conn, deliver)
            if stopped.value { return }
            deliver(.link(.down(conn.errorMessage.isEmpty ? "connection lost" : conn.errorMessage)))
            sleep(backoff.next())
        }
    }

    /// Waits on the socket and delivers notifications until the connection drops or the feed stops.
    private func listen(_ conn: PGConnection, _ deliver: @Sendable (StoreFeedEvent) -> Void) {
        while !stopped.value {
            var pfd = pollfd(fd: conn.socket, events: Int16(POLLIN), revents: 0)
            let rc = poll(&pfd, 1, 500)
            if rc < 0 && errno != EINTR { return }
            if rc == 0 { continue }
            guard let notes = try? conn.notifications() else { return }
            var seen = Set<StoreChange>()
            var batch: [StoreChange] = []
            for n in notes {
                if let c = StoreChange(payload: n.payload), seen.insert(c).inserted { batch.append(c) }
            }
            if !batch.isEmpty { deliver(.changed(batch)) }
            if !conn.isConnected { return }
        }
    }

    private func sleep(_ seconds: TimeInterval) {
        let until = Date().addingTimeInterval(seconds)
        while !stopped.value, Date() < until { Thread.sleep(forTimeInterval: min(0.1, until.timeIntervalSinceNow)) }
    }

    static func reason(_ e: Error) -> String {
        switch e as? StoreError {
        case .cannotOpen(_, let r)?: r
        case .queryFailed(_, let m)?: m
        case .connectionLost(_, let m)?: m
        default: String(describing: e)
        }
    }
}
