/// A decoded Flyte payload file: what kind it is, its values in file order, and anything that went wrong.
public struct PayloadDocument: Sendable, Equatable {
    /// Which message the bytes hold.
    public enum Kind: String, Sendable, Equatable {
        /// `task.Inputs` (inputs.pb).
        case inputs
        /// `task.Outputs` (outputs.pb).
        case outputs
        /// A list of named literals that does not say which: `task.Inputs`, `task.Outputs` and a Flyte 1
        /// `core.LiteralMap` are the same on the wire.
        case namedLiterals
        /// `core.ErrorDocument` (error.pb).
        case errorDocument
        /// A bare `core.Literal` (an offloaded literal file, or a condition value from the store).
        case literal

        /// The message name users know.
        public var title: String {
            switch self {
            case .inputs: return "task.Inputs"
            case .outputs: return "task.Outputs"
            case .namedLiterals: return "task.Inputs/Outputs or Flyte 1 LiteralMap"
            case .errorDocument: return "core.ErrorDocument"
            case .literal: return "core.Literal"
            }
        }
    }

    /// One named value of an inputs/outputs file.
    public struct Named: Sendable, Equatable {
        public var name: String
        public var value: PreviewNode
    }

    /// `ProducedArtifact` declarations of a `task.Outputs`.
    public struct ProducedArtifact: Sendable, Equatable {
        public var output: String
        public var name: String
        public var version: String
    }

    /// `ContainerError` of an error.pb.
    public struct ContainerError: Sendable, Equatable {
        public var code: String
        public var message: String
        /// `recoverable` or `non_recoverable`.
        public var kind: String
        /// `unknown`, `user` or `system`.
        public var origin: String
    }

    public var kind: Kind
    /// Set when the kind was guessed: says why flytrap is not sure.
    public var kindNote: String?
    /// Named values in file order (inputs/outputs); a bare literal is one value named "".
    public var values: [Named] = []
    /// How many named values the file holds (more than `values.count` when the budget cut the list).
    public var totalValues = 0
    /// `Inputs.context`: propagated key-value pairs (not part of the cache key).
    public var context: [(key: String, value: String)] = []
    public var producedArtifacts: [ProducedArtifact] = []
    public var error: ContainerError?
    /// Why the preview is partial; empty when every byte decoded.
    public var problems: [String] = []
    /// Fields this version of flytrap does not know (a newer Flyte): skipped, and counted here.
    public var unknownFields = 0
    /// How many of `problems` are inside a MessagePack value (they do not cast doubt on the file's structure).
    var valueProblems = 0
    /// The file's size in bytes.
    public var byteCount = 0

    public var isPartial: Bool { !problems.isEmpty }

    public static func == (a: Self, b: Self) -> Bool {
        a.kind == b.kind && a.kindNote == b.kindNote && a.values == b.values && a.totalValues == b.totalValues
            && a.context.map { $0.key + "=" + $0.value } == b.context.map { $0.key + "=" + $0.value }
            && a.producedArtifacts == b.producedArtifacts && a.error == b.error && a.problems == b.problems
            && a.byteCount == b.byteCount
    }
}
