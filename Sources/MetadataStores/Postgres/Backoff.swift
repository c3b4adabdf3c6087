import Foundation

/// How long to wait before the next reconnect: 0.5 s, doubling to 30 s; back to the start after a success.
/// Shared by the store's queries and the change feed.
struct Backoff {
    static let first: TimeInterval = 0.5
    static let limit: TimeInterval = 30
    private(set) var delay: TimeInterval = 0

    /// The delay after one more failure.
    mutating func next() -> TimeInterval {
        delay = delay == 0 ? Self.first : min(Self.limit, delay * 2)
        return delay
    }

    /// A success: the next failure waits `first` again.
    mutating func reset() { delay = 0 }
}
