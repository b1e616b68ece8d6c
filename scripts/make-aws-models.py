#!/usr/bin/env python3
"""Writes aws-models/<service>.json: botocore's service models trimmed to the operations ecs-medic calls.

Reads the installed botocore's data/<service>/<version>/service-2.json(.gz) and paginators-1.json, keeps
only the listed operations, the shapes they reach and the fields the AWSClient serialisers and parsers read
(no documentation), and writes minified JSON. Run: .venv/bin/python scripts/make-aws-models.py
"""
import gzip
import json
import os
import sys

import botocore

OPERATIONS = {
    "ecs": ["DescribeTasks", "ListTasks", "DescribeServices", "ListServices", "ListClusters", "DescribeClusters",
            "DescribeTaskDefinition", "DescribeContainerInstances", "UpdateService", "ListContainerInstances",
            "DescribeCapacityProviders"],
    "ec2": ["DescribeSubnets", "DescribeRouteTables", "DescribeVpcs", "DescribeVpcAttribute", "DescribeVpcEndpoints",
            "DescribeSecurityGroups", "DescribeNetworkAcls", "DescribeNatGateways", "DescribeInternetGateways",
            "DescribeEgressOnlyInternetGateways", "DescribeNetworkInterfaces", "DescribeDhcpOptions",
            "DescribeManagedPrefixLists", "GetManagedPrefixListEntries", "DescribePrefixLists", "DescribeInstances",
            "CreateVpcEndpoint", "DeleteVpcEndpoints", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateNetworkAclEntry", "DeleteNetworkAclEntry",
            "CreateRoute", "DeleteRoute", "ModifyVpcAttribute", "CreateTags", "CreateSecurityGroup",
            "DeleteSecurityGroup", "CreateVpc", "CreateSubnet", "ModifyVpcEndpoint", "DescribeTags", "DescribeRegions"],
    "iam": ["GetRole", "ListRolePolicies", "GetRolePolicy", "ListAttachedRolePolicies", "GetPolicy", "GetPolicyVersion",
            "PutRolePolicy", "DeleteRolePolicy", "CreateUser", "CreateAccessKey", "ListRoles", "CreateRole", "PutUserPolicy"],
    "sts": ["GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity"],
    "secretsmanager": ["DescribeSecret", "GetResourcePolicy", "ListSecrets"],
    "ssm": ["DescribeParameters"],
    "kms": ["DescribeKey", "GetKeyPolicy", "ListAliases"],
    "ecr": ["DescribeRepositories", "DescribeImages", "GetRepositoryPolicy", "BatchGetImage", "GetDownloadUrlForLayer"],
    "logs": ["DescribeLogGroups", "GetLogEvents", "CreateLogGroup", "DeleteLogGroup"],
    "rds": ["DescribeDBClusters", "DescribeDBInstances"],
    "route53": ["ListHostedZonesByVPC", "GetHostedZone", "ListResourceRecordSets"],
    "organizations": ["DescribeOrganization", "ListPoliciesForTarget", "DescribePolicy", "ListParents", "ListRoots",
                      "ListAccounts"],
    "elbv2": ["DescribeTargetGroups", "DescribeLoadBalancers", "DescribeTargetHealth"],
    "cloudwatch": ["GetMetricData"],
    "autoscaling": ["DescribeAutoScalingGroups"],
    "efs": ["DescribeMountTargets", "DescribeMountTargetSecurityGroups"],
}
# The wire protocol the client speaks for a service whose model prefers one it does not (CloudWatch's model
# prefers smithy-rpc-v2-cbor and still lists the query protocol).
PROTOCOL = {"cloudwatch": "query"}
# Operations read one page only, whatever their paginator says: GetLogEvents pages backwards for ever (its
# token repeats at the start of the stream) and ecs-medic reads only the newest page before the stop.
ONE_PAGE = {"GetLogEvents"}
# Operations that read secret values: ecs-medic must never be able to call them.
FORBIDDEN = {"GetSecretValue", "BatchGetSecretValue", "GetParameter", "GetParameters", "GetParametersByPath",
             "Decrypt"}

METADATA_KEYS = ["apiVersion", "protocol", "jsonVersion", "targetPrefix", "signingName", "endpointPrefix",
                 "serviceId", "globalEndpoint", "xmlNamespace"]
SHAPE_KEYS = ["type", "flattened", "locationName", "timestampFormat", "payload", "xmlNamespace"]
MEMBER_KEYS = ["shape", "location", "locationName", "queryName", "flattened", "timestampFormat", "xmlNamespace",
               "jsonvalue", "hostLabel", "idempotencyToken"]


def load(path):
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    with gzip.open(path + ".gz") as f:
        return json.load(f)


def trim_member(member):
    return {k: member[k] for k in MEMBER_KEYS if k in member}


def trim(service, names):
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    version = sorted(os.listdir(data_dir))[-1]
    model = load(os.path.join(data_dir, version, "service-2.json"))
    paginators_path = os.path.join(data_dir, version, "paginators-1.json")
    paginators = load(paginators_path)["pagination"] if os.path.exists(paginators_path) else {}
    shapes = model["shapes"]
    kept = {}

    def reach(name):
        if name in kept:
            return
        shape = shapes[name]
        out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
        kept[name] = out
        if shape["type"] == "structure":
            out["members"] = {m: trim_member(v) for m, v in shape.get("members", {}).items()}
            for v in shape.get("members", {}).values():
                reach(v["shape"])
        elif shape["type"] == "list":
            out["member"] = trim_member(shape["member"])
            reach(shape["member"]["shape"])
        elif shape["type"] == "map":
            out["key"] = trim_member(shape["key"])
            out["value"] = trim_member(shape["value"])
            reach(shape["key"]["shape"])
            reach(shape["value"]["shape"])

    operations = {}
    for name in names:
        if name in FORBIDDEN:
            sys.exit(f"{service}:{name} reads secret values and must not be modelled")
        op = model["operations"][name]
        out = {"http": {k: op["http"][k] for k in ("method", "requestUri") if k in op["http"]}}
        for key in ("input", "output"):
            if key in op:
                out[key] = {k: op[key][k] for k in ("shape", "resultWrapper", "locationName") if k in op[key]}
                reach(op[key]["shape"])
        if name in paginators and name not in ONE_PAGE:
            out["paginator"] = paginators[name]
        operations[name] = out
    metadata = {k: model["metadata"][k] for k in METADATA_KEYS if k in model["metadata"]}
    if service in PROTOCOL:
        if PROTOCOL[service] not in model["metadata"].get("protocols", [metadata["protocol"]]):
            sys.exit(f"{service}: the model does not offer the {PROTOCOL[service]} protocol")
        metadata["protocol"] = PROTOCOL[service]
    return {"metadata": metadata, "operations": operations, "shapes": dict(sorted(kept.items())),
            "source": f"botocore {botocore.__version__} {service}/{version}"}


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "aws-models")
    os.makedirs(root, exist_ok=True)
    for service, names in OPERATIONS.items():
        trimmed = trim(service, names)
        with open(os.path.join(root, f"{service}.json"), "w") as f:
            json.dump(trimmed, f, separators=(",", ":"), sort_keys=True)
            f.write("\n")
        print(f"{service}: {len(trimmed['operations'])} operations, {len(trimmed['shapes'])} shapes")


if __name__ == "__main__":
    main()
