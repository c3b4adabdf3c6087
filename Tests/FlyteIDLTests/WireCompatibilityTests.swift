import FlyteIDL
import Foundation
import Testing

/// Bytes serialised by the real `flyteidl2` Python package (scripts/fixtures/wire_fixtures.py) decode with flytrap's
/// generated types to the same field values the SDK itself reports (its MessageToDict JSON).
@Suite struct WireCompatibilityTests {
    struct Fixture: Decodable {
        var name: String
        var message: String
        var bytes: Int
    }

    struct Index: Decodable {
        var flyteidl2: String
        var fixtures: [Fixture]
    }

    static let types: [String: any SwiftProtobuf.Message.Type] = [
        "flyteidl2.common.RunIdentifier": Flyteidl2_Common_RunIdentifier.self,
        "flyteidl2.common.ActionIdentifier": Flyteidl2_Common_ActionIdentifier.self,
        "flyteidl2.common.ActionAttemptIdentifier": Flyteidl2_Common_ActionAttemptIdentifier.self,
        "flyteidl2.common.TriggerIdentifier": Flyteidl2_Common_TriggerIdentifier.self,
        "flyteidl2.common.ProjectIdentifier": Flyteidl2_Common_ProjectIdentifier.self,
        "flyteidl2.common.EnrichedIdentity": Flyteidl2_Common_EnrichedIdentity.self,
        "flyteidl2.core.Literal": Flyteidl2_Core_Literal.self,
        "flyteidl2.core.LiteralType": Flyteidl2_Core_LiteralType.self,
        "flyteidl2.core.KeyValuePair": Flyteidl2_Core_KeyValuePair.self,
        "flyteidl2.core.TaskLog": Flyteidl2_Core_TaskLog.self,
        "flyteidl2.core.ExecutionError": Flyteidl2_Core_ExecutionError.self,
        "flyteidl2.core.ContainerError": Flyteidl2_Core_ContainerError.self,
        "flyteidl2.core.ErrorDocument": Flyteidl2_Core_ErrorDocument.self,
        "flyteidl2.task.Inputs": Flyteidl2_Task_Inputs.self,
        "flyteidl2.task.Outputs": Flyteidl2_Task_Outputs.self,
        "flyteidl2.task.NamedLiteral": Flyteidl2_Task_NamedLiteral.self,
        "flyteidl2.task.OutputReferences": Flyteidl2_Task_OutputReferences.self,
        "flyteidl2.task.Labels": Flyteidl2_Task_Labels.self,
        "flyteidl2.task.RunSpec": Flyteidl2_Task_RunSpec.self,
        "flyteidl2.task.TaskSpec": Flyteidl2_Task_TaskSpec.self,
        "flyteidl2.task.TraceSpec": Flyteidl2_Task_TraceSpec.self,
        "flyteidl2.task.TaskIdentifier": Flyteidl2_Task_TaskIdentifier.self,
        "flyteidl2.task.TriggerAutomationSpec": Flyteidl2_Task_TriggerAutomationSpec.self,
        "flyteidl2.workflow.ConditionAction": Flyteidl2_Workflow_ConditionAction.self,
        "flyteidl2.workflow.ErrorInfo": Flyteidl2_Workflow_ErrorInfo.self,
        "flyteidl2.workflow.ClusterEvent": Flyteidl2_Workflow_ClusterEvent.self,
        "flyteidl2.workflow.PhaseTransition": Flyteidl2_Workflow_PhaseTransition.self,
        "flyteidl2.workflow.ActionEvent": Flyteidl2_Workflow_ActionEvent.self,
        "flyteidl2.workflow.ActionSpec": Flyteidl2_Workflow_ActionSpec.self,
        "flyteidl2.workflow.RunInfo": Flyteidl2_Workflow_RunInfo.self,
        "flyteidl2.workflow.ActionAttempt": Flyteidl2_Workflow_ActionAttempt.self,
        "flyteidl2.cacheservice.Metadata": Flyteidl2_Cacheservice_Metadata.self,
    ]

