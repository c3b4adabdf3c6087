import FlyteModel

extension PagedList {
    /// Recomputes `visible` after rows, filter or sort changed, keeping the selected row selected when it is still
    /// shown (else the same position, as stu does on refresh).
    ///
    /// In the store's order (no filter, no sort) the rows only ever grow at the end or are replaced by a refresh, so
    /// `visible` is extended rather than rebuilt, and the selection is looked up where it was before scanning.
    ///
    /// `keep` names the selected row by id when the rows were replaced (a refresh); otherwise the selection follows
    /// the same item by its index, which costs no string building over the list.
    mutating func recompute(spec: ListSpec<Item>, ctx: RowContext, window: Int, keep: String? = nil) {
        let id = spec.id
        let oldPos = cursor.selected
        let selection: Selection? = keep.map { .id($0) }
            ?? (visible.indices.contains(oldPos) && visible[oldPos] < items.count ? .item(visible[oldPos]) : nil)
        if showsStoreOrder {
            if !visibleInStoreOrder { visible = [] }
            if visible.count > items.count { visible.removeLast(visible.count - items.count) }
            if visible.count < items.count { visible += visible.count..<items.count }
            visibleInStoreOrder = true
            reselect(selection, near: oldPos, id: id, window: window)
            return
        }
        var idx = Array(items.indices)
        if let f = filter { idx = matching(f, spec: spec, ctx: ctx) }
        if !sort.isDefault {
            let keys = idx.map { spec.sortValue(items[$0], sort.column, ctx) }
            let order = keys.indices.sorted { a, b in
                if keys[a] == keys[b] { return idx[a] < idx[b] }
                return sort.ascending ? keys[a] < keys[b] : keys[b] < keys[a]
            }
            idx = order.map { idx[$0] }
        }
        visible = idx
        visibleInStoreOrder = false
        reselect(selection, near: oldPos, id: id, window: window)
    }

    /// Applies the answer to a next-page request (tasks, cache): appends the rows and the cursor, or keeps the error;
    /// then recomputes what is shown.
    mutating func appendPage(_ r: Result<(items: [Item], next: String?), LoadFailure>, spec: ListSpec<Item>, ctx: RowContext, window: Int) {
        request = nil
        switch r {
        case .success(let page):
            items += page.items
            next = page.next
            hasMore = page.next != nil
            loaded = true
        case .failure(let e): error = e.message
        }
        recompute(spec: spec, ctx: ctx, window: window)
    }

    /// Replaces every row (a refresh, a new phase filter).
    public mutating func replaceItems(_ new: [Item]) {
        items = new
        searchIndex = []
    }

    /// The indices of the rows `f` passes, in store order. Static text comes from the index (extended to new rows
    /// here); live text (data states) is looked up only when the pattern could match one of its possible values.
    private mutating func matching(_ f: ListFilter, spec: ListSpec<Item>, ctx: RowContext) -> [Int] {
        if searchIndex.count > items.count { searchIndex = [] }
        if searchIndex.count < items.count {
            searchIndex.reserveCapacity(items.count)
            for i in searchIndex.count..<items.count { searchIndex.append(spec.searchText(items[i]).lowercased()) }
        }
        let live = spec.liveText.flatMap { fn in spec.liveTexts.contains { f.hits($0) } ? fn : nil }
        var out: [Int] = []
        for i in items.indices {
            var hit = f.hits(inLowercased: searchIndex[i])
            if !hit, let live { hit = f.hits(live(items[i], ctx)) }
            if hit != f.inverted { out.append(i) }
        }
        return out
    }

    /// What the selection was before a recompute: an item (rows unchanged) or an id (rows replaced).
    private enum Selection { case item(Int), id(String) }

    /// Puts the cursor back on the selected row: where it was first, else wherever it moved, else clamped.
    private mutating func reselect(_ selection: Selection?, near oldPos: Int, id: (Item) -> String, window: Int) {
        var pos: Int?
        switch selection {
        case .item(let i)?:
            if visible.indices.contains(oldPos), visible[oldPos] == i { pos = oldPos }
            else if sort.isDefault { pos = Self.sortedIndex(of: i, in: visible) }
            else { pos = visible.firstIndex(of: i) }
        case .id(let sid)?:
            if visible.indices.contains(oldPos), id(items[visible[oldPos]]) == sid { pos = oldPos }
            else { pos = visible.firstIndex { id(items[$0]) == sid } }
        case nil: break
        }
        if let pos, pos != cursor.selected { cursor.select(pos, count: visible.count, visible: window) }
        else { cursor.clamp(count: visible.count, visible: window) }
    }

    /// Binary search in ascending `visible` (the store's order, filtered).
    private static func sortedIndex(of x: Int, in a: [Int]) -> Int? {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == x ? lo : nil
    }

    /// The selected item, if any.
    public var selectedItem: Item? {
        visible.indices.contains(cursor.selected) ? items[visible[cursor.selected]] : nil
    }

    /// The items in the window on screen.
    public func window(_ height: Int) -> [Item] {
        guard !visible.isEmpty else { return [] }
        let lo = min(cursor.top, visible.count)
        let hi = min(visible.count, cursor.top + height)
        return visible[lo..<hi].map { items[$0] }
    }
}
