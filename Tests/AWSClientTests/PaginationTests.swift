import AWSClient
import Foundation
import Testing

/// `paginate` follows each protocol's token across pages of moto_server responses.
struct PaginationTests {
    @Test func logsFollowsNextTokenAcrossPages() async throws {
        let fixture = try MotoFixture(region: "eu-south-1")
        let client = fixture.client()
        for index in 1...7 {
            _ = try await client.send(.logs, "CreateLogGroup", ["logGroupName": .string("/medic/group-\(index)")])
        }
        var pages: [[String]] = []
        for try await page in client.paginate(.logs, "DescribeLogGroups", ["logGroupNamePrefix": "/medic/", "limit": 3]) {
            pages.append(page["logGroups"]?.arrayValue?.compactMap { $0["logGroupName"]?.stringValue } ?? [])
        }
        #expect(pages.map(\.count) == [3, 3, 1])
        #expect(pages.flatMap { $0 }.sorted() == (1...7).map { "/medic/group-\($0)" })
    }

    @Test func iamFollowsMarkerWhileTruncated() async throws {
        let fixture = try MotoFixture(region: "us-east-1")
        let client = fixture.client()
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        for index in 1...5 {
            _ = try await client.send(.iam, "CreateRole", [
                "RoleName": .string("paged-role-\(index)"), "Path": "/paged/", "AssumeRolePolicyDocument": .string(trust),
            ])
        }
        var pages: [JSONValue] = []
        for try await page in client.paginate(.iam, "ListRoles", ["PathPrefix": "/paged/", "MaxItems": 2]) {
            pages.append(page)
        }
        #expect(pages.map { $0["Roles"]?.arrayValue?.count ?? 0 } == [2, 2, 1])
        #expect(pages.map { $0["IsTruncated"] } == [true, true, false])
        let names = pages.flatMap { $0["Roles"]?.arrayValue ?? [] }.compactMap { $0["RoleName"]?.stringValue }
        #expect(Set(names) == Set((1...5).map { "paged-role-\($0)" }))
    }

    @Test func aCallWithoutPaginatorYieldsOnePage() async throws {
        let fixture = try MotoFixture(region: "us-east-1")
        var count = 0
        for try await page in fixture.client().paginate(.sts, "GetCallerIdentity") {
            #expect(page["Account"] == "123456789012")
            count += 1
        }
        #expect(count == 1)
    }
}
