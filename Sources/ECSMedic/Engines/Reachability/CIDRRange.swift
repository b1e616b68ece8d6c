/// An address range of one IP family, so that rule matching is written once for IPv4 and IPv6.
public protocol CIDRRange: Sendable, Hashable, CustomStringConvertible {
    var prefixLength: Int { get }
    /// True when every address of `other` lies in this range.
    func contains(_ other: Self) -> Bool
    /// True when the two ranges share at least one address.
    func overlaps(_ other: Self) -> Bool
}
