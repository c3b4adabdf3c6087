import FlyteModel
import Foundation

/// The whole state of the explorer: one value, changed only by `Explorer.reduce`.
public struct ExplorerState: Sendable {
    /// Settings fixed at start.
    public struct Options: Sendable {
        public var project: String?
        public var domain: String?
        /// Seconds between live refreshes of the screen in view; 0 turns refresh off.
        public var refreshInterval: TimeInterval
        public var ascii: Bool
        public var pageSize: Int
        public var themeNames: [String]

        public init(project: String? = nil, domain: String? = nil, refreshInterval: TimeInterval = 5, ascii: Bool = false,
                    pageSize: Int = 100, themeNames: [String] = []) {
            self.project = project
            self.domain = domain
            self.refreshInterval = refreshInterval
            self.ascii = ascii
            self.pageSize = pageSize
            self.themeNames = themeNames
        }
    }

    /// What the bottom line is doing: normal keys, or editing a command or a filter.
    public enum Mode: Sendable, Equatable {
        case normal
        case command(LineEditor)
        case filter(LineEditor)
        case search(LineEditor)
    }

    public struct Flash: Sendable, Equatable {
        public enum Level: Sendable { case info, warn, error }
        public var text: String
        public var level: Level
        public var until: Date
    }

    public var width: Int
    public var height: Int
    public var now: Date
    public var options: Options
    public var theme: Theme
    public var keyMap: KeyMap
    public var stack: [Screen]
    /// Screens left with `esc`, for `]`-less forward history: `-` reopens the last one.
    public var previous: [Screen] = []
    public var mode: Mode = .normal
    public var flash: Flash?
    /// What the bucket said about each URI checked so far.
    public var objects: [String: ObjectState] = [:]
    public var objectsInFlight: Set<String> = []
    /// Action details loaded so far (the runs list's data column and the run screen both use them).
    public var details: [ActionID: Load<ActionDetail>] = [:]
    /// What each action's data adds up to (the runs list's data column and the tree's markers).
    public var rowData = RowDataIndex()
    /// Actions whose detail the runs list asked for only to fill `rowData` (the detail itself is not kept).
    public var rowDataPending: Set<ActionID> = []
    /// Payload previews for the detail pane, by URI (a few dozen at most).
    public var payloads: [String: Load<PayloadFetch>] = [:]
    /// Cache entries looked up by key for the detail pane.
    public var cacheEntries: [String: Load<CacheEntry?>] = [:]
    /// Projects and domains seen, for `:` completion.
    public var knownProjects: [String] = []
    public var knownDomains: [String] = []
    public var nextRequest: RequestID = 1
    public var quit = false
    /// Set when the screen must be repainted from scratch (`ctrl-l`).
    public var redrawAll = false
    /// Answers arrived that change what list rows show (data states): recompute the list in view once per batch.
    public var rowsStale = false
    /// How changes in the store reach the explorer (polling, or live notifications).
    public var storeLink: StoreLink = .polling
    /// A notification touched the screen in view while its refresh was still running: refresh again when it ends.
    public var liveDirty = false

    public init(width: Int, height: Int, now: Date, options: Options, theme: Theme, keyMap: KeyMap = .default) {
        self.width = width
        self.height = height
        self.now = now
        self.options = options
        self.theme = theme
        self.keyMap = keyMap
        stack = [.projects(ProjectsScreen())]
    }

    /// The screen in view.
    public var top: Screen {
        get { stack[stack.count - 1] }
        set { stack[stack.count - 1] = newValue }
    }

    /// Runs `body` on the hub at stack index `index` (default: the top) in place: the hub is taken off the stack
    /// while `body` runs, so appending to its lists does not copy every row loaded so far. Nil if it is not a hub.
    @discardableResult
    mutating func withHub<R>(at index: Int? = nil, _ body: (inout HubScreen) -> R) -> R? {
        let i = index ?? stack.count - 1
        guard stack.indices.contains(i), case .hub(var h) = stack[i] else { return nil }
        stack[i] = .help(HelpScreen())
        defer { stack[i] = .hub(h) }
        return body(&h)
    }

    /// A new request id.
    public mutating func request() -> RequestID {
        defer { nextRequest += 1 }
        return nextRequest
    }

    /// Shows a message on the status line for a few seconds.
    public mutating func say(_ text: String, _ level: Flash.Level = .info) {
        flash = Flash(text: TerminalTextLine.clean(text), level: level, until: now.addingTimeInterval(level == .error ? 8 : 4))
    }

    /// Rows available to a list body: the screen minus title, crumbs, header and status lines.
    public var bodyHeight: Int { max(1, height - 4) }
}

/// Makes any message one line of visible text.
enum TerminalTextLine {
    static func clean(_ s: String) -> String {
        TerminalText.sanitize(s.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
    }
}
