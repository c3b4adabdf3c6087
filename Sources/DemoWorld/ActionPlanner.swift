import FlyteIDL
import FlyteModel
import Foundation

/// How one attempt of a task ends (or where it is now, for live attempts).
struct AttemptPlan {
    enum End {
        case succeeded
        case failed(code: String, message: String, kind: ErrorKind, recoverable: Bool)
        case timedOut
        case aborted
        case running, initializing, queued
    }

    var end: End
    var queued: Double = 4
    var initializing: Double = 9
    var runtime: Double

    var isTerminal: Bool {
        switch end {
        case .running, .initializing, .queued: false
        default: true
        }
    }

    var phase: Phase {
        switch end {
        case .succeeded: .succeeded
        case .failed: .failed
        case .timedOut: .timedOut
        case .aborted: .aborted
        case .running: .running
        case .initializing: .initializing
        case .queued: .queued
        }
    }
}

/// The identity and shared settings of the run being planned.
struct RunContext {
    let id: RunID
    let layout: FlyteLayout
    let now: Date
    let metadataOnly: Bool
    let runSpec: Flyteidl2_Task_RunSpec

    var outputBase: String { layout.runOutputBase(project: id.project, domain: id.domain, run: id.name) }
}

/// What a finished task action left behind, for the parent to wire into its own outputs.
struct TaskResult {
    var name: String
    var end: Date
    var phase: Phase
    var outputsURI: String?
    var attemptPrefix: String
    /// Output name → the URI of the file, folder or dataframe it holds, exactly as outputs.pb records it (for a
    /// cache hit: where the cached run wrote it). Downstream inputs reference these, as Flyte passes them on.
    var offloaded: [String: String] = [:]

    /// The offloaded URI of output `name`.
    func uri(_ name: String) -> String? { offloaded[name] }

    /// The blob, dataframe and schema URIs of named literals.
    static func offloadedURIs(_ literals: [(String, Flyteidl2_Core_Literal)]) -> [String: String] {
        var out: [String: String] = [:]
        for (name, l) in literals {
            let s = l.scalar
            let u = !s.blob.uri.isEmpty ? s.blob.uri : !s.structuredDataset.uri.isEmpty ? s.structuredDataset.uri : s.schema.uri
            if !u.isEmpty { out[name] = u }
        }
        return out
    }
}

/// Builds actions (tasks, traces, conditions) with their events and bucket objects, exactly where Flyte puts them.
struct ActionPlanner {
    var rng: SeededRandom
    /// Cache key → (outputs.pb URI, source attempt), across runs, so later runs hit the cache.
    var cacheIndex: [String: (uri: String, source: Flyteidl2_Common_ActionAttemptIdentifier, bytes: [UInt8])] = [:]

    /// Task specs by task/version/project/domain: built and serialised once, not per action.
    var specs: [String: (spec: Flyteidl2_Task_TaskSpec, digest: String)] = [:]

    mutating func spec(_ def: TaskDef, _ run: RunID) -> (spec: Flyteidl2_Task_TaskSpec, digest: String) {
        let k = "\(def.name)@\(def.version)/\(run.project)/\(run.domain)"
        if let s = specs[k] { return s }
        let s = (def.spec(project: run.project, domain: run.domain), def.digest(project: run.project, domain: run.domain))
        specs[k] = s
        return s
    }

    mutating func childName() -> String { rng.string("0123456789abcdefghijklmnopqrstuvwxyz", count: 20) }

    static func ts(_ d: Date) -> Google_Protobuf_Timestamp { Google_Protobuf_Timestamp(date: d) }

    static func actionID(_ run: RunID, _ name: String) -> Flyteidl2_Common_ActionIdentifier {
        var a = Flyteidl2_Common_ActionIdentifier()
        a.run.project = run.project
        a.run.domain = run.domain
        a.run.name = run.name
        a.name = name
        return a
    }

    static func bytes<M: SwiftProtobuf.Message>(_ m: M) -> [UInt8] { ProtoBytes.of(m) }

