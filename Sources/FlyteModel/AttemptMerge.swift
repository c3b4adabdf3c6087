import Foundation
import FlyteIDL
import SwiftProtobuf

/// Merges an action's `action_events` rows into attempts exactly as Flyte's run service does
/// (`getAttempts` / `mergeEvents` in the runs service):
///
/// - events are grouped by attempt and ordered by `reported_time`, falling back to `updated_time`;
/// - the attempt's phase, outputs, error, cache status and cluster come from the earliest terminal event
///   (the server walks from newest to oldest and keeps the last terminal one it meets), else the newest event;
/// - `report_uri` is the newest non-empty one; log links are de-duplicated by name (newest wins), sorted by name;
/// - start is the first event's `updated_time`, end the chosen terminal event's (never before start);
/// - phase transitions list each phase once, in order, closing at the first terminal phase.
public enum AttemptMerge {
    /// Merges events of one action into attempts sorted by attempt number.
    public static func attempts(from events: [Flyteidl2_Workflow_ActionEvent]) -> [Attempt] {
        var byAttempt: [UInt32: [Flyteidl2_Workflow_ActionEvent]] = [:]
        for e in events { byAttempt[e.attempt, default: []].append(e) }
        return byAttempt.keys.sorted().map { merge(attempt: $0, events: byAttempt[$0] ?? []) }
    }

    static func isTerminal(_ p: Flyteidl2_Common_ActionPhase) -> Bool {
        Phase(number: p.rawValue).isTerminal
    }

    /// Merges the events of one attempt.
    public static func merge(attempt: UInt32, events unsorted: [Flyteidl2_Workflow_ActionEvent]) -> Attempt {
        let events = stableSorted(unsorted) { a, b in
            if a.hasReportedTime && b.hasReportedTime { return a.reportedTime.date < b.reportedTime.date }
            return a.updatedTime.date < b.updatedTime.date
        }
        guard var last = events.last else {
            return Attempt(number: Int(attempt), phase: .unspecified, start: nil, end: nil, outputURI: nil, reportURI: nil,
                           error: nil, logs: [], cacheStatus: .disabled, clusterEvents: [], phaseTransitions: [],
                           cluster: nil, logsAvailable: false, cacheSource: nil)
        }
        var logs: [String: Flyteidl2_Core_TaskLog] = [:]
        var reportURI = ""
        var logsAvailable = false
        for e in events.reversed() {
            if e.hasLogContext && !logsAvailable { logsAvailable = true }
            for l in e.logInfo where logs[l.name] == nil { logs[l.name] = l }
            if reportURI.isEmpty && !e.outputs.reportUri.isEmpty { reportURI = e.outputs.reportUri }
            if isTerminal(e.phase) { last = e }
        }
        let start = events[0].hasUpdatedTime ? events[0].updatedTime.date : nil
        var end: Date? = isTerminal(last.phase) && last.hasUpdatedTime ? last.updatedTime.date : nil
        if let s = start, let e = end, s > e { end = s }

        var transitions: [PhaseSpan] = []
        var seen = Set<Int>()
        for e in events where !seen.contains(e.phase.rawValue) {
            let t = e.hasUpdatedTime ? e.updatedTime.date : nil
            if !transitions.isEmpty { transitions[transitions.count - 1].end = t }
            transitions.append(PhaseSpan(phase: Phase(number: e.phase.rawValue), start: t, end: nil))
            if isTerminal(e.phase) {
                transitions[transitions.count - 1].end = t
                break
            }
            seen.insert(e.phase.rawValue)
        }

        let err: ErrorSummary? = last.hasErrorInfo
            ? ErrorSummary(kind: ErrorKind(rawValue: last.errorInfo.kind.rawValue) ?? .unspecified,
                           message: last.errorInfo.message,
                           code: last.errorInfo.code.isEmpty ? nil : last.errorInfo.code)
            : nil
        var source: String? = nil
        if last.hasCacheMetadata {
            let a = last.cacheMetadata.sourceActionAttempt
            source = "\(a.actionID.run.project)/\(a.actionID.run.domain)/\(a.actionID.run.name)/\(a.actionID.name)#\(a.attempt)"
        }
        return Attempt(
            number: Int(attempt), phase: Phase(number: last.phase.rawValue), start: start, end: end,
            outputURI: last.outputs.outputUri.isEmpty ? nil : last.outputs.outputUri,
            reportURI: reportURI.isEmpty ? nil : reportURI,
            error: err,
            logs: logs.values.sorted { $0.name < $1.name }.map { LogLink(name: $0.name, uri: $0.uri) },
            cacheStatus: CacheStatus(number: last.cacheStatus.rawValue),
            clusterEvents: events.flatMap(\.clusterEvents).map {
                ClusterEventRecord(occurredAt: $0.hasOccurredAt ? $0.occurredAt.date : nil, message: $0.message,
                                   reason: $0.reason, warning: $0.type == .warning)
            },
            phaseTransitions: transitions,
            cluster: last.cluster.isEmpty ? nil : last.cluster,
            logsAvailable: logsAvailable,
            cacheSource: source
        )
    }

    /// Go's `sort.SliceStable`: a stable sort by a strict ordering.
    static func stableSorted<T>(_ xs: [T], by less: (T, T) -> Bool) -> [T] {
        xs.enumerated().sorted { a, b in
            if less(a.element, b.element) { return true }
            if less(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element)
    }
}
