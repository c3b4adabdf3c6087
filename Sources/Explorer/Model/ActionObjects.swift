import FlyteModel

/// The bucket objects an action's database rows point at, and which of them should exist given its phase.
///
/// flytrap reads the URIs the database stores and never rebuilds paths, except error.pb, which the SDK writes
/// beside outputs.pb and the database does not record.
public struct ActionObjects: Sendable, Equatable {
    /// What an object is to the action.
    public enum Kind: String, Sendable, CaseIterable {
        case inputs, outputs, error, deck

        /// The file name the user recognises.
        public var label: String {
            switch self {
            case .inputs: "inputs.pb"
            case .outputs: "outputs.pb"
            case .error: "error.pb"
            case .deck: "report.html"
            }
        }
    }

    public struct Item: Sendable, Equatable {
        public var kind: Kind
        public var uri: String
        /// Whether the object must exist for the action's state (a succeeded task's outputs, a user error's
        /// error.pb). A Deck is never expected: Flyte advertises its URI for every task but writes it only for
        /// tasks that report, so a missing Deck may never have existed.
        public var expected: Bool
    }

    public var items: [Item]

    /// The objects of `detail` for attempt `attempt` (default: the latest).
    public init(_ detail: ActionDetail, attempt: Int? = nil) {
        let a = attempt.flatMap { n in detail.attempts.first { $0.number == n } } ?? detail.latestAttempt
        var out: [Item] = []
        let phase = detail.summary.phase
        if let u = detail.inputsURI, !u.isEmpty { out.append(Item(kind: .inputs, uri: u, expected: true)) }
        let outputs = detail.summary.kind == .trace ? detail.traceOutputsURI : a?.outputURI
        if let u = outputs, !u.isEmpty {
            let attemptPhase = a?.phase ?? phase
            out.append(Item(kind: .outputs, uri: u, expected: attemptPhase == .succeeded || (detail.summary.kind == .trace && phase == .succeeded)))
        }
        if let a, let u = a.errorDocumentURI { out.append(Item(kind: .error, uri: u, expected: a.error?.kind == .user)) }
        if let u = a?.reportURI, !u.isEmpty, detail.summary.kind == .task { out.append(Item(kind: .deck, uri: u, expected: false)) }
        items = out
    }

    /// The item of a kind, if the action has one.
    public func item(_ kind: Kind) -> Item? { items.first { $0.kind == kind } }
}

/// What the data column and tree markers say about an action's objects, from whatever states are known.
public enum DataSummary: Sendable, Equatable {
    /// Some expected object has not been checked yet.
    case checking
    case ok
    /// Expected objects that are not found, by kind.
    case purged([ActionObjects.Kind])
    /// No object could be checked: the bucket answered denied, unavailable or unknown.
    case problem(ObjectState)
    /// The action points at no object that should exist yet (queued, running, system failure).
    case nothingExpected

    /// Summarises `objects` given the states known so far.
    public static func of(_ objects: ActionObjects, states: [String: ObjectState]) -> DataSummary {
        of(objects.items.filter(\.expected), states: states)
    }

    /// Summarises the expected objects `expected` given the states known so far.
    public static func of(_ expected: [ActionObjects.Item], states: [String: ObjectState]) -> DataSummary {
        guard !expected.isEmpty else { return .nothingExpected }
        var purged: [ActionObjects.Kind] = []
        var problem: ObjectState?
        for i in expected {
            guard let s = states[i.uri] else { return .checking }
            switch s {
            case .present: break
            case .notFound: purged.append(i.kind)
            default: problem = problem ?? s
            }
        }
        if !purged.isEmpty { return .purged(purged) }
        if let p = problem { return .problem(p) }
        return .ok
    }

    /// Every text `text` can be (for filters: one that matches none of them need not look at data states).
    public static let allTexts: [String] = {
        var out = ["…", "ok", "-"] + ObjectState.words
        let kinds = ActionObjects.Kind.allCases
        for mask in 1..<(1 << kinds.count) {
            out.append(DataSummary.purged(kinds.indices.filter { mask & (1 << $0) != 0 }.map { kinds[$0] }).text)
        }
        return out
    }()

    /// The column text: `ok`, `inputs purged`, `purged: outputs, error`, `…`.
    public var text: String {
        switch self {
        case .checking: "…"
        case .ok: "ok"
        case .nothingExpected: "-"
        case .purged(let k) where k == [.inputs]: "inputs purged"
        case .purged(let k): "purged: " + k.map(\.rawValue).joined(separator: ", ")
        case .problem(let s): s.word
        }
    }

    /// The theme key the column is drawn with.
    public var themeKey: ThemeKey {
        switch self {
        case .checking, .nothingExpected: .muted
        case .ok: .objectPresent
        case .purged: .objectNotFound
        case .problem(let s): ThemeKey.object(s)
        }
    }
}
