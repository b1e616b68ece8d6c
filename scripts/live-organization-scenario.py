#!/usr/bin/env python3
"""Serve an AWS organization of several accounts from an in-process moto server, for live tests of
`ecs-medic audit --accounts ... | --organization --role-name ecs-medic-audit`.

The caller is the management account (moto's default account: the test's keys belong to it). It
creates an organization and three member accounts (moto draws their ids), an OU `workloads` holding member
`orders`, and an SCP `deny-log-writes` on that OU that denies `logs:PutLogEvents`. In each member account (reached
by assuming a role there, as moto attributes assumed-role credentials to the role's account) it builds one Fargate
service in the default VPC's public subnets with a public IP, whose awslogs group exists or not:

    orders    role ecs-medic-audit; service prod/orders, log group present; under the SCP
    billing   role ecs-medic-audit; service prod/billing, log group missing (log-group-missing)
    sandbox   no ecs-medic-audit role: AssumeRole is refused

The management account gets the role too and no service. It corrects moto where it departs from AWS: the default VPC gets the internet gateway and route AWS creates
with it (moto's has none); and after the build:
  - STS AssumeRole succeeds for any role ARN, existing or not, whatever its trust policy; AWS refuses unless the
    role exists and its trust policy allows the caller (IAM User Guide, "Granting a user permissions to switch
    roles"; the error is AccessDenied "... is not authorized to perform: sts:AssumeRole on resource: ...").
  - EC2 DescribeRegions lists the regions of every partition (aws-cn, aws-us-gov too); AWS lists those of the
    caller's partition only.
Prints one JSON line and serves until stdin closes:

    {"endpoint": ..., "region": ..., "management": ..., "accounts": {"orders": ID, "billing": ID, "sandbox": ID},
     "roots": ..., "ou": ..., "scp": ..., "recording": FILE}

Usage: python3 scripts/live-organization-scenario.py
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_live_scenario():
    spec = importlib.util.spec_from_file_location("live_scenario", ROOT / "scripts" / "live-scenario.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ls = load_live_scenario()
# live-scenario.py sets MOTO_ACCOUNT_ID, which overrides the account moto attributes each request's keys to (and so
# every assumed role's); without it, the test's keys belong to moto's default account, the management account.
os.environ.pop("MOTO_ACCOUNT_ID", None)
REGION = "ap-northeast-2"
AUDIT_ROLE = "ecs-medic-audit"
# The keys of the test (LiveScenario.accessKeyID): moto attributes unknown keys to its default account.
KEYS = dict(aws_access_key_id="AKIAECSMEDICLIVETEST", aws_secret_access_key="ecsMedicLiveTestSecretKey0123456789abcdef")
ECS_TASKS_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
DENY_LOG_WRITES = {"Version": "2012-10-17", "Statement": [
    {"Sid": "DenyLogWrites", "Effect": "Deny", "Action": "logs:PutLogEvents", "Resource": "*"}]}


def client(url: str, service: str, credentials: dict | None = None):
    import boto3
    keys = credentials or KEYS
    return boto3.client(service, endpoint_url=url, region_name=REGION, **keys)


def member_credentials(url: str, account: str) -> dict:
    """Credentials in `account`: AssumeRole into its OrganizationAccountAccessRole, as AWS Organizations creates
    it in every account it creates (moto does not check the role before the correction below)."""
    answer = client(url, "sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                                            RoleSessionName="build")["Credentials"]
    return dict(aws_access_key_id=answer["AccessKeyId"], aws_secret_access_key=answer["SecretAccessKey"],
                aws_session_token=answer["SessionToken"])


def audit_role(url: str, credentials: dict | None, management: str) -> None:
    """The member role of deploy/cloudformation/ecs-medic-member-role.yaml: trusts the management account."""
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": f"arn:aws:iam::{management}:root"}}]}
    iam = client(url, "iam", credentials)
    iam.create_role(RoleName=AUDIT_ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    iam.attach_role_policy(RoleName=AUDIT_ROLE, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")


def service(url: str, credentials: dict, account: str, name: str, log_group: bool) -> None:
    """One Fargate service in the default VPC's public subnets, with a public IP, logging to /ecs/<name>."""
    iam, logs = client(url, "iam", credentials), client(url, "logs", credentials)
    ec2, ecs = client(url, "ec2", credentials), client(url, "ecs", credentials)
    iam.create_role(RoleName=f"{name}-exec", AssumeRolePolicyDocument=json.dumps(ECS_TASKS_TRUST))
    iam.attach_role_policy(RoleName=f"{name}-exec",
                           PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
    if log_group:
        logs.create_log_group(logGroupName=f"/ecs/{name}")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    correct_default_vpc_internet_gateway(ec2, vpc)
    subnets = sorted(s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"])[:2]
    group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                  {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
    ecs.create_cluster(clusterName="prod")
    ecs.register_task_definition(
        family=name, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=f"arn:aws:iam::{account}:role/{name}-exec",
        containerDefinitions=[{"name": "app", "image": f"{account}.dkr.ecr.{REGION}.amazonaws.com/{name}:1.0.0",
                               "essential": True, "logConfiguration": {"logDriver": "awslogs", "options": {
                                   "awslogs-group": f"/ecs/{name}", "awslogs-region": REGION,
                                   "awslogs-stream-prefix": "app"}}}])
    ecr = client(url, "ecr", credentials)
    ecr.create_repository(repositoryName=name)
    ecr.put_image(repositoryName=name, imageTag="1.0.0", imageManifest=json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": "sha256:" + "a" * 64},
        "layers": []}))
    ecs.create_service(cluster="prod", serviceName=name, taskDefinition=f"{name}:1", desiredCount=1, launchType="FARGATE",
                       networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group],
                                                                     "assignPublicIp": "ENABLED"}})


