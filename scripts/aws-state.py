#!/usr/bin/env python3
"""Dump the AWS state `ecs-medic fix --apply` may change, as one sorted JSON document, with boto3.

The apply tests compare these dumps before and after a dry run, an apply and an undo, and check
the applied changes against them, independently of ecs-medic's own collection and rules.

    python3 scripts/aws-state.py ENDPOINT_URL REGION [--tag RESOURCE_ID KEY VALUE]

`--tag` first tags an EC2 resource (to stand for one managed by CloudFormation or Terraform).

Sections: `ec2` (every describe output of VPCs and their DNS attributes, subnets, security groups,
route tables, network ACLs, VPC endpoints, tags), `iam` (each role's inline policies with their
documents and attached policies), `logs` (log groups with their tags) and `ecs` (services and their
task definitions: read for the checks, not compared, since a redeploy adds a deployment).
"""

import json
import os
import sys

import boto3


def client(service, endpoint, region):
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="AKIAECSMEDICLIVETEST",
                        aws_secret_access_key="ecsMedicLiveTestSecretKey0123456789abcdef")


def strip(response):
    response.pop("ResponseMetadata", None)
    return response


def main():
    if not os.environ.get("AWS_PROFILE"):
        os.environ.pop("AWS_PROFILE", None)
    endpoint, region = sys.argv[1], sys.argv[2]
    ec2 = client("ec2", endpoint, region)
    if len(sys.argv) == 7 and sys.argv[3] == "--tag":
        ec2.create_tags(Resources=[sys.argv[4]], Tags=[{"Key": sys.argv[5], "Value": sys.argv[6]}])
    iam = client("iam", endpoint, region)
    logs = client("logs", endpoint, region)
    ecs = client("ecs", endpoint, region)

    vpcs = strip(ec2.describe_vpcs())
    attributes = {}
    for vpc in vpcs["Vpcs"]:
        for name in ["enableDnsSupport", "enableDnsHostnames"]:
            attributes[f"{vpc['VpcId']}/{name}"] = strip(ec2.describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute=name))
    state = {
        "ec2": {
            "vpcs": vpcs,
            "vpcAttributes": attributes,
            "subnets": strip(ec2.describe_subnets()),
            "securityGroups": strip(ec2.describe_security_groups()),
            "routeTables": strip(ec2.describe_route_tables()),
            "networkAcls": strip(ec2.describe_network_acls()),
            # AWS (and moto) keep listing a deleted endpoint, in state `deleted`, for a while.
            "vpcEndpoints": [e for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["State"] != "deleted"],
            "tags": strip(ec2.describe_tags()),
        },
        "iam": {},
        "logs": {},
        "ecs": {},
    }
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        inline = {policy: iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
                  for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]}
        attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        state["iam"][name] = {"inline": inline, "attached": attached}
    for group in logs.describe_log_groups()["logGroups"]:
        tags = logs.list_tags_log_group(logGroupName=group["logGroupName"]).get("tags", {})
        state["logs"][group["logGroupName"]] = {"group": group, "tags": tags}
    for cluster in ecs.list_clusters()["clusterArns"]:
        services = ecs.list_services(cluster=cluster)["serviceArns"]
        if not services:
            continue
        for service in ecs.describe_services(cluster=cluster, services=services)["services"]:
            definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
            state["ecs"][service["serviceName"]] = {"service": service, "taskDefinition": definition}
    json.dump(state, sys.stdout, sort_keys=True, default=str)
    print()


if __name__ == "__main__":
    main()
