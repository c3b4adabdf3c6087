import Foundation

/// The text form of a keyset cursor: its parts joined and base64url-encoded, so it survives a command line.
public enum PageToken {
    /// The token of a cursor made of `parts`.
    public static func encode(_ parts: [String]) -> String {
        Data(parts.joined(separator: "\u{1F}").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The runs-list cursor at `run`: pages after it start with the next older run, pages before it end with the
    /// next newer one.
    public static func run(_ run: RunSummary) -> String { encode(runParts(run.root)) }

    /// The parts of the runs-list cursor at a run's root action: its `created_at` key and its run name.
    public static func runParts(_ root: ActionSummary) -> [String] { [root.createdAtKey, root.id.run.name] }
}
