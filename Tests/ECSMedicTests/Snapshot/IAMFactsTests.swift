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

    /// A parameter's `KeyId` or a secret's `KmsKeyId` may name the key by alias: `describe-key` asked with the
    /// alias (live, or a folder file labelled with it) and `list-aliases` both resolve it.
    @Test(arguments: ["alias/demo-secrets", "arn:aws:kms:ap-northeast-2:111122223333:alias/demo-secrets"])
    func aKeyNamedByItsAliasIsFound(_ reference: String) throws {
        let key: JSONValue = ["KeyMetadata": ["KeyId": "5913f600-8c77-40cd-9ac7-81ce449285ac", "KeyManager": "CUSTOMER",
                                              "Arn": "arn:aws:kms:ap-northeast-2:111122223333:key/5913f600-8c77-40cd-9ac7-81ce449285ac"]]
        let askedByAlias = SnapshotCall(service: "kms", operation: "DescribeKey", request: ["KeyId": .string(reference)],
                                        response: key, origin: "kms:DescribeKey")
        #expect(try FactsDecoder().facts(from: Snapshot(calls: [askedByAlias])).iam.key(reference)?.keyId
            == "5913f600-8c77-40cd-9ac7-81ce449285ac")

        let askedById = SnapshotCall(service: "kms", operation: "describe-key", request: ["label": "5913f600-8c77-40cd-9ac7-81ce449285ac"],
                                     response: key, origin: "kms-describe-key--5913f600-8c77-40cd-9ac7-81ce449285ac.json")
        #expect(try FactsDecoder().facts(from: Snapshot(calls: [askedById])).iam.key(reference) == nil)
        let aliases = SnapshotCall(service: "kms", operation: "list-aliases", response: ["Aliases": [
            ["AliasName": "alias/aws/ssm", "AliasArn": "arn:aws:kms:ap-northeast-2:111122223333:alias/aws/ssm"],
            ["AliasName": "alias/demo-secrets", "AliasArn": "arn:aws:kms:ap-northeast-2:111122223333:alias/demo-secrets",
             "TargetKeyId": "5913f600-8c77-40cd-9ac7-81ce449285ac"],
        ]], origin: "kms-list-aliases.json")
        let listed = try FactsDecoder().facts(from: Snapshot(calls: [askedById, aliases])).iam
        #expect(listed.key(reference)?.arn == "arn:aws:kms:ap-northeast-2:111122223333:key/5913f600-8c77-40cd-9ac7-81ce449285ac")
        #expect(listed.key("alias/other") == nil)
    }
}
