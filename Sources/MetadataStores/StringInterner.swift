import Foundation

/// Shares one copy of strings that repeat across rows (project, domain, task name and version, environment, …), so
/// 10,000 runs of the same task hold one `"ml.train.fit"` rather than 10,000. Bounded: it forgets everything once it
/// holds `limit` strings. Thread-safe (the explorer's store thread and the CLI both decode rows).
final class StringInterner: @unchecked Sendable {
    private var table: Set<String> = []
    private let lock = NSLock()
    private let limit: Int

    init(limit: Int = 8_192) { self.limit = limit }

    /// The shared copy of `s` (short strings, stored inline by Swift, are returned as they are).
    func callAsFunction(_ s: String?) -> String? {
        guard let s, s.utf8.count > 15 else { return s }
        return lock.withLock {
            if let hit = table.firstIndex(of: s) { return table[hit] }
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table.insert(s)
            return s
        }
    }
}
