import CCurl
import Foundation

/// libcurl's multi interface: every bucket request of the process goes through the engine's few `CURLM` handles
/// (`CurlLane`, one thread each, as many as cores up to 4), so connections are kept alive and reused (HTTP/2
/// multiplexed where the server offers it) and concurrency is bounded by `CURLMOPT_MAX_TOTAL_CONNECTIONS` split
/// among them. Callers block in `perform` (they are already off the UI thread) or pass a completion to `start`, and
/// may `cancel` what the user has moved away from.
public final class CurlEngine: StartingTransport, @unchecked Sendable {
    /// Options every transfer gets.
    public struct Options: Sendable {
        public var maxConnections = 64
        public var connectTimeout: TimeInterval = 5
        /// A transfer that moves fewer than 1 byte/s for this long is a stall (unavailable).
        public var stallTimeout: TimeInterval = 10
        public var insecure = false
        /// Multi handles, each on its own thread, that transfers are spread over (the connections are split among
        /// them): one thread's system calls cap a loopback or LAN existence check well below the server's rate.
        public var lanes = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
        public init() {}
    }

    private let lanes: [CurlLane]
    private let lock = NSLock()
    private var nextID = 1

    public init(options: Options = Options()) {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        let n = max(1, options.lanes)
        lanes = (0..<n).map { i in
            CurlLane(options: options, connections: max(1, (options.maxConnections + n - 1) / n), name: "flytrap-curl-\(i)")
        }
    }

    /// The shared engine of the process (TLS certificates verified).
    public static let shared = CurlEngine()

    /// The shared engine for `--insecure`: TLS certificates and host names are not verified. Created only when asked.
    public static let sharedInsecure: CurlEngine = {
        var o = Options()
        o.insecure = true
        return CurlEngine(options: o)
    }()

    /// Starts a request; `done` is called on one of the engine's threads. Returns an id for `cancel`.
    @discardableResult
    public func start(_ request: HTTPRequest, done: @escaping @Sendable (HTTPResponse) -> Void) -> Int {
        let id: Int = lock.withLock { defer { nextID += 1 }; return nextID }
        lanes[id % lanes.count].start(CurlLane.Transfer(id: id, request: request, done: done))
        return id
    }

    /// Abandons a request; its completion is called with a transport error saying so.
    public func cancel(_ id: Int) {
        lanes[id % lanes.count].cancel(id)
    }

    /// Performs a request and waits for its answer. Inside a `TransferScope`, the transfer is cancelled with it.
    public func perform(_ request: HTTPRequest) -> HTTPResponse {
        let scope = TransferScope.current
        if scope?.isCancelled == true { return HTTPResponse(status: 0, transportError: "cancelled") }
        let sem = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        let id = start(request) { r in
            box.value = r
            sem.signal()
        }
        if let s = scope, !s.register(id, on: self) { cancel(id) }
        sem.wait()
        scope?.finished(id)
        return box.value ?? HTTPResponse(status: 0, transportError: "no answer")
    }

    private final class ResponseBox: @unchecked Sendable { var value: HTTPResponse? }
}
