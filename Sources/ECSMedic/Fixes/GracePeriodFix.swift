/// The fix of a grace period shorter than the start: the service's `healthCheckGracePeriodSeconds` raised to the
/// start the log measured plus the passing checks the target group needs, rounded up to 10 s. Safe and reversible,
/// so `fix --apply` makes it (the record keeps the old value for `--undo`).
struct GracePeriodFix {
    let context: DiagnosisContext
    let match: FindingMatch

    func raise() -> Fix? {
        guard let issue = match.afterStart, issue.check == .gracePeriod, let figures = issue.gracePeriod else { return nil }
        return Fix(id: "raise-health-check-grace-period",
                   summary: "Raise the health check grace period of service \(figures.service) from \(figures.current) to \(figures.proposed) s (no task restarts; the next tasks get the time)",
                   changes: [.healthCheckGracePeriod(cluster: figures.cluster, service: figures.service, seconds: figures.proposed,
                                                     previous: figures.current)],
                   region: context.region)
    }
}
