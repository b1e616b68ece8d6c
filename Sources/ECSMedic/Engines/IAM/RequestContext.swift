/// The condition context of one request: keys are case-insensitive (stored lowercased), values are lists (a
/// single-valued key has one element).
struct RequestContext: Sendable, Hashable {
    private var storage: [String: [String]]

    /// Builds a context; later keys that differ only in case replace earlier ones.
    init(_ values: [String: [String]] = [:]) {
        storage = [:]
        for (key, list) in values { storage[key.lowercased()] = list }
    }

    func values(forLowercasedKey key: String) -> [String]? { storage[key] }

    /// Sets `key` only when the request does not already carry it.
    mutating func setDefault(_ key: String, _ values: [String]) {
        let lowered = key.lowercased()
        if storage[lowered] == nil { storage[lowered] = values }
    }
}
