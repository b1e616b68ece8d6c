@testable import ECSMedic
import AWSClient
import Testing

/// `awslogs-create-group` (Amazon ECS Developer Guide, "Using the awslogs log driver": with the option "true" the
/// agent creates the group, which needs logs:CreateLogGroup on the execution role).
@Suite struct AWSLogsCreateGroupFixTests {
    @Test func aNewRevisionSetsTheOptionAndTheRoleMayCreateExactlyThatGroup() throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == "td-log-group-missing" })
        let finding = try #require(diagnosis.result.findings.first { $0.rule == "log-group-missing" })
        let fix = try #require(finding.fixes.first { $0.id == "awslogs-create-group" })
        #expect(fix.verified == true)
        guard case .logDriverOption(let definition, let family, let containers, let option, let value, let cluster, let service)? = fix.changes.first else {
            Issue.record("not a log driver option: \(fix.changes)")
            return
        }
        #expect(definition.hasPrefix("arn:aws:ecs:ap-northeast-2:111122223333:task-definition/"))
        #expect(definition.hasSuffix(family + ":" + (definition.split(separator: ":").last.map(String.init) ?? "")))
        #expect(option == "awslogs-create-group" && value == "true")
        #expect(cluster == "demo-ecs-cluster" && service == "demo-ecs-service")
        #expect(containers.allSatisfy { $0.options["awslogs-group"] == "/ecs/demo-app" && $0.options["awslogs-create-group"] == "true" })
        let grant: JSONValue = ["Version": "2012-10-17", "Statement": [[
            "Sid": "EcsMedicWriteTaskLogs", "Effect": "Allow", "Action": "logs:CreateLogGroup",
            "Resource": "arn:aws:logs:ap-northeast-2:111122223333:log-group:/ecs/demo-app",
        ]]]
        #expect(fix.iamPolicy == grant)
        let cli = try #require(fix.awsCli)
        #expect(cli.contains("aws ecs register-task-definition --region ap-northeast-2 --cli-input-json file://"))
        #expect(cli.contains(#".logConfiguration.options["awslogs-create-group"]) = "true""#))
        #expect(cli.contains("aws ecs update-service --region ap-northeast-2 --cluster demo-ecs-cluster --service demo-ecs-service --task-definition \(family)"))
        #expect(cli.contains("aws iam put-role-policy --role-name demo-ecs-exec-role"))
        #expect(fix.cloudformation?.contains("Type: AWS::ECS::TaskDefinition") == true)
        #expect(fix.cloudformation?.contains(#""awslogs-create-group":"true""#) == true)
        #expect(fix.terraform?.contains(#""awslogs-create-group" = "true""#) == true)
    }

    /// Creating the log group (one resource) is smaller than a new revision plus an inline policy.
    @Test func theSmallerLogGroupFixIsChosen() throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == "td-log-group-missing" })
        let choice = try #require(diagnosis.plan.chosen.first)
        #expect(choice.fix.id == "create-log-group")
    }
}
