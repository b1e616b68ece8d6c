import AWSClient

/// One change of a fix plan as AWS calls: how to see that it is already in place (so that a second apply, or a
/// re-run after an interruption, does nothing twice), how to make it, and what it made (so that it can be undone).
public protocol ApplyStep: Sendable {
    /// One line: what the step changes, with the real ids.
    var summary: String { get }
    /// Existing resources the step changes, checked for CloudFormation or Terraform ownership before any change.
    var existing: [ExistingResource] { get }
    /// Reads AWS (never writes) to tell whether the change is needed; may note ids in the state for later steps.
    func current(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> StepStatus
    /// Makes the change through `aws` (printed only in a dry run) and returns what it created or modified.
    func apply(_ aws: ApplyCaller, _ state: inout ApplyState) async throws -> [AppliedResource]
    /// Waits until what `apply` created is usable (an endpoint `available`); called after the record holds its ids.
    func settle(_ aws: ApplyCaller, _ created: [AppliedResource]) async throws
}

extension ApplyStep {
    public func settle(_ aws: ApplyCaller, _ created: [AppliedResource]) async throws {}
}

/// Whether a step must run.
public enum StepStatus: Sendable, Equatable {
    case needed
    /// Already in place; `created` lists what of it carries ecs-medic's mark (adopted by a resumed record).
    case inPlace(created: [AppliedResource])
    /// Must not be applied (e.g. an inline policy of that name that ecs-medic did not write); the reason says why.
    case refused(String)
}

/// A resource that exists before the apply and that a step changes, for the drift check.
public enum ExistingResource: Sendable, Hashable {
    /// An EC2 resource by id (VPC, security group, route table, VPC endpoint).
    case ec2(String)
    /// An IAM role by name.
    case role(String)
}
