import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// The direct decoding of a snapshot file (`FactsDecoder.load(from:)`, one pass straight into the facts) against
/// the tree it replaces (`Snapshot.load` then `FactsDecoder.facts(from:)`): the same facts, so the same
/// diagnoses, and the same errors.
@Suite struct SnapshotFileTests {
    /// Every fixture written in the file form, diagnosed from the facts of both decodings: identical results.
    @Test(arguments: FixtureLibrary.names)
    func theDirectDecodingDiagnosesEveryFixtureAsTheTreeDoes(name: String) throws {
        let scratch = try SnapshotTests.Scratch()
        let file = try scratch.write("\(name).json", try Snapshot.load(from: FixtureLibrary.path(name)).json())
        let tree = try FactsDecoder().facts(from: try Snapshot.load(from: file))
        let direct = try FactsDecoder().load(from: file).facts()
        #expect(direct.subnets == tree.subnets)
        #expect(direct.securityGroups == tree.securityGroups)
        #expect(direct.vpcEndpoints == tree.vpcEndpoints)
        #expect(direct.iam.policyDocuments == tree.iam.policyDocuments)
        #expect(direct.iam.keyPolicies == tree.iam.keyPolicies)
        #expect(direct.iam.roles == tree.iam.roles)
        let diagnoser = Diagnoser(rules: try RuleSet.load().rules)
        let expected = try diagnoser.diagnose(tree, selecting: TargetSelector())
        #expect(try diagnoser.diagnose(direct, selecting: TargetSelector()) == expected)
    }

    @Test func unreadCallsAndCaptureTimeAreKept() throws {
        let scratch = try SnapshotTests.Scratch()
        let file = try scratch.write("s.json", """
            {"format": 1, "capturedAt": "2026-11-25T00:00:00Z", "calls": [
              {"service": "ec2", "operation": "DescribeSubnet", "request": {}, "response": {"Subnets": []}},
              {"service": "ec2", "operation": "DescribeSubnets", "request": {}, "response": {"Subnets": [
                {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "ap-northeast-2a"}]}}]}
            """)
        let loaded = try FactsDecoder().load(from: file)
        #expect(loaded.unreadFiles == (try Snapshot.load(from: file)).unreadFiles)
        #expect(loaded.unreadFiles.map(\.file) == ["\(file): calls[0]"])
        #expect(loaded.capturedAt == "2026-11-25T00:00:00Z")
        let facts = try loaded.facts()
        #expect(facts.subnets?.map { $0.subnetId } == ["subnet-1"])
        #expect(facts.region == "ap-northeast-2", "inferred from the subnet's zone, as the tree does")
    }

    /// An audit keeps as documents only the answers its rules' fact conditions read (`documentRoots`); the typed
    /// facts are the same, and a response without the member is the same error, whether it is kept or not.
    @Test func onlyTheDocumentsOfTheGivenRootsAreKept() throws {
        let scratch = try SnapshotTests.Scratch()
        let file = try scratch.write("s.json", """
            {"format": 1, "calls": [
              {"service": "ec2", "operation": "DescribeSubnets", "request": {}, "response": {"Subnets": [
                {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "ap-northeast-2a"}]}},
              {"service": "ec2", "operation": "DescribeVpcs", "request": {}, "response": {"Vpcs": [
                {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}}]}
            """)
        let all = try FactsDecoder().load(from: file).facts()
        let some = try FactsDecoder(documentRoots: [.subnets]).load(from: file).facts()
        #expect(some.documents.elements(.subnets) == all.documents.elements(.subnets))
        #expect(all.documents.elements(.vpcs)?.count == 1)
        #expect(some.documents.elements(.vpcs) == nil)
        #expect(some.subnets == all.subnets)
        #expect(some.vpcs == all.vpcs)
        let none = try FactsDecoder(documentRoots: []).facts(from: try Snapshot.load(from: file))
        #expect(none.documents.elements(.subnets) == nil)
        #expect(none.subnets == all.subnets)

        let broken = try scratch.write("broken.json", """
            {"format": 1, "calls": [{"service": "ec2", "operation": "DescribeVpcs", "request": {}, "response": {"Next": "x"}}]}
            """)
        let expected = #expect(throws: InputError.self) { try FactsDecoder().load(from: broken).facts() }
        let skipped = #expect(throws: InputError.self) { try FactsDecoder(documentRoots: []).load(from: broken).facts() }
        #expect(skipped?.message == expected?.message)
    }

    /// Policy documents keep their members' names (`Statement`), as the tree does, whichever form they come in.
    @Test func policyDocumentsKeepTheirMemberNames() throws {
        let scratch = try SnapshotTests.Scratch()
        let file = try scratch.write("s.json", #"""
            {"format": 1, "calls": [
              {"service": "kms", "operation": "GetKeyPolicy", "request": {"KeyId": "k-1"},
               "response": {"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": []}"}},
              {"service": "iam", "operation": "GetPolicyVersion", "request": {"PolicyArn": "arn:aws:iam::111122223333:policy/p"},
               "response": {"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}}}}]}
            """#)
        let facts = try FactsDecoder().load(from: file).facts()
        #expect(facts.iam.keyPolicies["k-1"]?["Statement"] == .array([]))
        #expect(facts.iam.policyDocuments["arn:aws:iam::111122223333:policy/p"]?["Statement"]?.arrayValue?.first?["Effect"]
                == .string("Allow"))
    }

    @Test(arguments: [
        "{\"format\": 2, \"calls\": []}", "{\"calls\": []}", "[1, 2]",
        "{\"format\": 1, \"calls\": [{\"service\": \"ec9\", \"operation\": \"X\"}]}",
        "{\"format\": 1, \"calls\": [{\"service\": \"ec2\"}]}",
        "{\"format\": 1, \"calls\": [{\"service\": \"ec2\", \"operation\": \"DescribeVpcs\", \"error\": {}}]}",
        "{\"format\": 1, \"calls\": {}}", "{\"format\": 1,",
        // A response of the wrong shape, and one before a call the file's shape forbids: the shape wins.
        #"{"format": 1, "calls": [{"service": "ec2", "operation": "DescribeSubnets", "response": {"Subnets": [{"SubnetId": 12, "VpcId": "v"}]}}]}"#,
        #"{"format": 1, "calls": [{"service": "ec2", "operation": "DescribeSubnets", "response": {"Vpcs": []}}]}"#,
        #"{"format": 1, "calls": [{"service": "ec2", "operation": "DescribeSubnets", "response": {"Subnets": [{"VpcId": "v"}]}}, {"service": "x"}]}"#,
        #"{"format": 1, "calls": [{"service": "secretsmanager", "operation": "DescribeSecret", "response": {"Name": "s"}}]}"#,
        #"{"format": 1, "calls": [{"service": "kms", "operation": "GetKeyPolicy", "request": {"KeyId": "k"}, "response": {"Policy": "[1]"}}]}"#,
    ])
    func errorsAreTheTreesErrors(text: String) throws {
        let scratch = try SnapshotTests.Scratch()
        let file = try scratch.write("bad.json", text)
        let expected = try #require(throws: InputError.self) {
            try FactsDecoder().facts(from: try Snapshot.load(from: file))
        }
        #expect(throws: expected) { try FactsDecoder().load(from: file).facts() }
    }
}