    static func cacheKey(_ def: TaskDef, inputs: [UInt8]) -> String {
        let h = { (s: String) in String(format: "%08x", FlyteLayout.fnv32a(s)) }
        let iface = def.inputs.map(\.0).joined(separator: ",") + "->" + def.outputs.map(\.0).joined(separator: ",")
        return "\(h(def.name))-\(h(iface))-\(String(format: "%016llx", FlyteLayout.fnv64a(inputs)))-1"
    }

    // MARK: tasks

    /// Plans a task action: inputs.pb, one or more attempts (events, outputs.pb, report.html, error.pb,
    /// checkpoints, offloaded data), and the `actions` row. `outputs` builds the outputs for an attempt prefix.
    mutating func task<S: WorldSink>(
        _ def: TaskDef, ctx: RunContext, name: String, parent: String?, group: String?, start: Date,
        attempts plans: [AttemptPlan], inputs: [(String, Flyteidl2_Core_Literal)],
        outputs: (inout SeededRandom, String) -> (literals: [(String, Flyteidl2_Core_Literal)], objects: [(String, [UInt8], ObjectKind)]),
        checkpoints: Bool = false, deck: ((inout SeededRandom) -> String)? = nil,
        root: (source: RunSource, trigger: TriggerRef?, user: String, abortReason: String?)? = nil,
        sink: inout S
    ) throws -> TaskResult {
        let run = ctx.id
        let inputBytes = Lit.inputsBytes(inputs)
        let inputsURI = parent == nil
            ? ctx.layout.offloadedInputs(project: run.project, domain: run.domain, inputs: inputBytes)
            : ctx.layout.childInputs(project: run.project, domain: run.domain, run: run.name, action: name)
        let wroteInputsAt = start.addingTimeInterval(parent == nil ? -3 : -0.5)
        if !ctx.metadataOnly {
            try sink.object(ObjectRow(uri: inputsURI, bytes: inputBytes, writtenAt: wroteInputsAt, kind: .inputs, run: run, action: name, attempt: nil,
                                      shared: parent == nil))
        }

        // Cache: a cacheable task with inputs seen before reuses the cached outputs (a hit, one short attempt).
        let key = def.cacheable ? Self.cacheKey(def, inputs: inputBytes) : nil
        let hit = key.flatMap { cacheIndex[$0] }
        var plans = plans
        if hit != nil, let last = plans.last, case .succeeded = last.end {
            plans = [AttemptPlan(end: .succeeded, queued: 0.3, initializing: 0, runtime: 0.2)]
        }

        var t = start
        var offloaded: [String: String] = [:]
        var result = TaskResult(name: name, end: start, phase: .queued, outputsURI: nil, attemptPrefix: "")
        var finalCache: CacheStatus = def.cacheable ? .miss : .disabled
        for (i, plan) in plans.enumerated() {
            let attempt = i + 1
            let prefix = ctx.layout.attemptPrefix(project: run.project, domain: run.domain, run: run.name, action: name, attempt: attempt)
            let outURI = prefix + "/outputs.pb"
            let reportURI = prefix + "/report.html"
            let tInit = t.addingTimeInterval(plan.queued)
            let tRun = tInit.addingTimeInterval(plan.initializing)
            let tEnd = plan.isTerminal ? tRun.addingTimeInterval(plan.runtime) : ctx.now
            var phases: [(Phase, Date)] = [(.queued, t)]
            switch plan.end {
            case .queued: break
            case .initializing: phases.append((.initializing, tInit))
            case .running: phases += [(.initializing, tInit), (.running, tRun)]
            default:
                if hit == nil { phases += [(.initializing, tInit), (.running, tRun)] }
                phases.append((plan.phase, tEnd))
            }
            let isHit = hit != nil && plans.count == 1 && plan.phase == .succeeded
            let cacheStatus: CacheStatus = isHit ? .hit : (def.cacheable ? (plan.phase == .succeeded ? .populated : .miss) : .disabled)
            for (phase, at) in phases {
                var e = Flyteidl2_Workflow_ActionEvent()
                e.id = Self.actionID(run, name)
                e.attempt = UInt32(attempt)
                e.phase = Flyteidl2_Common_ActionPhase(rawValue: phase.rawValue) ?? .unspecified
                e.version = 0
                e.updatedTime = Self.ts(at)
                e.reportedTime = Self.ts(at.addingTimeInterval(0.05))
                e.cluster = "demo-cluster"
                e.outputs.outputUri = outURI
                e.outputs.reportUri = reportURI
                if phase == .initializing {
                    var ev = Flyteidl2_Workflow_ClusterEvent()
                    ev.occurredAt = Self.ts(at)
                    ev.type = .normal
                    ev.reason = "Scheduled"
                    ev.message = "Successfully assigned flyte/\(run.name)-\(name) to node gpu-pool-\(rng.int(1...9))"
                    var pull = Flyteidl2_Workflow_ClusterEvent()
                    pull.occurredAt = Self.ts(at.addingTimeInterval(2))
                    pull.type = .normal
                    pull.reason = "Pulled"
                    pull.message = "Container image \"\(def.image)\" already present on machine"
                    e.clusterEvents = [ev, pull]
                }
                if phase == .running || phase.isTerminal, !isHit {
                    var log = Flyteidl2_Core_TaskLog()
                    log.name = "Kubernetes Logs (User)"
                    log.uri = "https://k8s.demo.example/#/log/flyte/\(run.name)-\(name)-\(attempt)/pod?namespace=flyte"
                    e.logInfo = [log]
                    var pod = Flyteidl2_Core_PodLogContext()
                    pod.namespace = "flyte"
                    pod.podName = "\(run.name)-\(name)-\(attempt)"
                    pod.primaryContainerName = "primary"
                    e.logContext.pods = [pod]
                    e.logContext.primaryPodName = pod.podName
                }
                var errorKind: String? = nil
                if phase.isTerminal {
                    e.cacheStatus = Flyteidl2_Core_CatalogCacheStatus(rawValue: cacheStatus.rawValue) ?? .cacheDisabled
                    if isHit, let h = hit { e.cacheMetadata.sourceActionAttempt = h.source }
                    if case .failed(let code, let message, let kind, _) = plan.end {
                        e.errorInfo.message = message
                        e.errorInfo.kind = kind == .user ? .user : .system
                        e.errorInfo.code = code
                        errorKind = kind == .user ? "KIND_USER" : "KIND_SYSTEM"
                    }
                    if case .timedOut = plan.end {
                        e.errorInfo.message = "task exceeded its timeout of 1h0m0s"
                        e.errorInfo.kind = .system
                        e.errorInfo.code = "Timeout"
                        errorKind = "KIND_SYSTEM"
                    }
                }
                try sink.event(EventRow(run: run, action: name, attempt: attempt, phase: phase, version: 0,
                                        info: Self.bytes(e), errorKind: errorKind, at: at))
            }

            // Objects this attempt wrote.
            if !ctx.metadataOnly {
                let reachedRun = phases.contains { $0.0 == .running }
                if checkpoints && reachedRun {
                    let epochs = max(1, Int((tEnd.timeIntervalSince(tRun)) / 600))
                    for ep in 0..<min(epochs, 4) {
                        let at = tRun.addingTimeInterval(Double(ep + 1) * min(600, max(30, tEnd.timeIntervalSince(tRun) / 4)))
                        try sink.object(ObjectRow(uri: "\(prefix)/_flytecheckpoints/epoch_\(ep + 1).pt",
                                                  bytes: Array("ckpt epoch \(ep + 1) of \(run.name)/\(name)".utf8) + [UInt8](repeating: 7, count: 512),
                                                  writtenAt: min(at, tEnd), kind: .checkpoint, run: run, action: name, attempt: attempt))
                    }
                }
                if plan.phase == .succeeded {
                    var outBytes: [UInt8]
                    if isHit, let h = hit {
                        outBytes = h.bytes  // the executor copies the cached outputs into this attempt
                        if let o = try? Flyteidl2_Task_Outputs(serializedBytes: h.bytes) { offloaded = TaskResult.offloadedURIs(o.literals.map { ($0.name, $0.value) }) }
                    } else {
                        let (lits, objects) = outputs(&rng, prefix)
                        offloaded = TaskResult.offloadedURIs(lits)
                        for (uri, b, kind) in objects {
                            try sink.object(ObjectRow(uri: uri, bytes: b, writtenAt: tEnd.addingTimeInterval(-1), kind: kind, run: run, action: name, attempt: attempt))
                        }
                        outBytes = Lit.outputsBytes(lits)
                    }
                    try sink.object(ObjectRow(uri: outURI, bytes: outBytes, writtenAt: tEnd, kind: .outputs, run: run, action: name, attempt: attempt))
                    if let k = key, hit == nil {
                        var src = Flyteidl2_Common_ActionAttemptIdentifier()
                        src.actionID = Self.actionID(run, name)
                        src.attempt = UInt32(attempt)
                        cacheIndex[k] = (outURI, src, outBytes)
                        var md = Flyteidl2_Cacheservice_Metadata()
                        md.sourceIdentifier.resourceType = .task
                        md.sourceIdentifier.project = run.project
                        md.sourceIdentifier.domain = run.domain
                        md.sourceIdentifier.name = def.name
                        md.sourceIdentifier.version = def.version
                        md.keyMap.values = ["task-version": def.version, "execution-name": run.name, "exec-domain": run.domain,
                                            "exec-project": run.project, "exec-node": name, "exec-attempt": String(attempt)]
                        md.createdAt = Self.ts(tEnd)
                        md.lastUpdatedAt = Self.ts(tEnd)
                        try sink.cache(CacheRow(key: k, outputURI: outURI, metadata: Self.bytes(md), at: tEnd))
                    }
                }
                if case .failed(let code, let message, let kind, let recoverable) = plan.end, kind == .user {
                    var doc = Flyteidl2_Core_ErrorDocument()
                    doc.error.code = code
                    doc.error.message = message
                    doc.error.kind = recoverable ? .recoverable : .nonRecoverable
                    doc.error.origin = .user
                    try sink.object(ObjectRow(uri: prefix + "/error.pb", bytes: Self.bytes(doc), writtenAt: tEnd, kind: .error, run: run, action: name, attempt: attempt))
                }
                if def.report, plan.isTerminal, !isHit, reachedRun, let deck {
                    try sink.object(ObjectRow(uri: reportURI, bytes: Array(deck(&rng).utf8), writtenAt: tEnd, kind: .report, run: run, action: name, attempt: attempt))
                }
            } else if let k = key, hit == nil, plan.phase == .succeeded {
                var src = Flyteidl2_Common_ActionAttemptIdentifier()
                src.actionID = Self.actionID(run, name)
                src.attempt = UInt32(attempt)
                cacheIndex[k] = (outURI, src, [])
                try sink.cache(CacheRow(key: k, outputURI: outURI, metadata: [], at: tEnd))
            }
            finalCache = cacheStatus
            result = TaskResult(name: name, end: tEnd, phase: plan.phase, outputsURI: plan.phase == .succeeded ? outURI : nil, attemptPrefix: prefix,
                                offloaded: plan.phase == .succeeded ? offloaded : [:])
            t = tEnd.addingTimeInterval(2 + Double(attempt) * 3)
        }

        // The actions row.
        var spec = Flyteidl2_Workflow_ActionSpec()
        spec.actionID = Self.actionID(run, name)
        if let p = parent { spec.parentActionName = p }
        spec.inputUri = inputsURI
        spec.runOutputBase = ctx.outputBase
        var ta = Flyteidl2_Workflow_TaskAction()
        ta.id.project = run.project
        ta.id.domain = run.domain
        ta.id.name = def.name
        ta.id.version = def.version
        let cached = self.spec(def, run)
        ta.spec = cached.spec
        if let k = key { ta.cacheKey = Google_Protobuf_StringValue(k) }
        spec.task = ta
        if let g = group { spec.group = g }
        if parent == nil { spec.runSpec = ctx.runSpec }
        var info = Flyteidl2_Workflow_RunInfo()
        info.taskSpecDigest = cached.digest
        info.inputsUri = inputsURI
        let phase = plans.last?.phase ?? .queued
        let ended: Date? = phase.isTerminal ? result.end : nil
        var row = ActionRow(
            run: run, name: name, parent: parent, group: group, kind: .task, phase: phase, taskName: def.name,
            taskVersion: def.version, taskType: def.type, shortName: def.shortName, functionName: def.name,
            environment: def.environment, actionSpec: Self.bytes(spec), detailedInfo: Self.bytes(info), runSpec: nil,
            abortReason: nil, abortRequestedAt: nil, createdAt: start, updatedAt: ended ?? max(result.end, start),
            endedAt: ended, attempts: plans.count, cacheStatus: finalCache, source: .unspecified, trigger: nil,
            createdBy: nil, createdBySubject: nil)
        if let r = root {
            row.runSpec = Self.bytes(ctx.runSpec)
            row.source = r.source
            row.trigger = r.trigger
            var who = Flyteidl2_Common_EnrichedIdentity()
            if r.source == .scheduleTrigger {
                who.application.id.subject = "flyte-scheduler"
                who.application.spec.name = "flyte-scheduler"
                row.createdBySubject = "flyte-scheduler"
            } else {
                who.user.id.subject = r.user
                who.user.spec.email = "\(r.user)@acme.example"
                row.createdBySubject = r.user
            }
            row.createdBy = Self.bytes(who)
            if let reason = r.abortReason {
                row.abortReason = reason
                row.abortRequestedAt = result.end.addingTimeInterval(-1)
            }
        }
        if phase == .aborted, row.abortReason == nil { row.abortReason = "parent action aborted" }
        try sink.action(row)
        return result
    }

