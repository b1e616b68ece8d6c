/// The condition context of one request: keys are case-insensitive, values are lists (a single-valued key has one
/// element). A request carries a handful of keys, so they are kept in a list and compared in place, length first,
/// without regard to ASCII case: nothing is hashed, copied or lower-cased per request.
struct RequestContext: Sendable {
    private var keys: [String] = []
    private var lists: [[String]] = []

    /// Builds a context; a later key that differs from an earlier one only in case replaces it.
    init(_ values: [String: [String]] = [:]) {
        keys.reserveCapacity(values.count + 6)
        lists.reserveCapacity(values.count + 6)
        for (key, list) in values {
            if let position = position(of: key) { lists[position] = list } else { append(key, list) }
        }
    }

    /// The values of `key` (any case).
    func values(forLowercasedKey key: String) -> [String]? {
        position(of: key).map { lists[$0] }
    }

    /// Sets `key` only when the request does not already carry it (the value is not built otherwise).
    mutating func setDefault(_ key: String, _ value: @autoclosure () -> String) {
        if position(of: key) == nil { append(key, [value()]) }
    }

    private mutating func append(_ key: String, _ list: [String]) {
        keys.append(key)
        lists.append(list)
    }

    private func position(of key: String) -> Int? {
        let count = key.utf8.count
        for index in keys.indices where keys[index].utf8.count == count && Self.equalIgnoringCase(keys[index], key) {
            return index
        }
        return nil
    }

    /// ASCII case-insensitive equality of two keys of the same length, compared from the end (keys share prefixes
    /// such as `aws:PrincipalTag/`).
    private static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs, right = rhs
        return left.withUTF8 { a in
            right.withUTF8 { b in
                var index = a.count
                while index > 0 {
                    index -= 1
                    let x = a[index], y = b[index]
                    if x != y, x | 0x20 != y | 0x20 || !((x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) { return false }
                }
                return true
            }
        }
    }
}
