import AWSClient
@testable import ECSMedic
import Foundation
import Testing

/// How fix plans become apply steps, what is never applied, and the pieces of the applier that need no AWS.
@Suite struct ApplyPlanTests {
    private func plan(_ fixture: String) throws -> FixPlan {
        try #require(FixtureFixes.all.first { $0.fixture == fixture }).plan
    }

    @Test func everyChangeOfEveryFixtureIsAStepOrListedAsNotApplied() {
        for diagnosis in FixtureFixes.all where !diagnosis.plan.changes.isEmpty {
            let apply = ApplyPlan(diagnosis.plan, redeploy: true)
            #expect(!apply.steps.isEmpty || !apply.notApplied.isEmpty, "\(diagnosis.fixture)")
            for item in apply.notApplied {
                let commands = item.command.split(separator: "\n").filter { !$0.hasPrefix("#") }
                #expect(!commands.isEmpty && commands.allSatisfy { $0.hasPrefix("aws ") || $0.hasPrefix("  ") }, "\(diagnosis.fixture): \(item)")
            }
        }
    }

    @Test func theEndpointFixIsAGroupItsRuleAndTheEndpoint() throws {
        let apply = ApplyPlan(try plan("seed-no-secretsmanager-endpoint"), redeploy: false)
        #expect(apply.steps.count == 3)
        #expect(apply.steps.first is EndpointGroupStep)
        #expect(apply.steps.dropFirst().first is SecurityGroupRuleStep)
        #expect(apply.steps.last is VPCEndpointStep)
        #expect(apply.notApplied.map(\.reason) == ["restarts the service: add --redeploy to apply it"])
        #expect(apply.notApplied.first?.command.hasSuffix("--force-new-deployment") == true)
    }

    @Test func redeployIsTheLastStepOnlyWhenAsked() throws {
        let apply = ApplyPlan(try plan("seed-private-dns-off"), redeploy: true)
        #expect(apply.steps.last is RedeployStep)
        #expect(apply.notApplied.isEmpty)
    }

    /// Replacing an overbroad grant: the narrow inline policy is applied, detaching the broad one never is.
    @Test func removalsAreNeverApplied() throws {
        let apply = ApplyPlan(try plan("perm-overbroad-readwrite"), redeploy: false)
        #expect(apply.steps.map(\.summary).contains("put inline policy ecs-medic-task-start on role demo-ecs-exec-role"))
        #expect(apply.notApplied.contains {
            $0.reason == "removes a permission (ecs-medic never narrows what exists)"
                && $0.command == "aws iam detach-role-policy --role-name demo-ecs-exec-role --policy-arn arn:aws:iam::aws:policy/SecretsManagerReadWrite"
        })
    }

    @Test func replacingARouteIsNotApplied() {
        let mapping = ApplyPlan.steps(for: .route(routeTableId: "rtb-1", destination: "0.0.0.0/0", natGatewayId: "nat-1", replacing: true),
                                      redeploy: false)
        guard case .notApplied(let reason) = mapping else {
            Issue.record("a replacing route was mapped to steps")
            return
        }
        #expect(reason.contains("rtb-1"))
    }

    @Test func managersAreReadFromTags() {
        let tags = { (pairs: [(String, String)]) in pairs.map { JSONValue.object(["Key": .string($0.0), "Value": .string($0.1)]) } }
        #expect(DriftCheck.manager(tags([("aws:cloudformation:stack-name", "network"), ("Name", "x")])) == "CloudFormation stack network")
        #expect(DriftCheck.manager(tags([("ManagedBy", "Terraform")])) == "Terraform (tag ManagedBy=Terraform)")
        #expect(DriftCheck.manager(tags([("terraform", "true")])) == "Terraform (tag terraform=true)")
        #expect(DriftCheck.manager(tags([("Name", "terraform-made"), ("owner", "terraform team")])) == nil)
        #expect(DriftCheck.manager([]) == nil)
    }

    @Test func onlyPoliciesWhoseEveryStatementCarriesTheMarkAreECSMedics() {
        let statement = { (sid: String?) -> JSONValue in
            var members: [String: JSONValue] = ["Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"]
            if let sid { members["Sid"] = .string(sid) }
            return .object(members)
        }
        #expect(RolePolicyStep.isECSMedics(["Statement": [statement("EcsMedicReadTaskSecrets")]]))
        #expect(!RolePolicyStep.isECSMedics(["Statement": [statement("EcsMedicReadTaskSecrets"), statement("ReadAll")]]))
        #expect(!RolePolicyStep.isECSMedics(["Statement": [statement(nil)]]))
        #expect(!RolePolicyStep.isECSMedics(["Version": "2012-10-17"]))
    }

    @Test func aRecordRoundTripsAndAnythingElseIsABadInput() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = ApplyRecord(region: "ap-northeast-2", started: Date(timeIntervalSince1970: 0), status: .stopped, steps: [
            .init(summary: "create log group /ecs/demo-app", status: .done, created: [AppliedResource(kind: .logGroup, id: "/ecs/demo-app")]),
            .init(summary: "put inline policy ecs-medic-task-start on role r", status: .failed, reason: "AccessDenied"),
        ])
        let path = folder.appending(path: "record.json").path
        try record.write(to: path)
        #expect(try ApplyRecord.load(from: path) == record)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"started\" : \"1970-01-01T00:00:00Z\""))
        let other = folder.appending(path: "other.json").path
        try Data("{\"findings\": []}".utf8).write(to: URL(fileURLWithPath: other))
        #expect(throws: InputError.self) { try ApplyRecord.load(from: other) }
        #expect(throws: InputError.self) { try ApplyRecord.load(from: folder.appending(path: "missing.json").path) }
    }

    @Test func theDefaultRecordIsNamedAfterTheUTCTime() {
        #expect(ApplyRecord.defaultPath(at: Date(timeIntervalSince1970: 1_796_000_000)) == "ecs-medic-apply-20261130T005320Z.json")
    }
}
