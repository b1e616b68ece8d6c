import AWSClient
import Foundation

/// The read-only IAM policy a live diagnosis needs: every operation `LiveSource` can call, nothing else.
public enum ReadOnlyPolicy {
    /// Every operation the live source calls, by service. `sts:GetCallerIdentity` needs no permission.
    public static let operations: [AWSServiceID: [String]] = [
        .ecs: ["DescribeServices", "DescribeTasks", "DescribeTaskDefinition", "DescribeContainerInstances", "ListClusters", "ListServices", "ListTasks"],
        .ec2: [
            "DescribeDhcpOptions", "DescribeInstances", "DescribeInternetGateways", "DescribeNatGateways", "DescribeNetworkAcls",
            "DescribeNetworkInterfaces", "DescribePrefixLists", "DescribeRouteTables", "DescribeSecurityGroups", "DescribeSubnets",
            "DescribeVpcAttribute", "DescribeVpcEndpoints", "DescribeVpcs", "GetManagedPrefixListEntries",
        ],
        .elbv2: ["DescribeLoadBalancers", "DescribeTargetGroups"],
        .logs: ["DescribeLogGroups"],
        .ecr: ["DescribeImages"],
        .iam: ["GetPolicy", "GetPolicyVersion", "GetRole", "GetRolePolicy", "ListAttachedRolePolicies", "ListRolePolicies"],
        .secretsmanager: ["DescribeSecret", "GetResourcePolicy"],
        .ssm: ["DescribeParameters"],
        .kms: ["DescribeKey", "GetKeyPolicy"],
        .rds: ["DescribeDBClusters", "DescribeDBInstances"],
        .route53: ["ListHostedZonesByVPC", "ListResourceRecordSets"],
        .sts: ["GetCallerIdentity"],
    ]

    /// The IAM actions, sorted (`ec2:DescribeVpcs`, ...).
    public static var actions: [String] {
        operations.filter { $0.key != .sts }
            .flatMap { service, names in names.map { "\(service.signingName):\($0)" } }
            .sorted()
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
