import FlyteModel

/// A runs list over a million runs holds a window of them: scrolling down drops rows far above the selection,
/// scrolling back up reloads them a page at a time, so memory stays bounded however far the user scrolls.
extension PagedList where Item == RunSummary {
    /// Whether the window starts below the newest run.
    public var hasNewerAbove: Bool { dropped > 0 }

    /// After rows were appended: drops rows more than `margin` above the window on screen while the list holds more
    /// than `cap` (only in the store's order: a filtered or sorted list shows rows from everywhere in it).
    mutating func trimFront(margin: Int, cap: Int = PagedList.windowRows) {
        guard showsStoreOrder, items.count > cap else { return }
        let k = min(items.count - cap, cursor.top - margin)
        guard k > 0 else { return }
        items.removeFirst(k)
        dropped += k
        cursor.selected -= k
        cursor.top -= k
        visible = Array(items.indices)
        visibleInStoreOrder = true
        searchIndex = []
    }

    /// Puts the page loaded before the window in front of it (`atHead`: nothing newer remains), keeping the
    /// selection on its row, then drops rows more than `margin` below the screen while the list holds more than `cap`.
    mutating func prepend(_ page: [RunSummary], atHead: Bool, margin: Int, cap: Int = PagedList.windowRows,
                          spec: ListSpec<RunSummary>, ctx: RowContext, window: Int) {
        let selectedID = selectedItem.map(spec.id)
        items.insert(contentsOf: page, at: 0)
        dropped = atHead ? 0 : max(1, dropped - page.count)
        cursor.selected += page.count
        cursor.top += page.count
        let keep = max(cap, cursor.top + window + margin)
        if items.count > keep {
            items.removeLast(items.count - keep)
            next = PageToken.run(items[keep - 1])
            hasMore = true
        }
        visible = Array(items.indices)
        visibleInStoreOrder = true
        searchIndex = []
        recompute(spec: spec, ctx: ctx, window: window, keep: showsStoreOrder ? nil : selectedID)
    }

    /// Starts the list again at the newest run (`home` on a window that dropped its head, a new phase filter);
    /// an answer to a page asked before is then ignored.
    mutating func restartAtHead() {
        request = nil
        prevRequest = nil
        items = []
        visible = []
        searchIndex = []
        dropped = 0
        next = nil
        hasMore = false
        loaded = false
        cursor = ListCursor()
    }
}
