/// A request the explorer made; results carry it back, and a result whose id no longer matches is dropped.
public typealias RequestID = Int

/// Something loaded off the UI thread: not asked for yet, on its way, here, or failed with a one-line reason.
public enum Load<Value: Sendable>: Sendable {
    case idle
    case loading(RequestID)
    case loaded(Value)
    case failed(String)

    public var value: Value? { if case .loaded(let v) = self { v } else { nil } }
    public var isLoading: Bool { if case .loading = self { true } else { false } }
    public var isIdle: Bool { if case .idle = self { true } else { false } }
    public var error: String? { if case .failed(let e) = self { e } else { nil } }

    /// Whether a result tagged `id` is still wanted.
    public func awaits(_ id: RequestID) -> Bool { if case .loading(let r) = self { r == id } else { false } }
}
