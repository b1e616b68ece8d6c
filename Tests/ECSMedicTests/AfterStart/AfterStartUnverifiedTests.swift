@testable import ECSMedic
import Foundation
import Testing

/// What the after-start reads could not see is in the report's unverified list with its permission, whatever the
/// task's state (design.md: unverified facts), and the list does not change while a task passes through the
/// transitional states ECS reports on its way to STOPPED.
@Suite struct AfterStartUnverifiedTests {
    typealias Folder = AfterStartFactsTests

    /// The folder's task as it is in `lastStatus`, started (with `startedAt`) or not.
    static func task(lastStatus: String, started: Bool) -> String {
        var task = Folder.tasks.replacingOccurrences(of: #""lastStatus": "STOPPED", "desiredStatus": "STOPPED""#,
                                                     with: #""lastStatus": "\#(lastStatus)", "desiredStatus": "\#(lastStatus == "RUNNING" ? "RUNNING" : "STOPPED")""#)
        if !started {
            task = task.replacingOccurrences(of: #""startedAt": "2026-12-03T10:00:19+00:00","#, with: "")
                .replacingOccurrences(of: #""stopCode": "EssentialContainerExited""#, with: #""stopCode": "TaskFailedToStart""#)
        }
        return task
    }

    static func error(_ code: String, _ action: String) -> String {
        #"{"Error": {"Code": "\#(code)", "Message": "User: arn:aws:iam::111122223333:user/doctor is not authorized to perform: \#(action)"}}"#
    }

    static var logFile: String { OperationCatalog.getLogEvents.fileName(label: "ecs/app/\(Folder.taskId)") }

    private func diagnose(_ files: [String: String]) throws -> DiagnosisResult {
        let (_, facts) = try Folder.folder(files)
        return try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector(service: "orders"))
    }

    static let states: [(String, Bool)] = [("STOPPED", false), ("PENDING", false), ("RUNNING", true),
                                           ("DEACTIVATING", true), ("STOPPING", true), ("STOPPED", true)]

    @Test(arguments: states)
    func aDeniedLogReadIsUnverifiedWhateverTheTasksState(_ lastStatus: String, _ started: Bool) throws {
        let result = try diagnose([OperationCatalog.describeTasks.fileName(): Self.task(lastStatus: lastStatus, started: started),
                                   Self.logFile: Self.error("AccessDeniedException", "logs:GetLogEvents")])
        let logs = result.unverified.filter { $0.permission == "logs:GetLogEvents" }
        #expect(logs == [UnverifiedFact(fact: "logs of container app (/ecs/orders ecs/app/\(Folder.taskId))",
                                        reason: "AccessDeniedException", permission: "logs:GetLogEvents")],
                "\(lastStatus), started: \(started): \(result.unverified)")
    }

    /// The stream of a task that never started does not exist: its container wrote nothing, which is a fact, not a
    /// gap. The near miss: the same answer for a task that ran is a log that is gone.
    @Test func theMissingStreamOfATaskThatNeverStartedIsNoOutput() throws {
        let notFound = #"{"Error": {"Code": "ResourceNotFoundException", "Message": "The specified log stream does not exist."}}"#
        let never = try diagnose([OperationCatalog.describeTasks.fileName(): Self.task(lastStatus: "STOPPED", started: false),
                                  Self.logFile: notFound])
        #expect(!never.unverified.contains { $0.permission == "logs:GetLogEvents" }, "\(never.unverified)")
        let (_, facts) = try Folder.folder([OperationCatalog.describeTasks.fileName(): Self.task(lastStatus: "STOPPED", started: false),
                                            Self.logFile: notFound])
        let task = try #require(facts.tasks?.first)
        let app = try #require(facts.containerLogs(of: task).first)
        #expect(app.lines == [] && app.unverified == nil && app.read)

        let ran = try diagnose([Self.logFile: notFound])
        #expect(ran.unverified.filter { $0.permission == "logs:GetLogEvents" }.map(\.reason)
                == ["the stream no longer exists (log retention)"])
    }

    /// Logs that were not read (no file, `--no-logs`) matter only for a task that ran and stopped.
    @Test(arguments: [("RUNNING", false), ("STOPPED", true)])
    func logsNotCollectedAreUnverifiedOnlyForATaskThatRanAndStopped(_ lastStatus: String, _ reported: Bool) throws {
        let scratch = try SnapshotTests.Scratch()
        _ = try scratch.write(OperationCatalog.describeTasks.fileName(), Self.task(lastStatus: lastStatus, started: true))
        _ = try scratch.write(OperationCatalog.describeTaskDefinition.fileName(label: "orders:7"), Folder.taskDefinition)
        _ = try scratch.write(OperationCatalog.describeServices.fileName(), Folder.services)
        let facts = try FactsDecoder().facts(from: try Snapshot.load(from: scratch.url.path))
        let result = try Diagnoser(rules: try RuleSet.load().rules).diagnose(facts, selecting: TargetSelector(service: "orders"))
        let logs = result.unverified.filter { $0.permission == "logs:GetLogEvents" }.map(\.reason)
        #expect(logs == (reported ? ["not collected"] : []), "\(lastStatus): \(result.unverified)")
    }

    /// Each after-start read that AWS refused is named with the IAM action that allows it, for a task that never
    /// started as for one that did (`elasticloadbalancing:`, not the CLI's `elbv2`).
    @Test(arguments: [
        (OperationCatalog.describeTargetHealth, "AccessDenied"),
        (OperationCatalog.getMetricData, "AccessDenied"),
        (OperationCatalog.describeClusters, "AccessDeniedException"),
        (OperationCatalog.getLogEvents, "AccessDeniedException"),
    ], [false, true])
    func aRefusedReadNamesItsPermission(_ read: (operation: AWSOperation, code: String), _ started: Bool) throws {
        let (operation, code) = read
        let file = operation == OperationCatalog.getLogEvents ? Self.logFile
            : operation == OperationCatalog.describeTargetHealth ? operation.fileName(label: "orders-tg")
            : operation == OperationCatalog.getMetricData ? operation.fileName(label: "orders") : operation.fileName()
        let result = try diagnose([OperationCatalog.describeTasks.fileName(): Self.task(lastStatus: "STOPPED", started: started),
                                   file: Self.error(code, operation.permission)])
        #expect(result.unverified.contains { $0.permission == operation.permission && $0.reason == code },
                "\(operation.permission), started: \(started): \(result.unverified)")
    }
}
