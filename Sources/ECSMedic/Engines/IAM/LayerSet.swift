/// A set of policy layers as bits, for the evaluator's bookkeeping without allocation.
struct LayerSet: Sendable, Equatable {
    private var bits: UInt8 = 0

    init() {}

    init(_ layers: [PolicyLayer]) {
        for layer in layers { insert(layer) }
    }

    var isEmpty: Bool { bits == 0 }

    mutating func insert(_ layer: PolicyLayer) { bits |= Self.bit(layer) }

    mutating func formUnion(_ other: LayerSet) { bits |= other.bits }

    /// The layers in `PolicyLayer` order.
    var sorted: [PolicyLayer] { PolicyLayer.allCases.filter { bits & Self.bit($0) != 0 } }

    private static func bit(_ layer: PolicyLayer) -> UInt8 {
        switch layer {
        case .identity: 1
        case .resourcePolicy: 2
        case .permissionsBoundary: 4
        case .serviceControlPolicies: 8
        case .resourceControlPolicies: 16
        case .sessionPolicy: 32
        case .endpointPolicy: 64
        }
    }
}
