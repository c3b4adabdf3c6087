import FlyteModel
import Foundation

/// Stores whose existence check is one HTTP request: the request and the reading of its answer are apart, so many
/// checks can be kept in flight on the transfer engine (`HeadPipeline`) instead of one blocked thread each.
public protocol PipelinedHeads: ObjectStore {
    /// The request `head(uri)` sends, or nil when `uri` is not a key this store asks about that way.
    func headRequest(_ uri: String) -> HTTPRequest?
    /// The state the answer to `headRequest(uri)` gives.
    func headState(_ response: HTTPResponse, uri: String) -> ObjectState
    /// The transport its requests go through.
    var transport: any HTTPTransport { get }
}

extension PipelinedHeads {
    /// The state from a HEAD answer's status and standard headers (S3 and Azure; GCS reads its JSON instead).
    public func headState(_ r: HTTPResponse, uri: String) -> ObjectState {
        ResponseClassifier.state(r, what: uri) { ResponseClassifier.info(r) }
    }

    /// The blocking existence check, built from the same two halves (retries come from the transport).
    public func pipelinedHead(_ uri: String, otherwise: () -> ObjectState) -> ObjectState {
        guard let r = headRequest(uri) else { return otherwise() }
        return headState(transport.send(r), uri: uri)
    }
}

/// Existence checks for many keys with at most `concurrency` in flight, without a thread waiting per request: a
/// producer thread builds and signs requests ahead, each answer (on the engine's thread) starts the next ready one,
/// and the calling thread reads the answers. The engine's thread does nothing but transfers. An answer worth another
/// try (a reset, 429, 5xx) is asked again the blocking way, with the transport's jittered backoff, on a worker.
public enum HeadPipeline {
    /// Checks `uris` with `store` and calls `result` for each (on the calling thread or a retry worker, once per
    /// URI); returns when all are in.
    public static func run(_ uris: [String], store: any PipelinedHeads, concurrency: Int, result: @escaping @Sendable (String, ObjectState) -> Void) {
        guard !uris.isEmpty else { return }
        guard let engine = store.transport.starting else {
            for u in uris { result(u, store.head(u)) }
            return
        }
        let run = Run(uris: uris, store: store, engine: engine, slots: min(max(1, concurrency), uris.count), scope: TransferScope.current)
        let producer = Thread { run.produce() }
        producer.stackSize = 1 << 20
        producer.start()
        run.consume(result)
    }

    /// What the consumer gets: an answer to read, or a state already known (a key the store asks about another way).
    enum Outcome {
        case answer(String, HTTPResponse)
        case state(String, ObjectState)
    }

    /// One pipeline's shared state, under `cond`.
    final class Run: @unchecked Sendable {
        let uris: [String]
        let store: any PipelinedHeads
        let engine: any StartingTransport
        let scope: TransferScope?
        private let cond = NSCondition()
        /// Requests built and signed, waiting for a free slot.
        private var ready: [(uri: String, request: HTTPRequest)] = []
        private var readyHead = 0
        /// Slots with nothing in flight, waiting for the producer.
        private var idle: Int
        private var outcomes: [Outcome] = []
        private let ahead: Int

        init(uris: [String], store: any PipelinedHeads, engine: any StartingTransport, slots: Int, scope: TransferScope?) {
            self.uris = uris
            self.store = store
            self.engine = engine
            self.scope = scope
            idle = slots
            ahead = max(16, slots * 2)
        }

        /// The producer: builds each request and hands it to an idle slot, or queues it (at most `ahead` waiting).
        func produce() {
            for uri in uris {
                guard let request = store.headRequest(uri) else {
                    deliver(.state(uri, store.head(uri)))
                    continue
                }
                if request.unsendable != nil || scope?.isCancelled == true {
                    // Never sent: no credentials to sign it with, or the work was abandoned.
                    var r = HTTPResponse(status: 0, transportError: request.unsendable == nil ? "cancelled" : nil)
                    r.unsent = request.unsendable
                    deliver(.answer(uri, r))
                    continue
                }
                cond.lock()
                while ready.count - readyHead >= ahead && idle == 0 { cond.wait() }
                let startNow = idle > 0
                if startNow { idle -= 1 } else { ready.append((uri, request)) }
                cond.unlock()
                if startNow { launch(uri, request) }
            }
        }

        private func launch(_ uri: String, _ request: HTTPRequest) {
            engine.start(request, scope: scope) { [self] r in answered(uri, r) }
        }

        /// On the engine's thread: hand the answer over and start the next ready request in this slot.
        private func answered(_ uri: String, _ r: HTTPResponse) {
            cond.lock()
            outcomes.append(.answer(uri, r))
            var next: (uri: String, request: HTTPRequest)?
            if readyHead < ready.count {
                next = ready[readyHead]
                readyHead += 1
                if readyHead > 1024, readyHead * 2 > ready.count { ready.removeFirst(readyHead); readyHead = 0 }
            } else {
                idle += 1
            }
            cond.broadcast()
            cond.unlock()
            if let n = next { launch(n.uri, n.request) }
        }

        private func deliver(_ o: Outcome) {
            cond.lock()
            outcomes.append(o)
            cond.broadcast()
            cond.unlock()
        }

        /// The consumer (the calling thread): reads answers until every URI has its state.
        func consume(_ result: @escaping @Sendable (String, ObjectState) -> Void) {
            var left = uris.count
            let retries = DispatchGroup()
            while left > 0 {
                cond.lock()
                while outcomes.isEmpty { cond.wait() }
                let batch = outcomes
                outcomes.removeAll(keepingCapacity: true)
                cond.unlock()
                for o in batch {
                    left -= 1
                    switch o {
                    case .state(let uri, let s): result(uri, s)
                    case .answer(let uri, let r) where RetryingTransport.retryable(r):
                        // The retries sleep between tries: on a worker, while the pipeline goes on. The answer just
                        // read counts as the first attempt.
                        DispatchQueue.global().async(group: retries) { [store] in
                            guard let policy = store.transport as? RetryingTransport else { return result(uri, store.headState(r, uri: uri)) }
                            result(uri, store.headState(policy.retrying(r) { store.headRequest(uri) }, uri: uri))
                        }
                    case .answer(let uri, let r): result(uri, store.headState(r, uri: uri))
                    }
                }
            }
            retries.wait()
        }
    }
}
