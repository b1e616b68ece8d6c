/// The fix of a target group health check that cannot pass: its port, path or matcher set to what the evidence
/// shows the container serves (never a guessed path). Not applied by `fix --apply`: it changes how the load
/// balancer judges every target of the group, healthy ones included.
struct TargetGroupHealthCheckFix {
    let context: DiagnosisContext
    let match: FindingMatch

    func set() -> Fix? {
        guard let issue = match.afterStart, let settings = issue.targetGroup else { return nil }
        return Fix(id: "set-target-group-health-check",
                   summary: "Set the \(settings.summary) of target group \(settings.name) (no task restarts)",
                   changes: [.targetGroupHealthCheck(settings)], region: context.region)
    }
}
