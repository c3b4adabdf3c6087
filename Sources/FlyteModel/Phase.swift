/// Flyte 2's `common.ActionPhase`, with the words and symbols flytrap shows for it.
///
/// Each phase has a word and a symbol so that colour is never the only signal.
public enum Phase: Int, CaseIterable, Sendable, Codable, Comparable {
    case unspecified = 0
    case queued = 1
    case waitingForResources = 2
    case initializing = 3
    case running = 4
    case succeeded = 5
    case failed = 6
    case aborted = 7
    case timedOut = 8
    case paused = 9
    case recovered = 10

    /// Builds a phase from the integer stored in `actions.phase`; unknown numbers map to `.unspecified`.
    public init(number: Int) {
        self = Phase(rawValue: number) ?? .unspecified
    }

    /// The SDK's lower-case name (`flyte.models.ActionPhase`), used in JSON and filters.
    public var name: String {
        switch self {
        case .unspecified: "unspecified"
        case .queued: "queued"
        case .waitingForResources: "waiting_for_resources"
        case .initializing: "initializing"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .aborted: "aborted"
        case .timedOut: "timed_out"
        case .paused: "paused"
        case .recovered: "recovered"
        }
    }

    /// A one-cell symbol for tables; `ascii` gives a plain-ASCII variant.
    public func symbol(ascii: Bool = false) -> String {
        switch self {
        case .unspecified: ascii ? "?" : "?"
        case .queued: ascii ? "." : "○"
        case .waitingForResources: ascii ? "w" : "◌"
        case .initializing: ascii ? "i" : "◔"
        case .running: ascii ? ">" : "●"
        case .succeeded: ascii ? "+" : "✓"
        case .failed: ascii ? "x" : "✗"
        case .aborted: ascii ? "-" : "⊘"
        case .timedOut: ascii ? "t" : "⧗"
        case .paused: ascii ? "p" : "⏸"
        case .recovered: ascii ? "r" : "↺"
        }
    }

    /// Terminal phases: the run or action will not change any more.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .aborted, .timedOut, .recovered: true
        default: false
        }
    }

    /// Parses a user-typed phase: the SDK name, the proto name (`ACTION_PHASE_FAILED`), or the number.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let n = Int(t), let p = Phase(rawValue: n) { self = p; return }
        let bare = t.hasPrefix("action_phase_") ? String(t.dropFirst("action_phase_".count)) : t
        guard let p = Phase.allCases.first(where: { $0.name == bare || $0.name.replacingOccurrences(of: "_", with: "") == bare })
        else { return nil }
        self = p
    }

    public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }
}

import Foundation
