import Foundation

/// A value shared between threads behind a lock (the effect runner's counters, a change feed's stop flag).
public final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var v: T

    public init(_ v: T) { self.v = v }

    public var value: T {
        get { lock.withLock { v } }
        set { lock.withLock { v = newValue } }
    }

    /// Changes the value in place under the lock.
    public func mutate(_ f: (inout T) -> Void) { lock.withLock { f(&v) } }

    /// Reads or changes the value under the lock and returns what `f` returns.
    public func withLock<R>(_ f: (inout T) -> R) -> R { lock.withLock { f(&v) } }
}
