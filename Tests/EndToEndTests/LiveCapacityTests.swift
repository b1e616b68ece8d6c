import Foundation
import Testing

/// The EC2 capacity scenarios served live by `scripts/live-scenario.py` (moto's container instances, capacity
/// provider, Auto Scaling group and service corrected there, docs/live.md): the live run finds what the fixture's
/// expected.yaml says, calls only what `ecs-medic policy` grants, and the printed `snapshot commands` script
/// gives the same verdict. The service's task has aged out (ECS never placed one).
@Suite struct LiveCapacityTests {
    @Test(arguments: ["cap-ec2-memory-short", "cap-ec2-memory-enough", "cap-ec2-member-of-excludes", "cap-asg-at-max",
                      "cap-asg-below-max", "cap-fargate-capacity-unavailable", "cap-ec2-distinct-instance-short",
                      "cap-ec2-distinct-instance-enough", "cap-ec2-gpu-short", "cap-ec2-gpu-enough", "cap-ec2-eni-exhausted",
                      "cap-ec2-eni-freed"])
    func liveFindingsAreTheFixturesExpectedFindings(_ name: String) throws {
        let expected = try ExpectedFindings(fixture: name)
        let scenario = try LiveScenario(name, agedOut: name.hasPrefix("cap-ec2") || name.hasPrefix("cap-asg"))
        defer { scenario.stop() }
        let result = try scenario.diagnose(["--format", "json"])
        #expect(result.stderr.isEmpty, "\(name): \(result.stderr)")
        let report = try LiveReport(json: scenario.fixtureIds(result.stdout))
        #expect(report.findings == expected.findings, "\(name): \(result.stdout)")
        let requests = try scenario.requests()
        let policy = try LiveDiagnoseTests.policyActions().union(["sts:GetCallerIdentity"])
        #expect(Set(requests.map(\.action)).subtracting(policy).sorted() == [], "\(name): calls `ecs-medic policy` does not grant")
        if !name.hasPrefix("cap-fargate") {
            #expect(requests.contains { $0.action == "ecs:ListContainerInstances" }, "\(name): the cluster's instances were listed")
        }
        if name.hasPrefix("cap-asg") {
            #expect(requests.contains { $0.action == "autoscaling:DescribeAutoScalingGroups" }, "\(name): the group was read")
        }
        let (folder, scriptErrors) = try scenario.runSnapshotCommands()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(scriptErrors.isEmpty, "\(name): the script printed \(scriptErrors)")
        let fromFolder = try BinaryRunner.run(["diagnose", "--snapshot", folder.path, "--service", scenario.service,
                                               "--cluster", scenario.cluster, "--format", "json"])
        #expect(try LiveDiagnoseTests.verdict(fromFolder.stdout) == LiveDiagnoseTests.verdict(result.stdout), "\(name): the folder's findings")
    }
}
