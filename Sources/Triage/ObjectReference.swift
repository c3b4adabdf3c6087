import FlyteModel
import Foundation

/// One bucket object a run's database rows point at, and whether it must exist.
public struct ObjectReference: Hashable, Sendable {
    public var uri: String
    public var role: ObjectRole
    public var action: String
    public var attempt: Int?
    /// The object must exist given the action's phase: a missing one is a loss. An unexpected one (a Deck, which
    /// Flyte advertises for every task but writes only for tasks that report) may never have been written.
    public var expected: Bool
    /// A folder of objects (a multipart blob, a dataframe): it exists when any key is under it.
    public var isPrefix: Bool
    /// For a cached output: the cache key whose entry points at it.
    public var cacheKey: String?
    /// When the object was written, as far as the database says (the attempt's end, the action's creation).
    public var writtenAt: Date?
    /// For an offloaded value: the payload that references it (a root's inputs.pb: the run needs it to re-run).
    public var referencedBy: ObjectRole?

    public init(uri: String, role: ObjectRole, action: String, attempt: Int? = nil, expected: Bool = true,
                isPrefix: Bool = false, cacheKey: String? = nil, writtenAt: Date? = nil, referencedBy: ObjectRole? = nil) {
        self.referencedBy = referencedBy
        self.uri = uri
        self.role = role
        self.action = action
        self.attempt = attempt
        self.expected = expected
        self.isPrefix = isPrefix
        self.cacheKey = cacheKey
        self.writtenAt = writtenAt
    }
}

/// What one run is, for judging: its root row and every object its rows reference.
public struct RunReferences: Sendable {
    public var run: RunID
    public var phase: Phase
    public var createdAt: Date
    public var references: [ObjectReference]

    public init(run: RunID, phase: Phase, createdAt: Date, references: [ObjectReference]) {
        self.run = run
        self.phase = phase
        self.createdAt = createdAt
        self.references = references
    }

    /// The objects a run's actions reference, read from the URIs the database stores (never rebuilt):
    /// every action's inputs.pb; every succeeded attempt's outputs.pb; every attempt's report.html (not expected);
    /// the error.pb beside outputs.pb of attempts that failed with a user error; a trace's outputs.pb; and, for
    /// actions with a cache key, the output URI of that key's cache entry (`cacheOutputs`).
    public static func of(_ details: [ActionDetail], cacheOutputs: [String: String]) -> RunReferences? {
        guard let root = details.first(where: { $0.summary.parent == nil }) ?? details.first else { return nil }
        var refs: [ObjectReference] = []
        for d in details {
            let s = d.summary
            let name = s.id.name
            if let u = d.inputsURI { refs.append(ObjectReference(uri: u, role: .inputs, action: name, writtenAt: s.createdAt)) }
            if s.kind == .trace {
                if let u = d.traceOutputsURI, s.phase == .succeeded || s.phase == .recovered {
                    refs.append(ObjectReference(uri: u, role: .traceOutputs, action: name, writtenAt: s.endedAt ?? s.createdAt))
                }
                continue
            }
            for a in d.attempts {
                let written = a.end ?? s.endedAt ?? s.createdAt
                if let u = a.outputURI, !u.isEmpty, a.phase == .succeeded || a.phase == .recovered {
                    refs.append(ObjectReference(uri: u, role: .outputs, action: name, attempt: a.number, writtenAt: written))
                }
                if s.kind == .task, let u = a.reportURI, !u.isEmpty, a.phase.isTerminal {
                    refs.append(ObjectReference(uri: u, role: .report, action: name, attempt: a.number, expected: false, writtenAt: written))
                }
                if a.error?.kind == .user, let u = a.errorDocumentURI {
                    refs.append(ObjectReference(uri: u, role: .error, action: name, attempt: a.number, writtenAt: written))
                }
            }
            if let k = d.cacheKey, let u = cacheOutputs[k] {
                refs.append(ObjectReference(uri: u, role: .cacheOutput, action: name, cacheKey: k, writtenAt: nil))
            }
        }
        return RunReferences(run: root.summary.id.run, phase: root.summary.phase, createdAt: root.summary.createdAt, references: refs)
    }
}

/// The offloaded values a payload references: Blob, StructuredDataset and Schema URIs, offloaded-literal URIs.
public enum OffloadedValues {
    /// URIs referenced by the values of a decoded inputs.pb or outputs.pb, with whether each is a folder.
    public static func uris(in doc: PayloadDocument) -> [(uri: String, isPrefix: Bool)] {
        var out: [(String, Bool)] = []
        func walk(_ n: PreviewNode) {
            switch n.value {
            case .blob(let u, _, let multipart): if !u.isEmpty { out.append((u, multipart)) }
            case .dataset(let u, _, _): if !u.isEmpty { out.append((u, true)) }
            case .schema(let u, _): if !u.isEmpty { out.append((u, true)) }
            case .offloaded(let u, _, _): if !u.isEmpty { out.append((u, false)) }
            case .list(let items, _): items.forEach(walk)
            case .map(let entries, _): entries.forEach { walk($0.value) }
            case .msgpack(let inner), .union(let inner, _), .generic(let inner): walk(inner)
            default: break
            }
        }
        doc.values.forEach { walk($0.value) }
        return out
    }
}
