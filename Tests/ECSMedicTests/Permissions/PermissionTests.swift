import AWSClient
@testable import ECSMedic
import Testing

/// Permission verdicts, the agent-call plan and the least-privilege fix on the permission fixtures.
@Suite struct PermissionTests {
    static func diagnose(_ fixture: String) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(try FixtureLibrary.facts(fixture), selecting: TargetSelector())
    }

    static func finding(_ rule: String, in fixture: String) throws -> Finding {
        try #require(try diagnose(fixture).findings.first { $0.rule == rule })
    }

    @Test func theMissingGrantIsFixedWithExactlyTheSecretARN() throws {
        let finding = try Self.finding("exec-role-missing-permission", in: "perm-missing-getsecretvalue")
        let fix = try #require(finding.fixes.first)
        #expect(fix.summary.contains("re-evaluated: every denied call becomes allowed"))
        let statements = try #require(fix.iamPolicy?["Statement"]?.arrayValue)
        #expect(statements.count == 1)
        #expect(statements[0]["Action"]?.stringValue == "secretsmanager:GetSecretValue")
        #expect(statements[0]["Resource"]?.stringValue?.hasPrefix("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-") == true)
        #expect(statements[0]["Resource"]?.stringValue?.hasSuffix("-BesmtL") == true)
        #expect(fix.awsCli?.contains("aws iam put-role-policy --role-name demo-ecs-exec-role --policy-name ecs-medic-task-start") == true)
    }

    @Test func aCustomerKeyNeedsDecryptThroughSecretsManagerOnly() throws {
        let finding = try Self.finding("exec-role-missing-permission", in: "perm-cmk-without-decrypt")
        #expect(finding.message.contains("kms:Decrypt"))
        let statement = try #require(finding.fixes.first?.iamPolicy?["Statement"]?.arrayValue?.first)
        #expect(statement["Action"]?.stringValue == "kms:Decrypt")
        #expect(statement["Resource"]?.stringValue?.hasPrefix("arn:aws:kms:ap-northeast-2:111122223333:key/") == true)
        #expect(statement["Condition"]?["StringEquals"]?["kms:ViaService"]?.stringValue == "secretsmanager.ap-northeast-2.amazonaws.com")
    }

    @Test func anExplicitDenyIsNamedAndAnAllowIsNotPretendedToHelp() throws {
        let finding = try Self.finding("exec-role-missing-permission", in: "perm-explicit-deny-sourcevpce")
        #expect(finding.evidence.contains { $0.fact.hasPrefix("explicit deny in role's identity policies") })
        let fix = try #require(finding.fixes.first)
        #expect(fix.changes.isEmpty)
        #expect(fix.summary.hasPrefix("Adding an allow to the role does not help: the Deny statement"))
        // What to edit by hand: the Deny as the inline policy holds it, and the commands that read and write it.
        let commands = try #require(fix.awsCli).split(separator: "\n").map(String.init)
        #expect(commands.contains { $0.hasPrefix("#   {") && $0.contains("\"Sid\":\"OnlyThroughOurEndpoint\"") && $0.contains("\"Effect\":\"Deny\"") })
        #expect(commands.contains("aws iam get-role-policy --role-name demo-ecs-exec-role --policy-name demo-secrets-read --query PolicyDocument > policy.json"))
        #expect(commands.last == "aws iam put-role-policy --role-name demo-ecs-exec-role --policy-name demo-secrets-read --policy-document file://policy.json")
    }

    @Test func aBoundaryIsTheDecidingLayer() throws {
        let finding = try Self.finding("exec-role-missing-permission", in: "perm-boundary-without-secretsmanager")
        #expect(finding.message.contains("permissions boundary"))
        #expect(finding.fixes.first?.summary.contains("the permissions boundary must allow secretsmanager:GetSecretValue") == true)
    }

    @Test func theSecretsResourcePolicyDenyIsEvidence() throws {
        let finding = try Self.finding("exec-role-missing-permission", in: "perm-secret-policy-deny")
        #expect(finding.evidence.contains { $0.fact.hasPrefix("explicit deny in resource policy") })
    }

    @Test func aGrantOnTheTaskRoleIsCalledOut() throws {
        let result = try Self.diagnose("perm-on-task-role")
        let finding = try #require(result.findings.first { $0.rule == "permission-on-task-role" })
        #expect(finding.resources.first == "arn:aws:iam::111122223333:role/demo-ecs-task-role")
        #expect(finding.fixes.first?.awsCli?.contains("--role-name demo-ecs-exec-role") == true)
    }

    @Test func healthyGrantsDecideAllowed() throws {
        for fixture in ["perm-grant-name-wildcard", "perm-grant-managed-policy", "perm-grant-resource-policy", "perm-cmk-with-decrypt", "seed-healthy"] {
            let result = try Self.diagnose(fixture)
            let denied = result.findings.filter { $0.rule == "exec-role-missing-permission" }
            #expect(denied.isEmpty, "\(fixture): \(denied.map(\.message))")
        }
    }

    @Test func callsThroughAnEndpointCarrySourceVpce() throws {
        let facts = try FixtureLibrary.facts("seed-healthy")
        let definition = try #require(facts.taskDefinitions?.first)
        var context = DiagnosisContext(facts: facts, region: "ap-northeast-2", cluster: "demo-ecs-cluster", service: nil, task: nil,
                                       taskDefinition: definition, placements: [], needs: [], verdicts: [])
        let result = try Self.diagnose("seed-healthy")
        context.verdicts = result.verdicts
        PermissionAnalyzer(facts: facts, region: "ap-northeast-2").analyze(definition, task: facts.tasks?.first, into: &context)
        let secret = try #require(context.permissions.first { $0.call.action == "secretsmanager:GetSecretValue" })
        #expect(secret.endpointId?.hasPrefix("vpce-") == true)
        #expect(secret.call.reason.contains("DB_USERNAME") && secret.call.reason.contains("DB_PASSWORD"), "one call for both keys of one secret")
        let actions = Set(context.permissions.map(\.call.action))
        #expect(actions.isSuperset(of: ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"]))
        #expect(context.permissions.allSatisfy { $0.decision?.isAllowed == true })
    }

    @Test(arguments: [
        ("arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password:AWSCURRENT:1c4c5b88", "not both"),
        ("arn:aws:secretsmanager:us-east-1:111122223333:db-AbCdEf", "arn:...:secret:NAME"),
        ("arn:aws:s3:::bucket/key", "names s3"),
        ("arn:aws:ssm:us-east-1:111122223333:secret/x", "arn:...:parameter/NAME"),
        ("arn:aws:secretsmanager:us-east-1:111122223333:secret:db:k:s:i:extra", "too many fields"),
        (" /demo/db/password", "leading or trailing spaces"),
    ])
    func malformedReferences(valueFrom: String, expected: String) {
        #expect(AgentCallPlanner.malformation(of: valueFrom)?.contains(expected) == true)
    }

    @Test(arguments: [
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf",
        "arn:aws:ssm:us-east-1:111122223333:parameter/demo/db/password",
        "/demo/db/password",
        "demo-db-password",
    ])
    func wellFormedReferences(valueFrom: String) {
        #expect(AgentCallPlanner.malformation(of: valueFrom) == nil)
    }

    @Test func aPartialSecretARNIsGrantedWithTheSuffixWildcard() {
        var facts = Facts()
        facts.secrets = []
        let planner = AgentCallPlanner(facts: facts, region: "us-east-1", account: "111122223333", partition: "aws")
        let definition = try! FactsTestDecoding.decode("""
            {"containerDefinitions": [{"name": "app", "secrets": [{"name": "P", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db/app"}]}]}
            """) as TaskDefinition
        let plan = planner.plan(definition, taskId: nil)
        #expect(plan.calls.first?.grantResource == "arn:aws:secretsmanager:us-east-1:111122223333:secret:db/app-??????")
        let policy = IAMFixBuilder.policy(for: plan.calls)
        #expect(policy["Statement"]?.arrayValue?.first?["Resource"]?.stringValue == "arn:aws:secretsmanager:us-east-1:111122223333:secret:db/app-??????")
    }

    @Test func wildcardOnlyActionsGetTheirOwnStatementOnStar() {
        let calls = [
            AgentCall(action: "ecr:GetAuthorizationToken", resource: "*", service: "ecr.api", reason: "image"),
            AgentCall(action: "ecr:BatchGetImage", resource: "arn:aws:ecr:us-east-1:111122223333:repository/app", service: "ecr.dkr", reason: "image"),
        ]
        let statements = IAMFixBuilder.policy(for: calls)["Statement"]?.arrayValue ?? []
        #expect(statements.count == 2)
        #expect(statements.contains { $0["Action"]?.stringValue == "ecr:GetAuthorizationToken" && $0["Resource"]?.stringValue == "*" })
        #expect(statements.contains { $0["Action"]?.stringValue == "ecr:BatchGetImage" && $0["Resource"]?.stringValue?.hasSuffix(":repository/app") == true })
    }
}

/// A secret whose metadata could not be read hides the key that protects it: the run is incomplete (exit 3).
@Suite struct UnplannedCallTests {
    @Test func anUndescribedSecretMakesTheRunIncomplete() throws {
        var facts = try FixtureLibrary.facts("perm-cmk-with-decrypt")
        facts.secrets = []
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
        #expect(result.unverified.contains { $0.permission == "secretsmanager:DescribeSecret" })
        #expect(result.incomplete)
        #expect(Report(results: [result]).exitCode(failOn: .error) == 3)
    }
}
