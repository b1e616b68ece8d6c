#!/usr/bin/env python3
"""Serve one seed-deployment scenario from an in-process moto server, for live tests.

Builds the named scenario (a fixture name of scripts/make-fixtures.py) with that script's
`Build`, then corrects moto's backend state where moto departs from AWS (each correction
below is a named function that says which AWS behaviour it restores), starts moto's request
recorder, prints one JSON line on stdout and serves until stdin closes:

    {"endpoint": "http://127.0.0.1:PORT", "cluster": ..., "service": ..., "region": ...,
     "account": ..., "recording": FILE, "aliases": {live string: fixture string}}

`recording` is the file moto's recorder appends every request to after the build (so it
holds only what the doctor asked). `aliases` maps the ids moto drew in this run to the ids
the fixture folder shows (make-fixtures.py rewrites them when dumping), so a test can compare
live findings with the fixture's expected.yaml.

With `--enforce-iam POLICY_FILE` (a policy document such as `ecs-medic policy` prints), moto
authenticates and authorizes every request made after the build, and the JSON line gains
`principals`: {"*": keys of a user allowed the whole policy, "service:Operation": keys of a user
allowed the policy minus that action} (each also allowed sts:GetCallerIdentity, which AWS never
denies).

Usage: python3 scripts/live-scenario.py NAME [--canary VALUE] [--deny ACTION] [--enforce-iam FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import logging
import os
import socket
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "111122223333"

# moto reads these when it is imported.
os.environ["MOTO_ACCOUNT_ID"] = ACCOUNT
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
os.environ.pop("MOTO_ENABLE_RECORDING", None)
RECORDING = Path(tempfile.mkstemp(prefix="ecs-medic-live-", suffix=".jsonl")[1])
os.environ["MOTO_RECORDER_FILEPATH"] = str(RECORDING)

from moto.backends import get_backend  # noqa: E402
from moto.moto_api import recorder  # noqa: E402
from moto.moto_api._internal import mock_random  # noqa: E402
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402


def load_fixture_generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "scripts" / "make-fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # moto runs as the seed account here, so there is nothing to rename, and the task
    # definition must name the secret moto really created (not the fixture's pinned uuid).
    module.MOTO_ACCOUNT = ACCOUNT
    module.fix_secret_uuid = lambda text: text
    return module


mf = load_fixture_generator()


class Endpoint:
    """What `Build` needs of a moto server: its URL and the id-seeding call."""

    def __init__(self, url: str) -> None:
        self.url = url

    def seed(self, label: str) -> None:
        mock_random.seed(int(hashlib.sha256(label.encode()).hexdigest()[:8], 16))


def backend(service: str):
    return get_backend(service)[ACCOUNT][mf.REGION]


# --------------------------------------------------------------------------- corrections

def the_task(ids: dict):
    """The seed task the build ran (moto keys a cluster's tasks by ARN)."""
    return backend("ecs").tasks[mf.CLUSTER][ids["task-arn"]]


def task_eni_id(task) -> str:
    return next(d["value"] for d in task.attachments[0]["details"] if d["name"] == "networkInterfaceId")


def correct_task_eni_address(ids: dict) -> None:
    """ECS gives a task's ENI an address from its subnet; moto draws a random 10.x address
    outside it (ECS developer guide, "Fargate task networking")."""
    task = the_task(ids)
    eni = backend("ec2").enis[task_eni_id(task)]
    ip = mf.ip_in_subnet(eni.subnet.cidr_block, 0x4b)
    eni.private_ip_address = ip
    eni.private_ip_addresses = [{"Primary": True, "PrivateIpAddress": ip}]
    eni.private_dns_name = f"ip-{ip.replace('.', '-')}.{mf.REGION}.compute.internal"
    for detail in task.attachments[0]["details"]:
        if detail["name"] == "privateIPv4Address":
            detail["value"] = ip
        elif detail["name"] == "privateDnsName":
            detail["value"] = eni.private_dns_name


def correct_stopped_task(spec: dict, ids: dict) -> None:
    """A running task has no stoppedReason (moto sets an empty one). A stopped Fargate task
    carries ECS's stopCode and stoppedReason (and, stopped for its container health checks, the
    UNHEALTHY healthStatus), its ENI attachment is DELETED and the ENI
    itself is gone (Fargate deletes it when the task stops); a
    container that never started has no exit code, one that exited has its code (ECS
    developer guide, "Amazon ECS stopped tasks errors")."""
    task = the_task(ids)
    correct_task_timestamps(spec, ids)
    correct_container_health_status(ids)
    if spec["outcome"] == "running":
        task.stopped_reason = None
        return
    task_id = task.id
    reason_ids = dict(ids, **{"task-id": task_id,
                              "request-id": str(uuid.UUID(hashlib.md5(task_id.encode()).hexdigest(), version=4))})
    container = task.containers[0]
    if spec["outcome"] == "container-exit":
        task.stop_code = "EssentialContainerExited"
        task.stopped_reason = "Essential container in task exited"
        container.exitCode = 1
    elif spec["outcome"] == "health-check-failed":
        # The scheduler replaces a target that failed its ELB health checks; the container got SIGTERM.
        task.stop_code = "ServiceSchedulerInitiated"
        task.stopped_reason = f"Task failed ELB health checks in (target-group {ids['tg-arn']})"
        container.exitCode = 143
    elif spec["outcome"] == "container-health-check-failed":
        # The container's health check failed `retries` times in a row: ECS reports the container and the task
        # UNHEALTHY and the scheduler replaces the task (SIGTERM); moto runs no health check and reports HEALTHY.
        task.stop_code = "ServiceSchedulerInitiated"
        task.stopped_reason = "Task failed container health checks"
        task.health_status = "UNHEALTHY"
        container.exitCode = 143
        container.health_status = "UNHEALTHY"
    else:
        task.stop_code = "TaskFailedToStart"
        task.stopped_reason = mf.stop_reason(spec["outcome"], reason_ids)
        container.exitCode = None
    container.last_status = "STOPPED"
    task.attachments[0]["status"] = "DELETED"
    backend("ec2").enis.pop(task_eni_id(task), None)


def correct_task_status(spec: dict, ids: dict) -> None:
    """ECS reports the task's lastStatus as it is: RUNNING for a running task, STOPPED for one that stopped
    (ECS developer guide, "Task lifecycle"). moto's task is a ManagedState that steps RUNNING → DEACTIVATING →
    STOPPING → DEPROVISIONING → STOPPED each time DescribeTasks returns it, so every diagnosis against one
    launcher saw another task (the fourth saw a running task stopped). The status is set and held."""
    from moto.moto_api import state_manager

    state_manager.set_transition(model_name="ecs::task", transition={"progression": "manual", "times": float("inf")})
    the_task(ids).last_status = "RUNNING" if spec["outcome"] == "running" else "STOPPED"


def correct_task_log_stream(spec: dict, ids: dict) -> None:
    """The awslogs driver creates the stream `ecs/app/<task id>` of a container when the container starts
    (ECS developer guide, "Using the awslogs log driver"); moto runs no container. A task that started
    gets its stream (empty unless the scenario's app log or --after-start write lines to it); one that
    never started has none."""
    task = the_task(ids)
    if not spec["log_group"] or not getattr(task, "started_at", None):
        return
    logs = backend("logs")
    stream = f"ecs/app/{task.id}"
    if stream not in logs.groups["/ecs/demo-app"].streams:
        logs.create_log_stream("/ecs/demo-app", stream)


def correct_task_timestamps(spec: dict, ids: dict) -> None:
    """ECS records when a task was created, began and finished pulling its images, started, began to
    stop and stopped (DescribeTasks `createdAt`, `pullStartedAt`, `pullStoppedAt`, `startedAt`,
    `stoppingAt`, `stoppedAt`); moto records none of them. Set as ECS would for a task launched 150 s
    ago: a container that ran started 19 s after creation and was stopped 41 s later (stopped 12.5 s
    after that, a minute ago); a task that failed to start never started and pulled nothing."""
    task = the_task(ids)
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=150)
    task.created_at = created
    failed_to_start = spec["outcome"] not in ("running", "container-exit", "health-check-failed",
                                              "container-health-check-failed")
    if not failed_to_start:
        task.pull_started_at = created + dt.timedelta(seconds=5.2)
        task.pull_stopped_at = created + dt.timedelta(seconds=17.4)
        task.started_at = created + dt.timedelta(seconds=19)
    if spec["outcome"] == "running":
        return
    stopping = created + dt.timedelta(seconds=60 if not failed_to_start else 70)
    task.stopping_at = stopping
    task.execution_stopped_at = stopping
    task.stopped_at = stopping + dt.timedelta(seconds=12.5)


