/// An IPv6 CIDR block (`2600:1f18:abcd::/56`) or single address, as two 64-bit halves for containment tests.
public struct IPv6Range: Sendable, Hashable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64
    public let prefixLength: Int

    public init?(_ text: String) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let (high, low) = Self.parseAddress(pieces[0]) else { return nil }
        var length = 128
        if pieces.count == 2 {
            guard let parsed = Int(pieces[1]), (0...128).contains(parsed) else { return nil }
            length = parsed
        }
        prefixLength = length
        self.high = high & Self.highMask(length)
        self.low = low & Self.lowMask(length)
    }

    static func highMask(_ length: Int) -> UInt64 {
        length >= 64 ? .max : length == 0 ? 0 : UInt64.max << UInt64(64 - length)
    }

    static func lowMask(_ length: Int) -> UInt64 {
        length <= 64 ? 0 : length == 128 ? .max : UInt64.max << UInt64(128 - length)
    }

    /// Parses the eight 16-bit groups of an address, with at most one `::`.
    static func parseAddress<S: StringProtocol>(_ text: S) -> (UInt64, UInt64)? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }

    /// True when every address of `other` lies in this range.
    public func contains(_ other: IPv6Range) -> Bool {
        other.prefixLength >= prefixLength
            && other.high & Self.highMask(prefixLength) == high
            && other.low & Self.lowMask(prefixLength) == low
    }

    public var description: String {
        let groups = [high >> 48, high >> 32, high >> 16, high, low >> 48, low >> 32, low >> 16, low]
            .map { String($0 & 0xffff, radix: 16) }
        return groups.joined(separator: ":") + "/\(prefixLength)"
    }
}
