import Foundation

/// A group of transfers that can be abandoned together: the explorer opens one per fetch and cancels it when the
/// user leaves the screen that asked. Work run inside `run` tags its libcurl transfers with the scope (a
/// thread-local, since backends call the transport synchronously on the worker's thread); `cancel` stops the ones in
/// flight at once and makes later ones answer `cancelled` without being sent. A cancelled answer is never cached.
public final class TransferScope: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var active: [Int: CurlEngine] = [:]
    private static let key = "flytrap.transfer-scope"

    public init() {}

    /// The scope of the work running on this thread, if any.
    public static var current: TransferScope? { Thread.current.threadDictionary[key] as? TransferScope }

    public var isCancelled: Bool { lock.withLock { cancelled } }

    /// Runs `body` with this scope current on this thread.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        let dict = Thread.current.threadDictionary
        let previous = dict[Self.key]
        dict[Self.key] = self
        defer { dict[Self.key] = previous }
        return try body()
    }

    /// Abandons every transfer of the scope, now and later.
    public func cancel() {
        let running: [Int: CurlEngine] = lock.withLock {
            cancelled = true
            defer { active = [:] }
            return active
        }
        for (id, engine) in running { engine.cancel(id) }
    }

    /// Records a transfer; false when the scope is already cancelled (the caller cancels it).
    func register(_ id: Int, on engine: CurlEngine) -> Bool {
        lock.withLock {
            if cancelled { return false }
            active[id] = engine
            return true
        }
    }

    func finished(_ id: Int) { lock.withLock { _ = active.removeValue(forKey: id) } }
}
