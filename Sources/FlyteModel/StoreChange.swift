/// A change the control plane announced (Flyte 2's `NOTIFY run_updates / action_updates` with payload
/// `project/domain/run/action`).
public struct StoreChange: Sendable, Hashable {
    public var run: RunID
    /// The action that changed, or nil for a run-level change.
    public var action: String?

    public init(run: RunID, action: String?) {
        self.run = run
        self.action = action
    }

    /// Parses a notification payload: `project/domain/run[/action]`; nil when it has fewer parts.
    public init?(payload: String) {
        let parts = payload.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        run = RunID(project: parts[0], domain: parts[1], name: parts[2])
        action = parts.count == 4 && !parts[3].isEmpty ? parts[3] : nil
    }
}

/// How the explorer learns about changes in the store.
public enum StoreLink: Sendable, Equatable {
    /// No change feed (a SQLite file): the screen in view is re-read every refresh interval.
    case polling
    /// Change notifications arrive as they happen (Postgres LISTEN); the screen refreshes on each.
    case live
    /// The store cannot send notifications (e.g. a read replica refuses LISTEN): polling, with the reason.
    case pollingFallback(String)
    /// The connection to the store is lost and being re-established, with the reason.
    case down(String)
}

/// What a change feed reports.
public enum StoreFeedEvent: Sendable, Equatable {
    /// These changed (deduplicated, in arrival order).
    case changed([StoreChange])
    /// The feed's link changed; after a reconnect anything may have changed unseen (`.live` again means: re-read).
    case link(StoreLink)
}
