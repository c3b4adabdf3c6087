import CCurl
import Foundation

/// libcurl's multi interface on one thread: every bucket request of the process goes through one `CURLM`, so
/// connections are kept alive and reused (HTTP/2 multiplexed where the server offers it) and concurrency is bounded
/// by `CURLMOPT_MAX_TOTAL_CONNECTIONS`. Callers block in `perform` (they are already off the UI thread) or pass a
/// completion to `start` (called on the engine's thread, where it may start the next request without a wake-up),
/// and may `cancel` what the user has moved away from.
public final class CurlEngine: StartingTransport, @unchecked Sendable {
    /// Options every transfer gets.
    public struct Options: Sendable {
        public var maxConnections = 64
        public var connectTimeout: TimeInterval = 5
        /// A transfer that moves fewer than 1 byte/s for this long is a stall (unavailable).
        public var stallTimeout: TimeInterval = 10
        public var insecure = false
        public init() {}
    }

    /// A transfer the engine owns until it completes.
    final class Transfer {
        let id: Int
        let request: HTTPRequest
        let done: @Sendable (HTTPResponse) -> Void
        var easy: UnsafeMutableRawPointer?
        var headerList: UnsafeMutablePointer<curl_slist>?
        var body: [UInt8] = []
        var headers: [String: String] = [:]
        /// The status of the answer being received, from its status line (the last one after redirects or 100s).
        var status = 0
        var truncated = false

        /// The scope it belongs to, checked again when the engine adds it (a cancel may land in between).
        let scope: TransferScope?

        init(id: Int, request: HTTPRequest, scope: TransferScope?, done: @escaping @Sendable (HTTPResponse) -> Void) {
            self.id = id
            self.request = request
            self.scope = scope
            self.done = done
        }
    }

    private let multi: UnsafeMutableRawPointer
    private let options: Options
    private let lock = NSLock()
    private var incoming: [Transfer] = []
    private var cancelled: Set<Int> = []
    private var running: [Int: Transfer] = [:]
    /// The same transfers by their easy handle, for completions (touched on the engine's thread only).
    private var byHandle: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Easy handles of finished transfers, reset and reused: creating one costs more than a loopback HEAD.
    private var spareHandles: [UnsafeMutableRawPointer] = []
    private var nextID = 1
    /// The engine's own thread: `start` from it (a completion starting the next request) needs no wake-up.
    nonisolated(unsafe) private var thread: pthread_t?

