/// Identifiers of runs, actions and attempts in a Flyte 2 control plane.
///
/// A run is its root action (named `a0`); child actions point at their parent by name only and
/// always share the run's identifier.
public struct RunID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var project: String
    public var domain: String
    public var name: String

    public init(project: String, domain: String, name: String) {
        self.project = project
        self.domain = domain
        self.name = name
    }

    public var description: String { "\(project)/\(domain)/\(name)" }
}

/// One action of a run, by run and action name.
public struct ActionID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var run: RunID
    public var name: String

    public init(run: RunID, name: String) {
        self.run = run
        self.name = name
    }

    /// The name Flyte gives every run's root action.
    public static let rootName = "a0"

    public var isRoot: Bool { name == Self.rootName }
    public var description: String { "\(run)/\(name)" }
}

/// A project as the control plane lists it.
public struct Project: Hashable, Sendable, Codable {
    public enum State: Int, Sendable, Codable {
        case active = 0, archived = 1, systemGenerated = 2
        public var word: String {
            switch self {
            case .active: "active"
            case .archived: "archived"
            case .systemGenerated: "system"
            }
        }
    }

    public var id: String
    public var name: String
    public var description: String
    public var labels: [String: String]
    public var state: State
    public var createdAt: Date?

    public init(id: String, name: String, description: String, labels: [String: String], state: State, createdAt: Date?) {
        self.id = id
        self.name = name
        self.description = description
        self.labels = labels
        self.state = state
        self.createdAt = createdAt
    }
}

import Foundation
