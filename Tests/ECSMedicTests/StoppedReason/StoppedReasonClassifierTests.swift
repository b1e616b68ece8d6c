import Foundation
import Testing
@testable import ECSMedic

/// The classifier's decisions from a task's stop code, stopped reason and containers, and its behaviour on bad input.
@Suite struct StoppedReasonClassifierTests {
    let classifier = StoppedReasonClassifier()

    @Test func spotInterruptionStopCodeDecides() {
        let result = classifier.classify(stopCode: "SpotInterruption", stoppedReason: "Your Spot Task was interrupted.", containers: [])
        #expect(result.category == "spot-interruption")
    }

    @Test func outOfMemoryContainerExplainsAnExitedTask() {
        let result = classifier.classify(
            stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited",
            containers: [ContainerStop(name: "sidecar", exitCode: 0),
                         ContainerStop(name: "app", reason: "OutOfMemoryError: Container killed due to memory usage", exitCode: 137)])
        #expect(result.category == "out-of-memory")
    }

    @Test func exitCode137WithoutAReasonIsAnExit() {
        let result = classifier.classify(stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited",
                                         containers: [ContainerStop(name: "app", exitCode: 137)])
        #expect(result.category == "container-exited")
    }

    @Test(arguments: [126, 127])
    func commandNotFoundExitCodesAreAStartFailure(exitCode: Int) {
        let result = classifier.classify(stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited",
                                         containers: [ContainerStop(name: "app", exitCode: exitCode)])
        #expect(result.category == "container-start-failed")
    }

    @Test func containerPullReasonExplainsATaskThatFailedToStart() {
        let result = classifier.classify(
            stopCode: "TaskFailedToStart", stoppedReason: "Essential container in task exited",
            containers: [ContainerStop(name: "web", reason: "CannotPullContainerError: API error (404): repository 111122223333.dkr.ecr.us-east-1.amazonaws.com/web not found")])
        #expect(result.category == "image-not-found")
    }

    @Test func specificStoppedReasonWinsOverContainers() {
        let result = classifier.classify(
            stopCode: "TaskFailedToStart",
            stoppedReason: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded.",
            containers: [ContainerStop(name: "app")])
        #expect(result.category == "secrets-unreachable")
        #expect(result.service == "ssm")
        #expect(result.retries == 5)
    }

    @Test func userInitiatedStop() {
        #expect(classifier.classify(stopCode: "UserInitiated", stoppedReason: "Task stopped by user", containers: []).category == "user-stopped")
        #expect(classifier.classify(stopCode: "UserInitiated", stoppedReason: nil, containers: []).category == "user-stopped")
    }

    /// A StopTask reason a tool wrote in its own words is a user stop; the scheduler's own stop words are not.
    @Test func freeTextStopTaskReasonIsAUserStop() {
        #expect(classifier.classify("Stopped by frank ecs stop").category == "user-stopped")
        #expect(classifier.classify("Task killed by the user").category == "user-stopped")
        #expect(classifier.classify("Scaling activity initiated by (deployment ecs-svc/8646900195280463695)").category == "deployment-stopped")
    }

    /// Log driver arguments the driver cannot read are a configuration error; the same driver timing out is a network one.
    @Test func logDriverArgumentsAreAConfigurationError() {
        let config = classifier.classify("CannotStartContainerError: ResourceInitializationError: failed to initialize logging driver: failed to get fluentd log driver arguments: logging driver specified but no log configuration found")
        #expect(config.category == "logs-config-error")
        let network = classifier.classify("CannotStartContainerError: ResourceInitializationError: failed to initialize logging driver: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post \"https://logs.us-east-1.amazonaws.com/\": dial tcp 52.46.146.35:443: i/o timeout")
        #expect(network.category == "logs-unreachable")
    }

    /// A Secrets Manager staging label or Parameter Store's `ParameterNotFound` names the secret even when the words
    /// before it were cut; without them the same "not found" is an image's.
    @Test func stagingLabelsAndParameterNotFoundNameTheSecret() {
        #expect(classifier.classify("ResourceNotFoundException: can't find the specified secret value for staging label: AWSCURRENT").category == "secret-reference-invalid")
        #expect(classifier.classify("ResourceInitializationError: failed to retrieve parameters: ParameterNotFound").category == "secret-reference-invalid")
        #expect(classifier.classify("CannotPullContainerError: manifest for app:v2 not found").category == "image-not-found")
    }

    /// RunTask's `EMPTY CAPACITY PROVIDER` failure reason: the capacity provider had no instance to place on.
    @Test func emptyCapacityProviderIsPlacement() {
        #expect(classifier.classify("EMPTY CAPACITY PROVIDER").category == "placement-failed")
    }

