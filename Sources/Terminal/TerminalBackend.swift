/// What the explorer's loop needs from a terminal: its size, a way to show a frame, keys, and raw writes
/// (OSC 52). The ncurses backend drives a real terminal; the headless one records frames for tests.
public protocol TerminalBackend: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// The colour depth frames are drawn with.
    var colorDepth: ColorDepth { get }
    /// Shows a frame, writing only the rows that changed since the last one.
    func present(_ canvas: Canvas)
    /// Forgets what is on screen so the next `present` repaints everything (`ctrl-l`).
    func invalidate()
    /// Waits until input is ready, `wakeFD` is readable, or `timeoutMs` passes (-1: no timeout).
    func wait(timeoutMs: Int32, wakeFD: Int32)
    /// Every key read without blocking.
    func readKeys() -> [Key]
    /// Writes bytes straight to the terminal (an OSC 52 copy), after the current frame.
    func writeRaw(_ s: String)
    /// Restores the terminal. Safe to call twice.
    func stop()
}
