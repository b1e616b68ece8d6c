/// Builds the fixes of task definition findings: the resources the task definition names that do not exist.
struct TaskDefinitionFixBuilder {
    let context: DiagnosisContext
    let match: FindingMatch

    /// The awslogs log group, created in the task's region (the finding is only raised for groups in that region).
    func createLogGroup() -> Fix? {
        guard let issue = match.issue, issue.check == .logGroup else { return nil }
        let restart = FixChange.restart(in: context).map { [$0] } ?? []
        return Fix(id: "create-log-group", summary: "Create the log group \(issue.resource) that the awslogs driver writes to",
                   changes: [.logGroup(name: issue.resource)] + restart, region: context.region)
    }
}
