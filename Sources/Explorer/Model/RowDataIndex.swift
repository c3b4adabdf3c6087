import FlyteModel

/// Each action's expected bucket objects and the data state they add up to, kept current as answers arrive, so the
/// runs list's data column, its filter and its sort read a stored summary instead of re-deriving it per row per frame.
///
/// It outlives the action details it was built from: the details of rows scrolled past are dropped to bound memory,
/// their summaries (a few dozen bytes each) stay.
public struct RowDataIndex: Sendable {
    private var expected: [ActionID: [ActionObjects.Item]] = [:]
    private var summaries: [ActionID: DataSummary] = [:]
    /// Which actions expect each URI (a cached output can be shared by several).
    private var owners: [String: [ActionID]] = [:]

    public init() {}

    /// How many actions are indexed.
    public var count: Int { summaries.count }

    /// The summary of an action whose detail has arrived; nil before that.
    public func summary(_ id: ActionID) -> DataSummary? { summaries[id] }

    /// Indexes an action's objects (replacing what was known of it) and summarises them from `states`.
    public mutating func record(_ id: ActionID, _ objects: ActionObjects, states: [String: ObjectState]) {
        forget(id)
        let items = objects.items.filter(\.expected)
        let summary = DataSummary.of(items, states: states)
        summaries[id] = summary
        // Only a summary still waiting for answers needs to know its objects; a settled one keeps just the summary.
        guard summary == .checking else { return }
        expected[id] = items
        for i in items { owners[i.uri, default: []].append(id) }
    }

    /// Re-summarises the actions that expect any of `uris` after their states changed.
    public mutating func objectsChanged(_ uris: some Sequence<String>, states: [String: ObjectState]) {
        var settled: [ActionID] = []
        for u in uris {
            for id in owners[u] ?? [] {
                guard let items = expected[id] else { continue }
                let summary = DataSummary.of(items, states: states)
                summaries[id] = summary
                if summary != .checking { settled.append(id) }
            }
        }
        for id in settled { release(id) }
    }

    /// Drops an action (its detail is being reloaded).
    public mutating func forget(_ id: ActionID) {
        summaries[id] = nil
        release(id)
    }

    /// Drops what is kept to re-summarise an action (its summary stays).
    private mutating func release(_ id: ActionID) {
        guard let items = expected.removeValue(forKey: id) else { return }
        for i in items {
            owners[i.uri]?.removeAll { $0 == id }
            if owners[i.uri]?.isEmpty == true { owners[i.uri] = nil }
        }
    }
}
