/// A step that failed after creating something: what it created (for the record) and why it failed.
struct ApplyStepFailure: Error {
    let created: [AppliedResource]
    let underlying: Error
}
