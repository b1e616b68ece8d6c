/// One line of the classification table: the category a message gets when every group of phrases has a phrase in it
/// and none of the excluded phrases is.
///
/// Phrases are matched on words of the normalized message (see `PhraseMatcher`); the table is read in order and the
/// first pattern that matches decides.
struct ReasonPattern: Sendable {
    /// What a matching pattern concludes.
    enum Verdict: Sendable, Equatable {
        /// This category of design.md §6.
        case category(String)
        /// The image pull could not reach its registry: `ecr-unreachable` or `registry-unreachable`, by the registry named.
        case pullUnreachable
        /// A secret could not be read and the message was cut before saying why: `secrets-access-denied` when the agent
        /// tried once (it does not retry refusals or missing secrets), else `secrets-unreachable` (time-outs are retried).
        case secretsUnreadable
    }

    let verdict: Verdict
    let allOf: [[String]]
    let noneOf: [String]

    init(_ category: String, allOf: [[String]], noneOf: [String] = []) {
        self.verdict = .category(category)
        self.allOf = allOf
        self.noneOf = noneOf
    }

    init(_ verdict: Verdict, allOf: [[String]], noneOf: [String] = []) {
        self.verdict = verdict
        self.allOf = allOf
        self.noneOf = noneOf
    }
}