    /// Fields that the SDK set but flytrap's protos do not declare: skipped on decode, kept as unknown fields.
    static let undeclared: [String: [String]] = [
        "unknown_fields_error_info": ["gpu_fault"],
        "unknown_fields_run_spec": ["default_settings"],
    ]

    static func dir() throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("wire")
    }

    static func index() throws -> Index {
        try JSONDecoder().decode(Index.self, from: Data(contentsOf: dir().appendingPathComponent("index.json")))
    }

    static var names: [String] { ((try? index())?.fixtures ?? []).map(\.name) }

    @Test func everyKindIsCovered() throws {
        let idx = try Self.index()
        let kinds = Set(idx.fixtures.map(\.message))
        #expect(Set(Self.types.keys).isSubset(of: kinds), "every message type flytrap decodes has a fixture")
        #expect(idx.fixtures.count >= 50)
        for f in idx.fixtures { #expect(Self.types[f.message] != nil, "no Swift type registered for \(f.message)") }
    }

    @Test(arguments: WireCompatibilityTests.names)
    func decodesLikeTheSDK(name: String) throws {
        let idx = try Self.index()
        let fixture = try #require(idx.fixtures.first { $0.name == name })
        let type = try #require(Self.types[fixture.message])
        let bytes = try Data(contentsOf: Self.dir().appendingPathComponent(name + ".pb"))
        #expect(bytes.count == fixture.bytes)
        let message = try type.init(serializedBytes: bytes)
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        let ours = try JSONSerialization.jsonObject(with: Data(message.jsonString(options: options).utf8), options: [.fragmentsAllowed])
        var theirs = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.dir().appendingPathComponent(name + ".json")), options: [.fragmentsAllowed])
        if let skip = Self.undeclared[name] {
            var d = try #require(theirs as? [String: Any])
            for k in skip {
                #expect(d[k] != nil, "fixture \(name) should set undeclared field \(k)")
                d[k] = nil
            }
            theirs = d
            #expect(!message.unknownFields.data.isEmpty, "undeclared fields are kept as unknown fields")
            // Re-serialising keeps them: the output is as long as the input.
            let again: [UInt8] = try message.serializedBytes()
            #expect(again.count == bytes.count)
        }
        let diff = Self.difference(ours, theirs, path: name)
        #expect(diff == nil, "\(diff ?? "")")
    }

    /// The first place two JSON values differ, or nil. Numbers compare by value; "NaN" strings equal NaN.
    static func difference(_ a: Any, _ b: Any, path: String) -> String? {
        switch (a, b) {
        case (let x as [String: Any], let y as [String: Any]):
            for k in Set(x.keys).union(y.keys).sorted() {
                guard let xv = x[k] else { return "\(path).\(k): missing in flytrap's decoding" }
                guard let yv = y[k] else { return "\(path).\(k): flytrap decoded a field the SDK did not set" }
                if let d = difference(xv, yv, path: "\(path).\(k)") { return d }
            }
            return nil
        case (let x as [Any], let y as [Any]):
            guard x.count == y.count else { return "\(path): \(x.count) items vs \(y.count)" }
            for (i, (xv, yv)) in zip(x, y).enumerated() { if let d = difference(xv, yv, path: "\(path)[\(i)]") { return d } }
            return nil
        case (let x as String, let y as String):
            return x == y ? nil : "\(path): \(x.debugDescription) vs \(y.debugDescription)"
        case (let x as NSNumber, let y as NSNumber):
            return x.doubleValue == y.doubleValue || (x.doubleValue.isNaN && y.doubleValue.isNaN) ? nil : "\(path): \(x) vs \(y)"
        case (is NSNull, is NSNull):
            return nil
        default:
            return "\(path): \(a) vs \(b)"
        }
    }
}
