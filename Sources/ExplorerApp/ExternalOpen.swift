import Explorer
import FlyteModel
import Foundation
import ObjectStores

/// Opening a Deck in a browser and saving objects to local files. flytrap writes only where the user asks, and
/// never to a store.
enum ExternalOpen {
    /// Downloads the object to a temp file and opens it with `$BROWSER` (or xdg-open) when there is a display.
    static func openInBrowser(_ uri: String, objects: ObjectRouter, env: [String: String]) -> Action {
        let browser = env["BROWSER"].flatMap { $0.isEmpty ? nil : $0 }
        let display = env["DISPLAY"] != nil || env["WAYLAND_DISPLAY"] != nil
        guard browser != nil || display else {
            return .notice("no display and no $BROWSER: use s to save the Deck and open it elsewhere", isError: true)
        }
        guard case .bytes(let b, _, _) = objects.get(uri, limit: 64 << 20) else {
            return .notice("\(uri): \(objects.head(uri).word), nothing to open", isError: true)
        }
        let path = NSTemporaryDirectory() + "flytrap-deck-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).html"
        guard FileManager.default.createFile(atPath: path, contents: Data(b), attributes: [.posixPermissions: 0o600]) else {
            return .notice("\(path): cannot write the temp file", isError: true)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [browser ?? "xdg-open", path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return .notice("\(browser ?? "xdg-open"): cannot start: \(error.localizedDescription)", isError: true) }
        return .notice("opened \(path) with \(browser ?? "xdg-open")", isError: false)
    }

    /// Saves the whole object to `path` (refusing to overwrite an existing file).
    static func save(_ uri: String, to rawPath: String, objects: ObjectRouter) -> Action {
        let path = (rawPath as NSString).expandingTildeInPath
        guard !FileManager.default.fileExists(atPath: path) else { return .notice("\(path): exists; not overwritten", isError: true) }
        switch objects.get(uri, limit: 1 << 30) {
        case .bytes(let b, _, let unread):
            guard unread == 0 else { return .notice("\(uri): over 1 GiB; not saved", isError: true) }
            guard FileManager.default.createFile(atPath: path, contents: Data(b)) else { return .notice("\(path): cannot write", isError: true) }
            return .notice("saved \(PreviewFormat.bytes(b.count)) to \(path)", isError: false)
        case .failed(let st):
            return .notice("\(uri): \(st.word) — \(st.reason ?? "")", isError: true)
        }
    }
}