def correct_container_health_status(ids: dict) -> None:
    """ECS reports a container's healthStatus UNKNOWN when its definition has no healthCheck; moto
    reports HEALTHY for every container."""
    task = the_task(ids)
    family, revision = task.task_definition_arn.rsplit("/", 1)[1].split(":")
    definitions = backend("ecs").task_definitions[family][int(revision)].container_definitions
    checked = {definition["name"] for definition in definitions if definition.get("healthCheck")}
    for container in task.containers:
        if container.name not in checked:
            container.health_status = "UNKNOWN"
    if not checked:
        task.health_status = "UNKNOWN"


# State, reason code and description of a target of the service's target group, by the
# scenario's `load_balancer`: what the load balancer's health checks find (Elastic Load Balancing
# guide, "Health checks for Application Load Balancer target groups": a check blocked by a
# security group times out).
TARGET_HEALTH = {
    "admitted": ("healthy", None, None),
    "not-admitted": ("unhealthy", "Target.Timeout", "Request timed out"),
}


def correct_target_health(spec: dict, ids: dict) -> None:
    """ECS registers each task's IP with the service's target groups and the load balancer's
    health checks decide its state; moto's ECS registers nothing and moto's elbv2 reports every
    registered IP `healthy`, with `HealthCheckPort: traffic-port` where AWS gives the port. The
    task's IP is registered; a stopped task's target is draining (the deregistration delay,
    300 s by default, has not passed), and the replacement task ECS started at once is registered
    with the state the checks give it: the scenario's `target_health` reason and description where
    it names one (a port, path or status code the checks do not get), else `TARGET_HEALTH` by the
    load balancer's admission. moto's `FakeTargetGroup.health_for` is wrapped to answer those states."""
    kind = spec["load_balancer"]
    if not kind:
        return
    from moto.elbv2.models import FakeHealthStatus, FakeTargetGroup

    task = the_task(ids)
    address = next(d["value"] for d in task.attachments[0]["details"] if d["name"] == "privateIPv4Address")
    subnet = next(d["value"] for d in task.attachments[0]["details"] if d["name"] == "subnetId")
    replacement = mf.ip_in_subnet(backend("ec2").get_subnet(subnet).cidr_block, 0x5c)
    # The scenario's own failure (a port, path or status the checks do not get) where it names one.
    checked = ("unhealthy", *spec["target_health"]) if spec["target_health"] else TARGET_HEALTH[kind]
    states = {}
    if spec["outcome"] == "running":
        states[address] = checked
    else:
        states[address] = ("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress")
        states[replacement] = checked
    group = backend("elbv2").target_groups[ids["tg-arn"]]
    for target in states:
        group.register([{"Id": target, "Port": 8080}])
    health_for = FakeTargetGroup.health_for

    def corrected(self, target, ec2_backend):
        status = health_for(self, target, ec2_backend)
        if self.arn == ids["tg-arn"] and target["Id"] in states:
            state, reason, description = states[target["Id"]]
            port = target.get("Port") or self.port
            status = FakeHealthStatus(target["Id"], port, str(port) if self.health_check_port == "traffic-port"
                                      else self.health_check_port, state, reason, description)
        return status

    FakeTargetGroup.health_for = corrected


