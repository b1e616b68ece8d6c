@testable import AWSClient
import Foundation
import Testing

/// Huge and hostile response bodies (issue 13): decoded, or a malformed-response error, never a crash. No test
/// asserts on how long it took; a time limit of minutes only stops a run that quadratic work would never finish.
@Suite struct HugeResponseTests {

    private func decode(_ service: AWSServiceID, _ operation: String, _ body: String) throws -> JSONValue {
        let model = try ServiceModel.named(service)
        let parser = ResponseParser(service: service, model: model)
        return try parser.output(try model.operation(operation, service: service),
                                 HTTPResponse(status: 200, headers: [:], body: Data(body.utf8)))
    }

    /// 100,000 routes in one ec2 DescribeRouteTables response, as EC2 encodes lists (`<item>`).
    @Test(.timeLimit(.minutes(60))) func oneHundredThousandRoutesDecodeInBoundedTime() throws {
        let routes = (0..<100_000).map { index in
            "<item><destinationCidrBlock>10.\(index >> 8 & 255).\(index & 255).0/24</destinationCidrBlock>"
                + "<vpcPeeringConnectionId>pcx-\(index)</vpcPeeringConnectionId><state>active</state></item>"
        }.joined()
        let body = #"<DescribeRouteTablesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><routeTableSet><item>"#
            + "<routeTableId>rtb-0abc</routeTableId><routeSet>\(routes)</routeSet></item></routeTableSet>"
            + "</DescribeRouteTablesResponse>"
        var output: JSONValue = .null
        try output = try decode(.ec2, "DescribeRouteTables", body)
        #expect(output["RouteTables"]?[0]?["Routes"]?.arrayValue?.count == 100_000)
        #expect(output["RouteTables"]?[0]?["Routes"]?[99_999]?["VpcPeeringConnectionId"] == "pcx-99999")
    }

    /// libxml2 refuses documents nested deeper than 256 elements (without XML_PARSE_HUGE), so the recursive
    /// conversion to `XMLNode` stays shallow.
    @Test func deeplyNestedXMLIsAMalformedResponse() throws {
        let body = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        let error = #expect(throws: AWSError.self) { _ = try decode(.ec2, "DescribeRouteTables", body) }
        #expect(error?.code == "MalformedResponse")
    }

    /// Foundation's JSON decoder refuses documents nested deeper than 512 levels.
    @Test func deeplyNestedJSONIsADecodingError() throws {
        let body = #"{"taskArns": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: DecodingError.self) { _ = try decode(.ecs, "ListTasks", body) }
    }
}
