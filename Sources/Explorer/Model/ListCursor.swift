/// The selected row and the first visible row of a scrolling list; pure arithmetic, clamped to the list.
public struct ListCursor: Sendable, Equatable {
    public var selected = 0
    public var top = 0

    public init(selected: Int = 0, top: Int = 0) {
        self.selected = selected
        self.top = top
    }

    /// Moves the selection by `delta` rows within `count` rows, scrolling so it stays in a window of `visible` rows.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        select(selected + delta, count: count, visible: visible)
    }

    /// Selects row `index` (clamped) and scrolls it into view.
    public mutating func select(_ index: Int, count: Int, visible: Int) {
        guard count > 0 else {
            selected = 0
            top = 0
            return
        }
        selected = max(0, min(count - 1, index))
        clamp(count: count, visible: visible)
    }

    /// Keeps the selection inside the list and the window; call after the list or the window changes.
    public mutating func clamp(count: Int, visible: Int) {
        let v = max(1, visible)
        selected = max(0, min(max(0, count - 1), selected))
        if selected < top { top = selected }
        if selected >= top + v { top = selected - v + 1 }
        top = max(0, min(top, max(0, count - v)))
    }

    /// Scrolls the window without moving past the ends (for read-only text such as a Deck).
    public mutating func scroll(by delta: Int, count: Int, visible: Int) {
        top = max(0, min(max(0, count - max(1, visible)), top + delta))
        selected = top
    }
}
