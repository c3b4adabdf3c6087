import FlyteIDL
import Foundation
import Testing
@testable import FlyteModel

/// The attempt merge follows the run service's rules (see AttemptMerge's doc comment); each expectation below
/// is worked out by hand from those rules, not read back from the implementation.
@Suite struct AttemptMergeTests {
    func event(attempt: UInt32, phase: Flyteidl2_Common_ActionPhase, updated: Int64, reported: Int64? = nil,
               output: String = "", report: String = "", logs: [(String, String)] = [], error: String? = nil) -> Flyteidl2_Workflow_ActionEvent {
        var e = Flyteidl2_Workflow_ActionEvent()
        e.attempt = attempt
        e.phase = phase
        e.updatedTime = Google_Protobuf_Timestamp(seconds: updated, nanos: 0)
        if let r = reported { e.reportedTime = Google_Protobuf_Timestamp(seconds: r, nanos: 0) }
        e.outputs.outputUri = output
        e.outputs.reportUri = report
        e.logInfo = logs.map { var l = Flyteidl2_Core_TaskLog(); l.name = $0.0; l.uri = $0.1; return l }
        if let m = error { e.errorInfo.message = m; e.errorInfo.kind = .user }
        return e
    }

    @Test func groupsByAttemptAndSortsAttempts() {
        let a = AttemptMerge.attempts(from: [
            event(attempt: 2, phase: .running, updated: 50),
            event(attempt: 1, phase: .queued, updated: 10),
            event(attempt: 1, phase: .failed, updated: 30, error: "boom"),
            event(attempt: 2, phase: .queued, updated: 40),
        ])
        #expect(a.map(\.number) == [1, 2])
        #expect(a[0].phase == .failed)
        #expect(a[0].error?.message == "boom")
        #expect(a[1].phase == .running)
        #expect(a[1].end == nil, "a live attempt has no end")
    }

    @Test func ordersByReportedTimeThenUpdatedTime() {
        // Stored out of order; reported times put RUNNING before SUCCEEDED although updated times say otherwise.
        let a = AttemptMerge.merge(attempt: 1, events: [
            event(attempt: 1, phase: .succeeded, updated: 10, reported: 200, output: "s3://b/o.pb"),
            event(attempt: 1, phase: .running, updated: 20, reported: 100),
        ])
        #expect(a.phase == .succeeded)
        #expect(a.start == Date(timeIntervalSince1970: 20), "start is the first event's updated time")
        // end (10) would be before start (20): clamped to start.
        #expect(a.end == Date(timeIntervalSince1970: 20))
        #expect(a.outputURI == "s3://b/o.pb")
    }

    @Test func takesTheEarliestTerminalEventAndTheNewestReport() {
        // Two terminal events: the server walks newest→oldest and keeps the last terminal one it meets (the earliest).
        let a = AttemptMerge.merge(attempt: 1, events: [
            event(attempt: 1, phase: .queued, updated: 1, report: ""),
            event(attempt: 1, phase: .failed, updated: 5, output: "first", report: "r-old", error: "first failure"),
            event(attempt: 1, phase: .aborted, updated: 9, output: "second", report: "r-new"),
        ])
        #expect(a.phase == .failed)
        #expect(a.outputURI == "first")
        #expect(a.error?.message == "first failure")
        #expect(a.reportURI == "r-new", "the newest non-empty report URI wins")
        #expect(a.end == Date(timeIntervalSince1970: 5))
    }

    @Test func dedupesLogsByNameNewestFirstSortedByName() {
        let a = AttemptMerge.merge(attempt: 1, events: [
            event(attempt: 1, phase: .running, updated: 1, logs: [("zeta", "old-z"), ("alpha", "old-a")]),
            event(attempt: 1, phase: .succeeded, updated: 2, logs: [("zeta", "new-z")]),
        ])
        #expect(a.logs.map(\.name) == ["alpha", "zeta"])
        #expect(a.logs.map(\.uri) == ["old-a", "new-z"])
    }

    @Test func phaseTransitionsStopAtTheFirstTerminalPhase() {
        let a = AttemptMerge.merge(attempt: 1, events: [
            event(attempt: 1, phase: .queued, updated: 0),
            event(attempt: 1, phase: .initializing, updated: 3),
            event(attempt: 1, phase: .running, updated: 10),
            event(attempt: 1, phase: .running, updated: 11),
            event(attempt: 1, phase: .succeeded, updated: 70),
            event(attempt: 1, phase: .failed, updated: 80),
        ])
        #expect(a.phaseTransitions.map(\.phase) == [.queued, .initializing, .running, .succeeded])
        #expect(a.phaseTransitions[2].start == Date(timeIntervalSince1970: 10))
        #expect(a.phaseTransitions[2].end == Date(timeIntervalSince1970: 70))
        #expect(a.phaseTransitions[3].end == Date(timeIntervalSince1970: 70))
    }

    @Test func noEventsMeansNoAttempts() {
        #expect(AttemptMerge.attempts(from: []).isEmpty)
    }
}
