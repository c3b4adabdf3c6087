/// The action tree of a run: actions nested by parent name, with groups as pseudo-nodes.
///
/// Groups are not actions in Flyte: they are a label (`actions.action_group`) on the children of one parent.
/// The tree shows them as collapsible nodes between that parent and its grouped children.
public struct ActionTree: Sendable {
    public enum NodeKind: Hashable, Sendable {
        case action(ActionSummary)
        case group(name: String, parent: String)
    }

    /// One visible line of the tree.
    public struct Row: Hashable, Sendable {
        public var kind: NodeKind
        public var depth: Int
        public var childCount: Int
        /// A stable key for selection and collapsing: the action name, or `group:<parent>/<name>`.
        public var key: String
    }

    public private(set) var root: ActionSummary?
    /// The actions in creation order; the tree refers to them by index until rows are asked for.
    private let actions: [ActionSummary]
    private var children: [String: [Child]] = [:]
    /// Actions whose parent is not in the tree (the store had them, their parent row is missing).
    public private(set) var orphans: [ActionSummary] = []
    public let count: Int

    /// A child in the tree: an action by index into `actions`, or a group.
    private enum Child {
        case action(Int)
        case group(name: String, parent: String)
    }

    /// Builds the tree from a run's actions in any order. Siblings keep creation order.
    ///
    /// Summaries are read in place by index (a `for a in actions` loop would copy each one, retaining its dozen
    /// strings): the explorer builds this tree on every refresh of a run of thousands of actions.
    public init(actions: [ActionSummary]) {
        count = actions.count
        func before(_ a: ActionSummary, _ b: ActionSummary) -> Bool { (a.createdAt, a.id.name) < (b.createdAt, b.id.name) }
        // The store returns actions in creation order already: check before paying for a sorted copy.
        var inOrder = true
        for i in actions.indices.dropFirst() where actions[i].createdAt < actions[i - 1].createdAt
            || (actions[i].createdAt == actions[i - 1].createdAt && actions[i].id.name < actions[i - 1].id.name) {
            inOrder = false
            break
        }
        let sorted = inOrder ? actions : actions.sorted(by: before)
        self.actions = sorted
        var names = Set<String>(minimumCapacity: sorted.count)
        for i in sorted.indices { names.insert(sorted[i].id.name) }
        root = sorted.firstIndex { $0.parent == nil }.map { sorted[$0] }
        var groupsSeen = Set<String>()
        for i in sorted.indices {
            guard let parent = sorted[i].parent else { continue }
            guard names.contains(parent) else {
                orphans.append(sorted[i])
                continue
            }
            if let g = sorted[i].group, !g.isEmpty {
                let gk = "group:\(parent)/\(g)"
                if groupsSeen.insert(gk).inserted {
                    children[parent, default: []].append(.group(name: g, parent: parent))
                }
                children[gk, default: []].append(.action(i))
            } else {
                children[parent, default: []].append(.action(i))
            }
        }
    }

    static func key(of kind: NodeKind) -> String {
        switch kind {
        case .action(let a): a.id.name
        case .group(let name, let parent): "group:\(parent)/\(name)"
        }
    }

    /// The visible rows in depth-first order, skipping the children of `collapsed` keys.
    public func rows(collapsed: Set<String> = []) -> [Row] {
        var out: [Row] = []
        func visit(_ kind: NodeKind, depth: Int) {
            let k = Self.key(of: kind)
            let kids = children[k] ?? []
            out.append(Row(kind: kind, depth: depth, childCount: kids.count, key: k))
            guard !collapsed.contains(k) else { return }
            for c in kids {
                switch c {
                case .action(let i): visit(.action(actions[i]), depth: depth + 1)
                case .group(let name, let parent): visit(.group(name: name, parent: parent), depth: depth + 1)
                }
            }
        }
        if let r = root { visit(.action(r), depth: 0) }
        for o in orphans { visit(.action(o), depth: 0) }
        return out
    }
}
