import FlyteModel
import Foundation

/// Reads runs, actions, tasks, triggers and cache entries from a Flyte 2 control-plane database.
///
/// Every list is keyset-paginated: a page carries the cursor of its last row, never an offset, so a page deep
/// in a million runs costs what the first one does. Implementations are read-only by construction.
public protocol RunStore: Sendable {
    /// Where the store lives, for messages.
    var location: String { get }
    /// What the store could not read and how flytrap degrades (missing optional columns or tables).
    var warnings: [String] { get }
    func projects() throws -> [Project]
    /// Configured domains first, then any other domain present in the store.
    func domains(project: String?) throws -> [String]
    func runs(_ query: RunQuery) throws -> Page<RunSummary>
    /// How many runs a query selects, when the store can count them (labels aside); nil when it cannot.
    func countRuns(_ query: RunQuery) throws -> Int?
    /// Every project/domain holding a run of that name (run names are unique per project and domain only).
    func findRuns(named name: String) throws -> [RunID]
    /// Every action of a run, in creation order (a run has at most a few thousand).
    func actions(of run: RunID) throws -> [ActionSummary]
    func action(_ id: ActionID) throws -> ActionDetail
    /// Every action of a run with the URIs its rows point at (inputs, trace outputs, each attempt's outputs and
    /// Deck, the cache key), in creation order, without resolving task specs (`task` is nil): the audit's read.
    func actionDetails(of run: RunID) throws -> [ActionDetail]
    func cacheEntries(_ query: CacheQuery) throws -> Page<CacheEntry>
    func tasks(_ query: TaskQuery) throws -> Page<TaskRecord>
    func triggers(project: String, domain: String) throws -> [TriggerRecord]
    func triggerRevisions(project: String, domain: String, taskName: String, name: String) throws -> [TriggerRecord]
    /// A feed of the changes the store announces, or nil when it cannot announce any (then readers poll).
    func changeFeed() -> (any StoreChangeFeed)?
}

extension RunStore {
    public func changeFeed() -> (any StoreChangeFeed)? { nil }

    public func countRuns(_ query: RunQuery) throws -> Int? { nil }

    public func actionDetails(of run: RunID) throws -> [ActionDetail] {
        try actions(of: run).map { try action($0.id) }
    }
}

/// Reports store changes as they happen, on a thread of its own.
public protocol StoreChangeFeed: AnyObject, Sendable {
    /// Starts listening; `deliver` is called from the feed's thread.
    func start(_ deliver: @escaping @Sendable (StoreFeedEvent) -> Void)
    /// Stops listening (within half a second).
    func stop()
}

/// One page of a keyset-paginated list.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Pass this back to get the next page; nil on the last page.
    public var next: Cursor?
    /// Rows read and dropped by filters the database cannot evaluate (labels), for honest reporting.
    public var scanned: Int

    public init(items: [Item], next: Cursor?, scanned: Int = 0) {
        self.items = items
        self.next = next
        self.scanned = scanned
    }
}

/// An opaque position in a keyset-ordered list: the sort key of the last row returned.
public struct Cursor: Sendable, Hashable, CustomStringConvertible {
    public var parts: [String]

    public init(parts: [String]) { self.parts = parts }

    /// The runs-list cursor at a run's root action.
    public init(run root: ActionSummary) { parts = PageToken.runParts(root) }

    /// The cursor as a URL-safe token for the CLI (`--after TOKEN`).
    public var description: String { PageToken.encode(parts) }

    /// Parses a token made by `description`; fails with a clear message otherwise.
    public init(token: String, parts expected: Int) throws {
        var b = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        guard let d = Data(base64Encoded: b), let s = String(data: d, encoding: .utf8) else {
            throw StoreError.badArgument("cursor '\(token)': not a flytrap page token")
        }
        let p = s.components(separatedBy: "\u{1F}")
        guard p.count == expected else { throw StoreError.badArgument("cursor '\(token)': not a token for this list") }
        parts = p
    }
}

/// Which runs to list: a project/domain, newest first, with optional filters.
public struct RunQuery: Sendable, Hashable {
    public var project: String
    public var domain: String
    public var limit: Int
    public var after: Cursor?
    /// The page just before this cursor instead (the rows newer than it, newest first); its `next` is the cursor
    /// of its first row while newer rows remain, nil at the head of the list.
    public var before: Cursor?
    public var phases: Set<Phase>
    public var taskName: String?
    public var namePrefix: String?
    public var createdAfter: Date?
    public var createdBefore: Date?
    public var trigger: String?
    /// `key` or `key=value`; matched against the run spec's labels (decoded, so filtered after the query).
    public var label: String?

    public init(
        project: String, domain: String, limit: Int = 50, after: Cursor? = nil, phases: Set<Phase> = [],
        taskName: String? = nil, namePrefix: String? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil,
        trigger: String? = nil, label: String? = nil
    ) {
        self.project = project
        self.domain = domain
        self.limit = limit
        self.after = after
        self.phases = phases
        self.taskName = taskName
        self.namePrefix = namePrefix
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.trigger = trigger
        self.label = label
    }
}

/// Which cache entries to list.
public struct CacheQuery: Sendable, Hashable {
    public enum Selector: Sendable, Hashable {
        case all
        case key(String)
        case outputPrefix(String)
    }

    public var selector: Selector
    public var limit: Int
    public var after: Cursor?

    public init(selector: Selector = .all, limit: Int = 50, after: Cursor? = nil) {
        self.selector = selector
        self.limit = limit
        self.after = after
    }
}

/// Which tasks to list: every version of every task in a project/domain, by name then newest version.
public struct TaskQuery: Sendable, Hashable {
    public var project: String
    public var domain: String
    public var name: String?
    public var limit: Int
    public var after: Cursor?

    public init(project: String, domain: String, name: String? = nil, limit: Int = 50, after: Cursor? = nil) {
        self.project = project
        self.domain = domain
        self.name = name
        self.limit = limit
        self.after = after
    }
}
