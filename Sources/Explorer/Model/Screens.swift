import FlyteModel
import Foundation

/// One screen on the navigation stack, with its own state (cursor, filter, what it loaded).
public enum Screen: Sendable {
    case projects(ProjectsScreen)
    case domains(DomainsScreen)
    case hub(HubScreen)
    case run(RunScreen)
    case payload(PayloadScreen)
    case deck(DeckScreen)
    case object(ObjectScreen)
    case task(TaskScreen)
    case triggerRevisions(TriggerRevisionsScreen)
    case help(HelpScreen)
    case fallout(FalloutScreen)

    /// The breadcrumb for this screen.
    public var crumb: String {
        switch self {
        case .projects: "projects"
        case .domains(let s): s.project
        case .hub(let s): "\(s.domain) · \(s.section.title.lowercased())"
        case .run(let s): s.run.name
        case .payload(let s): s.title
        case .deck: "deck"
        case .object(let s): "object " + (s.uri.split(separator: "/").last.map(String.init) ?? s.uri)
        case .task(let s): s.name
        case .triggerRevisions(let s): "trigger \(s.name)"
        case .help: "help"
        case .fallout(let f): "fallout " + f.scope.title + (f.drill.map { " · \($0.word)" } ?? "")
        }
    }
}

/// The projects list.
public struct ProjectsScreen: Sendable {
    public var projects: Load<[Project]> = .idle
    public var cursor = ListCursor()
    public var filter: ListFilter?
    public init() {}
}

/// The domains of a project.
public struct DomainsScreen: Sendable {
    public var project: String
    public var domains: Load<[String]> = .idle
    public var cursor = ListCursor()
    public init(project: String) { self.project = project }
}

/// The sections of a project hub (keys `1`–`4`).
public enum HubSection: Int, Sendable, CaseIterable {
    case runs = 1, tasks, triggers, cache

    public var title: String {
        switch self {
        case .runs: "Runs"
        case .tasks: "Tasks"
        case .triggers: "Triggers"
        case .cache: "Cache"
        }
    }
}

/// A keyset-paginated list as a screen holds it: rows loaded so far, the cursor of the next page, the request in
/// flight, and the last error.
public struct PagedList<Item: Sendable>: Sendable {
    public internal(set) var items: [Item] = []
    public var next: String?
    public var hasMore = false
    public var loaded = false
    public var request: RequestID?
    /// A live refresh in flight (replaces the rows instead of appending).
    public var refreshRequest: RequestID?
    public var error: String?
    public var cursor = ListCursor()
    public var filter: ListFilter?
    public var sort = SortOrder(column: 0, ascending: true, isDefault: true)
    /// Indices into `items` after filter and sort, in display order.
    public var visible: [Int] = []
    /// Pages loaded on their own (not asked for by a key) since the filter changed or a key was pressed: a filter that
    /// matches little would otherwise page through the whole store.
    public var autoPages = 0
    /// Whether `visible` is `0..<visible.count` (set by `recompute`).
    var visibleInStoreOrder = true
    /// Each item's static search text (`ListSpec.searchText`, lowercased), built on the first filter and extended as rows arrive;
    /// `replaceItems` clears it.
    var searchIndex: [String] = []
    /// The most pages a filtered list loads on its own before it waits for a key.
    public static var autoPageLimit: Int { 10 }
    /// Rows dropped from the front of a long list (scrolled far past them) to bound memory: the window starts this
    /// many rows after the newest. Approximate once runs arrive at the head; 0 means the window starts at the head.
    public var dropped = 0
    /// The page before the window, in flight.
    public var prevRequest: RequestID?
    /// The most rows a runs list holds; scrolling further drops rows at the other end, reloaded when scrolled back.
    public static var windowRows: Int { 3_000 }
    public init() {}

    /// Whether the list is shown as loaded (no filter, the store's order): `visible` is then `0..<items.count`.
    var showsStoreOrder: Bool { filter == nil && sort.isDefault }
}

/// Which column a list is sorted by; `isDefault` means the store's order (newest first) is kept.
public struct SortOrder: Sendable, Equatable {
    public var column: Int
    public var ascending: Bool
    public var isDefault: Bool
}

/// Which phases the runs list asks the store for (quick filters `A`, `F`, `R`, `S`).
public enum PhaseFilter: String, Sendable, CaseIterable {
    case all, failed, active, succeeded

