import AWSClient
@testable import ECSMedic
import Foundation
import Testing

@Suite struct SnapshotTests {
    /// A scratch folder removed after the test.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appending(path: "snapshot-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }

        func write(_ name: String, _ text: String) throws -> String {
            let path = url.appending(path: name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func theFolderFormReadsTheSeedDeployment() throws {
        let facts = try FixtureLibrary.facts("seed-healthy")
        #expect(facts.region == "ap-northeast-2")
        #expect(facts.account == "111122223333")
        #expect(facts.services?.first?.serviceName == "demo-ecs-service")
        #expect(facts.vpcs?.first?.cidrBlock == "10.0.0.0/16")
        #expect(facts.subnets?.count == 4)
        let vpcId = try #require(facts.vpcs?.first?.vpcId)
        #expect(facts.vpcDNS[vpcId] == VPCDNSAttributes(enableDnsSupport: true, enableDnsHostnames: true))
        let secret = try #require(facts.taskDefinitions?.first?.containerDefinitions.first?.secrets?.first)
        #expect(secret.valueFrom.hasSuffix(":username::"))
        #expect(facts.dbClusters?.first?.port == 5432)
        #expect(facts.dbClusters?.first?.masterUserSecret?.secretArn?.contains("secret:rds!cluster-") == true)
    }

    @Test func theFileFormGivesTheSameFindingsAsTheFolderForm() throws {
        let folder = try Snapshot.load(from: FixtureLibrary.path("seed-no-secretsmanager-endpoint"))
        let calls: [JSONValue] = folder.calls.map { call in
            .object(["service": .string(call.service), "operation": .string(call.operation),
                     "request": call.request ?? .object([:]), "response": call.response ?? .null])
        }
        let document = JSONValue.object(["format": .number(1), "region": .string("ap-northeast-2"),
                                         "account": .string("111122223333"), "capturedAt": .string("2026-11-24T03:12:45Z"),
                                         "calls": .array(calls)])
        let scratch = try Scratch()
        let path = try scratch.write("snapshot.json", String(decoding: try JSONEncoder().encode(document), as: UTF8.self))
        let rules = try RuleSet.load().rules
        let fromFile = try Diagnoser(rules: rules).diagnose(try FactsDecoder().facts(from: try Snapshot.load(from: path)), selecting: .init())
        let fromFolder = try Diagnoser(rules: rules).diagnose(try FactsDecoder().facts(from: folder), selecting: .init())
        #expect(fromFile.findings == fromFolder.findings)
        #expect(fromFile.findings.map(\.rule) == ["secretsmanager-unreachable"])
    }

    @Test func aMissingCallIsUnverifiedNeverAFinding() throws {
        let scratch = try Scratch()
        let source = FixtureLibrary.folder.appending(path: "seed-no-secretsmanager-endpoint")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path)
        where name.hasSuffix(".json") && name != "ec2-describe-vpc-endpoints.json" {
            try FileManager.default.copyItem(at: source.appending(path: name), to: scratch.url.appending(path: name))
        }
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: .init())
        #expect(result.findings.isEmpty)
        #expect(result.unverified.contains { $0.permission == "ec2:DescribeVpcEndpoints" })
        #expect(Report(results: [result]).exitCode(failOn: .error) == 3)
    }

    @Test func aRecordedAccessDeniedNamesTheReasonAndPermission() throws {
        let document = """
        {"format": 1, "region": "ap-northeast-2", "calls": [
          {"service": "ec2", "operation": "DescribeVpcEndpoints", "request": {},
           "error": {"code": "UnauthorizedOperation", "message": "not authorized"}}]}
        """
        let scratch = try Scratch()
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: try scratch.write("s.json", document)))
        #expect(facts.vpcEndpoints == nil)
        #expect(facts.unverified == [UnverifiedFact(fact: "ec2 DescribeVpcEndpoints", reason: "UnauthorizedOperation",
                                                    permission: "ec2:DescribeVpcEndpoints")])
    }

    @Test(arguments: [
        ("{\"format\": 2, \"calls\": []}", "unsupported snapshot format 2 (this ecs-medic reads format 1)"),
        ("{\"calls\": []}", "not a snapshot: missing \"format\""),
        ("[1, 2]", "not a snapshot: expected a JSON object"),
        ("{\"format\": 1, \"calls\": [{\"service\": \"ec9\", \"operation\": \"X\"}]}", "calls[0].service: unknown service \"ec9\""),
        ("{\"format\": 1, \"calls\": {}}", "\"calls\" must be an array"),
        ("{\"format\": 1,", "malformed JSON"),
    ])
    func badSnapshotFilesAreOneLineErrors(text: String, expected: String) throws {
        let scratch = try Scratch()
        let path = try scratch.write("bad.json", text)
        do {
            _ = try Snapshot.load(from: path)
            Issue.record("accepted \(text)")
        } catch let error as InputError {
            #expect(error.message.hasPrefix(path + ": "))
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func aResponseOfTheWrongShapeNamesTheFileAndField() throws {
        let scratch = try Scratch()
        let path = try scratch.write("ec2-describe-subnets.json", #"{"Subnets": [{"SubnetId": 12, "VpcId": "vpc-1"}]}"#)
        #expect(throws: InputError("\(path): Subnets[0].subnetId: expected a string")) {
            try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        }
        _ = try scratch.write("ec2-describe-subnets.json", #"{"Vpcs": []}"#)
        #expect(throws: InputError("\(path): not the expected response shape: missing \"Subnets\"")) {
            try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        }
    }

    @Test func aFolderFileWithAStrangeNameIsRejected() throws {
        let scratch = try Scratch()
        let path = try scratch.write("notes.json", "{}")
        #expect(throws: InputError("\(path): not a snapshot file name: expected <service>-<operation>[--<label>].json, e.g. ec2-describe-route-tables.json")) {
            try Snapshot.load(from: scratch.url.path)
        }
    }

    @Test func aMissingSnapshotIsAnInputError() {
        #expect(throws: InputError("/no/such/snapshot: no such snapshot file or folder")) {
            try Snapshot.load(from: "/no/such/snapshot")
        }
    }

    @Test(arguments: [
        ("VpcId", "vpcId"), ("DBClusterIdentifier", "dbClusterIdentifier"), ("ARN", "arn"), ("taskArn", "taskArn"),
        ("KmsKeyId", "kmsKeyId"), ("Ipv6CidrBlock", "ipv6CidrBlock"), ("IpPermissionsEgress", "ipPermissionsEgress"),
    ])
    func cliMemberNamesMapToSwiftNames(cli: String, swift: String) {
        #expect(AWSCLIJSON.lowerCamel(cli) == swift)
    }
}