    public init(options: Options = Options()) {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        multi = UnsafeMutableRawPointer(curl_multi_init())
        self.options = options
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.maxConnections)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.maxConnections)
        // Keep as many idle connections as may be open: libcurl's default shrinks the cache with the number of
        // transfers, closing keep-alive connections between bursts.
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, options.maxConnections)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let t = Thread { [unowned self] in self.loop() }
        t.name = "flytrap-curl"
        t.start()
    }

    /// The shared engine of the process (TLS certificates verified).
    public static let shared = CurlEngine()

    /// The shared engine for `--insecure`: TLS certificates and host names are not verified. Created only when asked.
    public static let sharedInsecure: CurlEngine = {
        var o = Options()
        o.insecure = true
        return CurlEngine(options: o)
    }()

    /// Starts a request; `done` is called on the engine's thread. Returns an id for `cancel`. In a `scope`, the
    /// transfer is registered before it can be sent, so cancelling the scope always reaches it.
    @discardableResult
    public func start(_ request: HTTPRequest, scope: TransferScope? = nil, done: @escaping @Sendable (HTTPResponse) -> Void) -> Int {
        let id: Int = lock.withLock { defer { nextID += 1 }; return nextID }
        if let s = scope, !s.register(id, on: self) {
            done(HTTPResponse(status: 0, transportError: "cancelled"))
            return id
        }
        var answer = done
        if let s = scope { answer = { r in s.finished(id); done(r) } }
        let transfer = Transfer(id: id, request: request, scope: scope, done: answer)
        lock.withLock { incoming.append(transfer) }
        // From the engine's thread the loop picks it up before it waits again; from elsewhere it must be woken.
        if let me = thread, pthread_equal(me, pthread_self()) != 0 { return id }
        curl_multi_wakeup(multi)
        return id
    }

    /// Abandons a request; its completion is called with a transport error saying so.
    public func cancel(_ id: Int) {
        lock.withLock { _ = cancelled.insert(id) }
        curl_multi_wakeup(multi)
    }

    /// Performs a request and waits for its answer. Inside a `TransferScope`, the transfer is cancelled with it.
    public func perform(_ request: HTTPRequest) -> HTTPResponse {
        let sem = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        start(request, scope: TransferScope.current) { r in
            box.value = r
            sem.signal()
        }
        sem.wait()
        return box.value ?? HTTPResponse(status: 0, transportError: "no answer")
    }

    private final class ResponseBox: @unchecked Sendable { var value: HTTPResponse? }

    private func loop() {
        thread = pthread_self()
        while true {
            let (new, cancels): ([Transfer], Set<Int>) = lock.withLock {
                defer { incoming = []; cancelled = [] }
                return (incoming, cancelled)
            }
            for t in new {
                if t.scope?.isCancelled == true { t.done(HTTPResponse(status: 0, transportError: "cancelled")) } else { add(t) }
            }
            // New transfers were added just above, so a cancelled id is either running or already finished.
            for id in cancels {
                if let t = running[id] { finish(t, HTTPResponse(status: 0, transportError: "cancelled")) }
            }
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            var left: Int32 = 0
            while let msg = curl_multi_info_read(multi, &left) {
                guard msg.pointee.msg == CURLMSG_DONE else { continue }
                guard let easy = UnsafeMutableRawPointer(msg.pointee.easy_handle), let t = byHandle[easy] else { continue }
                let code = msg.pointee.data.result
                finish(t, response(t, code: code))
            }
            // Completions may have started requests: add them now rather than after a wait.
            if lock.withLock({ !incoming.isEmpty || !cancelled.isEmpty }) { continue }
            var numfds: Int32 = 0
            curl_multi_poll(multi, nil, 0, running.isEmpty ? 1000 : 100, &numfds)
        }
    }

    private func add(_ t: Transfer) {
        let spare = spareHandles.popLast()
        if let h = spare { curl_easy_reset(h) }
        guard let easy = spare ?? curl_easy_init() else {
            t.done(HTTPResponse(status: 0, transportError: "libcurl could not create a handle"))
            return
        }
        let raw = UnsafeMutableRawPointer(easy)
        t.easy = raw
        _ = ccurl_setopt_str(easy, CURLOPT_URL, t.request.url)
        _ = ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        _ = ccurl_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        _ = ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(t.request.timeout * 1000))
        _ = ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        _ = ccurl_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1)
        _ = ccurl_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, Int(options.stallTimeout)))
        if options.insecure {
            _ = ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0)
            _ = ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0)
        }
        if t.request.method == "HEAD" { _ = ccurl_setopt_long(easy, CURLOPT_NOBODY, 1) }
        else if t.request.method != "GET" { _ = ccurl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, t.request.method) }
        if let body = t.request.body {
            // COPYPOSTFIELDS copies the bytes, so the handle does not point into Swift memory.
            _ = ccurl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            if body.isEmpty { _ = ccurl_setopt_str(easy, CURLOPT_COPYPOSTFIELDS, "") }
            else { _ = body.withUnsafeBytes { ccurl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress!)) } }
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for (k, v) in t.request.headers { list = curl_slist_append(list, "\(k): \(v)") }
        list = curl_slist_append(list, "Expect:")
        t.headerList = list
        _ = ccurl_setopt_ptr(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
        let me = Unmanaged.passUnretained(t).toOpaque()
        _ = ccurl_setopt_write(easy, { ptr, size, n, ud in
            let t = Unmanaged<Transfer>.fromOpaque(ud!).takeUnretainedValue()
            let count = size * n
            // An error answer's body (the provider's code and message) is kept whatever the byte budget.
            let room = (t.status >= 300 ? max(t.request.bodyLimit, 16 << 10) : t.request.bodyLimit) - t.body.count
            if room <= 0 { t.truncated = true; return 0 }
            ptr!.withMemoryRebound(to: UInt8.self, capacity: count) { p in t.body.append(contentsOf: UnsafeBufferPointer(start: p, count: min(count, room))) }
            if count > room { t.truncated = true; return 0 }
            return count
        }, me)
        _ = ccurl_setopt_header(easy, { ptr, size, n, ud in
            let t = Unmanaged<Transfer>.fromOpaque(ud!).takeUnretainedValue()
            let count = size * n
            // Parsed on the engine's thread for every answer, so by bytes: no Foundation trimming or splitting.
            let raw = UnsafeRawBufferPointer(start: ptr, count: count)
            if raw.starts(with: "HTTP/".utf8) {
                t.headers = [:]
                var status = 0
                var i = raw.firstIndex(of: 32).map { $0 + 1 } ?? count
                while i < count, raw[i] >= 48, raw[i] <= 57 { status = status * 10 + Int(raw[i] - 48); i += 1 }
                t.status = status
                return count
            }
            guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else { return count }
            func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 13 || c == 10 }
            var start = colon + 1
            var end = count
            while start < end, isSpace(raw[start]) { start += 1 }
            while end > start, isSpace(raw[end - 1]) { end -= 1 }
            let name = String(decoding: raw[..<colon].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
            t.headers[name] = String(decoding: raw[start..<end], as: UTF8.self)
            return count
        }, me)
        running[t.id] = t
        byHandle[raw] = t
        curl_multi_add_handle(multi, easy)
    }

    private func response(_ t: Transfer, code: CURLcode) -> HTTPResponse {
        var status = 0
        if let e = t.easy { _ = ccurl_getinfo_long(e, CURLINFO_RESPONSE_CODE, &status) }
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && t.truncated) {
            return HTTPResponse(status: status, headers: t.headers, body: t.body)
        }
        let message = String(cString: curl_easy_strerror(code))
        let what: String
        switch code {
        case CURLE_OPERATION_TIMEDOUT: what = "timed out (\(message))"
        case CURLE_COULDNT_RESOLVE_HOST: what = "DNS: \(message)"
        case CURLE_COULDNT_CONNECT: what = "connect failed: \(message)"
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING: what = "connection reset or cut short: \(message)"
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            what = "TLS: the server's certificate is not trusted (\(message)); --insecure skips the check"
        default: what = message
        }
        return HTTPResponse(status: status, headers: t.headers, body: t.body, transportError: what)
    }

    private func finish(_ t: Transfer, _ r: HTTPResponse) {
        running[t.id] = nil
        if let e = t.easy {
            byHandle[e] = nil
            curl_multi_remove_handle(multi, e)
            if spareHandles.count < options.maxConnections { spareHandles.append(e) } else { curl_easy_cleanup(e) }
        }
        if let l = t.headerList { curl_slist_free_all(l) }
        t.easy = nil
        t.headerList = nil
        t.done(r)
    }
}
