import Foundation
import Testing

/// `ecs-medic fix --emit ...` as a user runs it, and its IAM documents through `iam lint` and `iam simulate`.
@Suite struct FixCommandTests {
    static let region = "ap-northeast-2"
    static let account = "111122223333"
    static let executionRole = "arn:aws:iam::111122223333:role/demo-ecs-exec-role"
    static let secret = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:rds!cluster-5f0c3b1e-8a27-4d6e-b913-2c7e4a9d0f58-BesmtL"

    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "ecs-medic-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appending(path: name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func simulate(_ policy: String, action: String, resource: String, context: [String: String] = [:]) throws -> String {
        let request: [String: Any] = [
            "principal": Self.executionRole, "action": action, "resource": resource, "context": context,
            "identityPolicies": [try JSONSerialization.jsonObject(with: Data(policy.utf8))],
        ]
        let path = try temporaryFile("request.json", String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self))
        let result = try BinaryRunner.run(["iam", "simulate", path])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return answer?["decision"] as? String ?? ""
    }

    @Test func theEndpointFixIsPrintedAsCommandsEndingWithANewDeployment() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-no-secretsmanager-endpoint", "--emit", "aws-cli"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("verified"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("ENDPOINT_SG=$(aws ec2 create-security-group --region ap-northeast-2 --vpc-id vpc-") })
        #expect(result.stdout.contains("--service-name com.amazonaws.ap-northeast-2.secretsmanager"))
        #expect(lines.last == "aws ecs update-service --region ap-northeast-2 --cluster demo-ecs-cluster --service demo-ecs-service --force-new-deployment")
    }

    @Test func terraformAndCloudFormationAreEmitted() throws {
        let terraform = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-vpc-dns-support-off", "--emit", "terraform"])
        #expect(terraform.status == 0)
        #expect(terraform.stdout.contains("resource \"aws_vpc\""))
        #expect(terraform.stdout.contains("enable_dns_support   = true"))
        #expect(terraform.stdout.contains("import {"))
        let cloudformation = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-task-sg-egress-no-443", "--emit", "cloudformation"])
        #expect(cloudformation.status == 0)
        #expect(cloudformation.stdout.contains("Type: AWS::EC2::SecurityGroupEgress"))
    }

    @Test func aHealthyDeploymentHasNothingToFix() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-healthy", "--emit", "aws-cli"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "ecs-medic: no findings\n")
    }

    @Test func anUnknownFormIsABadUsage() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-healthy", "--emit", "pulumi"])
        #expect(result.status == 2)
    }

    /// `fix` prints changes, not a report: a report format is refused with the command that gives that report.
    @Test func aReportFormatIsABadUsageThatNamesDiagnose() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-healthy", "--emit", "aws-cli", "--format", "html"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("run diagnose --format html"), "\(result.stderr)")
        let text = try BinaryRunner.run(["fix", "--snapshot", "fixtures/seed-healthy", "--emit", "aws-cli", "--format", "text"])
        #expect(text.status == 0, "\(text.stderr)")
    }

    /// ECS needs secretsmanager:GetSecretValue on the secret (docs: "Required IAM permissions for Amazon ECS
    /// secrets"); the emitted policy allows exactly that secret, not another one.
    @Test func theSecretPolicyLintsCleanAndAllowsTheSecretOnly() throws {
        let policy = try BinaryRunner.run(["fix", "--snapshot", "fixtures/perm-missing-getsecretvalue", "--emit", "iam-policy"])
        #expect(policy.status == 0)
        let path = try temporaryFile("policy.json", policy.stdout)
        let lint = try BinaryRunner.run(["iam", "lint", path])
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(try simulate(policy.stdout, action: "secretsmanager:GetSecretValue", resource: Self.secret) == "allowed")
        #expect(try simulate(policy.stdout, action: "secretsmanager:GetSecretValue",
                             resource: "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:other-AbCdEf") == "implicitDeny")
        #expect(try simulate(policy.stdout, action: "secretsmanager:PutSecretValue", resource: Self.secret) == "implicitDeny")
    }

    /// A secret under a customer managed key also needs kms:Decrypt, through Secrets Manager only.
    @Test func theKeyGrantHoldsOnlyThroughSecretsManager() throws {
        let policy = try BinaryRunner.run(["fix", "--snapshot", "fixtures/perm-cmk-without-decrypt", "--emit", "iam-policy"])
        #expect(policy.status == 0)
        let key = "arn:aws:kms:ap-northeast-2:111122223333:key/5913f600-8c77-40cd-9ac7-81ce449285ac"
        let via = ["kms:ViaService": "secretsmanager.ap-northeast-2.amazonaws.com"]
        #expect(try simulate(policy.stdout, action: "kms:Decrypt", resource: key, context: via) == "allowed")
        #expect(try simulate(policy.stdout, action: "kms:Decrypt", resource: key) == "implicitDeny")
        let lint = try BinaryRunner.run(["iam", "lint", try temporaryFile("policy.json", policy.stdout)])
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    /// SSM parameters need ssm:GetParameters on each parameter ARN.
    @Test func theParameterPolicyAllowsBothParameters() throws {
        let policy = try BinaryRunner.run(["fix", "--snapshot", "fixtures/perm-ssm-missing-getparameters", "--emit", "iam-policy"])
        #expect(policy.status == 0)
        for name in ["username", "password"] {
            #expect(try simulate(policy.stdout, action: "ssm:GetParameters",
                                 resource: "arn:aws:ssm:ap-northeast-2:111122223333:parameter/demo/db/\(name)") == "allowed")
        }
    }

    /// Every IAM document any fixture's fix emits passes `iam lint` without an error.
    @Test func everyEmittedIAMDocumentLintsWithoutErrors() throws {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: BinaryRunner.packageRoot.appending(path: "fixtures").path)
            .filter { !$0.hasSuffix(".md") }.sorted()
        var withDocuments: Set<String> = []
        for fixture in fixtures {
            let policy = try BinaryRunner.run(["fix", "--snapshot", "fixtures/\(fixture)", "--emit", "iam-policy"])
            guard policy.status == 0, !policy.stdout.isEmpty,
                  let object = try JSONSerialization.jsonObject(with: Data(policy.stdout.utf8)) as? [String: Any] else { continue }
            let documents = object["Statement"] != nil ? [object] : object.values.compactMap { $0 as? [String: Any] }
            for document in documents {
                let text = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
                let lint = try BinaryRunner.run(["iam", "lint", "--format", "json", try temporaryFile("policy.json", text)])
                #expect(lint.status == 0, "\(fixture): \(lint.stdout)")
                withDocuments.insert(fixture)
            }
        }
        // A missing grant, a key grant, a trust statement, a grant on the wrong role, an overbroad policy: fixable
        // by an IAM document. Explicit denies, boundaries and resource policies are not (they must be edited).
        // An endpoint policy that does not allow the call: the endpoint's whole policy.
        #expect(withDocuments == ["perm-cmk-alias-without-decrypt", "perm-cmk-without-decrypt", "perm-endpoint-policy-denies", "perm-exec-role-trust-wrong",
                                  "perm-missing-getsecretvalue", "perm-on-task-role", "perm-overbroad-readwrite",
                                  "perm-registry-credentials-no-getsecretvalue", "perm-ssm-cmk-alias-without-decrypt",
                                  "perm-ssm-missing-getparameters"])
    }

    /// The endpoint policy fix, evaluated as the endpoint policy layer of a request through that endpoint: the
    /// execution role may read its secret, not another one, and the statement of the other app is kept.
    @Test func theEndpointPolicyAllowsTheRoleItsSecretThroughTheEndpointOnly() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/perm-endpoint-policy-denies", "--emit", "iam-policy"])
        #expect(result.status == 0, "\(result.stderr)")
        let lint = try BinaryRunner.run(["iam", "lint", try temporaryFile("policy.json", result.stdout)])
        #expect(lint.status == 0, "\(lint.stdout)")
        let everything: [String: Any] = ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]]
        let endpoint = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        func decision(_ resource: String) throws -> String {
            let request: [String: Any] = [
                "principal": Self.executionRole, "action": "secretsmanager:GetSecretValue", "resource": resource,
                "context": ["aws:SourceVpce": "vpce-0d48a3533ce14fe95"], "identityPolicies": [everything], "endpointPolicy": endpoint,
            ]
            let path = try temporaryFile("request.json", String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self))
            let answer = try BinaryRunner.run(["iam", "simulate", path])
            return (try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])?["decision"] as? String ?? ""
        }
        #expect(try decision(Self.secret) == "allowed")
        #expect(try decision("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:third-app-XyZ123") == "implicitDeny")
        #expect(try decision("arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:other-app-AbCdEf") == "allowed")
    }

    /// awslogs-create-group needs logs:CreateLogGroup (Amazon ECS Developer Guide, "Using the awslogs log
    /// driver"): the fix's policy, as the JSON report carries it, allows creating exactly the task's group.
    @Test func theCreateGroupPolicyAllowsOnlyTheTasksLogGroup() throws {
        let report = try BinaryRunner.run(["diagnose", "--snapshot", "fixtures/td-log-group-missing", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let targets = object?["results"] as? [[String: Any]] ?? []
        let fixes = targets.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }.flatMap { ($0["fixes"] as? [[String: Any]]) ?? [] }
        let fix = try #require(fixes.first { $0["id"] as? String == "awslogs-create-group" })
        #expect(fix["verified"] as? Bool == true)
        let policy = try #require(fix["iamPolicy"])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: policy), as: UTF8.self)
        let lint = try BinaryRunner.run(["iam", "lint", try temporaryFile("policy.json", text)])
        #expect(lint.status == 0, "\(lint.stdout)")
        let group = "arn:aws:logs:\(Self.region):\(Self.account):log-group:"
        #expect(try simulate(text, action: "logs:CreateLogGroup", resource: group + "/ecs/demo-app") == "allowed")
        #expect(try simulate(text, action: "logs:CreateLogGroup", resource: group + "/ecs/other-app") == "implicitDeny")
        #expect(try simulate(text, action: "logs:DeleteLogGroup", resource: group + "/ecs/demo-app") == "implicitDeny")
    }

    @Test func theNetworkACLFixIsPrintedAsAnEntryBeforeTheDeny() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/net-nacl-deny-443", "--emit", "aws-cli"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("aws ec2 create-network-acl-entry --region ap-northeast-2 --network-acl-id acl-08cf07953e09ad7fa --rule-number 89 --egress"))
        #expect(result.stdout.hasSuffix("--force-new-deployment\n"))
    }
}

