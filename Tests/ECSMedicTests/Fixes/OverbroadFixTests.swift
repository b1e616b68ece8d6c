@testable import ECSMedic
import AWSClient
import Testing

/// `overbroad-policy` offers the narrow replacement in every form: put the least-privilege inline policy, then
/// detach the managed policy (Amazon ECS Developer Guide, "Task execution IAM role": secretsmanager:GetSecretValue
/// on the secret's ARN is what the agent needs).
@Suite struct OverbroadFixTests {
    @Test func theNarrowPolicyReplacesSecretsManagerReadWriteInEveryForm() throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == "perm-overbroad-readwrite" })
        let finding = try #require(diagnosis.result.findings.first { $0.rule == "overbroad-policy" })
        let fix = try #require(finding.fixes.first { $0.id == "replace-overbroad-policy" })
        #expect(fix.verified == true)
        let statements = fix.iamPolicy?["Statement"]?.arrayValue ?? []
        #expect(statements.count == 1)
        #expect(statements.first?["Action"] == "secretsmanager:GetSecretValue")
        #expect(statements.first?["Resource"]?.stringValue?.hasPrefix("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-") == true)
        let cli = try #require(fix.awsCli).split(separator: "\n").map(String.init)
        let put = try #require(cli.firstIndex { $0.hasPrefix("aws iam put-role-policy --role-name demo-ecs-exec-role --policy-name ecs-medic-task-start") })
        let detach = try #require(cli.firstIndex { $0 == "aws iam detach-role-policy --role-name demo-ecs-exec-role --policy-arn arn:aws:iam::aws:policy/SecretsManagerReadWrite" })
        #expect(put < detach, "the narrow policy is in place before the broad one goes")
        #expect(fix.terraform?.contains("resource \"aws_iam_role_policy\"") == true)
        #expect(fix.terraform?.contains("# then remove the aws_iam_role_policy_attachment of arn:aws:iam::aws:policy/SecretsManagerReadWrite to demo-ecs-exec-role") == true)
        #expect(fix.cloudformation?.contains("Type: AWS::IAM::RolePolicy") == true)
        #expect(fix.cloudformation?.contains("# then remove arn:aws:iam::aws:policy/SecretsManagerReadWrite from ManagedPolicyArns of demo-ecs-exec-role") == true)
    }

    /// An inline `secretsmanager:*` on `*`: the narrow policy, then `delete-role-policy` of the broad one.
    @Test func anOverbroadInlinePolicyIsDeletedAfterTheNarrowOneIsPut() throws {
        var facts = try FixtureLibrary.facts("seed-healthy")
        let broad: JSONValue = ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"]]]
        facts.iam.inlinePolicyNames["demo-ecs-exec-role", default: []].append("all-secrets")
        facts.iam.inlinePolicies["demo-ecs-exec-role", default: [:]]["all-secrets"] = broad
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        let finding = try #require(result.findings.first { $0.rule == "overbroad-policy" })
        let fix = try #require(finding.fixes.first { $0.id == "replace-overbroad-policy" })
        #expect(fix.changes.last == .deleteRolePolicy(role: "demo-ecs-exec-role", name: "all-secrets"))
        #expect(fix.awsCli?.hasSuffix("aws iam delete-role-policy --role-name demo-ecs-exec-role --policy-name all-secrets") == true)
        #expect(fix.terraform?.contains("# then remove the aws_iam_role_policy all-secrets of demo-ecs-exec-role") == true)
        #expect(fix.cloudformation?.contains("Type: AWS::IAM::RolePolicy") == true)
        #expect(fix.verified == true)
    }
}
