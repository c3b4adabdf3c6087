@preconcurrency import CCurses

/// Signal handling for the explorer: SIGINT, SIGTERM and SIGHUP wake the loop so it restores the terminal and exits;
/// crash signals restore the terminal before the process dies.
public enum TerminalSignals {
    /// Installs the handlers; `wakeFD` is written to when a terminating signal arrives.
    public static func install(wakeFD: Int32) { ccurses_install_signal_handlers(wakeFD) }

    /// The terminating signal received so far, or nil.
    public static var pending: Int32? {
        let s = ccurses_pending_signal()
        return s == 0 ? nil : s
    }
}
