/// An IPv4 CIDR block (`10.0.1.0/24`) or single address, as integers for containment tests.
public struct IPv4Range: CIDRRange {
    public let base: UInt32
    public let prefixLength: Int

    public init?(_ text: String) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let address = Self.parseAddress(pieces[0]) else { return nil }
        var length = 32
        if pieces.count == 2 {
            guard let parsed = Int(pieces[1]), (0...32).contains(parsed) else { return nil }
            length = parsed
        }
        prefixLength = length
        base = address & Self.mask(length)
    }

    /// Every IPv4 address (`0.0.0.0/0`).
    public static let everything = IPv4Range(base: 0, prefixLength: 0)

    private init(base: UInt32, prefixLength: Int) {
        self.base = base
        self.prefixLength = prefixLength
    }

    static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    static func parseAddress<S: StringProtocol>(_ text: S) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard octet.count <= 3, let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    public var last: UInt32 { base | ~Self.mask(prefixLength) }

    /// True when every address of `other` lies in this range.
    public func contains(_ other: IPv4Range) -> Bool {
        other.prefixLength >= prefixLength && other.base & Self.mask(prefixLength) == base
    }

    /// True when the two ranges share at least one address.
    public func overlaps(_ other: IPv4Range) -> Bool {
        contains(other) || other.contains(self)
    }

    public var description: String {
        let octets = [24, 16, 8, 0].map { String((base >> UInt32($0)) & 0xff) }
        return octets.joined(separator: ".") + "/\(prefixLength)"
    }
}
