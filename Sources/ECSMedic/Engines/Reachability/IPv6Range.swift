/// An IPv6 CIDR block (`2600:1f18:abcd::/56`) or single address, as two 64-bit halves for containment tests.
public struct IPv6Range: CIDRRange {
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

    /// Every IPv6 address (`::/0`).
    public static let everything = IPv6Range(high: 0, low: 0, prefixLength: 0)

    /// The well-known NAT64 prefix `64:ff9b::/96` (RFC 6052): DNS64 answers IPv4-only names with addresses in it.
    public static let nat64 = IPv6Range(high: 0x0064_ff9b_0000_0000, low: 0, prefixLength: 96)

    private init(high: UInt64, low: UInt64, prefixLength: Int) {
        self.high = high
        self.low = low
        self.prefixLength = prefixLength
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

    /// True when the two ranges share at least one address.
    public func overlaps(_ other: IPv6Range) -> Bool {
        contains(other) || other.contains(self)
    }

    /// Unique local, link-local and loopback space, which never holds an AWS service's public address.
    public var isPrivate: Bool {
        Self.privateRanges.contains { $0.contains(self) }
    }

    private static let privateRanges = ["fc00::/7", "fe80::/10", "::1/128"].compactMap(IPv6Range.init)

    public var description: String {
        let values = [high >> 48, high >> 32, high >> 16, high, low >> 48, low >> 32, low >> 16, low].map { $0 & 0xffff }
        let groups = values.map { String($0, radix: 16) }
        // RFC 5952: the longest run of two or more zero groups (the first of equal runs) becomes `::`.
        var best: Range<Int>?
        var start: Int?
        for position in 0...8 {
            if position < 8, values[position] == 0 {
                start = start ?? position
            } else if let runStart = start {
                if position - runStart >= 2, position - runStart > (best?.count ?? 0) { best = runStart..<position }
                start = nil
            }
        }
        guard let run = best else { return groups.joined(separator: ":") + "/\(prefixLength)" }
        let head = groups[..<run.lowerBound].joined(separator: ":"), tail = groups[run.upperBound...].joined(separator: ":")
        return head + "::" + tail + "/\(prefixLength)"
    }
}
