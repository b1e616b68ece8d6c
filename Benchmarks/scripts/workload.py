"""The benchmark workload shared by the Swift benchmark and compare-pmapper.py: an ECS execution role with three
managed policies of 20 conditioned statements each, a permissions boundary and a secret's resource policy, asked a
realistic mix of the calls ECS makes for a task (secrets, parameters, KMS, logs, ECR, S3)."""
import json

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/orders-exec-role"
REGION = "ap-northeast-2"
VPCE = "vpce-0a1b2c3d4e5f60718"

SERVICES = [
    ("secretsmanager", ["GetSecretValue", "DescribeSecret"], f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:orders/{{n}}-??????"),
    ("ssm", ["GetParameters", "GetParameter"], f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/orders/{{n}}/*"),
    ("kms", ["Decrypt"], f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{{n}}*"),
    ("logs", ["CreateLogStream", "PutLogEvents"], f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/orders-{{n}}:*"),
    ("ecr", ["BatchGetImage", "GetDownloadUrlForLayer", "BatchCheckLayerAvailability"], f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/orders-{{n}}"),
    ("s3", ["GetObject"], "arn:aws:s3:::orders-config-{n}/*"),
]

CONDITIONS = [
    lambda n: {"StringEquals": {"aws:SourceVpce": [VPCE, f"vpce-0ffff{n:012d}"]}},
    lambda n: {"StringLike": {"aws:PrincipalTag/team": ["orders*", "payments*"]}, "Bool": {"aws:SecureTransport": "true"}},
    lambda n: {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/orders-*"}},
    lambda n: {"StringEqualsIfExists": {"aws:RequestedRegion": [REGION, "us-east-1"]}},
    lambda n: {"ForAnyValue:StringEquals": {"aws:PrincipalTag/env": ["prod", "staging"]}, "IpAddressIfExists": {"aws:SourceIp": ["10.0.0.0/8", "172.16.0.0/12"]}},
]


def managed_policy(index):
    statements = []
    for s in range(20):
        n = index * 20 + s
        service, actions, pattern = SERVICES[n % len(SERVICES)]
        statement = {
            "Sid": f"P{index}S{s}",
            "Effect": "Allow",
            "Action": [f"{service}:{a}" for a in actions],
            "Resource": [pattern.format(n=n), pattern.format(n=n + 100)],
            "Condition": CONDITIONS[n % len(CONDITIONS)](n),
        }
        if s == 19:
            statement = {"Sid": f"P{index}DenyOutsideVpce", "Effect": "Deny", "Action": "secretsmanager:*",
                         "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceVpce": VPCE},
                                                        "Null": {"aws:SourceVpce": "false"}}}
        statements.append(statement)
    return {"Version": "2012-10-17", "Statement": statements}


BOUNDARY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Services", "Effect": "Allow", "Action": ["secretsmanager:*", "ssm:Get*", "kms:Decrypt", "logs:*", "ecr:*", "s3:GetObject"], "Resource": "*"},
    {"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*"},
]}

KEY_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
     "Action": "kms:*", "Resource": "*"},
]}

SECRET_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "ExecRole", "Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
    {"Sid": "OnlyViaEndpoint", "Effect": "Deny", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
     "Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE}}},
]}


def variants():
    """Sixteen requests (the secret policy on secrets, the default key policy on keys): allowed and denied calls across the services, through the endpoint or not."""
    base_context = {"aws:PrincipalTag/team": "orders-api", "aws:PrincipalTag/env": ["prod"], "aws:SecureTransport": "true",
                    "aws:RequestedRegion": REGION}
    calls = [
        ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:orders/0-AbCdEf"),
        ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:orders/6-AbCdEf"),
        ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:billing/1-AbCdEf"),
        ("secretsmanager:DescribeSecret", f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:orders/30-XyZ123"),
        ("ssm:GetParameters", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/orders/1/db-url"),
        ("ssm:GetParameters", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/payments/1/db-url"),
        ("kms:Decrypt", f"arn:aws:kms:{REGION}:{ACCOUNT}:key/2abcd-1234"),
        ("kms:Decrypt", f"arn:aws:kms:{REGION}:{ACCOUNT}:key/99abcd-1234"),
        ("logs:PutLogEvents", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/orders-3:log-stream:ecs/web/abc"),
        ("logs:CreateLogStream", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/unknown:log-stream:x"),
        ("ecr:BatchGetImage", f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/orders-4"),
        ("ecr:GetDownloadUrlForLayer", f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/orders-44"),
        ("s3:GetObject", "arn:aws:s3:::orders-config-5/app.env"),
        ("s3:GetObject", "arn:aws:s3:::other-bucket/app.env"),
        ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/admin"),
        ("secretsmanager:GetSecretValue", f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:orders/12-AbCdEf"),
    ]
    policies = [managed_policy(i) for i in range(3)]
    result = []
    for i, (action, resource) in enumerate(calls):
        context = dict(base_context)
        if i % 4 != 3:
            context["aws:SourceVpce"] = VPCE
        result.append({
            "principal": ROLE, "action": action, "resource": resource, "resourceAccount": ACCOUNT,
            "context": context, "identityPolicies": policies,
            "resourcePolicy": SECRET_POLICY if action.startswith("secretsmanager:") else KEY_POLICY if action.startswith("kms:") else None,
            "permissionsBoundary": BOUNDARY,
        })
    return result


def lines(count):
    """`count` JSON lines cycling through the variants (identical policy documents on every line)."""
    texts = [json.dumps(v, separators=(",", ":")) for v in variants()]
    return [texts[i % len(texts)] for i in range(count)]
