import FlyteModel
import Foundation
import Terminal

/// Everything that changes the explorer's state: keys, the clock, resizes, and the results of effects.
public enum Action: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case tick(Date)
    case projectsLoaded(RequestID, Result<[Project], LoadFailure>)
    case domainsLoaded(RequestID, Result<[String], LoadFailure>)
    case runsLoaded(RequestID, Result<(items: [RunSummary], next: String?), LoadFailure>)
    case tasksLoaded(RequestID, Result<(items: [TaskRecord], next: String?), LoadFailure>)
    case taskVersionsLoaded(RequestID, Result<[TaskRecord], LoadFailure>)
    case triggersLoaded(RequestID, Result<[TriggerRecord], LoadFailure>)
    case triggerRevisionsLoaded(RequestID, Result<[TriggerRecord], LoadFailure>)
    case cacheLoaded(RequestID, Result<(items: [CacheEntry], next: String?), LoadFailure>)
    case actionsLoaded(RequestID, Result<[ActionSummary], LoadFailure>)
    case detailLoaded(ActionID, Result<ActionDetail, LoadFailure>)
    case objectsChecked([String: ObjectState])
    case payloadFetched(RequestID, PayloadFetch)
    case previewFetched(uri: String, PayloadFetch)
    case cacheEntryLoaded(key: String, Result<CacheEntry?, LoadFailure>)
    case deckFetched(RequestID, DeckFetch)
    case objectFetched(RequestID, ObjectPeek)
    case runFound(name: String, Result<[RunID], LoadFailure>)
    case themeLoaded(Result<Theme, LoadFailure>)
    case presigned(uri: String, Result<PresignedURL, LoadFailure>)
    /// A one-line message from an effect (saved a file, opened a browser, or why not).
    case notice(String, isError: Bool)
    /// The store's change feed: changes as they happen, or a change of link (live, polling, down).
    case storeFeed(StoreFeedEvent)
    /// Runs the audit judged since the last update (the last one says it finished).
    case falloutUpdate(RequestID, FalloutUpdate)
}

/// Why a load failed, in one line that names the thing (store, URI, column).
public struct LoadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