/// A finding whose only fix is one ecs-medic never applies: the policy that must change and its command, printed.
@Suite struct ManualFixCommandTests {
    static let boundary = "arn:aws:iam::111122223333:policy/demo-exec-boundary"

    /// The document of the `create-policy-version` command in `text`.
    static func boundaryDocument(_ text: String) throws -> String {
        let line = try #require(text.split(separator: "\n").first { $0.contains("aws iam create-policy-version --policy-arn \(boundary)") })
        let start = try #require(line.firstIndex(of: "'"))
        let end = try #require(line.lastIndex(of: "'"))
        return String(line[line.index(after: start)..<end])
    }

    @Test func theBoundaryStatementToAddIsPrintedWithItsCommand() throws {
        let result = try BinaryRunner.run(["fix", "--snapshot", "fixtures/perm-boundary-without-secretsmanager", "--emit", "aws-cli"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "ecs-medic: no finding has a mechanical fix\n")
        #expect(result.stdout.hasPrefix("not fixed: exec-role-missing-permission: "), "\(result.stdout)")
        #expect(result.stdout.contains("the permissions boundary must allow secretsmanager:GetSecretValue on \(FixCommandTests.secret)"))
        let document = try Self.boundaryDocument(result.stdout)
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let statements = try #require(policy["Statement"] as? [[String: Any]])
        #expect(statements.last?["Sid"] as? String == "EcsMedicTaskStart")
        #expect(statements.last?["Resource"] as? String == FixCommandTests.secret)
        // The boundary's own statements stay (ECR and Logs).
        let original = try String(contentsOfFile: BinaryRunner.packageRoot.appending(
            path: "fixtures/perm-boundary-without-secretsmanager/iam-get-policy-version--demo-exec-boundary.json").path, encoding: .utf8)
        let version = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        let kept = try #require(((version["PolicyVersion"] as? [String: Any])?["Document"] as? [String: Any])?["Statement"] as? [[String: Any]])
        #expect(statements.count == kept.count + 1)
    }
}
