import FlyteModel
import Foundation

/// Concludes what a run's lost objects break. Pure: the states come from whoever checked the bucket.
public struct FalloutJudge: Sendable {
    /// The lifecycle rules of the buckets in play, to say which rule explains a loss and to forecast.
    public var rules: [BucketRules]
    public var now: Date
    /// Forecast deletions within this many days (nil: no forecast).
    public var forecastDays: Double?

    public init(rules: [BucketRules] = [], now: Date = Date(), forecastDays: Double? = nil) {
        self.rules = rules
        self.now = now
        self.forecastDays = forecastDays
    }

    /// What losing `ref` breaks for a run in phase `runPhase`; nil for an object that may never have been written.
    public static func consequences(of ref: ObjectReference, runPhase: Phase) -> Set<Consequence> {
        guard ref.expected else { return [] }
        let inFlight = !runPhase.isTerminal
        var out: Set<Consequence> = []
        switch ref.role {
        case .inputs:
            if ref.action == ActionID.rootName { out.insert(.cannotRerun) } else { out.insert(.previewsLost) }
            if inFlight { out.insert(.inFlightBroken) }
        case .outputs:
            out.insert(inFlight ? .inFlightBroken : .previewsLost)
        case .traceOutputs:
            out.insert(.traceCannotResume)
            if inFlight { out.insert(.inFlightBroken) }
        case .cacheOutput:
            out.insert(.cacheDead)
        case .offloaded:
            // A value the root's inputs reference is an input of the run: without it the run cannot be re-run.
            if ref.referencedBy == .inputs && ref.action == ActionID.rootName { out.insert(.cannotRerun) }
            out.insert(inFlight ? .inFlightBroken : .previewsLost)
        case .error, .checkpoint, .report:
            out.insert(.previewsLost)
        }
        return out
    }

    /// The rule that deleted `ref` by now (the first to fire), judging its age from the database's time of writing;
    /// without a time, any rule that selects its key.
    func explaining(_ ref: ObjectReference) -> String? {
        for b in rules {
            if let w = ref.writtenAt {
                if let d = b.deletion(of: ref.uri, written: w), d.at <= now { return d.rule }
            } else if let k = b.key(of: ref.uri), let r = b.rules.first(where: { $0.selects(key: k) }) {
                return r.id
            }
        }
        return nil
    }

    /// Judges one run given the states of its objects (by URI). A reference without a state is unchecked.
    public func judge(_ run: RunReferences, states: [String: ObjectState]) -> RunFallout {
        var consequences: Set<Consequence> = []
        var lost: [FalloutObject] = []
        var decks: [FalloutObject] = []
        var unchecked: [FalloutObject] = []
        var forecast: [FalloutObject] = []
        var future: Set<Consequence> = []
        var checked = 0
        for ref in run.references {
            let state = states[ref.uri] ?? .unknown(reason: "\(ref.uri): not checked")
            func object(_ s: ObjectState, rule: String? = nil) -> FalloutObject {
                FalloutObject(role: ref.role, uri: ref.uri, action: ref.action, attempt: ref.attempt, state: s.word, reason: s.reason,
                              rule: rule, cacheKey: ref.cacheKey)
            }
            switch state {
            case .present(let info):
                checked += 1
                guard let days = forecastDays, let written = info.lastModified ?? ref.writtenAt else { continue }
                if let (rule, at) = rules.lazy.compactMap({ $0.deletion(of: ref.uri, written: written, size: info.size) }).first,
                   at <= now.addingTimeInterval(days * 86400) {
                    var o = object(state, rule: rule)
                    o.state = "deleted by \(DBTime.iso(at))"
                    forecast.append(o)
                    future.formUnion(Self.consequences(of: ref, runPhase: run.phase))
                }
            case .notFound:
                checked += 1
                let rule = explaining(ref)
                if ref.expected {
                    consequences.formUnion(Self.consequences(of: ref, runPhase: run.phase))
                    lost.append(object(state, rule: rule))
                } else if rule != nil {
                    // A Deck no rule explains was most likely never written: not worth a line.
                    decks.append(object(state, rule: rule))
                }
            case .denied, .unavailable, .unknown:
                if ref.expected { unchecked.append(object(state)) }
            }
        }
        return RunFallout(run: run.run, phase: run.phase, createdAt: run.createdAt, consequences: consequences, lost: lost,
                          decksMissing: decks, unchecked: unchecked, objectsChecked: checked, forecast: forecast,
                          forecastConsequences: future.subtracting(consequences))
    }
}