    public var phases: Set<Phase> {
        switch self {
        case .all: []
        case .failed: [.failed, .timedOut]
        case .active: Set(Phase.allCases.filter { !$0.isTerminal && $0 != .unspecified })
        case .succeeded: [.succeeded]
        }
    }
}

/// A project/domain: runs, tasks, triggers and cache entries.
public struct HubScreen: Sendable {
    public var project: String
    public var domain: String
    public var section: HubSection = .runs
    public var runs = PagedList<RunSummary>()
    public var phaseFilter: PhaseFilter = .all
    public var tasks = PagedList<TaskRecord>()
    public var triggers = PagedList<TriggerRecord>()
    public var cache = PagedList<CacheEntry>()
    public var lastRefresh: Date?

    public init(project: String, domain: String) {
        self.project = project
        self.domain = domain
    }
}

/// Which pane of the run screen has the keys.
public enum RunFocus: Sendable { case tree, detail }

/// A run: its action tree beside the selected action's detail.
public struct RunScreen: Sendable {
    public var run: RunID
    public var actions: Load<[ActionSummary]> = .idle
    public var tree: ActionTree?
    public var rows: [ActionTree.Row] = []
    public var collapsed: Set<String> = []
    public var cursor = ListCursor()
    public var focus: RunFocus = .tree
    /// Selected attempt number per action name (default: the latest).
    public var attempt: [String: Int] = [:]
    public var detailCursor = ListCursor()
    public var filter: ListFilter?
    public var lastRefresh: Date?
    public var refreshRequest: RequestID?
    /// Open the tree on this action once it loads.
    public var pendingSelect: String?

    public init(run: RunID) { self.run = run }
}

/// A decoded inputs.pb / outputs.pb / error.pb / literal, as a collapsible tree.
public struct PayloadScreen: Sendable {
    public var uri: String
    public var title: String
    public var document: Load<PayloadFetch> = .idle
    public var collapsed: Set<[Int]> = []
    public var cursor = ListCursor()

    public init(uri: String, title: String) {
        self.uri = uri
        self.title = title
    }
}

/// A payload as the effect runner returns it: the object's state and, when present, the decoded document.
public struct PayloadFetch: Sendable {
    public var state: ObjectState
    public var document: PayloadDocument?
    public var unreadBytes: Int64

    public init(state: ObjectState, document: PayloadDocument?, unreadBytes: Int64) {
        self.state = state
        self.document = document
        self.unreadBytes = unreadBytes
    }
}

/// A Deck rendered as text, scrollable and searchable.
public struct DeckScreen: Sendable {
    public var uri: String
    public var deck: Load<DeckFetch> = .idle
    public var cursor = ListCursor()
    public var search: String?
    /// Lines that match the search, in order.
    public var matches: [Int] = []

    public init(uri: String) { self.uri = uri }
}

/// A Deck as the effect runner returns it.
public struct DeckFetch: Sendable {
    public var state: ObjectState
    public var text: DeckText?
    public var width: Int

    public init(state: ObjectState, text: DeckText?, width: Int) {
        self.state = state
        self.text = text
        self.width = width
    }
}

/// Any object: its state and metadata, and the first bytes as text or hex.
public struct ObjectScreen: Sendable {
    public var uri: String
    public var fetch: Load<ObjectPeek> = .idle
    public var cursor = ListCursor()

    public init(uri: String) { self.uri = uri }
}

/// The head of an object as the effect runner returns it.
public struct ObjectPeek: Sendable {
    public var state: ObjectState
    public var lines: [String]

    public init(state: ObjectState, lines: [String]) {
        self.state = state
        self.lines = lines
    }
}

/// A task's versions and the spec of the selected one.
public struct TaskScreen: Sendable {
    public var project: String
    public var domain: String
    public var name: String
    public var versions: Load<[TaskRecord]> = .idle
    public var cursor = ListCursor()

    public init(project: String, domain: String, name: String) {
        self.project = project
        self.domain = domain
        self.name = name
    }
}

/// A trigger's revision history.
public struct TriggerRevisionsScreen: Sendable {
    public var project: String
    public var domain: String
    public var taskName: String
    public var name: String
    public var revisions: Load<[TriggerRecord]> = .idle
    public var cursor = ListCursor()

    public init(project: String, domain: String, taskName: String, name: String) {
        self.project = project
        self.domain = domain
        self.taskName = taskName
        self.name = name
    }
}

/// The key help, generated from the key map.
public struct HelpScreen: Sendable {
    public var cursor = ListCursor()
    public init() {}
}
