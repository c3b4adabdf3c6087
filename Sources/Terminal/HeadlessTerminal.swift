/// A terminal with no terminal: it keeps the last frame and plays back scripted keys, for tests and benchmarks.
public final class HeadlessTerminal: TerminalBackend {
    public private(set) var width: Int
    public private(set) var height: Int
    public let colorDepth: ColorDepth
    /// The last frame presented.
    public private(set) var frame: Canvas
    /// Frames presented so far.
    public private(set) var frames = 0
    /// Bytes written raw (OSC 52 copies).
    public private(set) var raw: [String] = []
    /// Keys `readKeys` hands out next.
    public var queued: [Key] = []

    public init(width: Int, height: Int, colorDepth: ColorDepth = .indexed256) {
        self.width = width
        self.height = height
        self.colorDepth = colorDepth
        frame = Canvas(width: width, height: height)
    }

    /// Changes the size and queues a resize event, as SIGWINCH does.
    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        queued.append(.resize)
    }

    public func present(_ canvas: Canvas) {
        frame = canvas
        frames += 1
    }

    public func invalidate() {}
    public func wait(timeoutMs: Int32, wakeFD: Int32) {}

    public func readKeys() -> [Key] {
        defer { queued = [] }
        return queued
    }

    public func writeRaw(_ s: String) { raw.append(s) }
    public func stop() {}
}
