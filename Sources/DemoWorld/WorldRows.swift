import FlyteModel
import Foundation

/// One `actions` row of the demo world.
public struct ActionRow: Sendable {
    public var run: RunID
    public var name: String
    public var parent: String?
    public var group: String?
    public var kind: ActionKind
    public var phase: Phase
    public var taskName: String?
    public var taskVersion: String?
    public var taskType: String
    public var shortName: String?
    public var functionName: String
    public var environment: String?
    public var actionSpec: [UInt8]
    public var detailedInfo: [UInt8]
    public var runSpec: [UInt8]?
    public var abortReason: String?
    public var abortRequestedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var endedAt: Date?
    public var attempts: Int
    public var cacheStatus: CacheStatus
    public var source: RunSource
    public var trigger: TriggerRef?
    public var createdBy: [UInt8]?
    public var createdBySubject: String?

    public var durationMs: Int64? { endedAt.map { Int64(($0.timeIntervalSince(createdAt) * 1000).rounded()) } }
}

/// One `action_events` row.
public struct EventRow: Sendable {
    public var run: RunID
    public var action: String
    public var attempt: Int
    public var phase: Phase
    public var version: Int
    public var info: [UInt8]
    public var errorKind: String?
    public var at: Date
}

/// What an object in the bucket is, for the purge manifest and the audit.
public enum ObjectKind: String, Sendable, Codable, CaseIterable {
    case inputs, outputs, report, error, checkpoint, offloadedData = "offloaded_data"
    case offloadedLiteral = "offloaded_literal", traceOutputs = "trace_outputs"
}

/// One object the world writes to the bucket, with the simulated time it was written.
public struct ObjectRow: Sendable {
    public var uri: String
    public var bytes: [UInt8]
    public var writtenAt: Date
    public var kind: ObjectKind
    public var run: RunID
    public var action: String
    public var attempt: Int?
    /// Written by several runs under one key (content-addressed uploads, an external feed): the newest copy is
    /// the object's age, and a purge of an older copy does not remove it.
    public var shared = false
}

/// One `cache_service_outputs` row.
public struct CacheRow: Sendable {
    public var key: String
    public var outputURI: String
    public var metadata: [UInt8]
    public var at: Date
}

/// Receives the rows and objects of the world as the planner makes them, run by run.
public protocol WorldSink {
    mutating func action(_ row: ActionRow) throws
    mutating func event(_ row: EventRow) throws
    mutating func object(_ row: ObjectRow) throws
    mutating func cache(_ row: CacheRow) throws
}