    // MARK: traces

    /// Plans a trace (a `@trace` call recorded by its task): inputs.pb and outputs.pb under the run output base.
    mutating func trace<S: WorldSink>(
        ctx: RunContext, name traceName: String, parent: String, start: Date, duration: Double,
        inputs: [(String, Flyteidl2_Core_Literal)], outputs: [(String, Flyteidl2_Core_Literal)], sink: inout S
    ) throws -> Date {
        let run = ctx.id
        let name = childName()
        let end = start.addingTimeInterval(duration)
        let inURI = ctx.layout.childInputs(project: run.project, domain: run.domain, run: run.name, action: name)
        let outURI = ctx.layout.traceOutputs(project: run.project, domain: run.domain, run: run.name, action: name)
        if !ctx.metadataOnly {
            try sink.object(ObjectRow(uri: inURI, bytes: Lit.inputsBytes(inputs), writtenAt: start, kind: .inputs, run: run, action: name, attempt: nil))
            try sink.object(ObjectRow(uri: outURI, bytes: Lit.outputsBytes(outputs), writtenAt: end, kind: .traceOutputs, run: run, action: name, attempt: nil))
        }
        var spec = Flyteidl2_Workflow_ActionSpec()
        spec.actionID = Self.actionID(run, name)
        spec.parentActionName = parent
        spec.inputUri = inURI
        spec.runOutputBase = ctx.outputBase
        var tr = Flyteidl2_Workflow_TraceAction()
        tr.name = traceName
        tr.phase = .succeeded
        tr.startTime = Self.ts(start)
        tr.endTime = Self.ts(end)
        tr.outputs.outputUri = outURI
        tr.spec.interface.inputs.variables = inputs.map { var e = Flyteidl2_Core_VariableEntry(); e.key = $0.0; e.value.type = LitType.simple(.string); return e }
        spec.trace = tr
        var info = Flyteidl2_Workflow_RunInfo()
        info.inputsUri = inURI
        info.outputsUri = outURI
        try sink.action(ActionRow(
            run: run, name: name, parent: parent, group: nil, kind: .trace, phase: .succeeded, taskName: traceName,
            taskVersion: nil, taskType: "trace", shortName: traceName, functionName: traceName, environment: nil,
            actionSpec: Self.bytes(spec), detailedInfo: Self.bytes(info), runSpec: nil, abortReason: nil, abortRequestedAt: nil,
            createdAt: start, updatedAt: end, endedAt: end, attempts: 1, cacheStatus: .disabled, source: .unspecified,
            trigger: nil, createdBy: nil, createdBySubject: nil))
        return end
    }