def correct_service_deployment(spec: dict, ids: dict) -> None:
    """ECS counts a deployment's failed tasks and reports its rollout state; moto leaves
    every deployment IN_PROGRESS with no failures (ECS API reference, Deployment)."""
    service = backend("ecs").services[f"{mf.CLUSTER}:{mf.SERVICE}"]
    deployment = service.deployments[0]
    if spec["outcome"] == "running":
        deployment["runningCount"] = 1
        deployment["failedTasks"] = 0
        deployment["rolloutState"] = "COMPLETED"
        deployment["rolloutStateReason"] = f"ECS deployment {deployment['id']} completed."
        service.running_count = 1
    else:
        deployment["runningCount"] = 0
        deployment["failedTasks"] = 1
        deployment["rolloutState"] = "IN_PROGRESS"
        deployment["rolloutStateReason"] = f"ECS deployment {deployment['id']} in progress."
        service.running_count = 0
    service.pending_count = 0


def correct_service_unhealthy_event(spec: dict, ids: dict) -> None:
    """ECS writes "(service S) (port P) is unhealthy in (target-group ARN) due to (reason R)." in the service's
    events when the load balancer marks its target unhealthy (ECS developer guide, "Service event messages"),
    with the description ELB gives; moto records no event. Added as the fixtures' fix_service does, 4 s before
    the task stopped."""
    if spec["outcome"] != "health-check-failed" or not spec["target_health"]:
        return
    service = backend("ecs").services[f"{mf.CLUSTER}:{mf.SERVICE}"]
    service.events = [{"id": "9a41c7e2-5b3d-4f80-b6e1-2d7c9f0a8e53",
                       "createdAt": the_task(ids).stopped_at - dt.timedelta(seconds=4),
                       "message": f"(service {mf.SERVICE}) (port 8080) is unhealthy in (target-group {ids['tg-arn']}) "
                                  f"due to (reason {spec['target_health'][1]})."}] + list(service.events or [])


def correct_service_role(spec: dict) -> None:
    """ECS names the service-linked role a service uses in its roleArn; moto leaves it out (ECS API reference,
    Service: roleArn). The states without it ("present", "missing") make ecs-medic ask IAM for the role."""
    if spec["service_linked_role"] == "shown":
        service = backend("ecs").services[f"{mf.CLUSTER}:{mf.SERVICE}"]
        service.role_arn = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"


