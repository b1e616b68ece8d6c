import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// Redaction masks secret values, never the identifiers the rules read; and a value that was redacted anyway (an
/// older recording, a user's own masking) is unverified, never reasoned about as data.
@Suite struct SnapshotRedactorTests {
    static let marker = SnapshotRedactor.marker

    static func redacted(_ response: String) throws -> JSONValue {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(response.utf8))
        let call = SnapshotCall(service: "ecs", operation: "DescribeTaskDefinition", response: value, origin: "test")
        return try #require(SnapshotRedactor().redact([call]).first?.response)
    }

    @Test func identifiersOfSecretsAreKeptAndTheirValuesMasked() throws {
        let secretArn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:demo-registry-ghcr-Xy12Ab"
        let value = try Self.redacted("""
            {"taskDefinition": {"containerDefinitions": [{"name": "app",
              "repositoryCredentials": {"credentialsParameter": "\(secretArn)"},
              "secrets": [{"name": "DB_PASSWORD", "valueFrom": "\(secretArn):password::"}],
              "environment": [{"name": "DB_PASSWORD_PLAIN", "value": "hunter2"}, {"name": "API_TOKEN", "value": "t0k3n"},
                              {"name": "DB_SECRET_ARN", "value": "\(secretArn)"}, {"name": "LOG_LEVEL", "value": "info"},
                              {"name": "DATABASE_URL", "value": "postgresql://app:hunter2@db.example.com:5432/app"},
                              {"name": "DEPLOY_KEY", "value": "AKIAIOSFODNN7EXAMPLE"}],
              "logConfiguration": {"logDriver": "splunk", "options": {"splunk-token": "00000000-aaaa", "splunk-url": "https://splunk:8088"}}}]},
             "MasterUserSecret": {"SecretArn": "\(secretArn)", "SecretStatus": "active", "KmsKeyId": "alias/demo"},
             "SecretString": "{\\"password\\": \\"hunter2\\"}",
             "Parameters": [{"Name": "/demo/db/password", "Type": "SecureString", "Value": "hunter2"},
                            {"Name": "/demo/region", "Type": "String", "Value": "ap-northeast-2"}],
             "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
               "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:SecretPrimaryRegion": "ap-northeast-2"}}}]}}
            """)
        let container = try #require(value["taskDefinition"]?["containerDefinitions"]?.arrayValue?.first)
        #expect(container["repositoryCredentials"]?["credentialsParameter"]?.stringValue == secretArn)
        #expect(container["secrets"]?.arrayValue?.first?["valueFrom"]?.stringValue == "\(secretArn):password::")
        let environment = Dictionary(uniqueKeysWithValues: (container["environment"]?.arrayValue ?? []).compactMap { pair in
            pair["name"]?.stringValue.map { ($0, pair["value"]?.stringValue ?? "") }
        })
        #expect(environment == ["DB_PASSWORD_PLAIN": Self.marker, "API_TOKEN": Self.marker, "DB_SECRET_ARN": secretArn,
                                "LOG_LEVEL": "info", "DATABASE_URL": "postgresql://app:\(Self.marker)@db.example.com:5432/app",
                                "DEPLOY_KEY": Self.marker])
        #expect(container["logConfiguration"]?["options"]?["splunk-token"]?.stringValue == Self.marker)
        #expect(container["logConfiguration"]?["options"]?["splunk-url"]?.stringValue == "https://splunk:8088")
        #expect(value["MasterUserSecret"]?["SecretArn"]?.stringValue == secretArn)
        #expect(value["MasterUserSecret"]?["SecretStatus"]?.stringValue == "active")
        #expect(value["SecretString"]?.stringValue == Self.marker)
        #expect(value["Parameters"]?.arrayValue?.map { $0["Value"]?.stringValue } == [Self.marker, "ap-northeast-2"])
        let condition = value["PolicyDocument"]?["Statement"]?.arrayValue?.first?["Condition"]?["StringEquals"]
        #expect(condition?["secretsmanager:SecretPrimaryRegion"]?.stringValue == "ap-northeast-2")
    }

    @Test func namesThatIdentifyASecretAreNotSecret() {
        for name in ["credentialsParameter", "SecretArn", "SecretId", "secretsmanager:SecretId", "SecretStatus", "credentialSpecs",
                     "DB_SECRET_NAME"] {
            #expect(!SnapshotRedactor.namesSecret(name), "\(name)")
        }
        for name in ["DB_PASSWORD", "SecretString", "SecretBinary", "SecretAccessKey", "api-key", "GITHUB_TOKEN", "aws_credentials",
                     "private_key", "splunk-token"] {
            #expect(SnapshotRedactor.namesSecret(name), "\(name)")
        }
    }

    /// A recording made when the redactor still masked `credentialsParameter`: the reference is unverified (reason
    /// `redacted`), neither `secret-reference-invalid` for a parameter named like the marker nor a path to SSM.
    @Test func aRedactedRegistryCredentialsReferenceIsUnverifiedNotAFinding() throws {
        var facts = try FixtureLibrary.facts("perm-registry-credentials-no-getsecretvalue")
        let before = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        #expect(before.findings.map(\.rule) == ["exec-role-missing-permission"])
        facts.taskDefinitions?[0].containerDefinitions[0].repositoryCredentials?.credentialsParameter = Self.marker
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.findings.map(\.rule) == [])
        #expect(!result.verdicts.contains { $0.need.name == "ssm" })
        #expect(result.unverified.contains(UnverifiedFact(fact: "the secret or parameter named by registry credentials of container app",
                                                          reason: "redacted")), "\(result.unverified)")
    }

    @Test func aRedactedValueFromIsUnverifiedNotAFinding() throws {
        var facts = try FixtureLibrary.facts("perm-missing-getsecretvalue")
        for index in facts.taskDefinitions?[0].containerDefinitions[0].secrets?.indices ?? 0..<0 {
            facts.taskDefinitions?[0].containerDefinitions[0].secrets?[index].valueFrom = Self.marker
        }
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.findings.map(\.rule) == [])
        #expect(result.unverified.filter { $0.reason == "redacted" }.map(\.fact).sorted()
                == ["the secret or parameter named by secret DB_PASSWORD of container app",
                    "the secret or parameter named by secret DB_USERNAME of container app"])
    }

    /// A policy holding the marker (a Resource masked by an older redactor) decides nothing: were it read as data,
    /// the grant would not match the secret and the role would look denied.
    @Test func aPolicyWithARedactedValueIsUnverifiedNotADenial() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        let policy = try #require(facts.iam.inlinePolicies["demo-ecs-exec-role"]?["demo-secrets-read"])
        let masked = JSONValue.object(["Version": .string("2012-10-17"), "Statement": .array([.object([
            "Effect": .string("Allow"), "Action": .string("secretsmanager:GetSecretValue"), "Resource": .string(Self.marker)])])])
        #expect(policy != masked)
        facts.iam.inlinePolicies["demo-ecs-exec-role"]?["demo-secrets-read"] = masked
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.findings.map(\.rule) == [])
        #expect(result.unverified.contains(UnverifiedFact(fact: "inline policy demo-secrets-read of demo-ecs-exec-role", reason: "redacted")),
                "\(result.unverified)")
    }
}