    // MARK: conditions

    /// Plans a condition (a human approval): paused until signalled; the signalled value is stored inline in
    /// `RunInfo.output`, never in an outputs.pb.
    mutating func condition<S: WorldSink>(
        ctx: RunContext, name condName: String, parent: String, start: Date, prompt: String,
        signalled: (value: Flyteidl2_Core_Literal, at: Date, by: String)?, aborted: Date? = nil, sink: inout S
    ) throws -> (name: String, end: Date?) {
        let run = ctx.id
        let name = childName()
        let inURI = ctx.layout.childInputs(project: run.project, domain: run.domain, run: run.name, action: name)
        if !ctx.metadataOnly {
            try sink.object(ObjectRow(uri: inURI, bytes: Lit.inputsBytes([("prompt", Lit.str(prompt))]), writtenAt: start, kind: .inputs, run: run, action: name, attempt: nil))
        }
        var cond = Flyteidl2_Workflow_ConditionAction()
        cond.name = condName
        cond.type = LitType.simple(.boolean)
        cond.prompt = prompt
        cond.promptType = .text
        var timeout = Google_Protobuf_Duration()
        timeout.seconds = 7 * 86400
        cond.timeout = timeout
        var spec = Flyteidl2_Workflow_ActionSpec()
        spec.actionID = Self.actionID(run, name)
        spec.parentActionName = parent
        spec.inputUri = inURI
        spec.runOutputBase = ctx.outputBase
        spec.condition = cond
        var info = Flyteidl2_Workflow_RunInfo()
        info.inputsUri = inURI
        info.condition = cond
        var phases: [(Phase, Date)] = [(.queued, start), (.paused, start.addingTimeInterval(1))]
        var end: Date? = nil
        var phase = Phase.paused
        if let s = signalled {
            info.output = s.value
            info.principal.user.id.subject = s.by
            info.principal.user.spec.email = "\(s.by)@acme.example"
            phases.append((.succeeded, s.at))
            end = s.at
            phase = .succeeded
        } else if let a = aborted {
            phases.append((.aborted, a))
            end = a
            phase = .aborted
        }
        for (phaseValue, at) in phases {
            var e = Flyteidl2_Workflow_ActionEvent()
            e.id = Self.actionID(run, name)
            e.attempt = 1
            e.phase = Flyteidl2_Common_ActionPhase(rawValue: phaseValue.rawValue) ?? .unspecified
            e.updatedTime = Self.ts(at)
            e.reportedTime = Self.ts(at)
            try sink.event(EventRow(run: run, action: name, attempt: 1, phase: phaseValue, version: 0, info: Self.bytes(e), errorKind: nil, at: at))
        }
        try sink.action(ActionRow(
            run: run, name: name, parent: parent, group: nil, kind: .condition, phase: phase, taskName: condName,
            taskVersion: nil, taskType: "condition", shortName: condName, functionName: condName, environment: nil,
            actionSpec: Self.bytes(spec), detailedInfo: Self.bytes(info), runSpec: nil,
            abortReason: phase == .aborted ? "parent action aborted" : nil, abortRequestedAt: nil,
            createdAt: start, updatedAt: end ?? start.addingTimeInterval(1), endedAt: end, attempts: 1,
            cacheStatus: .disabled, source: .unspecified, trigger: nil, createdBy: nil, createdBySubject: nil))
        return (name, end)
    }
}
