import Foundation

/// Where the first element with each key sits in one list of the facts, built when first asked: an audit looks
/// up roles and log groups by name once per service, and a scan of the account's list each time made the audit
/// quadratic in the account's size.
///
/// The facts replace the index whenever a list is set, so a copy that keeps the old list keeps the index that
/// describes it. A list that only grows at its end (a fix's patch adding a log group) may keep it: positions past
/// the indexed prefix are scanned, and a position is used only when its element still has the key.
final class ListIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var positions: [String: Int]?
    private var indexed = 0

    /// The position of the first element of `list` that `keys` gives `key` for.
    func position<Element>(of key: String, in list: [Element], keys: (Element) -> [String]) -> Int? {
        lock.lock()
        if positions == nil {
            var built: [String: Int] = [:]
            built.reserveCapacity(list.count)
            for (index, element) in list.enumerated() {
                for name in keys(element) where built[name] == nil { built[name] = index }
            }
            positions = built
            indexed = list.count
        }
        let found = positions?[key], prefix = min(indexed, list.count)
        lock.unlock()
        if let found, found < list.count, keys(list[found]).contains(key) { return found }
        return list[prefix...].firstIndex { keys($0).contains(key) }
    }
}