def serve_image_configuration(spec: dict) -> None:
    """ECR answers GetDownloadUrlForLayer with a presigned S3 URL of the layer or configuration blob (ECR API
    reference, GetDownloadUrlForLayer); moto raises NotImplementedError and serves no blobs. A loopback HTTP server
    stands in for S3: it serves the single manifest's configuration blob (an image configuration as `docker
    buildx` writes it, the state's image_config platform, ~1 KiB) at a URL carrying presigned-URL query members,
    and answers 403 to any other digest, as S3 answers an unknown key of a presigned URL."""
    import http.server
    import threading
    from moto.ecr.responses import ECRResponse

    platform = mf.platform_members(spec["image_config"])
    os_name, architecture, variant = platform["os"], platform["architecture"], platform.get("variant")
    config = {"architecture": architecture, "config": {
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_VERSION=21.0.5"],
        "Entrypoint": ["/usr/local/bin/docker-entrypoint.sh"], "WorkingDir": "/app", "ExposedPorts": {"8080/tcp": {}}},
        "created": "2026-11-20T09:58:12.482113Z",
        "history": [{"created": "2026-11-20T09:58:12.482113Z", "created_by": "COPY app /app # buildkit", "comment": "buildkit.dockerfile.v0"}],
        "os": os_name, "rootfs": {"type": "layers", "diff_ids": [
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
            "sha256:8d3ac3489996423f53d6087c81180006263b79f206d3fdec9e66f0e27ceb8759"]}}
    if variant:
        config["variant"] = variant
    if "os.version" in platform:
        config["os.version"] = platform["os.version"]
    blobs = {mf.IMAGE_MANIFEST["config"]["digest"]: json.dumps(config, separators=(",", ":")).encode()}

    class Blobs(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = blobs.get(self.path.split("?")[0].lstrip("/"))
            self.send_response(200 if body else 403)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    blob_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Blobs)
    threading.Thread(target=blob_server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{blob_server.server_address[1]}"

    def get_download_url_for_layer(self):
        digest = self._get_param("layerDigest")
        return json.dumps({"downloadUrl": f"{host}/{digest}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600"
                                          f"&X-Amz-Signature={hashlib.sha256(digest.encode()).hexdigest()}",
                           "layerDigest": digest})

    ECRResponse.get_download_url_for_layer = get_download_url_for_layer
def correct_container_instances(spec: dict, ids: dict) -> None:
    """ECS reports what a container instance has left after its running tasks, the agent's version, attributes
    and capabilities, and the capacity provider whose Auto Scaling group launched it; moto registers every
    instance with 4096 CPU units and 7482 MiB left, agent 1.0.0, four attributes and no capacity provider (ECS
    API reference, ContainerInstance). The same correction as the fixtures' (make-fixtures.py
    fix_container_instances), applied to moto's objects."""
    if not spec["capacity"]:
        return
    instances = {ci.ec2_instance_id: ci for ci in backend("ecs").container_instances[mf.CLUSTER].values()}
    answer = {"containerInstances": [{
        "ec2InstanceId": ci.ec2_instance_id, "registeredResources": ci.registered_resources,
        "remainingResources": ci.remaining_resources,
        "attributes": [{"name": name, "value": value} for name, value in ci.attributes.items()]} for ci in instances.values()]}
    mf.fix_container_instances(answer, spec["capacity"], ids)
    for fixed in answer["containerInstances"]:
        ci = instances[fixed["ec2InstanceId"]]
        ci.registered_resources, ci.remaining_resources = fixed["registeredResources"], fixed["remainingResources"]
        ci.attributes = {a["name"]: a.get("value") for a in fixed["attributes"]}
        ci.running_tasks_count = fixed["runningTasksCount"]
        ci.version_info = fixed["versionInfo"]
        ci.registered_at = dt.datetime.fromisoformat(fixed["registeredAt"])
        if "capacityProviderName" in fixed:
            ci.capacity_provider_name = fixed["capacityProviderName"]


def correct_service_capacity(spec: dict, ids: dict) -> None:
    """ECS keeps a service's capacity provider strategy and placement constraints (moto drops both), counts the
    tasks it placed (distinctInstance: one per instance) and reports that it could not place the task in the
    service's events (moto records none): the fixtures' fix_service_capacity, on moto's service."""
    if not spec["capacity"] and not spec["placement_event"]:
        return
    service = backend("ecs").services[f"{mf.CLUSTER}:{mf.SERVICE}"]
    answer = {"events": [], "deployments": [dict(service.deployments[0])], "launchType": service.launch_type}
    if spec["capacity"]:
        mf.fix_service_capacity(answer, spec, dict(ids, deployment=service.deployments[0]["id"]))
        service.launch_type = answer.get("launchType")
        service.capacity_provider_strategy = answer.get("capacityProviderStrategy")
        service.deployments[0].clear()
        service.deployments[0].update(answer["deployments"][0])
        service.running_count = answer["runningCount"]
        service.pending_count = 0
        # moto keeps no placement constraints (it drops those CreateService passes); ECS returns them.
        service.placement_constraints = answer["placementConstraints"]
    if spec["placement_event"]:
        answer["events"] = mf.placement_event(spec)
    service.events = [dict(event, createdAt=dt.datetime.fromisoformat(event["createdAt"])) for event in answer["events"]]


def correct_endpoint_enis(ids: dict) -> None:
    """An interface endpoint's ENIs carry the endpoint's security groups and an address in
    their subnet; moto gives them the VPC's default group (VPC endpoints guide, "Access an
    AWS service using an interface VPC endpoint")."""
    ec2 = backend("ec2")
    for endpoint in ec2.vpc_end_points.values():
        for eni_id in endpoint.network_interface_ids:
            eni = ec2.enis.get(eni_id)
            if eni is None:
                continue
            eni._group_set = [ec2.get_security_group_from_id(g) for g in endpoint.security_group_ids]
            host = 16 + int(hashlib.sha256(eni_id.encode()).hexdigest(), 16) % 200
            ip = mf.ip_in_subnet(eni.subnet.cidr_block, host if host != 0x4b else host + 1)
            eni.private_ip_address = ip
            eni.private_ip_addresses = [{"Primary": True, "PrivateIpAddress": ip}]


def correct_aws_managed_keys(ids: dict) -> None:
    """aws/secretsmanager and aws/ssm are AWS managed keys (KeyManager AWS); moto can only
    create customer managed ones (KMS developer guide, "AWS managed keys")."""
    kms = backend("kms")
    for label in ["key-aws-sm", "key-aws-ssm"]:
        if label in ids:
            kms.keys[ids[label]].key_manager = "AWS"


def correct_s3_gateway_route(ids: dict) -> None:
    """A gateway endpoint adds a route to the S3 prefix list in each route table it is
    associated with; moto does not (VPC endpoints guide, "Gateway endpoints")."""
    if "vpce-s3" not in ids:
        return
    ec2 = backend("ec2")
    table = ec2.route_tables[ids["rtb-private"]]
    if any(route.destination_prefix_list for route in table.routes):
        return
    s3 = next(pl for pl in ec2.managed_prefix_lists.values()
              if pl.prefix_list_name == f"com.amazonaws.{mf.REGION}.s3")
    ec2.create_route(ids["rtb-private"], None, destination_prefix_list_id=s3.id,
                     vpc_endpoint_id=ids["vpce-s3"])


def correct_task_public_ip(ids: dict) -> None:
    """With assignPublicIp ENABLED, Fargate gives the task's ENI a public IP (ECS developer
    guide, "Fargate task networking"); moto gives it none."""
    task = the_task(ids)
    config = task.network_configuration["awsvpcConfiguration"]
    if config.get("assignPublicIp") == "ENABLED":
        backend("ec2").enis[task_eni_id(task)].public_ip = "3.39.152.41"


def correct_database_endpoint(ids: dict) -> None:
    """The seed cluster's endpoint is the host the task definition's DATABASE_URL names
    (RDS answers <cluster>.cluster-<id>.<region>.rds.amazonaws.com, with <id> fixed per
    account and region); moto draws another <id>."""
    for cluster in backend("rds").clusters.values():
        cluster.url_identifier = mf.DB_HOST.split(".cluster-", 1)[1].split(".", 1)[0]


def serve_endpoint_private_dns_changes() -> None:
    """ModifyVpcEndpoint turns an interface endpoint's private DNS on or off (EC2 API reference,
    ModifyVpcEndpoint, PrivateDnsEnabled); moto ignores the parameter. Installed for the requests
    made after the build (a fix applied live)."""
    from moto.ec2.responses.vpcs import VPCs

    modify = VPCs.modify_vpc_endpoint

    def modifying(self):
        result = modify(self)
        enabled = self._get_param("PrivateDnsEnabled")
        if enabled is not None:
            endpoint = self.ec2_backend.vpc_end_points[self._get_param("VpcEndpointId")]
            endpoint.private_dns_enabled = str(enabled).lower() == "true"
        return result

    VPCs.modify_vpc_endpoint = modifying


def serve_endpoint_eni_corrections() -> None:
    """Endpoints created after the build (a fix applied live) get the same ENI correction as
    the build's (correct_endpoint_enis)."""
    from moto.ec2.models import EC2Backend

    create = EC2Backend.create_vpc_endpoint

    def creating(self, *args, **kwargs):
        endpoint = create(self, *args, **kwargs)
        correct_endpoint_enis({})
        return endpoint

    EC2Backend.create_vpc_endpoint = creating


def serve_deleted_resources_tags_removal() -> None:
    """A deleted resource's tags go with it (EC2 user guide, "Tag your Amazon EC2 resources");
    moto keeps listing the tags of revoked security group rules, deleted security groups and
    deleted VPC endpoints in DescribeTags. Installed for the requests made after the build (a
    fix undone live)."""
    from moto.ec2.responses.security_groups import SecurityGroups
    from moto.ec2.responses.vpcs import VPCs

    def dropping(cls, name: str, ids) -> None:
        original = getattr(cls, name)

        def wrapped(self):
            result = original(self)
            for resource_id in ids(self):
                self.ec2_backend.tags.pop(resource_id, None)
            return result

        setattr(cls, name, wrapped)

    for name in ["revoke_security_group_ingress", "revoke_security_group_egress"]:
        dropping(SecurityGroups, name, lambda self: self._get_param("SecurityGroupRuleIds", []))
    dropping(SecurityGroups, "delete_security_group", lambda self: [self._get_param("GroupId")])
    dropping(VPCs, "delete_vpc_endpoints", lambda self: self._get_param("VpcEndpointIds", []))


LIVE_CORRECTIONS = [serve_endpoint_private_dns_changes, serve_endpoint_eni_corrections, serve_deleted_resources_tags_removal]

CORRECTIONS = [correct_task_eni_address, correct_task_public_ip, correct_database_endpoint, correct_endpoint_enis, correct_aws_managed_keys,
               correct_s3_gateway_route]


def aliases(ids: dict) -> dict[str, str]:
    """Live id → the id the fixture shows for it."""
    out = {}
    for value in ids.values():
        if isinstance(value, str):
            fixed = mf.fix_ec2_id_shape(value)
            if fixed != value:
                out[value] = fixed
    moto_uuid = ids["secret-name-moto"].split("rds!cluster-", 1)[1]
    out[moto_uuid] = mf.SECRET_UUID
    task_id = ids["task-arn"].rsplit("/", 1)[1]
    out[task_id] = mf.realistic_task_id(ids["task-arn"])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="a scenario of scripts/make-fixtures.py (seed-*, perm-*, ref-*)")
    parser.add_argument("--canary", help="a plaintext DB_PASSWORD_PLAIN value to plant in the task definition")
    parser.add_argument("--aged-out", action="store_true",
                        help="remove the service's tasks, as ECS does about an hour after they stop")
    parser.add_argument("--deny", help="service:Operation to answer with access denied after the build")
    parser.add_argument("--deny-times", type=int,
                        help="deny only the first N requests for --deny (then serve it), e.g. to interrupt an apply")
    parser.add_argument("--after-start", action="store_true",
                        help="what the task left after it started: its container's log lines, the service's "
                             "CloudWatch metrics, Container Insights on for the cluster")
    parser.add_argument("--log-canary", help="a password the app prints into its log (with --after-start)")
    parser.add_argument("--log-region", help="the app container's log group is in this region (its awslogs-region)")
    parser.add_argument("--enforce-iam", metavar="POLICY_FILE",
                        help="after the build, authorize requests as moto's IAM does; create one user per "
                             "action of the policy, allowed all of it but that action")
    args = parser.parse_args()
    if args.name not in mf.STATES:
        print(f"unknown scenario {args.name}", file=sys.stderr)
        return 2
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    spec = dict(mf.DEFAULT, **mf.STATES[args.name])
    build = mf.Build(Endpoint(url), spec)
    if args.canary:
        plant_canary(build, args.canary)
    build.run()
    ids = build.ids
    for correction in CORRECTIONS:
        correction(ids)
    correct_stopped_task(spec, ids)
    correct_service_deployment(spec, ids)
    correct_service_role(spec)
    serve_image_configuration(spec)
    correct_container_instances(spec, ids)
    correct_service_capacity(spec, ids)
    correct_target_health(spec, ids)
    correct_service_unhealthy_event(spec, ids)
    correct_app_log_stream(build, spec, ids)
    correct_task_log_stream(spec, ids)
    correct_task_status(spec, ids)
    if args.after_start:
        write_after_start(build, spec, ids, args.log_canary)
    if args.log_region:
        move_logs_to_region(build, ids, args.log_region)
    if args.aged_out:
        age_out_tasks()
    for correction in LIVE_CORRECTIONS:
        correction()
    if args.deny:
        deny(args.deny, args.deny_times)
    principals = enforce_iam(build, Path(args.enforce_iam)) if args.enforce_iam else None
    recorder.reset_recording()
    recorder.start_recording()
    line = {"endpoint": url, "cluster": mf.CLUSTER, "service": mf.SERVICE, "region": mf.REGION,
            "account": ACCOUNT, "recording": str(RECORDING), "aliases": aliases(ids)}
    if principals is not None:
        line["principals"] = principals
    print(json.dumps(line), flush=True)
    sys.stdin.read()
    recorder.stop_recording()
    server.stop()
    return 0


