/// The forms `ecs-medic fix --emit` prints a merged fix in.
public enum FixForm: String, Sendable, CaseIterable {
    case iamPolicy = "iam-policy"
    case awsCli = "aws-cli"
    case terraform
    case cloudformation
}
