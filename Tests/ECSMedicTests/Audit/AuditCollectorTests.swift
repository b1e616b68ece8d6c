import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// The order an audit's recorded calls are written in, which must not depend on which concurrent call finished first.
@Suite struct AuditCollectorTests {
    static func call(_ operation: String, _ id: String, page: Int) -> SnapshotCall {
        SnapshotCall(service: "ec2", operation: operation, request: ["GroupIds": [.string(id)]],
                     response: ["page": .number(Double(page))], origin: "ec2:\(operation)")
    }

    @Test func callsAreOrderedByOperationAndRequestAndPagesKeepTheirOrder() {
        let a1 = Self.call("DescribeSecurityGroups", "sg-a", page: 1), a2 = Self.call("DescribeSecurityGroups", "sg-a", page: 2)
        let b = Self.call("DescribeSecurityGroups", "sg-b", page: 1), subnets = Self.call("DescribeSubnets", "subnet-a", page: 1)
        let expected = [a1, a2, b, subnets]
        for completion in [[subnets, b, a1, a2], [a1, b, a2, subnets], [b, subnets, a1, a2]] {
            #expect(AuditCollector.stableOrder(completion) == expected)
        }
    }

    @Test func idListsAreSplitAtTheAPIsLimit() {
        let ids = (0..<205).map { "subnet-\($0)" }
        let chunks = RoundPlanner.chunks(ids, of: 100)
        #expect(chunks.map(\.count) == [100, 100, 5])
        #expect(chunks.flatMap { $0 } == ids)
        #expect(RoundPlanner.chunks([], of: 10).isEmpty)
    }
}