    @Test func schedulerStopsForHealthChecksAndForDeployments() {
        let health = classifier.classify(stopCode: "ServiceSchedulerInitiated",
                                         stoppedReason: "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0a1b)",
                                         containers: [])
        #expect(health.category == "health-check-failed")
        let scaling = classifier.classify(stopCode: "ServiceSchedulerInitiated",
                                          stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1234567890123456789)", containers: [])
        #expect(scaling.category == "deployment-stopped")
        let bare = classifier.classify(stopCode: "ServiceSchedulerInitiated", stoppedReason: nil, containers: [])
        #expect(bare.category == "deployment-stopped")
    }

    @Test func terminationNoticeIsInfrastructureReplacement() {
        #expect(classifier.classify(stopCode: "TerminationNotice", stoppedReason: nil, containers: []).category == "deployment-stopped")
    }

    @Test func nothingKnownIsUnknown() {
        #expect(classifier.classify(stopCode: nil, stoppedReason: nil, containers: []).category == "unknown")
    }

    @Test func everyCatalogCategoryHasAdvice() throws {
        #expect(StoppedReasonCatalog.ids.count == 28)
        for category in StoppedReasonCatalog.categories {
            #expect(!category.causes.isEmpty && !category.checks.isEmpty, "\(category.id)")
        }
    }

    /// The rules a classification names are those whose files say `explains:` its category, in id order.
    @Test func theRulesOfACategoryAreThoseWhoseFilesExplainIt() throws {
        let rules = try RuleSet.load().rules
        let classification = classifier.classify("ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded")
        #expect(classification.rules.isEmpty)
        #expect(classification.checked(by: rules).rules == [
            "endpoint-private-dns-off", "endpoint-sg-blocks-https", "nacl-blocks", "network-path-unverifiable",
            "public-subnet-no-public-ip", "secretsmanager-unreachable", "ssm-unreachable", "task-sg-egress-blocks",
        ])
        #expect(classifier.classify(stopCode: nil, stoppedReason: "CannotPullContainerError: pull image manifest has been retried 5 time(s): toomanyrequests: You have reached your pull rate limit.", containers: [])
            .checked(by: rules).rules == ["registry-rate-limited"])
        for rule in rules {
            for category in rule.explains { #expect(StoppedReasonCatalog.ids.contains(category), "\(rule.id): \(category)") }
        }
    }

    @Test func emptyAndGarbageAreUnknown() {
        #expect(classifier.classify("").category == "unknown")
        let garbage = String(decoding: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, as: UTF8.self)
        #expect(classifier.classify(garbage).category == "unknown")
    }

    @Test func tenMegabyteLineIsCutNotChoked() {
        let line = String(repeating: "a", count: 10 * 1024 * 1024)
        #expect(classifier.classify(line).category == "unknown")
    }

    @Test func aRealMessageAtTheStartOfAHugeLineIsStillRead() {
        let line = "OutOfMemoryError: Container killed due to memory usage " + String(repeating: "x ", count: 5 * 1024 * 1024)
        #expect(classifier.classify(line).category == "out-of-memory")
    }

    @Test func wordsPastTheLimitAreNotRead() {
        let line = String(repeating: "x ", count: ReasonText.byteLimit) + "OutOfMemoryError: Container killed due to memory usage"
        #expect(classifier.classify(line).category == "unknown")
    }

    @Test func aWordCutByTheConsoleIsReadWhole() {
        let cut = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-service:2024.11.05-1: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders-service:2024.11.05-1: not fou"
        #expect(cut.utf8.count >= 200)
        #expect(classifier.classify(cut).category == "image-not-found")
        // A short message is not a cut one: its last word stays as written.
        #expect(classifier.classify("Essential container in task exited: image not fou").category == "container-exited")
    }

    @Test func wordsMatchWholeNotInsideOtherWords() {
        // "asm" inside "plasma", "ssm" inside "ssmmessages" and "oom" inside "bloom" are not the words the table means.
        #expect(classifier.classify("plasma bloom ssmmessages").category == "unknown")
    }

    @Test func jsonHasSortedKeysAndLeavesOutAbsentFacts() throws {
        let json = try ExplainRenderer.json(classifier.classify("Essential container in task exited"))
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]).keys.sorted()
        #expect(keys == ["category", "causes", "checks", "rules", "title"])
        let categoryAt = try #require(json.range(of: "\"category\"")).lowerBound
        let titleAt = try #require(json.range(of: "\"title\"")).lowerBound
        #expect(categoryAt < titleAt)
    }

    @Test func textStartsWithCategoryAndTitle() {
        let text = ExplainRenderer.text(classifier.classify("Task stopped by user"))
        #expect(text.hasPrefix("user-stopped: A person or an API call stopped the task\n"))
        #expect(text.contains("Likely causes:"))
        #expect(text.contains("What to check:"))
    }
}