def correct_default_vpc_internet_gateway(ec2, vpc: str) -> None:
    """AWS creates every default VPC with an internet gateway and a 0.0.0.0/0 route to it in the main route table
    (VPC User Guide, "Default VPCs"); moto's default VPC has neither."""
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                {"Name": "association.main", "Values": ["true"]}])["RouteTables"]
    if any(r.get("DestinationCidrBlock") == "0.0.0.0/0" for t in tables for r in t["Routes"]):
        return
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    ec2.create_route(RouteTableId=tables[0]["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)


def correct_assume_role_trust() -> None:
    """AWS refuses AssumeRole unless the role exists and its trust policy allows the caller's account (by its root
    or the caller's ARN); moto assumes any ARN. This checks existence and an Allow statement naming the caller's
    account, which is what the member role template writes."""
    from moto.iam.models import iam_backends
    from moto.sts.exceptions import STSClientError
    from moto.sts.models import STSBackend

    original = STSBackend.assume_role

    def assume_role(self, region_name, role_session_name, role_arn, policy, duration, external_id):
        account = role_arn.split(":")[4]
        name = role_arn.split("/")[-1]
        denied = STSClientError("AccessDenied", f"User: arn:aws:iam::{self.account_id}:user/ecs-medic-live is not "
                                                f"authorized to perform: sts:AssumeRole on resource: {role_arn}")
        role = next((r for r in iam_backends[account]["aws"].roles.values() if r.name == name), None)
        if role is None:
            raise denied
        trust = json.loads(role.assume_role_policy_document)
        allowed = False
        for statement in trust.get("Statement", []):
            principals = statement.get("Principal", {})
            principals = principals.get("AWS", []) if isinstance(principals, dict) else [principals]
            principals = [principals] if isinstance(principals, str) else principals
            if statement.get("Effect") == "Allow" and any(
                    p in ("*", self.account_id, f"arn:aws:iam::{self.account_id}:root") for p in principals):
                allowed = True
        if not allowed:
            raise denied
        return original(self, region_name, role_session_name, role_arn, policy, duration, external_id)

    STSBackend.assume_role = assume_role


def correct_regions_to_the_partition() -> None:
    """AWS's DescribeRegions lists the caller's partition's regions; moto adds aws-cn and aws-us-gov ones."""
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend

    RegionsAndZonesBackend.regions = [r for r in RegionsAndZonesBackend.regions
                                      if not r.name.startswith(("cn-", "us-gov-", "us-iso", "eu-isoe"))]


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = ls.free_port()
    server = ls.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    management = client(url, "sts").get_caller_identity()["Account"]
    organizations = client(url, "organizations")
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    accounts = {}
    for name in ["orders", "billing", "sandbox"]:
        status = organizations.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
        accounts[name] = status["AccountId"]
    ou = organizations.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
    organizations.move_account(AccountId=accounts["orders"], SourceParentId=root, DestinationParentId=ou)
    scp = organizations.create_policy(Content=json.dumps(DENY_LOG_WRITES), Description="no log writes",
                                      Name="deny-log-writes", Type="SERVICE_CONTROL_POLICY")["Policy"]["PolicySummary"]["Id"]
    organizations.attach_policy(PolicyId=scp, TargetId=ou)

    audit_role(url, None, management)
    for name, log_group in [("orders", True), ("billing", False)]:
        credentials = member_credentials(url, accounts[name])
        audit_role(url, credentials, management)
        service(url, credentials, accounts[name], name, log_group)
    client(url, "ec2", member_credentials(url, accounts["sandbox"])).describe_vpcs()

    correct_assume_role_trust()
    correct_regions_to_the_partition()
    ls.recorder.reset_recording()
    ls.recorder.start_recording()
    print(json.dumps({"endpoint": url, "region": REGION, "management": management, "accounts": accounts,
                      "root": root, "ou": ou, "scp": scp, "recording": str(ls.RECORDING)}), flush=True)
    sys.stdin.read()
    ls.recorder.stop_recording()
    server.stop()
    ls.RECORDING.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
