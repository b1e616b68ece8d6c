import AWSClient
import Foundation

/// The read-only IAM policy ecs-medic needs: every operation of `OperationCatalog` (what a live diagnosis or
/// audit calls, and what the `snapshot commands` script calls), nothing else.
public enum ReadOnlyPolicy {
    /// The IAM actions, sorted (`ec2:DescribeVpcs`, ...). `sts:GetCallerIdentity` needs no permission.
    public static var actions: [String] {
        Set(OperationCatalog.all.filter { $0.service != .sts }.map(\.permission)).sorted()
    }

    /// The policy document as JSON, ready for `aws iam put-role-policy` or `create-policy`.
    public static func document() throws -> String {
        let policy: JSONValue = [
            "Version": "2012-10-17",
            "Statement": [[
                "Sid": "EcsMedicReadOnly",
                "Effect": "Allow",
                "Action": .array(actions.map(JSONValue.string)),
                "Resource": "*",
            ]],
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(policy), as: UTF8.self)
    }
}
