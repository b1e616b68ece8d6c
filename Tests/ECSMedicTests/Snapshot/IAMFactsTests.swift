import AWSClient
import ECSMedic
import Testing

@Suite struct IAMFactsTests {
    @Test func rolesPoliciesKeysAndSecretPoliciesAreRead() throws {
        let iam = try FixtureLibrary.facts("perm-cmk-without-decrypt").iam
        let role = try #require(iam.role(arn: "arn:aws:iam::111122223333:role/demo-ecs-exec-role"))
        #expect(role.assumeRolePolicyDocument?["Statement"]?.arrayValue?.first?["Principal"]?["Service"]?.stringValue == "ecs-tasks.amazonaws.com")
        #expect(iam.attachedPolicies["demo-ecs-exec-role"]?.map(\.policyName) == ["AmazonECSTaskExecutionRolePolicy"])
        let managed = try #require(iam.document(ofManagedPolicy: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"))
        #expect(managed["Statement"]?.arrayValue?.isEmpty == false)
        #expect(iam.inlinePolicies["demo-ecs-exec-role"]?["demo-secrets-read"] != nil)
        let key = try #require(iam.kmsKeys.first)
        #expect(key.isCustomerManaged)
        // Key policies are JSON strings in the CLI's output; they are decoded into documents.
        #expect(iam.keyPolicy(of: key)?["Statement"]?.arrayValue?.first?["Sid"]?.stringValue == "Enable IAM User Permissions")
        // The secret has no resource policy: known to be absent, not unknown.
        let secret = try #require(iam.secretPolicies.first)
        #expect(secret.value == nil)
    }

    @Test func aSecretResourcePolicyIsDecoded() throws {
        let iam = try FixtureLibrary.facts("perm-secret-policy-deny").iam
        let policy = try #require(iam.secretPolicies.first?.value)
        #expect(policy["Statement"]?.arrayValue?.first?["Effect"]?.stringValue == "Deny")
    }
}
