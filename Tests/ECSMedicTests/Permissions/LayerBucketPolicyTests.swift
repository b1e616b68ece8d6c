@testable import ECSMedic
import Testing

/// The S3 gateway endpoint's policy must let ECR's pre-signed layer downloads reach the regional
/// `prod-<region>-starport-layer-bucket` (seed-healthy with the gateway endpoint's policy changed in memory).
@Suite struct LayerBucketPolicyTests {
    static func diagnose(gatewayPolicy: String?) throws -> DiagnosisResult {
        var facts = try FixtureLibrary.facts("seed-healthy")
        facts.vpcEndpoints = facts.vpcEndpoints?.map { endpoint in
            guard endpoint.isGateway else { return endpoint }
            var copy = endpoint
            copy.policyDocument = gatewayPolicy
            return copy
        }
        return try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
    }

    static func policy(resource: String, principal: String = #""*""#) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":\#(principal),"Action":"s3:GetObject","Resource":"\#(resource)"}]}"#
    }

    @Test func aPolicyThatOmitsTheLayerBucketDeniesImagePulls() throws {
        let result = try Self.diagnose(gatewayPolicy: Self.policy(resource: "arn:aws:s3:::app-config-bucket/*"))
        let finding = try #require(result.findings.first { $0.rule == "endpoint-policy-denies" })
        #expect(finding.resources.first?.hasPrefix("vpce-") == true)
        #expect(finding.message.contains("prod-ap-northeast-2-starport-layer-bucket"))
    }

    @Test func aPolicyForTheLayerBucketLetsThemThrough() throws {
        let result = try Self.diagnose(gatewayPolicy: Self.policy(resource: "arn:aws:s3:::prod-ap-northeast-2-starport-layer-bucket/*"))
        #expect(!result.findings.contains { $0.rule == "endpoint-policy-denies" })
    }

    @Test func theDefaultFullAccessPolicyIsNotChecked() throws {
        let result = try Self.diagnose(gatewayPolicy: nil)
        #expect(!result.findings.contains { $0.rule == "endpoint-policy-denies" })
    }

    @Test func aPolicyLimitedToTheAccountsOwnPrincipalsBlocksThePreSignedDownload() throws {
        let result = try Self.diagnose(gatewayPolicy: Self.policy(
            resource: "arn:aws:s3:::prod-ap-northeast-2-starport-layer-bucket/*",
            principal: #"{"AWS":"arn:aws:iam::111122223333:root"}"#))
        #expect(result.findings.contains { $0.rule == "endpoint-policy-denies" })
    }
}
