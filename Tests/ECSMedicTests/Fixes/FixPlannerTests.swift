@testable import ECSMedic
import AWSClient
import Foundation
import Testing

/// Merging the fixes of several findings: shared changes once, one inline policy per role, one restart.
@Suite struct FixPlannerTests {
    static let restart = FixChange.redeployService(region: "ap-northeast-2", cluster: "demo-ecs-cluster", service: "demo-ecs-service")

    @Test func identicalRulesAndRestartsAppearOnce() {
        let rule = FixChange.securityGroupRule(.init(direction: .ingress, groupId: "sg-0e1", port: 443, peer: .group("sg-0a1")))
        let merged = FixPlanner.merge([rule, Self.restart, rule, Self.restart, rule, Self.restart])
        #expect(merged == [rule, Self.restart])
    }

    @Test func endpointsShareOneSecurityGroupAdmittingEveryTaskGroup() {
        let merged = FixPlanner.merge([
            .endpointSecurityGroup(vpcId: "vpc-0c3", sources: ["sg-0a1"]),
            .interfaceEndpoint(vpcId: "vpc-0c3", serviceName: "com.amazonaws.ap-northeast-2.secretsmanager", subnets: ["subnet-1"], securityGroup: nil),
            .endpointSecurityGroup(vpcId: "vpc-0c3", sources: ["sg-0a1", "sg-0a2"]),
            .interfaceEndpoint(vpcId: "vpc-0c3", serviceName: "com.amazonaws.ap-northeast-2.logs", subnets: ["subnet-1"], securityGroup: nil),
            .interfaceEndpoint(vpcId: "vpc-0c3", serviceName: "com.amazonaws.ap-northeast-2.secretsmanager", subnets: ["subnet-2"], securityGroup: nil),
        ])
        #expect(merged == [
            .endpointSecurityGroup(vpcId: "vpc-0c3", sources: ["sg-0a1", "sg-0a2"]),
            .interfaceEndpoint(vpcId: "vpc-0c3", serviceName: "com.amazonaws.ap-northeast-2.secretsmanager", subnets: ["subnet-1"], securityGroup: nil),
            .interfaceEndpoint(vpcId: "vpc-0c3", serviceName: "com.amazonaws.ap-northeast-2.logs", subnets: ["subnet-1"], securityGroup: nil),
        ])
    }

    /// Two findings on the same execution role (a secret and its key) give one inline policy with both grants.
    @Test func inlinePoliciesOfOneRoleAreCombined() throws {
        let secret = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:app-AbCdEf"
        let other = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:db-GhIjKl"
        let key = "arn:aws:kms:ap-northeast-2:111122223333:key/4cc989c1-1ca8-4074-b06f-ee98892591c4"
        let first: JSONValue = ["Version": "2012-10-17", "Statement": [
            ["Sid": "EcsMedicReadTaskSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": .string(secret)],
        ]]
        let second: JSONValue = ["Version": "2012-10-17", "Statement": [
            ["Sid": "EcsMedicReadTaskSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": .string(other)],
            ["Sid": "EcsMedicDecryptTaskSecrets", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": .string(key),
             "Condition": ["StringEquals": ["kms:ViaService": "secretsmanager.ap-northeast-2.amazonaws.com"]]],
        ]]
        let merged = FixPlanner.merge([
            .rolePolicy(role: "demo-ecs-exec-role", name: "ecs-medic-task-start", document: first), Self.restart,
            .rolePolicy(role: "demo-ecs-exec-role", name: "ecs-medic-task-start", document: second), Self.restart,
        ])
        #expect(merged.count == 2)
        guard case .rolePolicy(_, _, let document)? = merged.first else {
            Issue.record("no role policy: \(merged)")
            return
        }
        let statements = try #require(document["Statement"]?.arrayValue)
        #expect(statements.count == 2)
        #expect(statements[0]["Resource"] == .array([.string(secret), .string(other)]))
        #expect(statements[1]["Action"] == "kms:Decrypt")
        #expect(merged.last == Self.restart)
    }

    /// No fixture's plan repeats a command (continued lines joined), and it restarts the task at most once.
    @Test func thePlanOfAFixtureHasNoDuplicateCommand() throws {
        for diagnosis in FixtureFixes.all {
            let commands = (diagnosis.plan.render(.awsCli) ?? "").replacingOccurrences(of: " \\\n  ", with: " ")
            let lines = commands.split(separator: "\n").filter { $0.hasPrefix("aws ") }
            #expect(Set(lines).count == lines.count, "\(diagnosis.fixture): \(lines)")
            #expect(lines.filter { $0.contains("--force-new-deployment") }.count <= 1, "\(diagnosis.fixture)")
        }
    }

    /// The grant sits on the task role: two findings (the execution role misses it, the task role has it) need the
    /// same inline policy on the execution role, written once, with one restart.
    @Test func twoFindingsOnOneRoleGiveOnePolicy() throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == "perm-on-task-role" })
        #expect(diagnosis.result.findings.count == 2)
        #expect(diagnosis.plan.chosen.count == 2)
        #expect(diagnosis.plan.changes.count == 2)
        guard case .rolePolicy(let role, let name, let document)? = diagnosis.plan.changes.first else {
            Issue.record("no role policy: \(diagnosis.plan.changes)")
            return
        }
        #expect(role == "demo-ecs-exec-role")
        #expect(name == "ecs-medic-task-start")
        #expect(document["Statement"]?.arrayValue?.count == 1)
        #expect(diagnosis.plan.changes.last == .redeployService(region: "ap-northeast-2", cluster: "demo-ecs-cluster", service: "demo-ecs-service"))
        #expect(diagnosis.plan.verified)
    }

    /// One subnet's route table has no default route: ECR, Logs, S3 and Secrets Manager are four findings. The plan
    /// creates one endpoint security group (one 443 rule from the task's group), each endpoint once, one restart.
    @Test func fourFindingsShareOneEndpointGroup() throws {
        let diagnosis = try #require(FixtureFixes.all.first { $0.fixture == "net-one-of-two-subnets" })
        #expect(diagnosis.plan.chosen.count == 4)
        let groups = diagnosis.plan.changes.filter { if case .endpointSecurityGroup = $0 { return true }; return false }
        #expect(groups == [.endpointSecurityGroup(vpcId: "vpc-063d06efffe55a239", sources: ["sg-062550a747a39e5f3"])])
        let services = diagnosis.plan.changes.compactMap { change -> String? in
            switch change {
            case .interfaceEndpoint(_, let name, _, _), .gatewayEndpoint(_, let name, _): return name
            default: return nil
            }
        }
        #expect(services.sorted() == ["ecr.api", "ecr.dkr", "logs", "s3", "secretsmanager"].map { "com.amazonaws.ap-northeast-2.\($0)" })
        #expect(diagnosis.plan.changes.filter(\.isRestart).count == 1)
        #expect(diagnosis.plan.verified)
    }
}