def app_log(spec: dict, canary: str | None) -> list[str]:
    """What demo-app (a Spring Boot service with HikariCP) prints before it stops: its banner, its
    data source (a JDBC URL with the password in it, as apps that log their configuration do), and
    how it ended: a connection timeout to the database, or listening while the load balancer's
    checks fail."""
    password = canary or "not-a-canary"
    lines = [
        "  .   ____          _            __ _ _",
        " :: Spring Boot ::                (v3.3.5)",
        "2026-12-03T10:00:19.412Z  INFO 1 --- [demo-app] [           main] com.example.demo.DemoApplication         : Starting DemoApplication v1.4.2 using Java 21.0.5 with PID 1",
        f"2026-12-03T10:00:21.007Z  INFO 1 --- [demo-app] [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Starting... jdbcUrl=jdbc:postgresql://{mf.DB_HOST}:5432/app?user=app&password={password}",
        f"2026-12-03T10:00:21.010Z DEBUG 1 --- [demo-app] [           main] o.s.b.c.config.ConfigDataEnvironment     : DB_PASSWORD={password}",
    ]
    if spec["outcome"] == "health-check-failed" or spec["outcome"] == "running":
        lines.append("2026-12-03T10:00:24.880Z  INFO 1 --- [demo-app] [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port 8080 (http) with context path '/'")
    else:
        lines += [
            "2026-12-03T10:00:51.031Z ERROR 1 --- [demo-app] [           main] com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Exception during pool initialization.",
            "org.postgresql.util.PSQLException: The connection attempt failed.",
            "Caused by: java.net.SocketTimeoutException: Connect timed out",
            "\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)",
            f"2026-12-03T10:00:51.204Z  WARN 1 --- [demo-app] [           main] o.s.b.d.LoggingFailureAnalysisReporter   : Application failed to start: Failed to obtain JDBC Connection; {mf.DB_HOST}:5432 Connect timed out",
        ]
    return lines


