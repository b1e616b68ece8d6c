@testable import ECSMedic
import Testing

/// A container killed at its memory limit, told apart from a runtime's heap running out below it, and the fixes
/// written from the figures.
@Suite struct MemoryAnalysisTests {
    private func diagnose(_ facts: Facts) throws -> DiagnosisResult {
        try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector())
    }

    @Test func aContainerKilledAtItsHardLimitGetsItDoubled() throws {
        let result = try diagnose(try FixtureLibrary.facts("mem-container-oom-killed"))
        #expect(result.findings.map(\.rule) == ["container-memory-limit"])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "container app was killed at its hard limit of 512 MiB (exit code 137, OutOfMemoryError: Container killed due to memory usage)")
        #expect(finding.taskDefinitionField == "containerDefinitions[0].memory")
        #expect(finding.evidence.map(\.fact).contains("the JVM's heap may grow to 480 MiB (-Xmx) of the 512 MiB limit, leaving 32 MiB for metaspace, threads and native memory"))
        #expect(finding.evidence.map(\.fact).contains { $0.hasPrefix("its last log line: [30.611s][info][gc] GC(40) Pause Full") })
        let fix = try #require(finding.fixes.first)
        #expect(fix.id == "raise-memory-limit")
        #expect(fix.summary.hasPrefix("Raise the hard memory limit of container app from 512 to 1024 MiB (the task's 1024 MiB hold it) in a new revision of demo-app: it was killed at 512 MiB"))
        #expect(fix.summary.contains("fix --apply does not register it"))
        #expect(fix.verified == nil)
        let cli = try #require(fix.awsCli)
        #expect(cli.contains("(.containerDefinitions[] | select(.name == \"app\") | .memory) = 1024"))
        #expect(!cli.contains(".memory = \""))
        #expect(cli.contains("aws ecs update-service --region ap-northeast-2 --cluster demo-ecs-cluster --service demo-ecs-service --task-definition demo-app"))
        #expect(fix.terraform?.contains("container \"app\" in container_definitions: memory = 1024") == true)
        #expect(fix.cloudformation?.contains("Memory: 1024") == true)
        #expect(result.stoppedReason?.category == "out-of-memory")
        #expect(result.stoppedReason?.explainedByFacts == true)
    }

    /// Without a hard limit of its own the container's limit is the task's memory, raised to a size Fargate offers.
    @Test func withoutAHardLimitTheTaskMemoryIsRaised() throws {
        var facts = try FixtureLibrary.facts("mem-container-oom-killed")
        facts.taskDefinitions![0].containerDefinitions[0].memory = nil
        let findings = try diagnose(facts).findings
        let finding = try #require(findings.first(where: { $0.rule == "container-memory-limit" }))
        #expect(finding.message == "container app was killed at the task's memory of 1024 MiB (it has no hard limit of its own) (exit code 137, OutOfMemoryError: Container killed due to memory usage)")
        #expect(finding.taskDefinitionField == "memory")
        let fix = try #require(finding.fixes.first)
        #expect(fix.summary.hasPrefix("Raise the task's memory, the limit of container app, from 1024 to 2048 MiB"))
        #expect(fix.awsCli?.contains(".memory = \"2048\"") == true)
    }

    /// A doubled container limit that no longer fits in the task raises the task too, to Fargate's next size.
    @Test func aLimitThatOutgrowsTheTaskRaisesTheTask() throws {
        var facts = try FixtureLibrary.facts("mem-container-oom-killed")
        facts.taskDefinitions![0].containerDefinitions[0].memory = 768
        facts.tasks![0].containers![0].memory = "768"
        let findings = try diagnose(facts).findings
        let fix = try #require(findings.first(where: { $0.rule == "container-memory-limit" })?.fixes.first)
        #expect(fix.summary.hasPrefix("Raise the hard memory limit of container app from 768 to 1536 MiB and the task's memory from 1024 to 2048 MiB"))
    }

    @Test func exit137WithoutTheReasonIsNotAMemoryFinding() throws {
        let result = try diagnose(try FixtureLibrary.facts("mem-container-sigkill"))
        #expect(!result.findings.contains { $0.rule == "container-memory-limit" || $0.rule == "app-heap-exhausted" })
    }

    @Test func theJVMsHeapIsTheJVMsFlag() throws {
        let result = try diagnose(try FixtureLibrary.facts("mem-jvm-heap-exhausted"))
        #expect(result.findings.map(\.rule) == ["app-heap-exhausted"])
        let finding = try #require(result.findings.first)
        #expect(finding.message == "the JVM of container app ran out of its own heap below the container's 512 MiB: without -Xmx or -XX:MaxRAMPercentage the JVM takes 25% of the container's memory for its heap, 128 MiB")
        #expect(finding.evidence.first?.fact.hasSuffix("Terminating due to java.lang.OutOfMemoryError: Java heap space") == true)
        #expect(finding.evidence.map(\.fact).contains("JAVA_TOOL_OPTIONS of container app is \"-XX:+ExitOnOutOfMemoryError\""))
        let fix = try #require(finding.fixes.first)
        #expect(fix.summary.hasPrefix("Set JAVA_TOOL_OPTIONS of container app to \"-XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75.0\" in a new revision of demo-app: the JVM heap may then use 384 of the container's 512 MiB"))
        #expect(fix.awsCli?.contains("map(select(.name != \"JAVA_TOOL_OPTIONS\")) + [{\"name\": \"JAVA_TOOL_OPTIONS\", \"value\": \"-XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75.0\"}]") == true)
        #expect(fix.cloudformation?.contains("Environment: [{Name: \"JAVA_TOOL_OPTIONS\", Value: \"-XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=75.0\"}]") == true)
    }

    @Test func heapFlagsKeepTheOtherOptions() {
        let node = TaskDefinition.ContainerDefinition(name: "web", environment: [KeyValuePair(name: "NODE_OPTIONS", value: "--enable-source-maps --max-old-space-size=256")])
        let setting = HeapFlags.setting(for: node, runtime: "node", limitMiB: 1024)
        #expect(setting?.name == "NODE_OPTIONS")
        #expect(setting?.value == "--enable-source-maps --max-old-space-size=768")
        let jvm = TaskDefinition.ContainerDefinition(name: "api", environment: [KeyValuePair(name: "JAVA_OPTS", value: "-Xmx1g -Dspring.profiles.active=prod")])
        #expect(HeapFlags.maximumHeapMiB(of: jvm) == 1024)
        #expect(HeapFlags.setting(for: jvm, runtime: "jvm", limitMiB: 2048)?.value == "-Dspring.profiles.active=prod -XX:MaxRAMPercentage=75.0")
        #expect(HeapFlags.setting(for: jvm, runtime: "python", limitMiB: 2048) == nil)
    }

    @Test func aTaskDefinitionRevisionIsNeverApplied() {
        let revision = TaskDefinitionRevision(taskDefinition: "arn:aws:ecs:ap-northeast-2:111122223333:task-definition/demo-app:1",
                                              family: "demo-app", container: "app", image: nil, containerMemory: 1024,
                                              taskMemory: nil, environment: nil, cluster: "demo-ecs-cluster", service: "demo-ecs-service")
        guard case .notApplied(let reason) = ApplyPlan.steps(for: .taskDefinitionRevision(revision), redeploy: true) else {
            Issue.record("a task definition revision was applied")
            return
        }
        #expect(reason == "registers a new task definition revision and deploys it")
    }
}
