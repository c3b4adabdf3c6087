import FlyteModel

extension PagedList {
    /// Recomputes `visible` after rows, filter or sort changed, keeping the selected row selected when it is still
    /// shown (else the same position, as stu does on refresh).
    mutating func recompute(spec: ListSpec<Item>, ctx: RowContext, window: Int, keep: String? = nil) {
        let id = spec.id
        let selectedID = keep ?? (visible.indices.contains(cursor.selected) && visible[cursor.selected] < items.count ? id(items[visible[cursor.selected]]) : nil)
        var idx = Array(items.indices)
        if let f = filter { idx = idx.filter { f.matches(spec.searchText(items[$0], ctx)) } }
        if !sort.isDefault {
            let keys = idx.map { spec.sortValue(items[$0], sort.column, ctx) }
            let order = keys.indices.sorted { a, b in
                if keys[a] == keys[b] { return idx[a] < idx[b] }
                return sort.ascending ? keys[a] < keys[b] : keys[b] < keys[a]
            }
            idx = order.map { idx[$0] }
        }
        visible = idx
        if let sid = selectedID, let pos = visible.firstIndex(where: { id(items[$0]) == sid }) {
            cursor.select(pos, count: visible.count, visible: window)
        } else {
            cursor.clamp(count: visible.count, visible: window)
        }
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