def correct_app_log_stream(build, spec: dict, ids: dict) -> None:
    """make-fixtures.py names the app's awslogs stream after the task id as the fixtures spell it (32 hex
    digits, `realistic_task_id`); live, ECS (here moto) names the task with its own id, and the awslogs driver
    writes `ecs/app/<that id>`. The scenario's lines are moved to the stream the live task's id names, their
    timestamps as far after the live task's startedAt as they were after the fixture's."""
    if not spec.get("app_log"):
        return
    logs = build.c["logs"]
    live_id = ids["task-arn"].rsplit("/", 1)[1]
    fixture_stream, live_stream = f"ecs/app/{live_id.replace('-', '')}", f"ecs/app/{live_id}"
    if fixture_stream == live_stream:
        return
    events = logs.get_log_events(logGroupName="/ecs/demo-app", logStreamName=fixture_stream, startFromHead=True)["events"]
    # The lines keep their distance from the start: the fixture's task started at STARTED_AT, the live one at
    # its own startedAt (correct_task_timestamps), so a line "15 s after the start" stays 15 s after it.
    started = getattr(the_task(ids), "started_at", None)
    shift = round((started - mf.STARTED_AT).total_seconds() * 1000) if started else 0
    logs.create_log_stream(logGroupName="/ecs/demo-app", logStreamName=live_stream)
    logs.put_log_events(logGroupName="/ecs/demo-app", logStreamName=live_stream,
                        logEvents=[{"timestamp": event["timestamp"] + shift, "message": event["message"]} for event in events])
    logs.delete_log_stream(logGroupName="/ecs/demo-app", logStreamName=fixture_stream)


