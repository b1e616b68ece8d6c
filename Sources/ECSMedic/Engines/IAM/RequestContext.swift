/// The condition context of one request: keys are case-insensitive, values are lists (a single-valued key has one
/// element). The request's dictionary is kept as it is, behind keys that hash and compare without regard to ASCII
/// case, so that no key is copied or lower-cased per request.
struct RequestContext: Sendable, Hashable {
    private var storage: [ContextKey: [String]]

    /// Builds a context; later keys that differ only in case replace earlier ones.
    init(_ values: [String: [String]] = [:]) {
        storage = Dictionary(minimumCapacity: values.count + 6)
        for (key, list) in values { storage[ContextKey(key)] = list }
    }

    /// The values of `key` (any case).
    func values(forLowercasedKey key: String) -> [String]? { storage[ContextKey(key)] }

    /// Sets `key` only when the request does not already carry it.
    mutating func setDefault(_ key: String, _ values: [String]) {
        let key = ContextKey(key)
        if storage[key] == nil { storage[key] = values }
    }
}

/// A condition key compared and hashed without regard to ASCII case.
struct ContextKey: Sendable, Hashable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes { hasher.combine(byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0)) }
        }
    }

    static func == (lhs: ContextKey, rhs: ContextKey) -> Bool {
        var left = lhs.text, right = rhs.text
        return left.withUTF8 { a in
            right.withUTF8 { b in
                guard a.count == b.count else { return false }
                for index in 0..<a.count where a[index] != b[index] {
                    let x = a[index] | (a[index] >= 0x41 && a[index] <= 0x5A ? 0x20 : 0)
                    let y = b[index] | (b[index] >= 0x41 && b[index] <= 0x5A ? 0x20 : 0)
                    if x != y { return false }
                }
                return true
            }
        }
    }
}
