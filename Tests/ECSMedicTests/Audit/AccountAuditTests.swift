import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// The pieces of an audit of several accounts that need no AWS: the recording folder's names, the SCP/RCP path
/// read from recorded Organizations calls, and what an unaudited account does to the report.
@Suite struct AccountAuditTests {
    @Test func recordingFileNamesAreAccountAndRegion() {
        #expect(AuditRecording.parse("111122223333-eu-west-1.json")! == ("111122223333", "eu-west-1"))
        #expect(AuditRecording.parse("111122223333-us-gov-west-1.json")! == ("111122223333", "us-gov-west-1"))
        // Folder-form files start with a service name; an id must have 12 digits.
        #expect(AuditRecording.parse("ec2-describe-vpcs.json") == nil)
        #expect(AuditRecording.parse("11112222333-eu-west-1.json") == nil)
        #expect(AuditRecording.parse("111122223333-eu-west-1.yaml") == nil)
        #expect(AuditRecording.parse("unaudited.json") == nil)
        #expect(AccountAudit.partition(of: "cn-north-1") == "aws-cn")
        #expect(AccountAudit.partition(of: "us-gov-west-1") == "aws-us-gov")
        #expect(AccountAudit.partition(of: "eu-west-1") == "aws")
    }

    static let account = "222233334444"
    static let deny = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"logs:PutLogEvents","Resource":"*"}]}"#
    static let full = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    static func call(_ operation: String, _ request: JSONValue, _ response: JSONValue?, error: String? = nil) -> SnapshotCall {
        SnapshotCall(service: "organizations", operation: operation, request: request, response: response,
                     error: error.map { .init(code: $0) }, origin: "test")
    }

    /// An account in OU ou-1 under root r-1: FullAWSAccess everywhere, the deny on the OU, no RCP but the root's.
    static func organizationCalls(describePolicyError: String? = nil) -> [SnapshotCall] {
        func listing(_ target: String, _ filter: String, _ policies: [(String, String)]) -> SnapshotCall {
            call("ListPoliciesForTarget", ["TargetId": .string(target), "Filter": .string(filter)],
                 ["Policies": .array(policies.map { ["Id": .string($0.0), "Name": .string($0.1)] })])
        }
        return [
            call("DescribeOrganization", [:], ["Organization": ["Id": "o-1", "MasterAccountId": "111122223333"]]),
            call("ListParents", ["ChildId": .string(account)], ["Parents": [["Id": "ou-1", "Type": "ORGANIZATIONAL_UNIT"]]]),
            call("ListParents", ["ChildId": "ou-1"], ["Parents": [["Id": "r-1", "Type": "ROOT"]]]),
            listing("r-1", "SERVICE_CONTROL_POLICY", [("p-FullAWSAccess", "FullAWSAccess")]),
            listing("ou-1", "SERVICE_CONTROL_POLICY", [("p-FullAWSAccess", "FullAWSAccess"), ("p-deny", "deny-log-writes")]),
            listing(account, "SERVICE_CONTROL_POLICY", [("p-FullAWSAccess", "FullAWSAccess")]),
            listing("r-1", "RESOURCE_CONTROL_POLICY", []),
            listing("ou-1", "RESOURCE_CONTROL_POLICY", []),
            listing(account, "RESOURCE_CONTROL_POLICY", []),
            call("DescribePolicy", ["PolicyId": "p-FullAWSAccess"], ["Policy": ["Content": .string(full)]]),
            call("DescribePolicy", ["PolicyId": "p-deny"], describePolicyError == nil ? ["Policy": ["Content": .string(deny)]] : nil,
                 error: describePolicyError),
        ]
    }

    @Test func theAccountsPathIsReadFromTheRootDown() throws {
        let policies = try #require(OrganizationPolicies.decode(Self.organizationCalls(), account: Self.account))
        #expect(policies.unverified == nil)
        #expect(policies.managementAccount == "111122223333")
        #expect(policies.path.map(\.target) == ["r-1", "ou-1", Self.account])
        #expect(policies.path[1].serviceControlPolicies.map(\.name) == ["FullAWSAccess", "deny-log-writes"])
        #expect(policies.path.allSatisfy { $0.resourceControlPolicies.isEmpty })
    }

    @Test func aPolicyThatCouldNotBeReadLeavesTheLayerUnverifiedNamingThePermission() throws {
        let policies = try #require(OrganizationPolicies.decode(Self.organizationCalls(describePolicyError: "AccessDeniedException"),
                                                                account: Self.account))
        #expect(policies.path.isEmpty)
        #expect(policies.unverified?.permission == "organizations:DescribePolicy")
        #expect(policies.unverified?.reason == "AccessDeniedException")
        // Not asked at all (the caller cannot read the organization): nil, and the SCP line stays as before.
        let refused = [Self.call("DescribeOrganization", [:], nil, error: "AccessDeniedException")]
        #expect(OrganizationPolicies.decode(refused, account: Self.account) == nil)
        #expect(OrganizationPolicies.decode([], account: Self.account) == nil)
    }

    @Test func anUnauditedAccountIsExitThreeAndInTheJSONReport() throws {
        let unaudited = UnauditedAccount(account: "333344445555", region: nil, reason: "AccessDenied: not authorized",
                                         permission: "sts:AssumeRole on arn:aws:iam::333344445555:role/audit")
        let report = Report(results: [], unauditedAccounts: [unaudited])
        #expect(report.exitCode(failOn: .error) == 3)
        #expect(Report(results: []).exitCode(failOn: .error) == 0)
        let json = try report.json()
        #expect(json.contains("\"unauditedAccounts\" : ["), "\(json)")
        #expect(json.contains("\"permission\" : \"sts:AssumeRole on arn:aws:iam::333344445555:role/audit\""))
        #expect(!(try Report(results: []).json()).contains("unauditedAccounts"))
        #expect(unaudited.line == "account 333344445555 (all regions): AccessDenied: not authorized (needs sts:AssumeRole on arn:aws:iam::333344445555:role/audit)")
    }
}
