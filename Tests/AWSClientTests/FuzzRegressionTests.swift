@testable import AWSClient
import Foundation
import Testing

/// Inputs the fuzz targets (`Fuzz/`, docs/fuzzing.md) found to crash the response decoders, kept as regressions.
@Suite struct FuzzRegressionTests {
    private func decode(_ service: AWSServiceID, _ operation: String, _ body: String) throws -> JSONValue {
        let model = try ServiceModel.named(service)
        return try ResponseParser(service: service, model: model)
            .output(try model.operation(operation, service: service),
                    HTTPResponse(status: 200, headers: [:], body: Data(body.utf8)))
    }

    /// FuzzJSONResponse: `"stoppedAt": "239436388210251"` (epoch seconds past the year 9999) trapped converting
    /// microseconds to Int64. A timestamp the CLI cannot show either (Python's datetime ends at 9999) is kept as sent.
    @Test func timestampsBeyondTheYear9999AreKeptAsSent() throws {
        let output = try decode(.ecs, "DescribeTasks", """
            {"tasks": [{"stoppedAt": "239436388210251", "createdAt": 1e300, "startedAt": -1e300,
                        "pullStartedAt": 1700000000, "pullStoppedAt": "2023-11-14T22:13:20.5Z"}]}
            """)
        let task = try #require(output["tasks"]?[0])
        #expect(task["stoppedAt"] == "239436388210251")
        #expect(task["createdAt"] == .number(1e300))
        #expect(task["startedAt"] == .number(-1e300))
        #expect(task["pullStartedAt"] == "2023-11-14T22:13:20+00:00")
        #expect(task["pullStoppedAt"] == "2023-11-14T22:13:20.500000+00:00")
    }

    @Test func xmlTimestampsBeyondTheYear9999AreKeptAsSent() throws {
        let output = try decode(.ec2, "DescribeVpcEndpoints", """
            <DescribeVpcEndpointsResponse><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId>\
            <creationTimestamp>99999999999999999</creationTimestamp></item></vpcEndpointSet></DescribeVpcEndpointsResponse>
            """)
        #expect(output["VpcEndpoints"]?[0]?["CreationTimestamp"] == "99999999999999999")
    }

    @Test func theLastSecondOfTheYear9999IsStillFormatted() {
        #expect(Timestamp.cliString(epochSeconds: Timestamp.endOfYear9999 - 1) == "9999-12-31T23:59:59+00:00")
        #expect(Timestamp.cliString(epochSeconds: Timestamp.endOfYear9999) == nil)
        #expect(Timestamp.cliString(epochSeconds: .nan) == nil)
    }
}
