import FlyteModel

/// Every style a theme sets, by the key its YAML file uses. Each phase and object state has its own key; views also
/// draw a word or symbol beside each, so colour is never the only signal.
public enum ThemeKey: Hashable, Sendable, CustomStringConvertible {
    case body, title, crumbs, crumbsActive, header, headerSorted, selection, selectionInactive, border, muted, accent
    case key, status, flashInfo, flashWarn, flashError, prompt, match
    case treeGuide, treeGroup, cacheHit
    case previewKey, previewType, previewString, previewNumber, previewNull
    case deckHeading, deckLink, deckCode, deckTable
    case phase(Phase)
    case objectPresent, objectNotFound, objectDenied, objectUnavailable, objectUnknown, objectLoading

    /// Every key, in the order theme files list them.
    public static let all: [ThemeKey] = [
        .body, .title, .crumbs, .crumbsActive, .header, .headerSorted, .selection, .selectionInactive, .border, .muted,
        .accent, .key, .status, .flashInfo, .flashWarn, .flashError, .prompt, .match, .treeGuide, .treeGroup, .cacheHit,
        .previewKey, .previewType, .previewString, .previewNumber, .previewNull, .deckHeading, .deckLink, .deckCode,
        .deckTable,
    ] + Phase.allCases.map { .phase($0) } + [
        .objectPresent, .objectNotFound, .objectDenied, .objectUnavailable, .objectUnknown, .objectLoading,
    ]

    public var description: String {
        switch self {
        case .body: "body"
        case .title: "title"
        case .crumbs: "crumbs"
        case .crumbsActive: "crumbs.active"
        case .header: "header"
        case .headerSorted: "header.sorted"
        case .selection: "selection"
        case .selectionInactive: "selection.inactive"
        case .border: "border"
        case .muted: "muted"
        case .accent: "accent"
        case .key: "key"
        case .status: "status"
        case .flashInfo: "flash.info"
        case .flashWarn: "flash.warn"
        case .flashError: "flash.error"
        case .prompt: "prompt"
        case .match: "match"
        case .treeGuide: "tree.guide"
        case .treeGroup: "tree.group"
        case .cacheHit: "cache.hit"
        case .previewKey: "preview.key"
        case .previewType: "preview.type"
        case .previewString: "preview.string"
        case .previewNumber: "preview.number"
        case .previewNull: "preview.null"
        case .deckHeading: "deck.heading"
        case .deckLink: "deck.link"
        case .deckCode: "deck.code"
        case .deckTable: "deck.table"
        case .phase(let p): "phase.\(p.name)"
        case .objectPresent: "object.present"
        case .objectNotFound: "object.not_found"
        case .objectDenied: "object.denied"
        case .objectUnavailable: "object.unavailable"
        case .objectUnknown: "object.unknown"
        case .objectLoading: "object.loading"
        }
    }

    /// Looks a key up by its YAML name.
    public static func named(_ name: String) -> ThemeKey? { byName[name] }

    private static let byName: [String: ThemeKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.description, $0) })

    /// The key for an object state.
    public static func object(_ s: ObjectState?) -> ThemeKey {
        switch s {
        case nil: .objectLoading
        case .present?: .objectPresent
        case .notFound?: .objectNotFound
        case .denied?: .objectDenied
        case .unavailable?: .objectUnavailable
        case .unknown?: .objectUnknown
        }
    }
}
