@testable import ECSMedic
import AWSClient
import Foundation
import Testing

/// Endpoint policy fixes (AWS PrivateLink Guide, "Control access to VPC endpoints using endpoint policies": the
/// policy replaces the whole document; Amazon ECR User Guide, "Amazon S3 gateway endpoint": allow s3:GetObject on
/// arn:aws:s3:::prod-<region>-starport-layer-bucket/*).
@Suite struct EndpointPolicyFixTests {
    @Test func theInterfaceEndpointKeepsItsStatementAndAllowsTheExecutionRoleTheSecret() throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == "perm-endpoint-policy-denies" })
        let finding = try #require(diagnosis.result.findings.first { $0.rule == "endpoint-policy-denies" })
        let fix = try #require(finding.fixes.first { $0.id == "allow-in-endpoint-policy" })
        #expect(fix.verified == true)
        guard case .endpointPolicy(let endpoint, let document)? = fix.changes.first else {
            Issue.record("not an endpoint policy: \(fix.changes)")
            return
        }
        #expect(endpoint.vpcEndpointId == "vpce-0d48a3533ce14fe95")
        let statements = document["Statement"]?.arrayValue ?? []
        #expect(statements.count == 2)
        #expect(statements.first?["Sid"] == "ReadOneSecret")
        let added = try #require(statements.last)
        #expect(added["Effect"] == "Allow")
        #expect(added["Action"] == "secretsmanager:GetSecretValue")
        #expect(added["Principal"]?["AWS"]?.stringValue?.hasSuffix(":role/demo-ecs-exec-role") == true)
        #expect(added["Resource"]?.stringValue?.hasPrefix("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:") == true)
        #expect(added["Resource"]?.stringValue?.contains("*") == false)
        #expect(fix.awsCli?.contains("aws ec2 modify-vpc-endpoint --region ap-northeast-2 --vpc-endpoint-id vpce-0d48a3533ce14fe95") == true)
        #expect(fix.awsCli?.contains("--policy-document '{") == true)
        #expect(fix.terraform?.contains("resource \"aws_vpc_endpoint_policy\"") == true)
        #expect(fix.cloudformation?.contains("PolicyDocument: {") == true)
        #expect(diagnosis.plan.iamDocuments.contains { $0.key == "vpce-0d48a3533ce14fe95/policy" })
    }

    /// ECR signs the layer download: the statement names any principal and only the regional layer bucket.
    @Test func theS3GatewayEndpointAllowsTheLayerBucketToAnyPrincipal() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        let existing = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::app-config-bucket/*"}]}"#
        facts.vpcEndpoints = facts.vpcEndpoints?.map { endpoint in
            guard endpoint.isGateway else { return endpoint }
            var copy = endpoint
            copy.policyDocument = existing
            return copy
        }
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        let finding = try #require(result.findings.first { $0.rule == "endpoint-policy-denies" })
        let fix = try #require(finding.fixes.first { $0.id == "allow-in-endpoint-policy" })
        #expect(fix.verified == true)
        guard case .endpointPolicy(let endpoint, let document)? = fix.changes.first else {
            Issue.record("not an endpoint policy: \(fix.changes)")
            return
        }
        #expect(endpoint.isGateway)
        let statements = document["Statement"]?.arrayValue ?? []
        #expect(statements.first?["Resource"] == "arn:aws:s3:::app-config-bucket/*")
        #expect(statements.last == .object([
            "Sid": "EcsMedicEcrImageLayers", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::prod-ap-northeast-2-starport-layer-bucket/*",
        ]))
        // No fixture holds this state, so the forms go through the real tools here.
        let cloudformation = try #require(fix.cloudformation)
        #expect(cloudformation.contains("VpcEndpointType: Gateway"))
        let template = try FixtureFixes.write([("gateway", "AWSTemplateFormatVersion: \"2010-09-09\"\n" + cloudformation)], suffix: ".yaml")
        let lint = try FixtureFixes.run(["cfn-lint", "--regions", "ap-northeast-2", "--"] + template.map(\.path))
        #expect(lint.status == 0, "cfn-lint:\n\(lint.output)\n\(cloudformation)")
        let terraform = try FixtureFixes.write([("gateway", try #require(fix.terraform))], suffix: ".tf")
        let parsed = try #require(try FixFormTests.parseHCL(terraform.map(\.path)).first)
        let policy = parsed["resource"]?.arrayValue?.compactMap { $0["aws_vpc_endpoint_policy"]?.objectValue?.values.first }.first
        #expect(policy?["vpc_endpoint_id"]?.stringValue?.hasPrefix("${var.vpce_") == true)
    }

    @Test func twoFindingsOnOneEndpointGiveOnePolicyWithBothStatements() {
        let endpoint = VPCEndpoint(vpcEndpointId: "vpce-1", vpcEndpointType: "Interface")
        let base: JSONValue = ["Version": "2012-10-17", "Statement": [["Sid": "Keep", "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "*"]]]
        let first = EndpointPolicyFixBuilder.merged(base, adding: [["Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "x:A", "Resource": "*"]])
        let second = EndpointPolicyFixBuilder.merged(base, adding: [["Sid": "B", "Effect": "Allow", "Principal": "*", "Action": "x:B", "Resource": "*"]])
        let merged = FixPlanner.merge([.endpointPolicy(endpoint: endpoint, document: first), .endpointPolicy(endpoint: endpoint, document: second)])
        #expect(merged.count == 1)
        guard case .endpointPolicy(_, let document)? = merged.first else {
            Issue.record("the merge gave \(merged), not one endpoint policy")
            return
        }
        #expect(document["Statement"]?.arrayValue?.compactMap { $0["Sid"]?.stringValue } == ["Keep", "A", "B"])
    }
}
