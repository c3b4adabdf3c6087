import FlyteModel
import Foundation

/// Work the explorer asks for; the effect runner does it off the UI thread and answers with an `Action`.
public enum Effect: Sendable, Equatable {
    case loadProjects(RequestID)
    case loadDomains(project: String, RequestID)
    case loadRuns(project: String, domain: String, phases: Set<Phase>, limit: Int, after: String?, RequestID)
    /// The page of runs just before (newer than) the cursor `before`, for a list that dropped its head.
    case loadRunsBefore(project: String, domain: String, phases: Set<Phase>, limit: Int, before: String, RequestID)
    case loadTasks(project: String, domain: String, after: String?, RequestID)
    case loadTaskVersions(project: String, domain: String, name: String, RequestID)
    case loadTriggers(project: String, domain: String, RequestID)
    case loadTriggerRevisions(project: String, domain: String, taskName: String, name: String, RequestID)
    case loadCache(after: String?, RequestID)
    case loadActions(RunID, RequestID)
    /// Loads one action's detail and checks the objects its rows point at (answers `detailLoaded`, then
    /// `objectsChecked`).
    case loadDetail(ActionID)
    /// HEADs objects (cache pointers, offloaded values).
    case checkObjects([String])
    case fetchPayload(uri: String, RequestID)
    /// Fetches and decodes a payload for the detail pane's preview (results keyed by URI).
    case previewPayload(uri: String)
    case loadCacheEntry(key: String)
    case fetchDeck(uri: String, width: Int, RequestID)
    case fetchObject(uri: String, RequestID)
    /// Abandons a payload, Deck or object fetch the user has left (its transfers stop; no result is posted).
    case cancelFetch(RequestID)
    case findRun(name: String, preferProject: String?, preferDomain: String?)
    case loadTheme(String)
    /// Copies text to the clipboard (OSC 52).
    case copy(String)
    /// Downloads a Deck to a temp file and opens it in `$BROWSER`.
    case openInBrowser(uri: String)
    /// Signs a GET URL for an object, valid `seconds` (answers `presigned`; signing is local, nothing is written).
    case presign(uri: String, seconds: Int)
    /// Saves an object to a local file (never to a store).
    case save(uri: String, path: String)
    /// Runs the retention audit over a scope, answering `falloutUpdate` batches until it finishes or is cancelled.
    case audit(FalloutScope, RequestID)
    case cancelAudit(RequestID)
    case quit
}
