/// Proves fixes: applies a fix's changes to the facts in memory, diagnoses again and checks that the findings it
/// is for are gone and that no finding appeared that was not there before.
struct FixVerifier {
    /// The same diagnosis (diagnose or check, same rules and selector) of the facts patched with the changes, without
    /// verifying fixes. The changes are given too, so that an audit shares the verdicts of one patch across services.
    let rediagnose: (_ patched: Facts, _ changes: [FixChange]) throws -> DiagnosisResult
    let facts: Facts
    /// Fingerprints of the findings before any fix.
    let before: Set<String>
    /// Rules whose findings a fix of the configuration makes appear by design (`AfterStartCheck.setsPastAgainstPresent`):
    /// not counted as new (a finding a fix is for must still be gone, whatever its rule).
    var pastAgainstPresent: Set<String> = []

    init(rediagnosingPatch rediagnose: @escaping (_ patched: Facts, _ changes: [FixChange]) throws -> DiagnosisResult,
         facts: Facts, before: Set<String>, pastAgainstPresent: Set<String> = []) {
        self.rediagnose = rediagnose
        self.facts = facts
        self.before = before
        self.pastAgainstPresent = pastAgainstPresent
    }

    init(rediagnose: @escaping (Facts) throws -> DiagnosisResult, facts: Facts, before: Set<String>,
         pastAgainstPresent: Set<String> = []) {
        self.init(rediagnosingPatch: { patched, _ in try rediagnose(patched) }, facts: facts, before: before,
                  pastAgainstPresent: pastAgainstPresent)
    }

    /// Whether the changes resolve the findings with these fingerprints without causing a new one; false when
    /// the diagnosis of the patched facts fails.
    func proves(_ changes: [FixChange], resolving fingerprints: Set<String>) -> Bool {
        let patched = FactPatch(changes: changes).applied(to: facts)
        guard let result = try? rediagnose(patched, changes) else { return false }
        let after = Set(result.findings.map(\.fingerprint))
        let counted = Set(result.findings.filter { !pastAgainstPresent.contains($0.rule) }.map(\.fingerprint))
        return after.isDisjoint(with: fingerprints) && counted.isSubset(of: before)
    }

    /// The findings with every fix carrying changes labelled `verified` true or false.
    func label(_ findings: [Finding]) -> [Finding] {
        findings.map { finding in
            var finding = finding
            for index in finding.fixes.indices where !finding.fixes[index].changes.isEmpty
                && !finding.fixes[index].changes.contains(where: \.answersPastEvents) {
                finding.fixes[index].verified = proves(finding.fixes[index].changes, resolving: [finding.fingerprint])
            }
            return finding
        }
    }
}
