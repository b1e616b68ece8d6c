#!/usr/bin/env python3
"""Write a synthetic account snapshot (design.md section 7, file form) holding N ECS services.

The account is built from the seed fixtures so that every response keeps AWS's real shapes: each VPC is a
copy of fixtures/seed-healthy (interface endpoints), fixtures/seed-nat (NAT gateway) or, one VPC in ten,
fixtures/seed-no-secretsmanager-endpoint (broken), with every resource id renamed per VPC. Sharing follows
what real accounts do: about 100 services per VPC share its subnets, its task security group and its
endpoints; services form teams of 20 that share an execution role and a task role (copies of the seed's, with
their policies), an ECR repository and a secret (the seed's, with its key and resource policy); there
are 50 services per cluster. One service in K (default 50) names an image tag that is not in ECR (service
K//3, then every K) and one in K logs to a group that does not exist (service 2K//3, then every K), so an
audit has findings of several rules.

Usage: python3 scripts/make-synthetic-account.py N OUT.json [--faults-every K]
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REGION = "ap-northeast-2"
ACCOUNT = "111122223333"
SERVICES_PER_VPC = 100
SERVICES_PER_TEAM = 20
SERVICES_PER_CLUSTER = 50
EC2_FILES = {
    "DescribeVpcs": "ec2-describe-vpcs.json", "DescribeSubnets": "ec2-describe-subnets.json",
    "DescribeRouteTables": "ec2-describe-route-tables.json", "DescribeVpcEndpoints": "ec2-describe-vpc-endpoints.json",
    "DescribeSecurityGroups": "ec2-describe-security-groups.json", "DescribeNetworkAcls": "ec2-describe-network-acls.json",
    "DescribeNatGateways": "ec2-describe-nat-gateways.json", "DescribeInternetGateways": "ec2-describe-internet-gateways.json",
    "DescribeDhcpOptions": "ec2-describe-dhcp-options.json",
}
LIST_KEYS = {
    "DescribeVpcs": "Vpcs", "DescribeSubnets": "Subnets", "DescribeRouteTables": "RouteTables",
    "DescribeVpcEndpoints": "VpcEndpoints", "DescribeSecurityGroups": "SecurityGroups",
    "DescribeNetworkAcls": "NetworkAcls", "DescribeNatGateways": "NatGateways",
    "DescribeInternetGateways": "InternetGateways", "DescribeDhcpOptions": "DhcpOptions",
}
ID = re.compile(r"\b(vpc|subnet|rtb|rtbassoc|sg|sgr|acl|aclassoc|nat|igw|vpce|eni|eni-attach|eipalloc|eipassoc|dopt)-[0-9a-f]{8,17}\b")


def load(fixture: str, name: str):
    return json.loads((FIXTURES / fixture / name).read_text())


def renamer(vpc_index: int):
    """Gives every resource id of a seed VPC a new id of the same shape, unique to this copy."""
    def rename(match: re.Match) -> str:
        prefix, old = match.group(1), match.group(0)
        digest = hashlib.sha256(f"{old}/{vpc_index}".encode()).hexdigest()
        return f"{prefix}-{digest[:len(old) - len(prefix) - 1]}"
    return lambda text: ID.sub(rename, text)


def main() -> int:
    args = sys.argv[1:]
    every = 50
    if len(args) == 4 and args[2] == "--faults-every" and args[3].isdigit() and int(args[3]) >= 3:
        every = int(args[3])
        args = args[:2]
    if len(args) != 2 or not args[0].isdigit() or int(args[0]) < 1:
        print("usage: make-synthetic-account.py N OUT.json [--faults-every K (at least 3)]", file=sys.stderr)
        return 2
    count, out = int(args[0]), Path(args[1])
    vpcs = max(1, (count + SERVICES_PER_VPC - 1) // SERVICES_PER_VPC)
    teams = max(1, (count + SERVICES_PER_TEAM - 1) // SERVICES_PER_TEAM)

    ec2: dict[str, list] = {op: [] for op in EC2_FILES}
    vpc_attributes = []
    placement = []  # per VPC: (private subnet ids, task security group id)
    for v in range(vpcs):
        seed = "seed-no-secretsmanager-endpoint" if v % 10 == 9 else "seed-nat" if v % 2 else "seed-healthy"
        rename = renamer(v)
        for op, name in EC2_FILES.items():
            text = rename(json.dumps(load(seed, name)))
            ec2[op] += json.loads(text)[LIST_KEYS[op]]
        for attribute in ["enableDnsSupport", "enableDnsHostnames"]:
            vpc_attributes.append((attribute, json.loads(rename(json.dumps(load(seed, f"ec2-describe-vpc-attribute--{attribute}.json"))))))
        services = load(seed, "ecs-describe-services.json")["services"][0]
        network = json.loads(rename(json.dumps(services["networkConfiguration"])))
        placement.append(network)

    calls = [{"service": "sts", "operation": "GetCallerIdentity", "request": {},
              "response": load("seed-healthy", "sts-get-caller-identity.json")}]
    for op, key in LIST_KEYS.items():
        calls.append({"service": "ec2", "operation": op, "request": {}, "response": {key: ec2[op]}})
    for attribute, response in vpc_attributes:
        calls.append({"service": "ec2", "operation": "DescribeVpcAttribute",
                      "request": {"VpcId": response["VpcId"], "Attribute": attribute}, "response": response})
    calls.append({"service": "ec2", "operation": "DescribePrefixLists", "request": {},
                  "response": load("seed-healthy", "ec2-describe-prefix-lists.json")})

    # IAM, KMS and Secrets Manager answers of the seed, once per team for those that name a role.
    seen = set()
    for team in range(teams):
        for path in sorted((FIXTURES / "seed-healthy").glob("*.json")):
            service, _, rest = path.stem.partition("-")
            if service not in ("iam", "kms", "secretsmanager"):
                continue
            operation, _, label = rest.partition("--")
            rename = lambda text: (text.replace("demo-ecs-exec-role", f"team-{team:04d}-exec")
                                   .replace("demo-ecs-task-role", f"team-{team:04d}-task"))
            label = rename(label)
            if (service, operation, label) in seen:
                continue
            seen.add((service, operation, label))
            calls.append({"service": service, "operation": operation, "request": {"label": label} if label else {},
                          "response": json.loads(rename(path.read_text()))})

    service_template = load("seed-healthy", "ecs-describe-services.json")["services"][0]
    definition_template = load("seed-healthy", "ecs-describe-task-definition.json")["taskDefinition"]
    image_template = load("seed-healthy", "ecr-describe-images--demo-app.json")["imageDetails"][0]
    manifest_template = load("seed-healthy", "ecr-batch-get-image--demo-app.json")["images"][0]
    config_digest = json.loads(manifest_template["imageManifest"])["config"]["digest"]
    config_template = (config_digest, load("seed-healthy", f"ecr-get-download-url-for-layer--{config_digest.replace(':', '%3A')}.json"))
    by_cluster: dict[str, list] = {}
    log_groups = []
    for i in range(count):
        team, cluster = i // SERVICES_PER_TEAM, f"cluster-{i // SERVICES_PER_CLUSTER:03d}"
        name, family = f"svc-{i:05d}", f"app-{i:05d}"
        definition_arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:3"
        service = copy.deepcopy(service_template)
        service.update({
            "serviceName": name,
            "serviceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}",
            "clusterArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{cluster}",
            "taskDefinition": definition_arn,
            "networkConfiguration": placement[i // SERVICES_PER_VPC],
        })
        for deployment in service["deployments"]:
            deployment.update({"taskDefinition": definition_arn, "networkConfiguration": placement[i // SERVICES_PER_VPC]})
        service["events"] = []
        by_cluster.setdefault(cluster, []).append(service)

        definition = copy.deepcopy(definition_template)
        container = definition["containerDefinitions"][0]
        tag = "9.9.9" if i % every == every // 3 else f"1.{i % 7}.0"
        container["image"] = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/team-{team:04d}:{tag}"
        definition.update({"taskDefinitionArn": definition_arn, "family": family, "revision": 3,
                           "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/team-{team:04d}-exec",
                           "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/team-{team:04d}-task"})
        group = f"/ecs/{family}"
        container["logConfiguration"]["options"]["awslogs-group"] = group
        if i % every != 2 * every // 3:
            log_groups.append({"logGroupName": group, "creationTime": 1795169071481, "retentionInDays": 30,
                               "metricFilterCount": 0, "storedBytes": 0, "logGroupClass": "STANDARD",
                               "arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}:*",
                               "logGroupArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}"})
        calls.append({"service": "ecs", "operation": "DescribeTaskDefinition", "request": {"taskDefinition": definition_arn},
                      "response": {"taskDefinition": definition, "tags": []}})
    for cluster, services in sorted(by_cluster.items()):
        for start in range(0, len(services), 10):  # DescribeServices takes at most 10 services
            batch = services[start:start + 10]
            calls.append({"service": "ecs", "operation": "DescribeServices",
                          "request": {"cluster": cluster, "services": [s["serviceName"] for s in batch]},
                          "response": {"services": batch, "failures": []}})
    calls.append({"service": "logs", "operation": "DescribeLogGroups", "request": {}, "response": {"logGroups": log_groups}})
    for team in range(teams):
        images = []
        for minor in range(7):
            image = copy.deepcopy(image_template)
            digest = hashlib.sha256(f"team-{team}/{minor}".encode()).hexdigest()
            image.update({"repositoryName": f"team-{team:04d}", "imageDigest": f"sha256:{digest}", "imageTags": [f"1.{minor}.0"]})
            images.append(image)
        calls.append({"service": "ecr", "operation": "DescribeImages", "request": {"repositoryName": f"team-{team:04d}"},
                      "response": {"imageDetails": images}})
        calls += image_manifests(f"team-{team:04d}", images, manifest_template, config_template)

    snapshot = {"format": 1, "region": REGION, "account": ACCOUNT, "capturedAt": "2026-11-25T00:00:00Z", "calls": calls}
    out.write_text(json.dumps(snapshot, separators=(",", ":")) + "\n")
    print(f"{out}: {count} services, {len(by_cluster)} clusters, {vpcs} VPCs, {teams} teams, {len(calls)} calls")
    return 0


def image_manifests(repository: str, images: list, manifest_template: dict, config_template: tuple) -> list:
    """What ecs-medic reads of a team's images' platforms (image-platform-mismatch): batch-get-image of every tag
    (the seed's single linux/amd64 manifest) and the platform members of its configuration blob, which the
    images share (the same configuration digest)."""
    answered = []
    for image in images:
        manifest = copy.deepcopy(manifest_template)
        manifest.update({"repositoryName": repository,
                         "imageId": {"imageDigest": image["imageDigest"], "imageTag": image["imageTags"][0]}})
        answered.append(manifest)
    digest, platform = config_template
    return [{"service": "ecr", "operation": "BatchGetImage",
             "request": {"repositoryName": repository, "imageIds": [{"imageTag": i["imageTags"][0]} for i in images]},
             "response": {"images": answered, "failures": []}},
            {"service": "ecr", "operation": "GetDownloadUrlForLayer",
             "request": {"repositoryName": repository, "layerDigest": digest}, "response": platform}]


if __name__ == "__main__":
    sys.exit(main())
