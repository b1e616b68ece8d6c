import AWSClient
import Foundation

/// Runs an apply plan through AWS: reads what is in place, checks the resources it would change for
/// CloudFormation or Terraform ownership, then makes each needed change in order, writing the apply record before
/// and after each step. A dry run reads, prints every write it would make and changes nothing.
public struct Applier: Sendable {
    public let aws: ApplyCaller
    /// Proceed although a resource is managed by CloudFormation or Terraform.
    public let force: Bool

    public init(aws: ApplyCaller, force: Bool) {
        self.aws = aws
        self.force = force
    }

    /// How an apply ended.
    public enum Outcome: Sendable, Equatable {
        /// Every change was already in place (nothing written).
        case nothingToDo
        /// The dry run printed the writes it would make.
        case dryRun
        /// Every needed step ran.
        case applied
        /// Resources are managed by infrastructure as code and `force` is off: nothing changed.
        case refusedDrift
        /// A step failed; the record says what was created before.
        case stopped(step: String, reason: String)
    }

    /// Applies `plan`; `recordPath` is where the record goes (ignored in a dry run). A record left there by an
    /// interrupted apply is resumed: its steps that started are completed, adopting what they created.
    public func apply(_ plan: ApplyPlan, recordPath: String) async throws -> Outcome {
        var state = ApplyState()
        var statuses: [StepStatus] = []
        for step in plan.steps {
            statuses.append(try await step.current(aws, &state))
        }
        for (step, status) in zip(plan.steps, statuses) {
            if case .refused(let reason) = status { aws.progress("ecs-medic: not applied: \(step.summary): \(reason)") }
        }
        let resumed = try resumable(recordPath)
        let needed = plan.steps.indices.filter { statuses[$0] == .needed }
        if needed.isEmpty {
            aws.output("nothing to do: every change ecs-medic can apply is already in place")
            if var record = resumed {
                adopt(statuses, plan, into: &record)
                record.status = .complete
                if !aws.dryRun { try record.write(to: recordPath) }
            }
            return .nothingToDo
        }
        var touched: [ExistingResource] = []
        for index in needed { touched += plan.steps[index].existing.filter { !touched.contains($0) } }
        let drifts = try await DriftCheck(aws: aws).check(touched)
        for drift in drifts {
            aws.progress("ecs-medic: warning: \(drift.resource) is managed by \(drift.manager): a change made here drifts from it; "
                + "apply `ecs-medic fix --emit \(drift.manager.hasPrefix("Terraform") ? "terraform" : "cloudformation")` there instead"
                + (force ? " (--force: applying anyway)" : ", or pass --force"))
        }
        if !drifts.isEmpty && !force && !aws.dryRun { return .refusedDrift }

        var record = resumed ?? ApplyRecord(region: plan.region, started: Date(), status: .applying, steps: [])
        if resumed != nil { adopt(statuses, plan, into: &record) }
        record.status = .applying
        var entries: [Int] = []
        for (step, status) in zip(plan.steps, statuses) {
            if let existing = record.steps.firstIndex(where: { $0.summary == step.summary }) {
                entries.append(existing)
                continue
            }
            record.steps.append(Self.entry(step, status))
            entries.append(record.steps.count - 1)
        }
        if !aws.dryRun { try record.write(to: recordPath) }
        for (position, index) in needed.enumerated() {
            let step = plan.steps[index]
            aws.output("step \(position + 1)/\(needed.count): \(step.summary)")
            let entry = entries[index]
            record.steps[entry].status = .started
            record.steps[entry].reason = nil
            if !aws.dryRun { try record.write(to: recordPath) }
            do {
                let created = try await step.apply(aws, &state)
                for resource in created { aws.output("  made \(resource.label)") }
                record.steps[entry].created += created
                if !aws.dryRun { try record.write(to: recordPath) }
                try await step.settle(aws, created)
                record.steps[entry].status = .done
                if !aws.dryRun { try record.write(to: recordPath) }
            } catch {
                record.steps[entry].status = .failed
                let reason = "\(error)"
                record.steps[entry].reason = reason
                record.status = .stopped
                if !aws.dryRun { try record.write(to: recordPath) }
                return .stopped(step: step.summary, reason: reason)
            }
        }
        if aws.dryRun { return .dryRun }
        record.status = .complete
        try record.write(to: recordPath)
        return .applied
    }

    private static func entry(_ step: any ApplyStep, _ status: StepStatus) -> ApplyRecord.Entry {
        switch status {
        case .needed: return .init(summary: step.summary, status: .planned)
        case .inPlace: return .init(summary: step.summary, status: .inPlace)
        case .refused(let reason): return .init(summary: step.summary, status: .refused, reason: reason)
        }
    }

    /// The record at `path` when it is one an apply left unfinished.
    private func resumable(_ path: String) throws -> ApplyRecord? {
        guard !aws.dryRun, FileManager.default.fileExists(atPath: path) else { return nil }
        let record = try ApplyRecord.load(from: path)
        guard record.status == .applying || record.status == .stopped else {
            throw InputError("\(path): the record of a \(record.status.rawValue) apply: give another --record file")
        }
        return record
    }

    /// Steps an interrupted run started whose resource is now in place with ecs-medic's mark: the interrupted run
    /// created it before it could write the id, so the record takes it.
    private func adopt(_ statuses: [StepStatus], _ plan: ApplyPlan, into record: inout ApplyRecord) {
        for (step, status) in zip(plan.steps, statuses) {
            guard case .inPlace(let created) = status,
                  let entry = record.steps.firstIndex(where: { $0.summary == step.summary }) else { continue }
            if [.started, .failed].contains(record.steps[entry].status) {
                record.steps[entry].created += created.filter { !record.steps[entry].created.contains($0) }
                record.steps[entry].status = .done
                record.steps[entry].reason = nil
            }
        }
    }

    /// Removes what the record at `path` lists as created, newest first, marking each removal in the record.
    /// Returns the removals that failed (with why); a second undo of the same record does nothing.
    public func undo(recordAt path: String) async throws -> [String] {
        var record = try ApplyRecord.load(from: path)
        var failures: [String] = []
        var removed = 0
        for entry in record.steps.indices.reversed() {
            for resource in record.steps[entry].created.reversed() where !record.steps[entry].undone.contains(resource) {
                aws.output("undo \(resource.label)")
                do {
                    try await resource.undo(aws)
                    removed += 1
                    guard !aws.dryRun else { continue }
                    record.steps[entry].undone.append(resource)
                    try record.write(to: path)
                } catch {
                    failures.append("\(resource.label): \(error)")
                }
            }
        }
        if removed == 0 && failures.isEmpty { aws.output("nothing to undo: \(path) lists nothing that is still in place") }
        if failures.isEmpty && !aws.dryRun {
            record.status = .undone
            try record.write(to: path)
        }
        return failures
    }
}
