import Explorer
import Foundation
import Terminal

/// The explorer's main loop: waits for keys or results, reduces them into the state, runs the effects, and
/// presents a frame only when something changed. The UI thread never waits on a store or a bucket.
public final class ExplorerLoop {
    public private(set) var state: ExplorerState
    let backend: any TerminalBackend
    let runner: EffectRunner
    var lastTick = Date()
    /// Called after each frame is presented (benchmarks time frames with it).
    public var onFrame: ((Canvas) -> Void)?
    /// Quit after the first frame that shows a loaded list (benchmarks time launch to first full frame).
    public var exitAfterFirstFullFrame = false

    public init(state: ExplorerState, backend: any TerminalBackend, runner: EffectRunner) {
        self.state = state
        self.backend = backend
        self.runner = runner
        self.state.width = backend.width
        self.state.height = backend.height
    }

    /// Starts the explorer: first loads and the first frame.
    public func start() {
        handle(Explorer.start(&state))
        present()
    }

    /// Runs until the user quits or a terminating signal arrives.
    public func run() {
        start()
        while !state.quit {
            backend.wait(timeoutMs: 250, wakeFD: runner.wake.readFD)
            if TerminalSignals.pending != nil { break }
            step()
        }
    }

    /// Processes whatever input and results are ready; presents a frame if anything changed. Returns whether it did.
    @discardableResult
    public func step(keys extra: [Key] = []) -> Bool {
        runner.wake.drain()
        var changed = false
        for k in extra + backend.readKeys() {
            if case .resize = k {
                handle(Explorer.reduce(&state, .resize(width: backend.width, height: backend.height)))
                backend.invalidate()
            } else {
                handle(Explorer.reduce(&state, .key(k)))
            }
            changed = true
            if state.quit { return true }
        }
        let results = runner.drain()
        if !results.isEmpty {
            handle(Explorer.reduce(&state, actions: results))
            changed = true
        }
        let now = Date()
        if now.timeIntervalSince(lastTick) >= 1 {
            lastTick = now
            handle(Explorer.reduce(&state, .tick(now)))
            changed = true
        }
        if changed { present() }
        return changed
    }

    func handle(_ effects: [Effect]) {
        for e in effects {
            switch e {
            case .copy(let text):
                if let seq = OSC52.sequence(copying: text, inTmux: ProcessInfo.processInfo.environment["TMUX"] != nil) {
                    backend.writeRaw(seq)
                } else {
                    _ = Explorer.reduce(&state, .notice("too large to copy (over \(OSC52.defaultLimit / 1000) kB)", isError: true))
                }
            case .quit:
                state.quit = true
            default:
                runner.run(e)
            }
        }
    }

    func present() {
        if state.redrawAll {
            backend.invalidate()
            state.redrawAll = false
        }
        let frame = Render.frame(state)
        backend.present(frame)
        onFrame?(frame)
        if exitAfterFirstFullFrame, case .hub(let h) = state.top, h.runs.loaded { state.quit = true }
    }
}