def write_after_start(build, spec: dict, ids: dict, canary: str | None) -> None:
    """Writes what a task that started leaves behind in AWS: its container's lines in the awslogs
    stream `ecs/app/<task id>` of /ecs/demo-app (timestamps between startedAt and stoppingAt), the
    service's AWS/ECS MemoryUtilization and CPUUtilization a minute apart up to the stop, and,
    Container Insights turned on for the cluster, its ECS/ContainerInsights MemoryUtilized and
    MemoryReserved. moto quirks: it keeps log events as given (no 14-day or 2-hour limits are
    needed here) and does not align metric timestamps to the period as CloudWatch does."""
    task = the_task(ids)
    import boto3

    logs = build.c["logs"]
    cloudwatch = boto3.client("cloudwatch", endpoint_url=logs.meta.endpoint_url, region_name=mf.REGION,
                              aws_access_key_id="testing", aws_secret_access_key="testing")
    # moto does not implement UpdateClusterSettings: the cluster's settings are set in its backend.
    backend("ecs").clusters[mf.CLUSTER].settings = [{"name": "containerInsights", "value": "enabled"}]
    start = int(task.started_at.timestamp() * 1000) if getattr(task, "started_at", None) else int(task.created_at.timestamp() * 1000)
    stream = f"ecs/app/{task.id}"
    if spec["log_group"]:
        # The lines written here (with the canary) stand in for the scenario's own app log, if it has one.
        if logs.describe_log_streams(logGroupName="/ecs/demo-app", logStreamNamePrefix=stream)["logStreams"]:
            logs.delete_log_stream(logGroupName="/ecs/demo-app", logStreamName=stream)
        logs.create_log_stream(logGroupName="/ecs/demo-app", logStreamName=stream)
        lines = app_log(spec, canary)
        logs.put_log_events(logGroupName="/ecs/demo-app", logStreamName=stream, logEvents=[
            {"timestamp": start + 400 * index, "message": line} for index, line in enumerate(lines)])
    end = getattr(task, "stopped_at", None) or dt.datetime.now(dt.timezone.utc)
    service = [{"Name": "ClusterName", "Value": mf.CLUSTER}, {"Name": "ServiceName", "Value": mf.SERVICE}]
    memory = [41.5, 63.0, 99.8] if spec["outcome"] == "container-exit" else [22.0, 23.5, 24.1]
    data = []
    for minutes, value in zip([2, 1, 0], memory):
        at = end - dt.timedelta(minutes=minutes, seconds=10)
        data += [{"MetricName": "MemoryUtilization", "Dimensions": service, "Timestamp": at, "Value": value, "Unit": "Percent"},
                 {"MetricName": "CPUUtilization", "Dimensions": service, "Timestamp": at, "Value": 12.5, "Unit": "Percent"}]
    cloudwatch.put_metric_data(Namespace="AWS/ECS", MetricData=data)
    cloudwatch.put_metric_data(Namespace="ECS/ContainerInsights", MetricData=[
        {"MetricName": name, "Dimensions": service, "Timestamp": end - dt.timedelta(seconds=70), "Value": value, "Unit": "Megabytes"}
        for name, value in [("MemoryUtilized", memory[-1] / 100 * 2048), ("MemoryReserved", 2048.0)]])


def move_logs_to_region(build, ids: dict, region: str) -> None:
    """--log-region R: the app container's awslogs-region names R and its group /ecs/demo-app (with its streams and
    events) is in R, where the awslogs driver wrote it: what a task definition copied from another region's
    deployment does. moto keeps one logs backend per region behind its single endpoint, as AWS serves each region
    at its own endpoint with the same credentials."""
    import boto3

    task = the_task(ids)
    family, revision = task.task_definition_arn.rsplit("/", 1)[1].split(":")
    for definition in backend("ecs").task_definitions[family][int(revision)].container_definitions:
        options = (definition.get("logConfiguration") or {}).get("options") or {}
        if "awslogs-region" in options:
            options["awslogs-region"] = region
    here = build.c["logs"]
    there = boto3.client("logs", endpoint_url=here.meta.endpoint_url, region_name=region,
                         aws_access_key_id="testing", aws_secret_access_key="testing")
    group = "/ecs/demo-app"
    if not here.describe_log_groups(logGroupNamePrefix=group)["logGroups"]:
        return
    there.create_log_group(logGroupName=group)
    there.put_retention_policy(logGroupName=group, retentionInDays=30)
    for stream in here.describe_log_streams(logGroupName=group)["logStreams"]:
        name = stream["logStreamName"]
        there.create_log_stream(logGroupName=group, logStreamName=name)
        events = here.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True)["events"]
        if events:
            there.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
                {"timestamp": event["timestamp"], "message": event["message"]} for event in events])
    here.delete_log_group(logGroupName=group)


