import Foundation

/// Builds the OSC 52 escape sequence that copies text to the clipboard of the terminal the user sits at, even over
/// SSH; inside tmux it is wrapped in tmux's DCS passthrough.
public enum OSC52 {
    /// The largest text copied (bytes before base64); most terminals cap the sequence near 100 kB.
    public static let defaultLimit = 74_994

    /// The sequence to write, or nil when `text` is over `limit` bytes.
    public static func sequence(copying text: String, inTmux: Bool, limit: Int = defaultLimit) -> String? {
        let bytes = Data(text.utf8)
        guard bytes.count <= limit else { return nil }
        let osc = "\u{1B}]52;c;" + bytes.base64EncodedString() + "\u{07}"
        guard inTmux else { return osc }
        // tmux passthrough: DCS tmux; <sequence with every ESC doubled> ST
        return "\u{1B}Ptmux;" + osc.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