def age_out_tasks() -> None:
    """ECS forgets a stopped task about an hour after it stops (DescribeTasks and ListTasks
    no longer return it); moto keeps tasks for ever."""
    backend("ecs").tasks[mf.CLUSTER].clear()


def deny(action: str, times: int | None = None) -> None:
    """Answers every later request for `action` (service:Operation) -- or only the first
    `times` of them -- the way AWS answers a caller whose policies do not allow it: EC2's
    UnauthorizedOperation, the query services' AccessDenied, the JSON services'
    AccessDeniedException."""
    from moto.core.responses import BaseResponse
    from werkzeug.exceptions import HTTPException

    service, operation = action.split(":", 1)
    authorize = BaseResponse._authenticate_and_authorize_normal_action
    message = (f"User: arn:aws:iam::{ACCOUNT}:user/ecs-medic-live is not authorized to perform: "
               f"{action} because no identity-based policy allows the {action} action")

    class Denied(HTTPException):
        code = 403 if service in ("ec2", "iam", "sts", "rds") else 400

        def __init__(self, body: str) -> None:
            super().__init__(description=body)

        def get_body(self, environ=None, scope=None) -> str:
            return self.description

    remaining = [times]

    def denying(self, resource: str = "*") -> None:
        if self.service_name == service and self._get_action() == operation and remaining[0] != 0:
            if remaining[0] is not None:
                remaining[0] -= 1
            if service == "ec2":
                raise Denied(f"<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>{message}"
                             "</Message></Error></Errors><RequestID>denied</RequestID></Response>")
            if service in ("iam", "sts", "rds"):
                raise Denied(f"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                             f"<Message>{message}</Message></Error><RequestId>denied</RequestId></ErrorResponse>")
            raise Denied(json.dumps({"__type": "AccessDeniedException", "message": message}))
        authorize(self, resource)

    BaseResponse._authenticate_and_authorize_normal_action = denying


def enforce_iam(build, policy_file: Path) -> dict:
    """Creates a user allowed the whole policy ("*") and, for each of its actions, a user allowed
    all of it but that action; then turns on moto's request authentication and authorization
    (what INITIAL_NO_AUTH_ACTION_COUNT does once its count is spent). Returns their access keys."""
    from moto import settings

    document = json.loads(policy_file.read_text())
    actions = sorted({action for statement in document["Statement"] for action in statement["Action"]})
    iam = build.c["iam"]
    principals = {}
    for missing in ["*"] + actions:
        name = "doctor-" + hashlib.sha1(missing.encode()).hexdigest()[:12]
        allowed = [action for action in actions if action != missing] + ["sts:GetCallerIdentity"]
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="ecs-medic", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": allowed, "Resource": "*"}]}))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        principals[missing] = {"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}
    skip_route53_signature_check()
    authorize_by_iam_prefix()
    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
    return principals


# Services whose IAM action prefix differs from the name requests are signed with (the credential scope).
IAM_PREFIX_OF_SIGNING_NAME = {"monitoring": "cloudwatch"}


def authorize_by_iam_prefix() -> None:
    """moto names the action it authorizes after the signing name in the credential scope; AWS names it
    after the service's IAM prefix, and CloudWatch signs as `monitoring` but its actions are `cloudwatch:*`
    (`cloudwatch:GetMetricData`). The action is renamed before moto checks the caller's policies."""
    from moto.iam.access_control import IAMRequest

    init = IAMRequest.__init__

    def renamed(self, *args, **kwargs) -> None:
        init(self, *args, **kwargs)
        prefix = IAM_PREFIX_OF_SIGNING_NAME.get(self._service)
        if prefix:
            self._action = prefix + self._action[len(self._service):]

    IAMRequest.__init__ = renamed


def skip_route53_signature_check() -> None:
    """moto computes Route 53 signatures over another path than the one signed (the AWS CLI's own
    ListHostedZonesByVPC fails the same way against it); Route 53 requests keep their authorization
    check (the caller's policy must allow the action) but not the signature comparison."""
    from moto.iam.access_control import IAMRequest

    check = IAMRequest.check_signature

    def check_signature(self) -> None:
        if self._service != "route53":
            check(self)

    IAMRequest.check_signature = check_signature


def plant_canary(build, value: str) -> None:
    """Adds a plaintext DB_PASSWORD_PLAIN environment variable to the task definition the
    build registers, so a test can check that recordings redact it."""
    ecs = build.c["ecs"]
    register = ecs.register_task_definition

    def with_canary(**kwargs):
        for container in kwargs["containerDefinitions"]:
            container["environment"] = container.get("environment", []) + [
                {"name": "DB_PASSWORD_PLAIN", "value": value}]
        return register(**kwargs)

    ecs.register_task_definition = with_canary


if __name__ == "__main__":
    sys.exit(main())
