#!/usr/bin/env python3
"""Build the seed-deployment fixtures under fixtures/ (design.md section 7, folder form).

Each fixture is built from scratch in a private moto_server (started here on a free
loopback port and stopped at the end, also on error) with boto3, then every read call
that ecs-medic makes is dumped the way `aws <service> <operation> --output json` prints
it. Where moto answers differently from AWS, a named correction function below rewrites
the response and says which AWS behaviour it restores.

Output is deterministic: moto's random generator is re-seeded from a label before each
resource is created (so a resource keeps the same id in every fixture, whatever else the
fixture holds), and every timestamp is a fixed instant.

Usage: python3 scripts/make-fixtures.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import ipaddress
import re
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
import urllib.request
from pathlib import Path

import boto3
import botocore.session
from botocore.config import Config

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

REGION = "ap-northeast-2"
ACCOUNT = "111122223333"
MOTO_ACCOUNT = "123456789012"
KST = dt.timezone(dt.timedelta(hours=9))
# The instant the seed deployment was captured; the CLI prints JSON-protocol (epoch)
# timestamps in the recording machine's zone (Asia/Seoul) and XML ones in UTC.
T0 = dt.datetime(2026, 11, 24, 3, 12, 45, 123000, tzinfo=KST)
# When the app container of a task that stopped after its start started, and when the task stopped.
STARTED_AT = T0 + dt.timedelta(seconds=31, milliseconds=902)
STOPPED_AT = T0 + dt.timedelta(seconds=76, milliseconds=301)
CREATED = dt.datetime(2026, 11, 20, 10, 4, 31, 0, tzinfo=dt.timezone.utc)
JSON_PROTOCOL = {"ecs", "secretsmanager", "ssm", "kms", "logs", "ecr"}

CLUSTER = "demo-ecs-cluster"
SERVICE = "demo-ecs-service"
# EC2 capacity states: the ECS-optimized Amazon Linux 2023 AMI the instances run, their Auto Scaling group and the
# capacity provider over it.
ECS_AMI = "ami-0c1f3a8a06b8e1c2d"
ASG_NAME = "demo-ecs-instances"
CAPACITY_PROVIDER = "demo-ec2-capacity"
EXEC_ROLE = "demo-ecs-exec-role"
TASK_ROLE = "demo-ecs-task-role"
MANAGED_EXEC_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
DB_HOST = f"demo-aurora-cluster.cluster-c1a2b3c4d5e6.{REGION}.rds.amazonaws.com"
S3_PREFIX_LIST = "pl-78a54011"
S3_PREFIX_LIST_CIDRS = ["52.219.56.0/22", "52.219.60.0/23", "52.219.148.0/23",
                        "52.219.150.0/24", "52.219.202.0/23", "52.219.204.0/22",
                        "52.219.206.0/23", "52.92.0.0/20", "3.5.180.0/22", "3.5.184.0/22"]
# The AWS managed key aws/rds that encrypts the cluster's storage (moto: "default_kms_key_id").
RDS_STORAGE_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/8e2f6c3a-91d4-4b7e-a5c0-3d7f1e9b2a68"
OTHER_VPCE = "vpce-0f1e2d3c4b5a69788"
# The secretsmanager endpoint of the hub ("endpoint") VPC 10.100.0.0/16 another account shares through a private
# hosted zone, and the transit gateway that links the VPCs.
HUB_VPCE = "vpce-0a9b8c7d6e5f40312"
HUB_CIDR = "10.100.0.0/16"
VPCE_ZONE = "Z27UANNT0PRK1T"      # the hosted zone of <region>.vpce.amazonaws.com names
PARAMETERS = ["/demo/db/username", "/demo/db/password"]
# Another application's secret in the same account (perm-endpoint-policy-denies).
OTHER_SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:other-app-AbCdEf"
# The version the RDS-managed secret's AWSCURRENT label is attached to (VersionIdsToStages).
SECRET_VERSION_ID = "1c4c5b88-e1d0-4dff-b9ba-2169532e48b0"
MISSPELT_PARAMETER = "/demo/db/passwrd"
READWRITE_POLICY = "arn:aws:iam::aws:policy/SecretsManagerReadWrite"
INTERFACE_ENDPOINTS = ["secretsmanager", "ecr.api", "ecr.dkr", "logs"]

# A one-character typo of the cluster endpoint (e6 -> e7), as a hand-edited DATABASE_URL has it.
DB_HOST_TYPO = f"demo-aurora-cluster.cluster-c1a2b3c4d5e7.{REGION}.rds.amazonaws.com"
# The writer's address in demo-private-a (what the cluster endpoint resolved to).
DB_WRITER_IP = "10.0.1.213"

NETWORK_TIMEOUT = (" Please check your task network configuration.")


# --------------------------------------------------------------------------- states

DEFAULT = {
    "description": "",
    "network": "endpoints",          # endpoints | nat | none
    "interface_endpoints": INTERFACE_ENDPOINTS,
    "s3_gateway": True,
    "endpoint_sg_port": 443,
    "sm_private_dns": True,
    "vpc_dns_support": True,
    "task_sg_egress": "all",         # all | postgres-only
    "aurora_admits": "task",         # task | bastion
    "service_subnets": "private",    # private | public
    "assign_public_ip": "DISABLED",
    "secret_source": "secretsmanager",  # secretsmanager | ssm
    "secrets_grant": "inline",       # inline | managed | none | task-role | readwrite
    "grant_resource": "exact",       # exact | wildcard
    "deny_unless_vpce": False,
    "boundary": False,
    "ssm_grant": True,
    "secret_policy": None,           # None | deny | allow
    "cmk": False,
    "cmk_ref": "key",                # key | alias | alias-arn: how the secret's KmsKeyId and the parameters'
                                     # KeyId name the CMK (its ARN, alias/demo-secrets, or the alias's ARN)
    "kms_decrypt": False,
    "sm_endpoint_policy": None,      # None | other-secret | task-secret
    "exec_trust": "ecs-tasks.amazonaws.com",
    "password_ref": "json-key",      # json-key | stage-and-id | misspelt-parameter
    "outcome": "running",
    "image_tag": "1.4.2",            # the tag the task definition names (ECR holds 1.4.2)
    "log_group": True,               # /ecs/demo-app exists
    "check_files": False,            # write check/*.json: task definitions for `ecs-medic check` (True: all,
                                     # a list: those named)
    "image": None,                   # None (the ECR image) | another image reference
    "registry_credentials": None,    # None | granted | not-granted: the image pulls with repositoryCredentials
                                     # naming the Secrets Manager secret demo-registry-ghcr (by ARN), which
                                     # the execution role's inline policy grants or not
    "private_nacl": None,            # None | deny-443-out | ephemeral-windows | ephemeral-linux
    "private_default_route": None,   # None | tgw (0.0.0.0/0 of the private route table to a transit gateway)
    "split_private_c": False,        # private-c gets its own route table without a default route
    "load_balancer": None,           # None | admitted | not-admitted (task SG ingress from the ALB's SG on 8080)
    "efs": None,                     # None | both-azs | zone-c-only | sg-no-2049 (an EFS volume "data")
    "desired_count": 1,              # the service's desired count (its subnets hold 493 free addresses)
    "service_linked_role": "shown",  # shown: the service's roleArn names AWSServiceRoleForECS | present: the
                                     # service names no role and iam get-role finds it | missing: NoSuchEntity
    "platform_version": "1.4.0",     # the Fargate platform version of the service's deployment and its task
    "aged_out": False,               # ECS no longer lists the service's stopped task (about an hour after it stopped)
    # Image platforms (image-platform-mismatch): demo-app:1.4.2 is a single manifest whose configuration names
    # image_config ("os/arch[/variant][@os.version]"), or (image_index set) an image index of the "os/arch[/variant]"
    # listed; runtime_platform is the task definition's runtimePlatform (None: absent, Linux on X86_64); task_size
    # its task-level (cpu, memory).
    "image_config": "linux/amd64",
    "image_index": None,
    "runtime_platform": None,
    "task_size": ("512", "1024"),
    "private_zone": None,            # None | hub-endpoint | own-endpoint: a Route 53 private hosted zone
                                     # secretsmanager.<region>.amazonaws.com associated with the VPC, its alias
                                     # record pointing at a hub VPC's endpoint or at this VPC's own endpoint
    "database_port": 5432,           # the port DATABASE_URL names (the cluster listens on 5432)
    "database_host": None,           # None (the cluster endpoint) | another host DATABASE_URL names
    "container_memory": None,        # None | the app container's hard limit in MiB (`memory`)
    "app_log": None,                 # None | a LOG_SCENARIOS key: what the app container wrote to its stream
    "java_options": None,            # None | JAVA_TOOL_OPTIONS of the app container
    "grace_period": 0,               # the service's healthCheckGracePeriodSeconds
    "tg_interval": 30,               # the target group's health check interval (s); its unhealthy threshold is 2
    "tg_health_check_port": "traffic-port",  # the target group's HealthCheckPort (traffic-port or a number)
    "tg_health_check_path": "/health",       # its HealthCheckPath
    "tg_matcher": "200",                     # its Matcher HttpCode
    "lb_admitted_ports": (8080, 8080),       # the TCP range the task SG admits from the ALB's SG
    "target_health": None,           # None | (Reason, Description): DescribeTargetHealth of the replacement task's
                                     # target (unhealthy), and the service event ECS writes for it
    "container_health_check": None,  # None | the app container's healthCheck.command
    "capacity": None,                # None | the service runs on EC2 container instances (see CAPACITY):
                                     # {"memory": [MiB each instance has free], "instance_type": "t3.medium",
                                     #  "member_of": None | a memberOf expression of the task definition,
                                     #  "provider": None | {"max": N, "managed": ENABLED | DISABLED}: the
                                     #  instances come from an Auto Scaling group (desired = len(memory)) of
                                     #  capacity provider demo-ec2-capacity, which the service's strategy names,
                                     #  "distinct_instance": False | the service's placement constraint distinctInstance
                                     #  (ECS placed one task on each instance), "gpus": None | the GPUs ECS
                                     #  registered on each instance, "task_gpus": None | the app container's GPU
                                     #  requirement, "eni": None | exhausted | freed: the service's newest event says
                                     #  ECS found no ENI left on the closest instance (freed: a steady state followed)}
    "placement_event": None,         # None | fargate-capacity | task-limit: the service's newest event says ECS
                                     # could not place a task (Fargate capacity, or the account's task quota)
}

def _utc(offset: float) -> dt.datetime:
    return (STARTED_AT + dt.timedelta(seconds=offset)).astimezone(dt.timezone.utc)


def _python(offset: float, level: str, logger: str, message: str) -> tuple[float, str]:
    """A line of Python's logging as the app formats it: `%(asctime)s %(levelname)s %(name)s: %(message)s`."""
    t = _utc(offset)
    return offset, f"{t:%Y-%m-%d %H:%M:%S},{t.microsecond // 1000:03d} {level} {logger}: {message}"


def _spring(offset: float, level: str, logger: str, message: str, thread: str = "main") -> tuple[float, str]:
    """A line of Spring Boot 3.4's default console format."""
    t = _utc(offset)
    return offset, (f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond // 1000:03d}Z {level:>5} 1 --- [demo-app] "
                    f"[{thread:>15}] {logger:<40} : {message}")


def _psycopg2_failure(host: str, port: int, failure: str, attempts: int, resolved: bool) -> list[tuple[float, str]]:
    """The app's entrypoint runs its migrations (SQLAlchemy over psycopg2, connect_timeout=10, three attempts) and
    exits 1 with psycopg2's error when the database cannot be reached."""
    at = f'connection to server at "{host}" ({DB_WRITER_IP}), port {port} failed: {failure}' if resolved \
        else f'could not translate host name "{host}" to address: {failure}'
    step = 10.03 if resolved else 1.02
    lines = [_python(0.402, "INFO", "demo_app.migrate",
                     f"demo-app 1.4.2: applying migrations to postgresql://app@{host}:{port}/app")]
    for attempt in range(1, attempts):
        lines.append(_python(0.402 + step * attempt, "WARNING", "demo_app.db",
                             f"database not ready (attempt {attempt}/{attempts}): {at}"))
    end = 0.402 + step * attempts
    lines += [(end, line) for line in [
        "Traceback (most recent call last):",
        '  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/base.py", line 146, in __init__',
        "    self._dbapi_connection = engine.raw_connection()",
        '  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/default.py", line 625, in connect',
        "    return self.loaded_dbapi.connect(*cargs, **cparams)",
        '  File "/usr/local/lib/python3.12/site-packages/psycopg2/__init__.py", line 122, in connect',
        "    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)",
        f"psycopg2.OperationalError: {at}",
        "The above exception was the direct cause of the following exception:",
        "Traceback (most recent call last):",
        '  File "/app/demo_app/migrate.py", line 41, in <module>',
        "    main()",
        '  File "/app/demo_app/migrate.py", line 36, in main',
        "    with engine.begin() as connection:",
        f"sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) {at}",
        "(Background on this error at: https://sqlalche.me/e/20/e3q8)"]]
    return lines


def _spring_start(options: str | None) -> list[tuple[float, str]]:
    """Spring Boot starting (HikariCP, Tomcat on 8080); the JVM first prints the JAVA_TOOL_OPTIONS it picked up."""
    return ([(0.211, f"Picked up JAVA_TOOL_OPTIONS: {options}")] if options else []) + [
        _spring(2.816, "INFO", "com.example.demo.DemoApplication",
                "Starting DemoApplication v1.4.2 using Java 21.0.5 with PID 1 (/app/app.jar started by app in /app)"),
        _spring(2.821, "INFO", "com.example.demo.DemoApplication",
                'No active profile set, falling back to 1 default profile: "default"'),
        _spring(7.087, "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"),
        _spring(9.505, "INFO", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."),
        _spring(10.179, "INFO", "com.zaxxer.hikari.pool.HikariPool",
                "HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@5a1c0542"),
        _spring(10.182, "INFO", "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."),
        _spring(14.950, "INFO", "o.s.b.w.embedded.tomcat.TomcatWebServer",
                "Tomcat started on port 8080 (http) with context path '/'"),
        _spring(14.979, "INFO", "com.example.demo.DemoApplication",
                "Started DemoApplication in 13.02 seconds (process running for 14.611)"),
        _spring(21.387, "INFO", "com.example.demo.catalog.CatalogWarmup", "warming the product cache: 250000 entries"),
    ]


def _spring_health_requests(answer) -> list[tuple[float, str]]:
    """What Spring Boot logs for the ALB's checks of /health every 10 s once Tomcat is up: `answer(offset, thread)`
    gives the line (nothing for a path it serves)."""
    return [line for index, offset in enumerate([20.114, 30.117, 40.121])
            for line in answer(offset, f"nio-8080-exec-{index + 1}")]


# What the app container wrote to its stream in the after-start states, as (seconds after its start, line).
LOG_SCENARIOS = {
    # Spring Boot 3.2+ has no handler for /health (the actuator is at /actuator/health): DispatcherServlet falls
    # through to the static resources and DefaultHandlerExceptionResolver logs the 404 it answers.
    "jvm-health-no-static-resource": sorted(_spring_start(None) + _spring_health_requests(lambda offset, thread: [_spring(
        offset, "WARN", ".w.s.m.s.DefaultHandlerExceptionResolver",
        "Resolved [org.springframework.web.servlet.resource.NoResourceFoundException: No static resource health.]",
        thread)])),
    # The actuator's /health answers 503 because its DataSource health indicator cannot validate a connection.
    "jvm-health-down": sorted(_spring_start(None) + _spring_health_requests(lambda offset, thread: [_spring(
        offset, "WARN", "o.s.b.a.jdbc.DataSourceHealthIndicator", "DataSource health check failed", thread)])),
    "psycopg2-timeout": _psycopg2_failure(DB_HOST, 5432, "timeout expired", 3, resolved=True),
    "psycopg2-timeout-5433": _psycopg2_failure(DB_HOST, 5433, "timeout expired", 3, resolved=True),
    "psycopg2-unknown-host-typo": _psycopg2_failure(DB_HOST_TYPO, 5432, "Name or service not known", 3,
                                                    resolved=False),
    "psycopg2-unknown-host-known": _psycopg2_failure(DB_HOST, 5432, "Temporary failure in name resolution", 3,
                                                     resolved=False),
    # The entrypoint reads STRIPE_API_KEY with os.environ[...]; the task definition does not set it.
    "python-environ-key-error": [(0.388, line) for line in [
        "Traceback (most recent call last):",
        '  File "<frozen runpy>", line 198, in _run_module_as_main',
        '  File "<frozen runpy>", line 88, in _run_code',
        '  File "/app/demo_app/server.py", line 12, in <module>',
        '    STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]',
        "                     ~~~~~~~~~~^^^^^^^^^^^^^^^^^^",
        '  File "<frozen os>", line 714, in __getitem__',
        "KeyError: 'STRIPE_API_KEY'"]],
    # A one-off task (migrations) that did its work and exited 0.
    "python-job-finished": [
        _python(0.402, "INFO", "demo_app.migrate",
                f"demo-app 1.4.2: applying migrations to postgresql://app@{DB_HOST}:5432/app"),
        _python(1.917, "INFO", "demo_app.migrate", "applied 0042_add_order_index (1.38 s)"),
        _python(1.921, "INFO", "demo_app.migrate", "database is up to date; exiting"),
    ],
    # Started and listening; no request reaches it (the load balancer's checks are blocked).
    "jvm-started": _spring_start(None),
    # -Xmx480m in a 512 MiB container: heap, metaspace and threads outgrow the limit and the kernel kills the JVM
    # mid-collection, so the last lines are G1's (-Xlog:gc) full pauses near the heap's maximum.
    "jvm-gc-pressure": _spring_start("-Xmx480m") + [
        (27.644, "[27.644s][info][gc] GC(38) Pause Young (Normal) (G1 Evacuation Pause) 431M->402M(480M) 41.877ms"),
        (29.120, "[29.120s][info][gc] GC(39) Pause Full (G1 Compaction Pause) 471M->455M(480M) 1187.402ms"),
        (30.611, "[30.611s][info][gc] GC(40) Pause Full (G1 Compaction Pause) 476M->469M(480M) 1266.915ms"),
    ],
    # The JVM's default heap (25% of the container's 512 MiB) runs out; -XX:+ExitOnOutOfMemoryError exits 3.
    "jvm-heap-space": _spring_start("-XX:+ExitOnOutOfMemoryError") + [
        (26.204, "[26.204s][info][gc] GC(35) Pause Full (G1 Compaction Pause) 127M->125M(128M) 388.512ms"),
        (26.871, "[26.871s][info][gc] GC(36) Pause Full (G1 Compaction Pause) 127M->127M(128M) 402.117ms"),
        (26.874, "Terminating due to java.lang.OutOfMemoryError: Java heap space"),
    ],
}


DOCKER_HUB_IMAGE = "docker.io/library/nginx:1.27"
PRIVATE_REGISTRY_IMAGE = "ghcr.io/demo-org/demo-app:1.4.2"
REGISTRY_SECRET = "demo-registry-ghcr"
REGISTRY_SECRET_VERSION_ID = "9b2f6e4a-3c1d-4e5f-8a7b-6c5d4e3f2a10"

STATES = {
    "seed-healthy": {},
    "seed-nat": {"network": "nat", "interface_endpoints": [], "s3_gateway": False},
    "seed-no-secretsmanager-endpoint": {
        "interface_endpoints": ["ecr.api", "ecr.dkr", "logs"], "outcome": "asm-timeout"},
    "seed-endpoint-sg-no-443": {"endpoint_sg_port": 80, "outcome": "asm-timeout"},
    "seed-private-dns-off": {"sm_private_dns": False, "outcome": "asm-timeout"},
    "seed-vpc-dns-support-off": {"vpc_dns_support": False, "outcome": "asm-timeout"},
    "seed-task-sg-egress-no-443": {"task_sg_egress": "postgres-only", "outcome": "asm-timeout"},
    "seed-rds-sg-not-admitting": {"aurora_admits": "bastion", "outcome": "container-exit", "app_log": "psycopg2-timeout"},
    "seed-public-subnet-no-public-ip": {
        "network": "none", "interface_endpoints": [], "s3_gateway": False,
        "service_subnets": "public", "outcome": "asm-timeout"},
    "seed-public-subnet-public-ip": {
        "network": "none", "interface_endpoints": [], "s3_gateway": False,
        "service_subnets": "public", "assign_public_ip": "ENABLED"},
    "seed-ssm-no-endpoint": {"secret_source": "ssm", "outcome": "ssm-timeout"},
    "seed-ssm-endpoint": {
        "secret_source": "ssm", "interface_endpoints": INTERFACE_ENDPOINTS + ["ssm"]},
    "perm-missing-getsecretvalue": {"secrets_grant": "none", "outcome": "asm-denied-identity"},
    "perm-explicit-deny-sourcevpce": {"deny_unless_vpce": True, "outcome": "asm-denied-explicit"},
    "perm-boundary-without-secretsmanager": {"boundary": True, "outcome": "asm-denied-boundary"},
    "perm-ssm-missing-getparameters": {
        "secret_source": "ssm", "interface_endpoints": INTERFACE_ENDPOINTS + ["ssm"],
        "ssm_grant": False, "outcome": "ssm-denied-identity"},
    "perm-cmk-without-decrypt": {"cmk": True, "outcome": "asm-denied-kms"},
    "perm-secret-policy-deny": {"secret_policy": "deny", "outcome": "asm-denied-resource"},
    "perm-on-task-role": {"secrets_grant": "task-role", "outcome": "asm-denied-identity"},
    "perm-grant-name-wildcard": {"grant_resource": "wildcard"},
    "perm-grant-managed-policy": {"secrets_grant": "managed"},
    "perm-grant-resource-policy": {"secrets_grant": "none", "secret_policy": "allow"},
    "perm-cmk-with-decrypt": {"cmk": True, "kms_decrypt": True},
    "perm-cmk-alias-without-decrypt": {"cmk": True, "cmk_ref": "alias-arn", "outcome": "asm-denied-kms"},
    "perm-ssm-cmk-alias-without-decrypt": {
        "secret_source": "ssm", "interface_endpoints": INTERFACE_ENDPOINTS + ["ssm"], "cmk": True, "cmk_ref": "alias",
        "outcome": "ssm-denied-kms"},
    "td-image-tag-missing": {"image_tag": "1.4.3", "outcome": "image-not-found"},
    "td-log-group-missing": {"log_group": False, "outcome": "log-group-missing"},
    "td-check-files": {"check_files": True},
    "perm-endpoint-policy-denies": {"sm_endpoint_policy": "other-secret", "outcome": "asm-denied-endpoint"},
    "perm-endpoint-policy-allows": {"sm_endpoint_policy": "task-secret"},
    "perm-exec-role-trust-wrong": {"exec_trust": "ec2.amazonaws.com", "outcome": "role-assume-failed"},
    "ref-secret-version-stage-and-id": {"password_ref": "stage-and-id", "outcome": "asm-invalid-reference"},
    "ref-ssm-parameter-missing": {
        "secret_source": "ssm", "interface_endpoints": INTERFACE_ENDPOINTS + ["ssm"],
        "password_ref": "misspelt-parameter", "outcome": "ssm-invalid-parameters"},
    "perm-overbroad-readwrite": {"secrets_grant": "readwrite"},
    "net-ecr-no-dkr-endpoint": {
        "interface_endpoints": ["secretsmanager", "ecr.api", "logs"], "outcome": "ecr-dkr-timeout"},
    "net-logs-no-endpoint": {
        "interface_endpoints": ["secretsmanager", "ecr.api", "ecr.dkr"], "outcome": "logs-timeout"},
    "net-s3-no-gateway-endpoint": {"s3_gateway": False, "outcome": "s3-layer-timeout"},
    "net-nacl-deny-443": {
        "network": "nat", "interface_endpoints": [], "s3_gateway": False, "private_nacl": "deny-443-out",
        "outcome": "asm-timeout"},
    "net-nacl-ephemeral-windows": {
        "network": "nat", "interface_endpoints": [], "s3_gateway": False, "private_nacl": "ephemeral-windows",
        "outcome": "asm-timeout"},
    "net-nacl-ephemeral-linux": {
        "network": "nat", "interface_endpoints": [], "s3_gateway": False, "private_nacl": "ephemeral-linux"},
    "net-dockerhub-image-no-nat": {"image": DOCKER_HUB_IMAGE, "outcome": "registry-timeout"},
    "net-dockerhub-image-nat": {
        "network": "nat", "interface_endpoints": [], "s3_gateway": False, "image": DOCKER_HUB_IMAGE},
    "perm-registry-credentials-no-getsecretvalue": {
        "network": "nat", "interface_endpoints": [], "s3_gateway": False, "image": PRIVATE_REGISTRY_IMAGE,
        "registry_credentials": "not-granted", "outcome": "registry-auth-denied"},
    "perm-registry-credentials-granted": {
        "network": "nat", "interface_endpoints": [], "s3_gateway": False, "image": PRIVATE_REGISTRY_IMAGE,
        "registry_credentials": "granted"},
    "net-tgw-default-route": {
        "network": "none", "interface_endpoints": [], "s3_gateway": False, "private_default_route": "tgw",
        "outcome": "asm-timeout"},
    "net-lb-health-check-blocked": {"load_balancer": "not-admitted", "outcome": "health-check-failed",
                                    "app_log": "jvm-started"},
    "net-lb-health-check-admitted": {"load_balancer": "admitted"},
    "net-efs-mounted": {"efs": "both-azs"},
    "net-efs-no-mount-target-in-az": {"efs": "zone-c-only", "outcome": "efs-timeout"},
    "net-efs-sg-no-2049": {"efs": "sg-no-2049", "outcome": "efs-timeout"},
    "net-one-of-two-subnets": {
        "network": "nat", "interface_endpoints": [], "s3_gateway": False, "split_private_c": True},
    "net-phz-shared-endpoint": {
        "interface_endpoints": ["ecr.api", "ecr.dkr", "logs"], "private_zone": "hub-endpoint"},
    "net-phz-own-endpoint": {"sm_private_dns": False, "private_zone": "own-endpoint"},
    # A service scaled to 250 tasks: a deployment at maximumPercent 200 needs 499 more addresses than the two
    # private subnets' 493; at 245 tasks it needs 489.
    "net-subnet-addresses-exhausted": {"desired_count": 250},
    "net-subnet-addresses-enough": {"desired_count": 245},
    "perm-service-linked-role-missing": {"service_linked_role": "missing"},
    "perm-service-linked-role-present": {"service_linked_role": "present"},
    # A service pinned to platform 1.3.0, which cannot inject the secret's JSON keys; its failed task has aged out.
    "td-platform-version-1-3-0": {"platform_version": "1.3.0", "outcome": "asm-invalid-reference", "aged_out": True,
                                  "check_files": ["whole-secret"]},
    # An image built on an arm64 laptop (its configuration says linux/arm64), run on X86_64 (no runtimePlatform);
    # the near miss asks for ARM64. An index listing only linux/arm64 (and BuildKit's attestation), whose pull
    # failed; the near miss's index also lists linux/amd64 (same stop reason: the facts decide, not the reason).
    "td-image-arm64-only": {"image_config": "linux/arm64/v8"},
    "td-image-arm64-on-arm64": {"image_config": "linux/arm64/v8",
                                "runtime_platform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}},
    # A Windows Server 2022 image (ltsc2022) run by a task definition without a Windows runtimePlatform, and the
    # near miss whose runtimePlatform is WINDOWS_SERVER_2022_CORE (both 1 vCPU, 2 GB: Windows's minimum on Fargate).
    "td-image-windows-on-linux": {"image_config": "windows/amd64@10.0.20348.2582", "task_size": ("1024", "2048")},
    "td-image-windows-on-windows": {"image_config": "windows/amd64@10.0.20348.2582", "task_size": ("1024", "2048"),
                                    "runtime_platform": {"cpuArchitecture": "X86_64",
                                                         "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}},
    "td-image-index-arm64-only": {"image_index": ["linux/arm64/v8", "unknown/unknown"], "outcome": "platform-no-match"},
    "td-image-index-multi-arch": {"image_index": ["linux/amd64", "linux/arm64/v8", "unknown/unknown"],
                                  "outcome": "platform-no-match"},
    # EC2 capacity: the service's task reserves 512 CPU units and 1024 MiB; ECS could not place it.
    "cap-ec2-memory-short": {"capacity": {"memory": [512, 768]}, "aged_out": True},
    "cap-ec2-memory-enough": {"capacity": {"memory": [512, 2048]}, "aged_out": True},
    "cap-ec2-member-of-excludes": {"capacity": {"memory": [2048], "member_of": "attribute:ecs.instance-type =~ m5.*"},
                                   "aged_out": True},
    "cap-ec2-member-of-admits": {"capacity": {"memory": [2048], "member_of": "attribute:ecs.instance-type =~ t3.*"},
                                 "aged_out": True},
    "cap-ec2-distinct-instance-short": {"capacity": {"memory": [2048, 2048], "distinct_instance": True}, "desired_count": 3,
                                        "aged_out": True},
    "cap-ec2-distinct-instance-enough": {"capacity": {"memory": [2048, 2048], "distinct_instance": True}, "desired_count": 2,
                                         "aged_out": True},
    "cap-ec2-gpu-short": {"capacity": {"memory": [8192], "instance_type": "g4dn.xlarge", "gpus": 1, "task_gpus": 2},
                          "aged_out": True},
    "cap-ec2-gpu-enough": {"capacity": {"memory": [8192], "instance_type": "g4dn.xlarge", "gpus": 1, "task_gpus": 1},
                           "aged_out": True},
    "cap-ec2-eni-exhausted": {"capacity": {"memory": [2048], "eni": "exhausted"}, "aged_out": True},
    "cap-ec2-eni-freed": {"capacity": {"memory": [2048], "eni": "freed"}, "aged_out": True},
    "cap-asg-at-max": {"capacity": {"memory": [512, 512], "provider": {"max": 2, "managed": "ENABLED"}}, "aged_out": True},
    "cap-asg-below-max": {"capacity": {"memory": [512, 512], "provider": {"max": 4, "managed": "ENABLED"}}, "aged_out": True},
    # Fargate could not place a task of the running service; the near miss names the task quota instead.
    "cap-fargate-capacity-unavailable": {"placement_event": "fargate-capacity"},
    "cap-fargate-task-limit": {"placement_event": "task-limit"},
    # After the start: what the container logged, joined to the facts (issue 19).
    "app-db-timeout-path-open": {"outcome": "container-exit", "app_log": "psycopg2-timeout"},
    "app-db-port-mismatch": {"outcome": "container-exit", "database_port": 5433,
                             "app_log": "psycopg2-timeout-5433"},
    "app-db-unknown-host-typo": {"outcome": "container-exit", "database_host": DB_HOST_TYPO,
                                 "app_log": "psycopg2-unknown-host-typo"},
    "app-db-unknown-host-known": {"outcome": "container-exit", "app_log": "psycopg2-unknown-host-known"},
    # Spring Boot is ready 15 s after the start; the target group checks every 10 s and the service gives no grace.
    "hc-grace-period-short": {"load_balancer": "admitted", "tg_interval": 10, "outcome": "health-check-failed",
                              "app_log": "jvm-started"},
    "hc-grace-period-enough": {"load_balancer": "admitted", "tg_interval": 10, "grace_period": 120,
                               "app_log": "jvm-started"},
    # Load balancer and container health checks that can never pass (issue 19, "Health checks").
    # The target group checks 8081 (meant for Spring's management port, which the app does not open); the task SG
    # admits 8080-8081 from the ALB, so the checks reach the task and are refused.
    "hc-port-not-served": {"load_balancer": "admitted", "lb_admitted_ports": (8080, 8081), "tg_interval": 10,
                           "tg_health_check_port": "8081", "outcome": "health-check-failed", "app_log": "jvm-started",
                           "target_health": ("Target.FailedHealthChecks", "Health checks failed")},
    "hc-port-served": {"load_balancer": "admitted", "lb_admitted_ports": (8080, 8081), "tg_interval": 10,
                       "tg_health_check_port": "8080", "outcome": "health-check-failed", "app_log": "jvm-started",
                       "target_health": ("Target.FailedHealthChecks", "Health checks failed")},
    # The target group checks /health; the app has no such route and answers 404 (its log says so).
    "hc-path-not-found": {"load_balancer": "admitted", "tg_interval": 10, "outcome": "health-check-failed",
                          "app_log": "jvm-health-no-static-resource",
                          "target_health": ("Target.ResponseCodeMismatch",
                                            "Health checks failed with these codes: [404]")},
    # The same path answers 503: the application reports itself unhealthy (its database check fails).
    "hc-path-unhealthy": {"load_balancer": "admitted", "tg_interval": 10, "outcome": "health-check-failed",
                          "app_log": "jvm-health-down",
                          "target_health": ("Target.ResponseCodeMismatch",
                                            "Health checks failed with these codes: [503]")},
    # /health answers 204 No Content; the matcher accepts only 200.
    "hc-matcher-mismatch": {"load_balancer": "admitted", "tg_interval": 10, "outcome": "health-check-failed",
                            "app_log": "jvm-started",
                            "target_health": ("Target.ResponseCodeMismatch",
                                              "Health checks failed with these codes: [204]")},
    "hc-matcher-accepts": {"load_balancer": "admitted", "tg_interval": 10, "outcome": "health-check-failed",
                           "app_log": "jvm-started", "tg_matcher": "200-299",
                           "target_health": ("Target.ResponseCodeMismatch",
                                             "Health checks failed with these codes: [204]")},
    # The container health check's exec form (CMD) given a shell command line as one string: Docker looks for an
    # executable named "curl -f http://localhost:8080/health || exit 1", so the check can never pass.
    "hc-container-check-shell-in-exec-form": {
        "outcome": "container-health-check-failed", "app_log": "jvm-started",
        "container_health_check": ["CMD", "curl -f http://localhost:8080/health || exit 1"]},
    "hc-container-check-shell-form": {
        "outcome": "container-health-check-failed", "app_log": "jvm-started",
        "container_health_check": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]},
    "app-crash-missing-env": {"outcome": "container-exit", "app_log": "python-environ-key-error"},
    "app-job-finished": {"outcome": "job-finished", "app_log": "python-job-finished"},
    "mem-container-oom-killed": {"outcome": "oom-killed", "container_memory": 512, "java_options": "-Xmx480m",
                                 "app_log": "jvm-gc-pressure"},
    "mem-container-sigkill": {"outcome": "sigkill", "container_memory": 512, "java_options": "-Xmx480m",
                              "app_log": "jvm-gc-pressure"},
    "mem-jvm-heap-exhausted": {"outcome": "heap-exhausted", "container_memory": 512,
                               "java_options": "-XX:+ExitOnOutOfMemoryError", "app_log": "jvm-heap-space"},
}


# --------------------------------------------------------------------------- moto server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """moto_server in a subprocess on a free loopback port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "MotoServer":
        self.proc = subprocess.Popen(
            ["moto_server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true"))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("moto_server did not start")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def post(self, path: str) -> None:
        urllib.request.urlopen(urllib.request.Request(self.url + path, data=b"", method="POST"))

    def reset(self) -> None:
        self.post("/moto-api/reset")

    def seed(self, label: str) -> None:
        """Makes the ids of the next resource depend on `label` only."""
        self.post(f"/moto-api/seed?a={int(hashlib.sha256(label.encode()).hexdigest()[:8], 16)}")


# --------------------------------------------------------------------------- CLI-shaped dumps

_MODEL = botocore.session.get_session()


def _order(value, shape):
    """Orders keys as the shape declares its members, which is the order botocore's
    parsers (and so `aws --output json`) emit them; corrections may add keys anywhere."""
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, dict):
        out = {}
        for name, member in shape.members.items():
            if name in value:
                out[name] = _order(value[name], member)
        for name in value:
            if name not in out:
                out[name] = value[name]
        return out
    if shape.type_name == "list" and isinstance(value, list):
        return [_order(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: _order(v, shape.value) for k, v in value.items()}
    return value


def cli_json(service: str, operation: str, response: dict) -> str:
    response = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    model = _MODEL.get_service_model(service)
    op = model.operation_model(operation)
    response = _order(response, op.output_shape)
    zone = KST if service in JSON_PROTOCOL else dt.timezone.utc

    def stamp(value):
        if isinstance(value, dt.datetime):
            # moto stamps resources with the wall clock; fix them to the capture instant.
            fixed = CREATED if service not in JSON_PROTOCOL else T0 - dt.timedelta(days=3, hours=17)
            return fixed.astimezone(zone).isoformat()
        raise TypeError(type(value))

    text = json.dumps(response, indent=4, ensure_ascii=False, default=stamp)
    return fix_secret_uuid(fix_ec2_id_shape(fix_account_id(text))) + "\n"


EC2_ID = re.compile(r"\b(vpc|subnet|sg|sgr|rtb|rtbassoc|igw|nat|eni|eni-attach|vpce|acl|aclassoc|dopt|"
                    r"eipalloc|eipassoc|vpc-cidr-assoc|tgw)-[0-9a-f]([0-9a-f]{16})\b")


def fix_ec2_id_shape(text: str) -> str:
    """Current 17-digit EC2 ids start with 0 (vpc-0a1b...); moto's start with any digit."""
    return EC2_ID.sub(lambda m: f"{m.group(1)}-0{m.group(2)}", text)


# RDS names the secret rds!cluster-<uuid>; moto draws that uuid outside its seeded
# generator, so it is pinned here.
SECRET_UUID = "5f0c3b1e-8a27-4d6e-b913-2c7e4a9d0f58"
REPLACEMENTS: dict[str, str] = {}


def fix_secret_uuid(text: str) -> str:
    for old, new in REPLACEMENTS.items():
        text = text.replace(old, new)
    return text


def fix_account_id(text: str) -> str:
    """moto answers for account 123456789012; the seed deployment lives in 111122223333."""
    return text.replace(MOTO_ACCOUNT, ACCOUNT)


def iso(t: dt.datetime) -> str:
    return t.isoformat()


# --------------------------------------------------------------------------- the build

class Build:
    """Creates one state's deployment in moto and records every id the dumps need."""

    def __init__(self, moto: MotoServer, spec: dict) -> None:
        self.moto = moto
        self.spec = spec
        kw = dict(endpoint_url=moto.url, region_name=REGION, aws_access_key_id="testing",
                  aws_secret_access_key="testing", config=Config(retries={"max_attempts": 1}))
        self.c = {name: boto3.client(name, **kw) for name in
                  ["ec2", "ecs", "iam", "sts", "secretsmanager", "ssm", "kms", "rds",
                   "logs", "ecr", "elbv2", "efs", "route53", "autoscaling"]}
        self.ids: dict[str, str] = {}

    def seed(self, label: str) -> None:
        self.moto.seed(label)

    def warm_up(self) -> None:
        """moto creates each backend (and the region's default VPC) on first use, drawing
        random ids; touching every service first keeps that out of the seeded sequences."""
        c = self.c
        c["ec2"].describe_vpcs()
        c["ecs"].list_clusters()
        c["iam"].list_roles()
        c["sts"].get_caller_identity()
        c["secretsmanager"].list_secrets()
        c["ssm"].describe_parameters()
        c["kms"].list_keys()
        c["rds"].describe_db_clusters()
        c["logs"].describe_log_groups()
        c["ecr"].describe_repositories()
        c["elbv2"].describe_load_balancers()
        c["efs"].describe_file_systems()
        c["route53"].list_hosted_zones()

    def run(self) -> None:
        self.warm_up()
        self.network()
        self.security_groups()
        self.endpoints()
        self.private_zone()
        self.keys()
        self.database()
        self.endpoint_policy()
        self.parameters()
        self.registry_secret()
        self.iam()
        self.registry_and_logs()
        self.load_balancer()
        self.file_system()
        self.ecs()

    # ---- network
    def network(self) -> None:
        ec2, s = self.c["ec2"], self.spec
        self.seed("vpc")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "demo-vpc"}]}])["Vpc"]["VpcId"]
        self.ids["vpc"] = vpc
        # moto names the region's default DHCP options set "default"; AWS gives it an id.
        self.seed("dopt")
        dopt = ec2.create_dhcp_options(DhcpConfigurations=[
            {"Key": "domain-name", "Values": [f"{REGION}.compute.internal"]},
            {"Key": "domain-name-servers", "Values": ["AmazonProvidedDNS"]}])["DhcpOptions"]["DhcpOptionsId"]
        ec2.associate_dhcp_options(DhcpOptionsId=dopt, VpcId=vpc)
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        if not s["vpc_dns_support"]:
            ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": False})
        subnets = [("private-a", "10.0.1.0/24", "ap-northeast-2a"),
                   ("private-c", "10.0.2.0/24", "ap-northeast-2c"),
                   ("public-a", "10.0.101.0/24", "ap-northeast-2a"),
                   ("public-c", "10.0.102.0/24", "ap-northeast-2c")]
        for name, cidr, az in subnets:
            self.seed(f"subnet-{name}")
            self.ids[name] = ec2.create_subnet(
                VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az, TagSpecifications=[
                    {"ResourceType": "subnet",
                     "Tags": [{"Key": "Name", "Value": f"demo-{name}"}]}])["Subnet"]["SubnetId"]
        self.seed("igw")
        igw = ec2.create_internet_gateway(TagSpecifications=[
            {"ResourceType": "internet-gateway", "Tags": [{"Key": "Name", "Value": "demo-igw"}]}]
        )["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        self.ids["igw"] = igw
        for side in ["public", "private"]:
            self.seed(f"rtb-{side}")
            rtb = ec2.create_route_table(VpcId=vpc, TagSpecifications=[
                {"ResourceType": "route-table",
                 "Tags": [{"Key": "Name", "Value": f"demo-{side}-rt"}]}])["RouteTable"]["RouteTableId"]
            self.ids[f"rtb-{side}"] = rtb
            for az in ["a", "c"]:
                self.seed(f"rtbassoc-{side}-{az}")
                ec2.associate_route_table(RouteTableId=rtb, SubnetId=self.ids[f"{side}-{az}"])
        ec2.create_route(RouteTableId=self.ids["rtb-public"], DestinationCidrBlock="0.0.0.0/0",
                         GatewayId=igw)
        if s["network"] == "nat":
            self.seed("eip-nat")
            alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]
            self.seed("nat")
            nat = ec2.create_nat_gateway(SubnetId=self.ids["public-a"], AllocationId=alloc,
                                         TagSpecifications=[{"ResourceType": "natgateway", "Tags": [
                                             {"Key": "Name", "Value": "demo-nat-a"}]}]
                                         )["NatGateway"]["NatGatewayId"]
            self.ids["nat"] = nat
            ec2.create_route(RouteTableId=self.ids["rtb-private"],
                             DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        if s["private_default_route"] == "tgw":
            self.seed("tgw")
            tgw = ec2.create_transit_gateway(Description="demo-hub")["TransitGateway"]["TransitGatewayId"]
            self.ids["tgw"] = tgw
            ec2.create_route(RouteTableId=self.ids["rtb-private"], DestinationCidrBlock="0.0.0.0/0",
                             TransitGatewayId=tgw)
        if s["split_private_c"]:
            # private-c moves to a route table of its own that nobody gave a default route.
            self.seed("rtb-private-c")
            rtb = ec2.create_route_table(VpcId=vpc, TagSpecifications=[
                {"ResourceType": "route-table",
                 "Tags": [{"Key": "Name", "Value": "demo-private-c-rt"}]}])["RouteTable"]["RouteTableId"]
            self.ids["rtb-private-c"] = rtb
            tables = ec2.describe_route_tables(RouteTableIds=[self.ids["rtb-private"]])["RouteTables"]
            association = next(a["RouteTableAssociationId"] for a in tables[0]["Associations"]
                               if a.get("SubnetId") == self.ids["private-c"])
            ec2.replace_route_table_association(AssociationId=association, RouteTableId=rtb)
        if s["private_nacl"]:
            self.private_nacl(s["private_nacl"])

    def private_nacl(self, kind: str) -> None:
        """A custom network ACL on both private subnets. Outbound: all traffic, except TCP 443 in
        deny-443-out. Inbound: all traffic from the VPC, and from anywhere only the return-traffic
        ports: 1024-65535 normally, 49152-65535 (Windows' ephemeral range, too narrow for Linux tasks)
        in ephemeral-windows, 32768-60999 (exactly Linux's) in ephemeral-linux."""
        ec2, vpc = self.c["ec2"], self.ids["vpc"]
        self.seed("acl-private")
        acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=[
            {"ResourceType": "network-acl", "Tags": [{"Key": "Name", "Value": "demo-private-acl"}]}]
        )["NetworkAcl"]["NetworkAclId"]
        self.ids["acl-private"] = acl
        ports = {"ephemeral-windows": (49152, 65535), "ephemeral-linux": (32768, 60999)}.get(kind, (1024, 65535))
        if kind == "deny-443-out":
            ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=90, Protocol="6", RuleAction="deny",
                                         Egress=True, CidrBlock="0.0.0.0/0", PortRange={"From": 443, "To": 443})
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow",
                                     Egress=True, CidrBlock="0.0.0.0/0")
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow",
                                     Egress=False, CidrBlock="10.0.0.0/16")
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=110, Protocol="6", RuleAction="allow",
                                     Egress=False, CidrBlock="0.0.0.0/0",
                                     PortRange={"From": ports[0], "To": ports[1]})
        acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["NetworkAcls"]
        for side in ["a", "c"]:
            subnet = self.ids[f"private-{side}"]
            association = next(a["NetworkAclAssociationId"] for n in acls for a in n["Associations"]
                               if a["SubnetId"] == subnet)
            self.seed(f"aclassoc-private-{side}")
            ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl)

    def security_groups(self) -> None:
        ec2, s, vpc = self.c["ec2"], self.spec, self.ids["vpc"]

        def group(key: str, name: str, description: str) -> str:
            self.seed(f"sg-{key}")
            gid = ec2.create_security_group(GroupName=name, Description=description, VpcId=vpc,
                                            TagSpecifications=[{"ResourceType": "security-group",
                                                                "Tags": [{"Key": "Name", "Value": name}]}]
                                            )["GroupId"]
            self.ids[f"sg-{key}"] = gid
            return gid

        task = group("task", "demo-ecs-task-sg", "demo-app tasks")
        if s["task_sg_egress"] == "postgres-only":
            ec2.revoke_security_group_egress(GroupId=task, IpPermissions=[
                {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
            ec2.authorize_security_group_egress(GroupId=task, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                 "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "PostgreSQL in the VPC"}]}])
        vpce = group("vpce", "demo-vpce-sg", "Interface endpoints")
        port = s["endpoint_sg_port"]
        ec2.authorize_security_group_ingress(GroupId=vpce, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
             "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "from the VPC"}]}])
        source = task
        if s["aurora_admits"] == "bastion":
            source = group("bastion", "demo-bastion-sg", "Bastion hosts")
        aurora = group("aurora", "demo-aurora-sg", "demo-aurora-cluster")
        ec2.authorize_security_group_ingress(GroupId=aurora, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
             "UserIdGroupPairs": [{"GroupId": source, "Description": "PostgreSQL"}]}])

    def endpoints(self) -> None:
        ec2, s, vpc = self.c["ec2"], self.spec, self.ids["vpc"]
        for name in s["interface_endpoints"]:
            self.seed(f"vpce-{name}")
            private_dns = s["sm_private_dns"] if name == "secretsmanager" else True
            ep = ec2.create_vpc_endpoint(
                VpcEndpointType="Interface", VpcId=vpc,
                ServiceName=f"com.amazonaws.{REGION}.{name}",
                SubnetIds=[self.ids["private-a"], self.ids["private-c"]],
                SecurityGroupIds=[self.ids["sg-vpce"]], PrivateDnsEnabled=private_dns,
                TagSpecifications=[{"ResourceType": "vpc-endpoint",
                                    "Tags": [{"Key": "Name", "Value": f"demo-{name.replace('.', '-')}"}]}]
            )["VpcEndpoint"]
            self.ids[f"vpce-{name}"] = ep["VpcEndpointId"]
        if s["s3_gateway"]:
            self.seed("vpce-s3")
            ep = ec2.create_vpc_endpoint(
                VpcEndpointType="Gateway", VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.s3",
                RouteTableIds=[self.ids["rtb-private"]],
                TagSpecifications=[{"ResourceType": "vpc-endpoint",
                                    "Tags": [{"Key": "Name", "Value": "demo-s3"}]}])["VpcEndpoint"]
            self.ids["vpce-s3"] = ep["VpcEndpointId"]

    def private_zone(self) -> None:
        """A private hosted zone named for Secrets Manager's regional host, associated with the VPC, whose apex
        alias record points at an interface endpoint's regional DNS name: the hub VPC's (reached through a
        transit gateway route to the hub's range) or this VPC's own endpoint, whose private DNS is off."""
        which = self.spec["private_zone"]
        if which is None:
            return
        ec2, vpc = self.c["ec2"], self.ids["vpc"]
        if which == "hub-endpoint":
            self.seed("tgw")
            tgw = ec2.create_transit_gateway(Description="demo-hub")["TransitGateway"]["TransitGatewayId"]
            self.ids["tgw"] = tgw
            ec2.create_route(RouteTableId=self.ids["rtb-private"], DestinationCidrBlock=HUB_CIDR,
                             TransitGatewayId=tgw)
            target = vpce_dns_name(HUB_VPCE, "secretsmanager")
        else:
            target = vpce_dns_name(self.ids["vpce-secretsmanager"], "secretsmanager")
        self.seed("phz")
        host = f"secretsmanager.{REGION}.amazonaws.com"
        zone = self.c["route53"].create_hosted_zone(
            Name=host, CallerReference="demo-secretsmanager-zone",
            HostedZoneConfig={"Comment": "Secrets Manager through a VPC endpoint", "PrivateZone": True},
            VPC={"VPCRegion": REGION, "VPCId": vpc})["HostedZone"]["Id"].rsplit("/", 1)[-1]
        self.ids["phz"] = zone
        self.c["route53"].change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{
            "Action": "CREATE", "ResourceRecordSet": {
                "Name": host, "Type": "A",
                "AliasTarget": {"HostedZoneId": VPCE_ZONE, "DNSName": target, "EvaluateTargetHealth": False}}}]})

    def endpoint_policy(self) -> None:
        """A custom policy on the secretsmanager endpoint, allowing GetSecretValue for any
        principal on one secret only: another application's, or this task's. Set after the
        database exists because it names the RDS-managed secret's ARN."""
        which = self.spec["sm_endpoint_policy"]
        if which is None:
            return
        resource = OTHER_SECRET if which == "other-secret" else self.ids["secret-arn"]
        vpce = self.ids["vpce-secretsmanager"]
        self.c["ec2"].modify_vpc_endpoint(VpcEndpointId=vpce, PolicyDocument=json.dumps(
            endpoint_policy(resource), indent=2))
        self.ids["custom-policy-vpce"] = vpce

    # ---- KMS, database, parameters
    def keys(self) -> None:
        kms = self.c["kms"]
        self.seed("kms-aws-secretsmanager")
        self.ids["key-aws-sm"] = kms.create_key(
            Description="Default key that protects my Secrets Manager data when no other key is defined"
        )["KeyMetadata"]["KeyId"]
        if self.spec["secret_source"] == "ssm":
            self.seed("kms-aws-ssm")
            self.ids["key-aws-ssm"] = kms.create_key(
                Description="Default key that protects my SSM parameters when no other key is defined"
            )["KeyMetadata"]["KeyId"]
        if self.spec["cmk"]:
            self.seed("kms-cmk")
            key = kms.create_key(Description="demo-app secrets", Policy=jackson(
                key_policy_enable_iam()))["KeyMetadata"]["KeyId"]
            kms.create_alias(AliasName="alias/demo-secrets", TargetKeyId=key)
            self.ids["key-cmk"] = key

    def secret_key_id(self) -> str:
        if not self.spec["cmk"]:
            return self.ids["key-aws-sm"]
        return cmk_reference(self.spec, self.ids, MOTO_ACCOUNT)

    def database(self) -> None:
        rds = self.c["rds"]
        self.seed("db-subnet-group")
        rds.create_db_subnet_group(DBSubnetGroupName="demo-aurora-subnets",
                                   DBSubnetGroupDescription="demo-aurora-cluster",
                                   SubnetIds=[self.ids["private-a"], self.ids["private-c"]])
        self.seed("db-cluster")
        cluster = rds.create_db_cluster(
            DBClusterIdentifier="demo-aurora-cluster", Engine="aurora-postgresql",
            EngineVersion="15.4", MasterUsername="postgres", ManageMasterUserPassword=True,
            MasterUserSecretKmsKeyId=self.secret_key_id(), Port=5432, DatabaseName="app",
            DBSubnetGroupName="demo-aurora-subnets", StorageEncrypted=True,
            VpcSecurityGroupIds=[self.ids["sg-aurora"]])["DBCluster"]
        moto_arn = cluster["MasterUserSecret"]["SecretArn"]
        self.ids["secret-name-moto"] = moto_arn.split(":secret:")[1][:-7]
        moto_uuid = self.ids["secret-name-moto"].split("rds!cluster-", 1)[1]
        REPLACEMENTS.clear()
        REPLACEMENTS[moto_uuid] = SECRET_UUID
        self.ids["secret-arn"] = fix_secret_uuid(moto_arn.replace(MOTO_ACCOUNT, ACCOUNT))
        self.ids["secret-name"] = fix_secret_uuid(self.ids["secret-name-moto"])
        self.seed("db-instance")
        rds.create_db_instance(DBInstanceIdentifier="demo-aurora-instance-1",
                               DBInstanceClass="db.r6g.large", Engine="aurora-postgresql",
                               DBClusterIdentifier="demo-aurora-cluster",
                               AvailabilityZone="ap-northeast-2a")
        sm = self.c["secretsmanager"]
        exec_role = role_arn(EXEC_ROLE)
        if self.spec["secret_policy"] == "deny":
            sm.put_resource_policy(SecretId=self.ids["secret-name-moto"], ResourcePolicy=jackson(
                secret_policy("Deny", "DenyExecRole", exec_role)))
        elif self.spec["secret_policy"] == "allow":
            sm.put_resource_policy(SecretId=self.ids["secret-name-moto"], ResourcePolicy=jackson(
                secret_policy("Allow", "AllowExecRole", exec_role)))

    def parameters(self) -> None:
        if self.spec["secret_source"] != "ssm":
            return
        ssm = self.c["ssm"]
        for name, value in zip(PARAMETERS, ["app_user", "not-the-real-password"]):
            self.seed(f"param-{name}")
            key = {"KeyId": cmk_reference(self.spec, self.ids, MOTO_ACCOUNT)} if self.spec["cmk"] else {}
            ssm.put_parameter(Name=name, Value=value, Type="SecureString",
                              Description=f"demo-app database {name.rsplit('/', 1)[1]}", **key)

    def registry_secret(self) -> None:
        """The private registry's credentials, as `docker login` needs them (ECS developer guide, "Private
        registry authentication for tasks")."""
        if not self.spec["registry_credentials"]:
            return
        self.seed("registry-secret")
        arn = self.c["secretsmanager"].create_secret(
            Name=REGISTRY_SECRET, Description="ghcr.io pull credentials of demo-bot",
            # The first version's id (otherwise drawn at random, which would change the fixture each build).
            ClientRequestToken=REGISTRY_SECRET_VERSION_ID,
            SecretString=json.dumps({"username": "demo-bot", "password": "not-the-real-token"}))["ARN"]
        self.ids["registry-secret-arn"] = arn.replace(MOTO_ACCOUNT, ACCOUNT)

    # ---- IAM
    def iam(self) -> None:
        iam, s = self.c["iam"], self.spec
        for role, desc in [(EXEC_ROLE, "demo-app task execution role"),
                           (TASK_ROLE, "demo-app task role")]:
            self.seed(f"role-{role}")
            kwargs = {}
            if s["boundary"] and role == EXEC_ROLE:
                self.seed("policy-boundary")
                iam.create_policy(PolicyName="demo-exec-boundary",
                                  Description="Execution roles may only pull images and write logs",
                                  PolicyDocument=json.dumps(boundary_policy()))
                kwargs["PermissionsBoundary"] = f"arn:aws:iam::{MOTO_ACCOUNT}:policy/demo-exec-boundary"
                self.seed(f"role-{role}")
            service = s["exec_trust"] if role == EXEC_ROLE else "ecs-tasks.amazonaws.com"
            iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(ecs_tasks_trust(service)),
                            Description=desc, **kwargs)
        iam.attach_role_policy(RoleName=EXEC_ROLE, PolicyArn=MANAGED_EXEC_POLICY)
        document = json.dumps(self.secrets_read_policy())
        if s["secrets_grant"] == "inline":
            iam.put_role_policy(RoleName=EXEC_ROLE, PolicyName="demo-secrets-read", PolicyDocument=document)
        elif s["secrets_grant"] == "task-role":
            iam.put_role_policy(RoleName=TASK_ROLE, PolicyName="demo-secrets-read", PolicyDocument=document)
        elif s["secrets_grant"] == "managed":
            self.seed("policy-demo-secrets-read")
            arn = iam.create_policy(PolicyName="demo-secrets-read", PolicyDocument=document,
                                    Description="Read the demo-aurora-cluster master user secret"
                                    )["Policy"]["Arn"]
            iam.attach_role_policy(RoleName=EXEC_ROLE, PolicyArn=arn)
        elif s["secrets_grant"] == "readwrite":
            iam.attach_role_policy(RoleName=EXEC_ROLE, PolicyArn=READWRITE_POLICY)
        if s["secret_source"] == "ssm" and s["ssm_grant"]:
            iam.put_role_policy(RoleName=EXEC_ROLE, PolicyName="demo-parameters-read",
                                PolicyDocument=json.dumps(parameters_read_policy(self.parameter_names())))

    def parameter_names(self) -> list[str]:
        """The parameters the task definition names: the real ones, or with DB_PASSWORD's
        name misspelt (the grant is written from the same names, as IaC that derives both
        from one variable does)."""
        if self.spec["password_ref"] == "misspelt-parameter":
            return [PARAMETERS[0], MISSPELT_PARAMETER]
        return PARAMETERS

    def secrets_read_policy(self) -> dict:
        s = self.spec
        arn = self.ids["secret-arn"]
        if s["grant_resource"] == "wildcard":
            arn = arn[:-6] + "??????"
        statements = [{"Sid": "ReadDatabaseSecret", "Effect": "Allow",
                       "Action": "secretsmanager:GetSecretValue", "Resource": arn}]
        if s["deny_unless_vpce"]:
            statements.append({"Sid": "OnlyThroughOurEndpoint", "Effect": "Deny",
                               "Action": "secretsmanager:GetSecretValue", "Resource": arn,
                               "Condition": {"StringNotEquals": {"aws:SourceVpce": OTHER_VPCE}}})
        if s["registry_credentials"] == "granted":
            statements.append({"Sid": "ReadRegistryCredentials", "Effect": "Allow",
                               "Action": "secretsmanager:GetSecretValue", "Resource": self.ids["registry-secret-arn"]})
        if s["kms_decrypt"]:
            statements.append({"Sid": "DecryptDatabaseSecret", "Effect": "Allow",
                               "Action": "kms:Decrypt",
                               "Resource": key_arn(self.ids["key-cmk"]),
                               "Condition": {"StringEquals": {
                                   "kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com"}}})
        return {"Version": "2012-10-17", "Statement": statements}

    def registry_and_logs(self) -> None:
        ecr, logs = self.c["ecr"], self.c["logs"]
        self.seed("ecr")
        ecr.create_repository(repositoryName="demo-app")
        ecr.put_image(repositoryName="demo-app", imageTag="1.4.2", imageManifest=image_manifest_text(self.spec))
        if self.spec["log_group"]:
            logs.create_log_group(logGroupName="/ecs/demo-app")
            logs.put_retention_policy(logGroupName="/ecs/demo-app", retentionInDays=30)

    def load_balancer(self) -> None:
        """An internet-facing ALB in the public subnets with its own SG, and an ip target group on
        8080 whose health checks probe the traffic port; the task SG admits 8080 from the ALB's SG
        only in the admitted state."""
        kind = self.spec["load_balancer"]
        if not kind:
            return
        ec2, elb, vpc = self.c["ec2"], self.c["elbv2"], self.ids["vpc"]
        self.seed("sg-alb")
        alb_sg = ec2.create_security_group(GroupName="demo-alb-sg", Description="demo-app load balancer", VpcId=vpc,
                                           TagSpecifications=[{"ResourceType": "security-group",
                                                               "Tags": [{"Key": "Name", "Value": "demo-alb-sg"}]}]
                                           )["GroupId"]
        self.ids["sg-alb"] = alb_sg
        ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        if kind == "admitted":
            low, high = self.spec["lb_admitted_ports"]
            ec2.authorize_security_group_ingress(GroupId=self.ids["sg-task"], IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": low, "ToPort": high,
                 "UserIdGroupPairs": [{"GroupId": alb_sg, "Description": "health checks and traffic from the ALB"}]}])
        self.seed("alb")
        lb = elb.create_load_balancer(Name="demo-alb", Subnets=[self.ids["public-a"], self.ids["public-c"]],
                                      SecurityGroups=[alb_sg], Scheme="internet-facing", Type="application",
                                      IpAddressType="ipv4")["LoadBalancers"][0]
        self.ids["alb-arn"] = lb["LoadBalancerArn"]
        tg = elb.create_target_group(Name="demo-app-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip",
                                     HealthCheckProtocol="HTTP", HealthCheckPort=self.spec["tg_health_check_port"],
                                     HealthCheckPath=self.spec["tg_health_check_path"],
                                     HealthCheckIntervalSeconds=self.spec["tg_interval"],
                                     HealthCheckTimeoutSeconds=5, HealthyThresholdCount=5,
                                     UnhealthyThresholdCount=2,
                                     Matcher={"HttpCode": self.spec["tg_matcher"]})["TargetGroups"][0]
        self.ids["tg-arn"] = tg["TargetGroupArn"]
        elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])

    def file_system(self) -> None:
        """An EFS file system with a mount target per private subnet (only private-c in
        zone-c-only) behind demo-efs-sg, which admits NFS from the task SG (from the VPC's public
        range only in sg-no-2049)."""
        kind = self.spec["efs"]
        if not kind:
            return
        ec2, efs, vpc = self.c["ec2"], self.c["efs"], self.ids["vpc"]
        self.seed("sg-efs")
        sg = ec2.create_security_group(GroupName="demo-efs-sg", Description="demo-app file system", VpcId=vpc,
                                       TagSpecifications=[{"ResourceType": "security-group",
                                                           "Tags": [{"Key": "Name", "Value": "demo-efs-sg"}]}]
                                       )["GroupId"]
        self.ids["sg-efs"] = sg
        source = ({"IpRanges": [{"CidrIp": "10.0.101.0/24", "Description": "NFS from the public subnet"}]}
                  if kind == "sg-no-2049" else
                  {"UserIdGroupPairs": [{"GroupId": self.ids["sg-task"], "Description": "NFS from the tasks"}]})
        ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            dict({"IpProtocol": "tcp", "FromPort": 2049, "ToPort": 2049}, **source)])
        self.seed("efs")
        fs = efs.create_file_system(CreationToken="demo-app-data", Encrypted=True,
                                    Tags=[{"Key": "Name", "Value": "demo-app-data"}])["FileSystemId"]
        self.ids["efs"] = fs
        self.ids["efs-mount-targets"] = []
        for side in (["c"] if kind == "zone-c-only" else ["a", "c"]):
            self.seed(f"efs-mt-{side}")
            mt = efs.create_mount_target(FileSystemId=fs, SubnetId=self.ids[f"private-{side}"], SecurityGroups=[sg])
            self.ids["efs-mount-targets"].append(mt["MountTargetId"])

    def app_log(self, task_id: str) -> None:
        """What the app container wrote to its awslogs stream `ecs/app/<task-id>` (the scenario's lines, one event
        each, stamped from the container's start)."""
        logs = self.c["logs"]
        stream = f"ecs/app/{task_id}"
        self.ids["log-stream"] = stream
        logs.create_log_stream(logGroupName="/ecs/demo-app", logStreamName=stream)
        start = STARTED_AT
        events = [{"timestamp": epoch_ms(start + dt.timedelta(seconds=offset)), "message": message}
                  for offset, message in LOG_SCENARIOS[self.spec["app_log"]]]
        logs.put_log_events(logGroupName="/ecs/demo-app", logStreamName=stream, logEvents=events)

    # ---- ECS
    def container_instances(self, capacity: dict) -> None:
        """EC2 instances in private-a registered with the cluster: run directly, or launched by the Auto Scaling
        group of capacity provider CAPACITY_PROVIDER (desired capacity = one per entry of capacity["memory"])."""
        self.seed("container-instances")
        ec2, count = self.c["ec2"], len(capacity["memory"])
        instance_type = capacity.get("instance_type", "t3.medium")
        provider = capacity.get("provider")
        if provider:
            asg = self.c["autoscaling"]
            asg.create_launch_configuration(LaunchConfigurationName="demo-ecs-instances", ImageId=ECS_AMI,
                                            InstanceType=instance_type)
            asg.create_auto_scaling_group(AutoScalingGroupName=ASG_NAME, LaunchConfigurationName="demo-ecs-instances",
                                          MinSize=0, MaxSize=provider["max"], DesiredCapacity=count,
                                          VPCZoneIdentifier=self.ids["private-a"])
            group = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[ASG_NAME])["AutoScalingGroups"][0]
            self.ids["asg-arn"] = group["AutoScalingGroupARN"]
            instance_ids = sorted(i["InstanceId"] for i in group["Instances"])
            self.c["ecs"].create_capacity_provider(name=CAPACITY_PROVIDER, autoScalingGroupProvider={
                "autoScalingGroupArn": group["AutoScalingGroupARN"],
                "managedScaling": {"status": provider["managed"], "targetCapacity": 100},
                "managedTerminationProtection": "DISABLED"})
            self.c["ecs"].put_cluster_capacity_providers(
                cluster=CLUSTER, capacityProviders=[CAPACITY_PROVIDER],
                defaultCapacityProviderStrategy=[{"capacityProvider": CAPACITY_PROVIDER, "weight": 1, "base": 0}])
        else:
            run = ec2.run_instances(ImageId=ECS_AMI, InstanceType=instance_type, MinCount=count, MaxCount=count,
                                    SubnetId=self.ids["private-a"], SecurityGroupIds=[self.ids["sg-task"]])
            instance_ids = sorted(i["InstanceId"] for i in run["Instances"])
        registered = []
        for instance_id in instance_ids:
            registered.append(self.c["ecs"].register_container_instance(cluster=CLUSTER, instanceIdentityDocument=json.dumps({
                "instanceId": instance_id, "instanceType": instance_type, "region": REGION,
                "availabilityZone": f"{REGION}a", "accountId": ACCOUNT, "imageId": ECS_AMI}))["containerInstance"])
        # The instance with the most memory left is the one ECS names as the closest match.
        closest = max(range(count), key=lambda i: capacity["memory"][i])
        self.ids["closest-instance"] = registered[closest]["containerInstanceArn"].split("/")[-1]

    def ecs(self) -> None:
        ecs, s = self.c["ecs"], self.spec
        self.seed("ecs-cluster")
        ecs.create_cluster(clusterName=CLUSTER)
        self.seed("task-definition")
        if s["secret_source"] == "ssm":
            names = self.parameter_names()
            secrets = [{"name": "DB_USERNAME", "valueFrom": parameter_arn(names[0])},
                       {"name": "DB_PASSWORD", "valueFrom": parameter_arn(names[1])}]
        else:
            password = f"{self.ids['secret-arn']}:password::"
            if s["password_ref"] == "stage-and-id":
                password = f"{self.ids['secret-arn']}:password:AWSCURRENT:{SECRET_VERSION_ID}"
            secrets = [{"name": "DB_USERNAME", "valueFrom": f"{self.ids['secret-arn']}:username::"},
                       {"name": "DB_PASSWORD", "valueFrom": password}]
        self.ids["password-value-from"] = secrets[1]["valueFrom"]
        registry = ({"repositoryCredentials": {"credentialsParameter": self.ids["registry-secret-arn"]}}
                    if s["registry_credentials"] else {})
        volumes = ([{"name": "data", "efsVolumeConfiguration": {
            "fileSystemId": self.ids["efs"], "transitEncryption": "ENABLED"}}] if s["efs"] else [])
        capacity = s["capacity"]
        placement = ({"placementConstraints": [{"type": "memberOf", "expression": capacity["member_of"]}]}
                     if capacity and capacity.get("member_of") else {})
        ecs.register_task_definition(
            family="demo-app", networkMode="awsvpc", requiresCompatibilities=["EC2" if capacity else "FARGATE"],
            volumes=volumes, **placement,
            cpu=s["task_size"][0], memory=s["task_size"][1], executionRoleArn=role_arn(EXEC_ROLE),
            taskRoleArn=role_arn(TASK_ROLE),
            **({"runtimePlatform": s["runtime_platform"]} if s["runtime_platform"] else {}),
            containerDefinitions=[{
                "name": "app", "image": s["image"] or image_uri(s["image_tag"]), **registry, "essential": True,
                **({"resourceRequirements": [{"type": "GPU", "value": str(capacity["task_gpus"])}]}
                   if capacity and capacity.get("task_gpus") else {}),
                # moto cannot place a task whose containers declare no memory; removed again
                # by fix_task_definition_container_memory.
                "memoryReservation": s["container_memory"] or 1024,
                **({"memory": s["container_memory"]} if s["container_memory"] else {}),
                "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}],
                **({"healthCheck": {"command": s["container_health_check"], "interval": 10, "timeout": 5,
                                    "retries": 3}} if s["container_health_check"] else {}),
                "environment": [{"name": "DATABASE_URL",
                                 "value": f"postgresql://{s['database_host'] or DB_HOST}:{s['database_port']}/app"}]
                + ([{"name": "JAVA_TOOL_OPTIONS", "value": s["java_options"]}] if s["java_options"] else []),
                "secrets": secrets,
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/demo-app", "awslogs-region": REGION,
                    "awslogs-stream-prefix": "ecs"}}}])
        side = s["service_subnets"]
        net = {"awsvpcConfiguration": {
            "subnets": [self.ids[f"{side}-a"], self.ids[f"{side}-c"]],
            "securityGroups": [self.ids["sg-task"]], "assignPublicIp": s["assign_public_ip"]}}
        if s["service_linked_role"] != "missing":
            # AWS creates the role with the account's first cluster (when the caller may); moto does not.
            self.seed("service-linked-role")
            self.c["iam"].create_role(
                RoleName="AWSServiceRoleForECS", Path="/aws-service-role/ecs.amazonaws.com/",
                Description="Role to enable Amazon ECS to manage your cluster.",
                AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": "ecs.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
        self.seed("ecs-service")
        balancers = ([{"targetGroupArn": self.ids["tg-arn"], "containerName": "app", "containerPort": 8080}]
                     if s["load_balancer"] else [])
        if capacity:
            self.container_instances(capacity)
        launch = ({"launchType": "EC2"} if capacity and not capacity.get("provider") else {} if capacity else {
            "launchType": "FARGATE",
            "platformVersion": "LATEST" if s["platform_version"] == "1.4.0" else s["platform_version"]})
        svc = ecs.create_service(cluster=CLUSTER, serviceName=SERVICE, taskDefinition="demo-app:1",
                                 desiredCount=s["desired_count"], **launch,
                                 networkConfiguration=net, loadBalancers=balancers)["service"]
        self.ids["deployment"] = svc["deployments"][0]["id"]
        self.seed("ecs-task")
        task = ecs.run_task(cluster=CLUSTER, taskDefinition="demo-app:1", launchType="FARGATE",
                            platformVersion=s["platform_version"], networkConfiguration=net,
                            startedBy=self.ids["deployment"], group=f"service:{SERVICE}")["tasks"][0]
        self.ids["task-arn"] = task["taskArn"]
        if s["app_log"]:
            self.app_log(realistic_task_id(task["taskArn"]))
        if s["outcome"] != "running":
            ecs.stop_task(cluster=CLUSTER, task=task["taskArn"], reason="placeholder")


# --------------------------------------------------------------------------- documents

IMAGE_MANIFEST = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
               "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 32654,
                "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f"},
               {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 16724,
                "digest": "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b"}],
}


def jackson(value, level: int = 0) -> str:
    """Policy text as KMS and Secrets Manager return it: stored documents pretty-printed
    the way AWS's Java services do (Jackson's default printer: `"key" : value`, arrays
    opened on the same line as their first object)."""
    pad = "  " * level
    if isinstance(value, dict):
        if not value:
            return "{ }"
        items = [f'{pad}  {json.dumps(k)} : {jackson(v, level + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(jackson(v, level) for v in value) + " ]"
    return json.dumps(value, ensure_ascii=False)


def role_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


def key_arn(key_id: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id}"


def cmk_reference(spec: dict, ids: dict, account: str = ACCOUNT) -> str:
    """How the secret and the parameters name the CMK: its key ARN, its alias, or the alias's ARN
    (what was given as --kms-key-id / --key-id, which DescribeSecret and DescribeParameters report)."""
    if spec["cmk_ref"] == "alias":
        return "alias/demo-secrets"
    if spec["cmk_ref"] == "alias-arn":
        return f"arn:aws:kms:{REGION}:{account}:alias/demo-secrets"
    return f"arn:aws:kms:{REGION}:{account}:key/{ids['key-cmk']}"


def parameter_arn(name: str) -> str:
    return f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{name}"


def ecs_tasks_trust(service: str = "ecs-tasks.amazonaws.com") -> dict:
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service},
        "Action": "sts:AssumeRole"}]}


def key_policy_enable_iam() -> dict:
    # The default key policy AWS writes for a key created without one (KMS developer guide,
    # "Default key policy"): the account principal may use the key, enabling IAM policies.
    return {"Version": "2012-10-17", "Id": "key-default-1", "Statement": [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{MOTO_ACCOUNT}:root"},
        "Action": "kms:*", "Resource": "*"}]}


def aws_managed_key_policy(service: str) -> dict:
    # The key policy of an AWS managed key (aws/secretsmanager, aws/ssm): use through the
    # service by principals of the account, read access for the account.
    return {"Version": "2012-10-17", "Id": f"auto-{service}-2", "Statement": [
        {"Sid": f"Allow access through AWS {'Secrets Manager' if service == 'secretsmanager' else 'Systems Manager'} for all principals in the account that are authorized to use AWS {'Secrets Manager' if service == 'secretsmanager' else 'Systems Manager'}",
         "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:CreateGrant", "kms:DescribeKey"]
         + (["kms:GenerateDataKey*"] if service == "secretsmanager" else ["kms:GenerateDataKey*"]),
         "Resource": "*",
         "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT,
                                        "kms:ViaService": f"{service}.{REGION}.amazonaws.com"}}},
        {"Sid": "Allow direct access to key metadata to the account", "Effect": "Allow",
         "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], "Resource": "*"}]}


def secret_policy(effect: str, sid: str, principal: str) -> dict:
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": sid, "Effect": effect, "Principal": {"AWS": principal},
        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}


def boundary_policy() -> dict:
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "PullImagesAndWriteLogs", "Effect": "Allow",
        "Action": ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
                   "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
                   "logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "*"}]}


def parameters_read_policy(names: list[str]) -> dict:
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "ReadDatabaseParameters", "Effect": "Allow", "Action": "ssm:GetParameters",
        "Resource": [parameter_arn(p) for p in names]}]}


def endpoint_policy(secret_arn: str) -> dict:
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "ReadOneSecret", "Effect": "Allow", "Principal": "*",
        "Action": "secretsmanager:GetSecretValue", "Resource": secret_arn}]}


# --------------------------------------------------------------------------- stop reasons

def image_uri(tag: str) -> str:
    return f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/demo-app:{tag}"


# Stop reasons that do not come from the secrets step (Fargate platform 1.4.0 wording, as quoted in the ECS
# troubleshooting guide "CannotPullContainer task errors" and for a missing awslogs group).
OTHER_STOP_REASONS = {
    "image-not-found": ("CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve "
                        f"ref {image_uri('1.4.3')}: {image_uri('1.4.3')}: not found"),
    "log-group-missing": ("ResourceInitializationError: failed to validate logger args: create stream has been "
                          "retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: "
                          "The specified log group does not exist. : exit status 1"),
    "platform-no-match": ("CannotPullContainerError: ref pull has been retried 1 time(s): failed to unpack image on "
                          "snapshotter overlayfs: no match for platform in manifest: not found"),
}


def stop_reason(outcome: str, ids: dict) -> str:
    """The stoppedReason Fargate platform 1.4.0 writes, in AWS's wording (ECS knowledge
    center "unable to pull secrets or registry auth" and the reasons users quote in
    aws/copilot-cli and terraform-provider-aws issues)."""
    if outcome in OTHER_STOP_REASONS:
        return OTHER_STOP_REASONS[outcome]
    secret, task_id = ids["secret-arn"], ids["task-id"]
    prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: "
    request_id = ids["request-id"]
    user = f"User: arn:aws:sts::{ACCOUNT}:assumed-role/{EXEC_ROLE}/{task_id}"
    asm_denied = (f"unable to retrieve secret from asm: service call has been retried 1 time(s): "
                  f"failed to fetch secret {secret} from secrets manager: AccessDeniedException: ")
    action = "secretsmanager:GetSecretValue"
    tail = f" status code: 400, request id: {request_id}"
    reasons = {
        "asm-timeout": (f"unable to retrieve secret from asm: service call has been retried 5 time(s): "
                        f"failed to fetch secret {secret} from secrets manager: RequestCanceled: "
                        f"request context canceled caused by: context deadline exceeded." + NETWORK_TIMEOUT),
        "ssm-timeout": ("unable to retrieve secrets from ssm: service call has been retried 5 time(s): "
                        "RequestCanceled: request context canceled caused by: context deadline exceeded."
                        + NETWORK_TIMEOUT),
        "asm-denied-identity": (asm_denied + f"{user} is not authorized to perform: {action} on resource: "
                                f"{secret} because no identity-based policy allows the {action} action" + tail),
        "asm-denied-explicit": (asm_denied + f"{user} is not authorized to perform: {action} on resource: "
                                f"{secret} with an explicit deny in an identity-based policy" + tail),
        "asm-denied-boundary": (asm_denied + f"{user} is not authorized to perform: {action} on resource: "
                                f"{secret} because no permissions boundary allows the {action} action" + tail),
        "asm-denied-resource": (asm_denied + f"{user} is not authorized to perform: {action} on resource: "
                                f"{secret} with an explicit deny in a resource-based policy" + tail),
        "registry-auth-denied": (
            "unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret "
            f"from the service for {ids.get('registry-secret-arn')}: AccessDeniedException: {user} is not "
            f"authorized to perform: {action} on resource: {ids.get('registry-secret-arn')} because no "
            f"identity-based policy allows the {action} action" + tail),
        "asm-denied-kms": asm_denied + "Access to KMS is not allowed" + tail,
        "ssm-denied-kms": ("unable to retrieve secrets from ssm: service call has been retried 1 time(s): "
                           f"AccessDeniedException: {user} is not authorized to perform: kms:Decrypt on resource: "
                           f"{key_arn(ids['key-cmk']) if 'key-cmk' in ids else 'the key'} because no identity-based "
                           "policy allows the kms:Decrypt action" + tail),
        "ssm-denied-identity": ("unable to retrieve secrets from ssm: service call has been retried 1 time(s): "
                                f"AccessDeniedException: {user} is not authorized to perform: ssm:GetParameters "
                                f"on resource: {parameter_arn(PARAMETERS[0])} because no identity-based policy "
                                f"allows the ssm:GetParameters action" + tail),
        "asm-denied-endpoint": (asm_denied + f"{user} is not authorized to perform: {action} on resource: "
                                f"{secret} because no VPC endpoint policy allows the {action} action" + tail),
        # Not documented by AWS; the wording the lead chose (see docs/fixtures.md).
        "asm-invalid-reference": (f"unable to retrieve secret from asm: {ids['password-value-from']}: "
                                  "invalid secret reference"),
        "ssm-invalid-parameters": ("unable to retrieve secrets from ssm: service call has been retried 1 time(s): "
                                   f"InvalidParameters: invalid parameters: {MISSPELT_PARAMETER}"),
    }
    if outcome == "role-assume-failed":
        return (f"ECS was unable to assume the role '{role_arn(EXEC_ROLE)}' that was provided for this task. "
                "Please verify that the role being passed has the proper trust relationship and permissions "
                "and that your IAM user has permissions to pass this role.")
    # Image pulls and log streams fail later, with their own wording (Fargate 1.4.0).
    dial = "dial tcp {}:443: i/o timeout"
    whole = {
        "ecr-dkr-timeout": ("CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to "
                            f"resolve ref {image_uri('1.4.2')}: failed to do request: Head \"https://{ACCOUNT}.dkr.ecr.{REGION}"
                            f".amazonaws.com/v2/demo-app/manifests/1.4.2\": " + dial.format("3.38.93.2")),
        "s3-layer-timeout": ("CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: "
                             "httpReadSeeker: failed open: failed to do request: Get \"https://prod-"
                             f"{REGION}-starport-layer-bucket.s3.{REGION}.amazonaws.com/a1b2-{ACCOUNT}-"
                             "c3d4/4f1c9e2b-7a6d-3c5e-8f0a-1b2c3d4e5f60\": " + dial.format("52.219.58.34")),
        "logs-timeout": ("ResourceInitializationError: failed to validate logger args: create stream has been "
                         "retried 1 times: failed to create Cloudwatch log stream: RequestError: send request "
                         f"failed caused by: Post \"https://logs.{REGION}.amazonaws.com/\": "
                         + dial.format("52.94.214.17") + " : exit status 1"),
        "efs-timeout": ("ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: "
                        "stderr: Failed to resolve \"{fs}.efs.{region}.amazonaws.com\" - check that your file system ID "
                        "is correct, and ensure that the VPC has an EFS mount target for this file system ID. : "
                        "unsuccessful EFS utils command execution; code: 1").format(fs=ids.get("efs", "fs"), region=REGION),
        "registry-timeout": ("CannotPullContainerError: pull image manifest has been retried 5 time(s): failed "
                             f"to resolve ref {DOCKER_HUB_IMAGE}: failed to do request: Head \"https://registry-1."
                             "docker.io/v2/library/nginx/manifests/1.27\": " + dial.format("54.236.113.205")),
    }
    if outcome in whole:
        return whole[outcome][:255]
    return prefix + reasons[outcome]


# --------------------------------------------------------------------------- corrections

def realistic_task_id(task_arn: str) -> str:
    """moto names tasks with a dashed UUID; ECS task ids are 32 lowercase hex digits."""
    return task_arn.rsplit("/", 1)[1].replace("-", "")


def ip_in_subnet(cidr: str, host: int) -> str:
    base = cidr.split("/")[0].rsplit(".", 1)[0]
    return f"{base}.{host}"


def fix_task_definition_container_memory(td: dict) -> None:
    """Fargate needs no container-level memory; the seed task definition declares none
    (moto required it to place the task)."""
    for c in td["containerDefinitions"]:
        c.pop("memoryReservation", None)


def fix_task_definition_shape(td: dict) -> None:
    """DescribeTaskDefinition on AWS lists the capabilities the definition requires, both
    compatibilities for a FARGATE definition, and who registered it."""
    c = td["containerDefinitions"][0]
    c.setdefault("cpu", 0)
    c.setdefault("mountPoints", [])
    c.setdefault("volumesFrom", [])
    c.setdefault("systemControls", [])
    td["compatibilities"] = ["EC2", "FARGATE"]
    td["requiresAttributes"] = [{"name": n} for n in [
        "com.amazonaws.ecs.capability.logging-driver.awslogs",
        "ecs.capability.execution-role-awslogs",
        "com.amazonaws.ecs.capability.ecr-auth",
        "com.amazonaws.ecs.capability.docker-remote-api.1.19",
        "ecs.capability.secrets.asm.environment-variables"
        if "secretsmanager" in c["secrets"][0]["valueFrom"]
        else "ecs.capability.secrets.ssm.environment-variables",
        "com.amazonaws.ecs.capability.task-iam-role",
        "ecs.capability.execution-role-ecr-pull",
        "com.amazonaws.ecs.capability.docker-remote-api.1.18",
        "ecs.capability.task-eni"]]
    td["placementConstraints"] = td.get("placementConstraints") or []
    td["volumes"] = td.get("volumes") or []
    if td["volumes"]:
        # ECS lists the EFS capabilities such a task definition requires.
        td["requiresAttributes"] += [{"name": "ecs.capability.efsAuth"}, {"name": "ecs.capability.efs"},
                                     {"name": "com.amazonaws.ecs.capability.docker-remote-api.1.25"}]
    td["status"] = "ACTIVE"
    td["registeredAt"] = iso(T0 - dt.timedelta(minutes=7, seconds=12))
    td["registeredBy"] = f"arn:aws:sts::{ACCOUNT}:assumed-role/demo-deployer/ci"


def fix_task(task: dict, spec: dict, ids: dict, subnets: dict) -> None:
    """Rebuilds what ECS reports for the seed task: platform 1.4.0 Fargate fields, an ENI
    address inside its subnet, and for a task that failed, the stop data ECS records."""
    task_id = ids["task-id"]
    task["taskArn"] = ids["task-arn"]
    subnet_id = next(d["value"] for d in task["attachments"][0]["details"] if d["name"] == "subnetId")
    host = 0x4b
    ip = ip_in_subnet(subnets[subnet_id]["CidrBlock"], host)
    az = subnets[subnet_id]["AvailabilityZone"]
    details = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}
    details["privateIPv4Address"] = ip
    details["privateDnsName"] = f"ip-{ip.replace('.', '-')}.{REGION}.compute.internal"
    details["macAddress"] = "0a:5c:3e:91:27:4d" if az.endswith("a") else "06:8f:2b:c4:d1:17"
    attachment = task["attachments"][0]
    attachment["details"] = [{"name": n, "value": details[n]} for n in
                             ["subnetId", "networkInterfaceId", "macAddress", "privateDnsName",
                              "privateIPv4Address"]]
    attachment["id"] = "7d4b2f1e-6a3c-4e8b-9f02-5c1d8e7a3b64"
    task["availabilityZone"] = az
    task["attributes"] = [{"name": "ecs.cpu-architecture", "value": "x86_64"}]
    task["cpu"] = "512"
    task["memory"] = "1024"
    task["enableExecuteCommand"] = False
    task["ephemeralStorage"] = {"sizeInGiB": 20}
    task["fargateEphemeralStorage"] = {"sizeInGiB": 20}
    task["group"] = f"service:{SERVICE}"
    task["healthStatus"] = "UNKNOWN"
    task["launchType"] = "FARGATE"
    task["platformVersion"] = spec["platform_version"]
    task["platformFamily"] = "Linux"
    task["startedBy"] = ids["deployment"]
    task["overrides"] = {"containerOverrides": [{"name": "app"}], "inferenceAcceleratorOverrides": []}
    task["tags"] = []
    task["createdAt"] = iso(T0)
    task["connectivity"] = "CONNECTED"
    task["connectivityAt"] = iso(T0 + dt.timedelta(seconds=9, milliseconds=411))
    for key in ["containerInstanceArn", "stoppedReason", "stopCode", "startedAt", "stoppingAt",
                "stoppedAt", "pullStartedAt", "pullStoppedAt", "executionStoppedAt"]:
        task.pop(key, None)
    public_ip = spec["assign_public_ip"] == "ENABLED"
    container = task["containers"][0]
    for key in ["exitCode", "reason", "cpu", "memoryReservation", "memory"]:
        container.pop(key, None)
    container.update({
        "containerArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:container/{CLUSTER}/{task_id}/"
                        "3f9c1a72-58e4-4b0d-a6c2-91e7d05b8f43",
        "taskArn": ids["task-arn"], "name": "app", "image": spec["image"] or image_uri(spec["image_tag"]),
        "networkInterfaces": [{"attachmentId": attachment["id"], "privateIpv4Address": ip}],
        "healthStatus": "UNKNOWN", "cpu": "0"})
    if spec["container_memory"]:
        # ECS reports the container's hard limit (MiB, as a string) when the task definition sets one.
        container["memory"] = str(spec["container_memory"])
    outcome = spec["outcome"]
    if outcome == "running":
        attachment["status"] = "ATTACHED"
        task.update({"lastStatus": "RUNNING", "desiredStatus": "RUNNING", "version": 3,
                     "pullStartedAt": iso(T0 + dt.timedelta(seconds=14, milliseconds=208)),
                     "pullStoppedAt": iso(T0 + dt.timedelta(seconds=27, milliseconds=655)),
                     "startedAt": iso(T0 + dt.timedelta(seconds=31, milliseconds=902))})
        container.update({"lastStatus": "RUNNING",
                          "imageDigest": "sha256:" + IMAGE_DIGEST,
                          "runtimeId": f"{task_id}-1582417604"})
    else:
        attachment["status"] = "DELETED"
        task.update({"lastStatus": "STOPPED", "desiredStatus": "STOPPED", "version": 5})
        if outcome == "container-exit":
            fix_stopped_after_start(task, container)
        elif outcome in CONTAINER_ENDINGS:
            fix_stopped_after_start(task, container)
            container.update(CONTAINER_ENDINGS[outcome])
        elif outcome == "health-check-failed":
            fix_stopped_after_start(task, container)
            # The scheduler replaces a target that failed its ELB health checks; the container got SIGTERM.
            task.update({"stopCode": "ServiceSchedulerInitiated",
                         "stoppedReason": f"Task failed ELB health checks in (target-group {ids['tg-arn']})"})
            container.update({"exitCode": 143})
        elif outcome == "container-health-check-failed":
            fix_stopped_after_start(task, container)
            # The container's health check failed `retries` times after its start period: the task is UNHEALTHY
            # and the scheduler replaces it (SIGTERM).
            task.update({"stopCode": "ServiceSchedulerInitiated", "healthStatus": "UNHEALTHY",
                         "stoppedReason": "Task failed container health checks"})
            container.update({"exitCode": 143, "healthStatus": "UNHEALTHY"})
        else:
            fix_stopped_before_start(task, container, outcome, ids)
    if public_ip and outcome == "running":
        pass


IMAGE_DIGEST = "4f1c9e2b7a6d3c5e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6"


def fix_stopped_before_start(task: dict, container: dict, outcome: str, ids: dict) -> None:
    """A task whose secrets could not be fetched never pulls or starts: ECS stops it with
    stopCode TaskFailedToStart and the agent's ResourceInitializationError; the container
    stays without exit code."""
    task.update({"stopCode": "TaskFailedToStart",
                 "stoppedReason": stop_reason(outcome, ids),
                 "stoppingAt": iso(T0 + dt.timedelta(minutes=1, seconds=11, milliseconds=386)),
                 "executionStoppedAt": iso(T0 + dt.timedelta(minutes=1, seconds=11, milliseconds=386)),
                 "stoppedAt": iso(T0 + dt.timedelta(minutes=1, seconds=24, milliseconds=902))})
    if outcome.startswith(("asm-denied", "ssm-denied", "asm-invalid", "ssm-invalid", "role-assume")):
        # Access denied and invalid references answer at once: the agent gives up after
        # one retry (or none); a role ECS cannot assume fails as early.
        for key, delta in [("stoppingAt", 12.204), ("executionStoppedAt", 12.204), ("stoppedAt", 25.617)]:
            task[key] = iso(T0 + dt.timedelta(seconds=delta))
    container.update({"lastStatus": "STOPPED"})


# How the app container ended in the after-start outcomes (exit code and the reason ECS records): killed by the
# kernel at its hard limit (AWS: "OutOfMemoryError: Container killed due to memory usage", exit 137), killed by
# SIGKILL without that reason, or the JVM stopping itself on heap exhaustion (-XX:+ExitOnOutOfMemoryError exits 3).
CONTAINER_ENDINGS = {
    "oom-killed": {"exitCode": 137, "reason": "OutOfMemoryError: Container killed due to memory usage"},
    "sigkill": {"exitCode": 137},
    "heap-exhausted": {"exitCode": 3},
    "job-finished": {"exitCode": 0},
}


def epoch_ms(t: dt.datetime) -> int:
    return int(t.timestamp() * 1000)


def fix_log_events(resp: dict) -> None:
    """moto stamps each event's ingestionTime with the wall clock and writes bare 56-digit tokens; CloudWatch Logs
    ingests awslogs events within a second or so of their timestamp and its tokens end in `/s`."""
    for index, event in enumerate(resp["events"]):
        event["ingestionTime"] = event["timestamp"] + 380 + 17 * (index % 7)
    for key in ["nextForwardToken", "nextBackwardToken"]:
        if key in resp and not resp[key].endswith("/s"):
            resp[key] = resp[key] + "/s"


def fix_stopped_after_start(task: dict, container: dict) -> None:
    """The application could not reach the database and exited 1: ECS records
    EssentialContainerExited and the container's exit code, without a container reason."""
    task.update({"stopCode": "EssentialContainerExited",
                 "stoppedReason": "Essential container in task exited",
                 "pullStartedAt": iso(T0 + dt.timedelta(seconds=14, milliseconds=208)),
                 "pullStoppedAt": iso(T0 + dt.timedelta(seconds=27, milliseconds=655)),
                 "startedAt": iso(STARTED_AT),
                 "stoppingAt": iso(T0 + dt.timedelta(seconds=63, milliseconds=117)),
                 "executionStoppedAt": iso(T0 + dt.timedelta(seconds=62, milliseconds=845)),
                 "stoppedAt": iso(STOPPED_AT)})
    container.update({"lastStatus": "STOPPED", "exitCode": 1,
                      "imageDigest": "sha256:" + IMAGE_DIGEST,
                      "runtimeId": f"{realistic_task_id(task['taskArn'])}-1582417604"})


# What ECS registers for an instance type (CPU units, MiB: the instance's memory less what the ECS-optimized AMI
# and the agent keep), as DescribeContainerInstances reports it for registeredResources.
REGISTERED_RESOURCES = {"t3.medium": (2048, 3704), "g4dn.xlarge": (4096, 15563)}

# The attributes the ECS agent (1.89) registers on an ECS-optimized Amazon Linux 2023 instance, besides
# ecs.ami-id, ecs.availability-zone, ecs.instance-type and ecs.os-type, which moto sets (ECS developer guide,
# "Amazon ECS container instance attributes"; the capabilities the seed task definition requires among them).
AGENT_ATTRIBUTES = [
    ("ecs.cpu-architecture", "x86_64"), ("ecs.os-family", "LINUX"),
    ("com.amazonaws.ecs.capability.logging-driver.awslogs", None), ("com.amazonaws.ecs.capability.ecr-auth", None),
    ("com.amazonaws.ecs.capability.docker-remote-api.1.18", None), ("com.amazonaws.ecs.capability.docker-remote-api.1.19", None),
    ("com.amazonaws.ecs.capability.docker-remote-api.1.25", None), ("com.amazonaws.ecs.capability.task-iam-role", None),
    ("ecs.capability.execution-role-awslogs", None), ("ecs.capability.execution-role-ecr-pull", None),
    ("ecs.capability.secrets.asm.environment-variables", None), ("ecs.capability.secrets.ssm.environment-variables", None),
    ("ecs.capability.task-eni", None), ("ecs.capability.efsAuth", None), ("ecs.capability.efs", None),
]


def fix_container_instances(resp: dict, capacity: dict, ids: dict) -> None:
    """moto registers every instance with 4096 CPU units and 7482 MiB left, agent 1.0.0, four attributes and no
    capacity provider; ECS reports what the instance has left after its running tasks, the agent's attributes
    and capabilities, and the capacity provider whose Auto Scaling group launched it."""
    instances = sorted(resp["containerInstances"], key=lambda ci: ci["ec2InstanceId"])
    cpu, registered_memory = REGISTERED_RESOURCES[capacity.get("instance_type", "t3.medium")]
    for index, (ci, memory) in enumerate(zip(instances, capacity["memory"])):
        for resources, free in [(ci["registeredResources"], None), (ci["remainingResources"], memory)]:
            for resource in resources:
                if resource["name"] == "CPU":
                    resource["integerValue"] = cpu if free is None else cpu - 512 * (1 if free < 3072 else 0)
                elif resource["name"] == "MEMORY":
                    resource["integerValue"] = registered_memory if free is None else free
            if capacity.get("gpus"):
                # The agent of the ECS GPU-optimized AMI registers each NVIDIA GPU's id (a string set); ECS
                # reports it under remainingResources too.
                gpu_ids = [f"GPU-{uuid.UUID(hashlib.md5((ci['ec2InstanceId'] + str(n)).encode()).hexdigest())}"
                           for n in range(capacity["gpus"])]
                resources.append({"name": "GPU", "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0,
                                  "integerValue": 0, "stringSetValue": gpu_ids})
        ci["runningTasksCount"] = 1 if memory < 3072 else 0
        if capacity.get("eni"):
            # Two awsvpc tasks of other services hold the t3.medium's two ENIs besides its primary one.
            ci["runningTasksCount"] = 2
            next(r for r in ci["remainingResources"] if r["name"] == "CPU")["integerValue"] = cpu - 1024
        ci["pendingTasksCount"] = 0
        ci["agentConnected"] = True
        ci["status"] = "ACTIVE"
        ci["registeredAt"] = iso(T0 - dt.timedelta(days=2, minutes=index * 3))
        ci["versionInfo"] = {"agentVersion": "1.89.2", "agentHash": "0d0c4ba4", "dockerVersion": "DockerVersion: 25.0.8"}
        ci["attachments"] = []
        ci["tags"] = []
        if capacity.get("provider"):
            ci["capacityProviderName"] = CAPACITY_PROVIDER
        names = {a["name"] for a in ci["attributes"]}
        ci["attributes"] = [a for a in ci["attributes"] if a["name"] != "ecs.os-type"] + [{"name": "ecs.os-type", "value": "linux"}]
        for name, value in AGENT_ATTRIBUTES + [("ecs.vpc-id", ids["vpc"]), ("ecs.subnet-id", ids["private-a"])]:
            if name not in names:
                ci["attributes"].append({"name": name, **({"value": value} if value else {})})
    resp["containerInstances"] = instances


def fix_capacity_providers(resp: dict) -> None:
    """ECS reports a provider's update status and tags; moto leaves them out."""
    for provider in resp["capacityProviders"]:
        provider.setdefault("updateStatus", "UPDATE_COMPLETE")
        provider.setdefault("tags", [])
        scaling = provider["autoScalingGroupProvider"]["managedScaling"]
        scaling.setdefault("minimumScalingStepSize", 1)
        scaling.setdefault("maximumScalingStepSize", 10000)
        scaling.setdefault("instanceWarmupPeriod", 300)


def fix_auto_scaling_groups(resp: dict) -> None:
    """The group's instances are InService and Healthy, as ECS registered them."""
    for group in resp["AutoScalingGroups"]:
        group["Instances"] = sorted(group["Instances"], key=lambda i: i["InstanceId"])
        for instance in group["Instances"]:
            instance.update({"LifecycleState": "InService", "HealthStatus": "Healthy"})
        group["CreatedTime"] = iso(T0 - dt.timedelta(days=2, minutes=5))


def fix_service_capacity(svc: dict, spec: dict, ids: dict) -> None:
    """A service on container instances: no platform version; moto drops the capacity provider strategy. ECS
    could not place its task and says so in the service's events."""
    capacity = spec["capacity"]
    for item in [svc, svc["deployments"][0]]:
        item.pop("platformVersion", None)
        item.pop("platformFamily", None)
        if capacity.get("provider"):
            item.pop("launchType", None)
            item["capacityProviderStrategy"] = [{"capacityProvider": CAPACITY_PROVIDER, "weight": 1, "base": 0}]
        else:
            item["launchType"] = "EC2"
    # distinctInstance: ECS placed one task on each instance before it ran out of instances.
    running = min(spec["desired_count"], len(capacity["memory"])) if capacity.get("distinct_instance") else 0
    svc.update({"runningCount": running, "pendingCount": 0})
    svc["deployments"][0].update({"runningCount": running, "pendingCount": 0, "failedTasks": 0,
                                  "rolloutState": "IN_PROGRESS",
                                  "rolloutStateReason": f"ECS deployment {ids['deployment']} in progress."})
    svc["placementConstraints"] = [{"type": "distinctInstance"}] if capacity.get("distinct_instance") else []
    svc["placementStrategy"] = []
    def closest(detail):
        return ("no container instance met all of its requirements. The closest matching (container-instance "
                f"{ids['closest-instance']}) {detail}. For more information, see the Troubleshooting section of the "
                "Amazon ECS Developer Guide.")
    reason = closest("has insufficient memory available")
    if capacity.get("member_of"):
        reason = closest('encountered error "MemberOf placement constraint unsatisfied."')
    elif capacity.get("distinct_instance"):
        reason = closest('encountered error "DistinctInstance placement constraint unsatisfied."')
    elif capacity.get("task_gpus"):
        reason = closest("has insufficient GPU available")
    elif capacity.get("eni"):
        reason = closest('encountered error "RESOURCE:ENI"')
    svc["events"] = [{"id": "8d0f3b6a-51c2-4e97-a4d8-2b7e9c1f6a03", "createdAt": iso(T0 + dt.timedelta(minutes=1)),
                      "message": f"(service {SERVICE}) was unable to place a task because {reason}"}]
    if capacity.get("eni") == "freed":
        # Tasks of another service stopped and gave their ENIs back: ECS placed the task.
        svc.update({"runningCount": 1})
        svc["deployments"][0].update({"runningCount": 1, "rolloutState": "COMPLETED",
                                      "rolloutStateReason": f"ECS deployment {ids['deployment']} completed."})
        svc["events"].insert(0, {"id": "2c9e4f17-6a3b-4d58-8e0c-5b1f7a9d3e62", "createdAt": iso(T0 + dt.timedelta(minutes=3)),
                                 "message": f"(service {SERVICE}) has reached a steady state."})


def fix_service(svc: dict, spec: dict, ids: dict) -> None:
    """moto leaves the service IN_PROGRESS with no events; ECS reports the deployment's
    outcome: steady state for a running task, failed tasks and start events otherwise."""
    dep = svc["deployments"][0]
    dep_id = ids["deployment"]
    task_id = ids["task-id"]
    stopped = spec["outcome"] != "running"
    svc["platformVersion"] = "LATEST" if spec["platform_version"] == "1.4.0" else spec["platform_version"]
    svc["platformFamily"] = "Linux"
    svc["createdAt"] = iso(T0 - dt.timedelta(minutes=6, seconds=2))
    svc["createdBy"] = f"arn:aws:iam::{ACCOUNT}:role/demo-deployer"
    if spec["service_linked_role"] == "shown":
        svc["roleArn"] = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
    else:
        svc.pop("roleArn", None)
    svc["deploymentConfiguration"] = {
        "deploymentCircuitBreaker": {"enable": False, "rollback": False},
        "maximumPercent": 200, "minimumHealthyPercent": 100}
    svc["enableECSManagedTags"] = False
    svc["enableExecuteCommand"] = False
    svc["healthCheckGracePeriodSeconds"] = spec["grace_period"]
    svc["availabilityZoneRebalancing"] = "ENABLED"
    dep.update({"platformVersion": spec["platform_version"], "platformFamily": "Linux", "desiredCount": spec["desired_count"],
                "createdAt": svc["createdAt"], "updatedAt": iso(T0 + dt.timedelta(minutes=1, seconds=30))})
    started = {"id": "0b6c1a9e-3f2d-4e7a-8c5b-1d9f0e2a7c34", "createdAt": iso(T0 + dt.timedelta(seconds=1)),
               "message": f"(service {SERVICE}) has started 1 tasks: (task {task_id})."}
    if stopped:
        svc.update({"runningCount": 0, "pendingCount": 0})
        dep.update({"runningCount": 0, "pendingCount": 0, "failedTasks": 1,
                    "rolloutState": "IN_PROGRESS",
                    "rolloutStateReason": f"ECS deployment {dep_id} in progress."})
        svc["events"] = [started]
        if spec["outcome"] == "health-check-failed" and spec["target_health"]:
            # ECS's own wording for a target the load balancer marked unhealthy, with the ALB's description.
            svc["events"].insert(0, {
                "id": "9a41c7e2-5b3d-4f80-b6e1-2d7c9f0a8e53", "createdAt": iso(STOPPED_AT - dt.timedelta(seconds=4)),
                "message": f"(service {SERVICE}) (port 8080) is unhealthy in (target-group {ids['tg-arn']}) due to "
                           f"(reason {spec['target_health'][1]})."})
        elif spec["outcome"] == "container-health-check-failed":
            svc["events"].insert(0, {
                "id": "4e8b2d61-0c7a-4f39-9d15-7a3e6b1c0f92", "createdAt": iso(STOPPED_AT - dt.timedelta(seconds=4)),
                "message": f"(service {SERVICE}) (task {task_id}) failed container health checks."})
    else:
        svc.update({"runningCount": 1, "pendingCount": 0})
        dep.update({"runningCount": 1, "pendingCount": 0, "failedTasks": 0,
                    "rolloutState": "COMPLETED",
                    "rolloutStateReason": f"ECS deployment {dep_id} completed."})
        svc["events"] = [
            {"id": "5e2d8c41-7b90-4f3a-a6d1-0c8e9b7f2a15", "createdAt": iso(T0 + dt.timedelta(minutes=1, seconds=30)),
             "message": f"(service {SERVICE}) has reached a steady state."},
            {"id": "c3a7e915-2d4b-4c68-b1f0-8e5a6d3c9b27", "createdAt": iso(T0 + dt.timedelta(minutes=1, seconds=29)),
             "message": f"(service {SERVICE}) (deployment {dep_id}) deployment completed."},
            started]
    if spec["capacity"]:
        fix_service_capacity(svc, spec, ids)
    if spec["placement_event"]:
        svc["events"] = placement_event(spec) + svc["events"]


def placement_event(spec: dict) -> list[dict]:
    """The service event of a task ECS could not place on Fargate (its newest)."""
    reason = {"fargate-capacity": "Capacity is unavailable at this time. Please try again later or in a different "
                                  "availability zone",
              "task-limit": "You've reached the limit on the number of tasks you can run concurrently"}[spec["placement_event"]]
    return [{"id": "4f1c9e2b-7a3d-4b6e-9c05-d2a8e6b31f7c", "createdAt": iso(T0 + dt.timedelta(minutes=4, seconds=12)),
             "message": f"(service {SERVICE}) was unable to place a task. Reason: {reason}. For more "
                        "information, see the Troubleshooting section of the Amazon ECS Developer Guide."}]


def fix_target_health(resp: dict, spec: dict, zone: str) -> None:
    """moto marks a registered target healthy without checking it and leaves out its zone; ELB reports the
    target unhealthy with the reason code and description of the failed checks."""
    reason, description = spec["target_health"]
    for target in resp["TargetHealthDescriptions"]:
        target["Target"]["AvailabilityZone"] = zone
        port = spec["tg_health_check_port"]
        target["HealthCheckPort"] = str(target["Target"]["Port"]) if port == "traffic-port" else port
        target["TargetHealth"] = {"State": "unhealthy", "Reason": reason, "Description": description}
        target.pop("AnomalyDetection", None)
        target.pop("AdministrativeOverride", None)


def fix_vpc_endpoints(resp: dict, ids: dict) -> None:
    """moto gives interface endpoints no DNS names; AWS lists the regional and zonal
    vpce-... names and, with private DNS on, the service's own name. Default endpoint
    policies are the ones AWS writes (full access) and every endpoint is available."""
    for ep in resp["VpcEndpoints"]:
        ep["State"] = "available"
        ep["OwnerId"] = ACCOUNT
        ep["RequesterManaged"] = False
        service = ep["ServiceName"].split(f"com.amazonaws.{REGION}.", 1)[1]
        if ep["VpcEndpointType"] == "Gateway":
            ep["PolicyDocument"] = ('{"Version":"2008-10-17","Statement":[{"Effect":"Allow",'
                                    '"Principal":"*","Action":"*","Resource":"*"}]}')
            ep["SubnetIds"] = []
            ep["Groups"] = []
            ep["NetworkInterfaceIds"] = []
            ep["DnsEntries"] = []
            ep["PrivateDnsEnabled"] = False
            ep["IpAddressType"] = "ipv4"
            continue
        if ep["VpcEndpointId"] != ids.get("custom-policy-vpce"):
            ep["PolicyDocument"] = ('{\n  "Statement": [\n    {\n      "Action": "*", \n      "Effect": "Allow", \n'
                                    '      "Principal": "*", \n      "Resource": "*"\n    }\n  ]\n}')
        ep["IpAddressType"] = "ipv4"
        ep["DnsOptions"] = {"DnsRecordIpType": "ipv4"}
        suffix = hashlib.sha256(ep["VpcEndpointId"].encode()).hexdigest()[:8]
        name = vpce_dns_name(ep["VpcEndpointId"], service)
        entries = [{"DnsName": name, "HostedZoneId": VPCE_ZONE}]
        for az in ["ap-northeast-2a", "ap-northeast-2c"]:
            entries.append({"DnsName": f"{ep['VpcEndpointId']}-{suffix}-{az}.{service}.{REGION}.vpce.amazonaws.com",
                            "HostedZoneId": "Z27UANNT0PRK1T"})
        if ep["PrivateDnsEnabled"]:
            host = {"ecr.api": "api.ecr", "ecr.dkr": "dkr.ecr"}.get(service, service)
            entries.append({"DnsName": f"{host}.{REGION}.amazonaws.com", "HostedZoneId": "Z0482793QDYF9N8XHJ3F"})
            if service == "ecr.dkr":
                entries.append({"DnsName": f"*.dkr.ecr.{REGION}.amazonaws.com",
                                "HostedZoneId": "Z0482793QDYF9N8XHJ3F"})
        ep["DnsEntries"] = entries


def vpce_dns_name(endpoint_id: str, service: str) -> str:
    """An interface endpoint's regional DNS name: its id, a stable suffix, the service, the region."""
    suffix = hashlib.sha256(endpoint_id.encode()).hexdigest()[:8]
    return f"{endpoint_id}-{suffix}.{service}.{REGION}.vpce.amazonaws.com"


def zone_id(moto_id: str) -> str:
    """AWS hosted zone ids start with Z (Z04719322C5V1SZ0QJPZL); moto's are bare random characters."""
    return "Z" + moto_id.rsplit("/", 1)[-1]


def fix_hosted_zones_by_vpc(resp: dict) -> None:
    """AWS names each zone by its Z... id and its owning account; moto gives neither."""
    for zone in resp["HostedZoneSummaries"]:
        zone["HostedZoneId"] = zone_id(zone["HostedZoneId"])
        zone["Owner"] = {"OwningAccount": ACCOUNT}


def fix_resource_record_sets(resp: dict) -> None:
    """AWS writes names, alias targets and NS values fully qualified (with the final dot), gives alias
    records no TTL, and shows the zone's SOA value as text (moto prints a Python dict). The CLI pages
    through the records itself and prints no IsTruncated or MaxItems."""
    resp.pop("IsTruncated", None)
    resp.pop("MaxItems", None)
    for record in resp["ResourceRecordSets"]:
        if not record["Name"].endswith("."):
            record["Name"] += "."
        alias = record.get("AliasTarget")
        if alias:
            record.pop("TTL", None)
            if not alias["DNSName"].endswith("."):
                alias["DNSName"] += "."
        if record["Type"] == "NS":
            for value in record["ResourceRecords"]:
                value["Value"] = value["Value"].rstrip(".") + "."
        if record["Type"] == "SOA":
            record["ResourceRecords"] = [{"Value": "ns-2048.awsdns-64.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]


def fix_network_acls(resp: dict) -> None:
    """Every AWS network ACL ends with the unchangeable rule * (32767) denying all traffic in
    each direction; moto shows it only on the default ACL."""
    for acl in resp["NetworkAcls"]:
        for egress in [True, False]:
            if not any(e["RuleNumber"] == 32767 and e["Egress"] == egress for e in acl["Entries"]):
                acl["Entries"].append({"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1",
                                       "RuleAction": "deny", "RuleNumber": 32767})
        acl["Entries"].sort(key=lambda e: (not e["Egress"], e["RuleNumber"]))


def fix_route_tables(resp: dict, ids: dict) -> None:
    """AWS shows the S3 gateway endpoint's prefix-list route in the route tables it is
    associated with; moto does not add it."""
    for rt in resp["RouteTables"]:
        if rt["RouteTableId"] == ids["rtb-private"] and "vpce-s3" in ids:
            if not any(r.get("DestinationPrefixListId") for r in rt["Routes"]):
                rt["Routes"].append({"DestinationPrefixListId": S3_PREFIX_LIST,
                                     "GatewayId": ids["vpce-s3"], "Origin": "CreateRoute",
                                     "State": "active"})
        for r in rt["Routes"]:
            if r.get("DestinationPrefixListId"):
                r["DestinationPrefixListId"] = S3_PREFIX_LIST
        rt["OwnerId"] = ACCOUNT


def fix_network_interfaces(resp: dict, spec: dict, ids: dict, subnets: dict, endpoints: dict,
                           nats: dict) -> None:
    """Fargate deletes a stopped task's ENI, so only the endpoints' (and NAT's) remain.
    The running task's ENI carries the address ECS reported, is requester-managed by ECS,
    and has a public IP in its association when assignPublicIp is ENABLED. moto gives
    endpoint ENIs no description, the VPC's default SG and an address outside their
    subnet; AWS gives them the endpoint's SGs and an address inside the subnet."""
    endpoint_enis = {eni: ep for ep in endpoints["VpcEndpoints"] for eni in ep["NetworkInterfaceIds"]}
    nat_enis = {a["NetworkInterfaceId"]: nat for nat in nats["NatGateways"]
                for a in nat.get("NatGatewayAddresses", [])}
    keep = []
    for eni in resp["NetworkInterfaces"]:
        eni["OwnerId"] = ACCOUNT
        subnet = subnets.get(eni["SubnetId"])
        if eni.get("Description") == "moto ECS":
            if spec["outcome"] != "running":
                continue
            ip = ip_in_subnet(subnet["CidrBlock"], 0x4b)
            eni.update({"Description": "arn:aws:ecs:%s:%s:attachment/7d4b2f1e-6a3c-4e8b-9f02-5c1d8e7a3b64"
                                       % (REGION, ACCOUNT),
                        "InterfaceType": "interface", "RequesterId": "578734482556",
                        "RequesterManaged": True, "PrivateIpAddress": ip,
                        "PrivateDnsName": f"ip-{ip.replace('.', '-')}.{REGION}.compute.internal",
                        "MacAddress": "0a:5c:3e:91:27:4d"})
            eni["PrivateIpAddresses"] = [{"Primary": True, "PrivateIpAddress": ip,
                                          "PrivateDnsName": eni["PrivateDnsName"]}]
            eni["Attachment"] = {"AttachTime": iso(T0.astimezone(dt.timezone.utc) + dt.timedelta(seconds=3)),
                                 "AttachmentId": "eni-attach-0d3f7a9c21b5e8460",
                                 "DeleteOnTermination": False, "DeviceIndex": 1,
                                 "NetworkCardIndex": 0, "InstanceOwnerId": "amazon-aws",
                                 "Status": "attached"}
            if spec["assign_public_ip"] == "ENABLED":
                assoc = {"IpOwnerId": "amazon",
                         "PublicDnsName": f"ec2-3-39-152-41.{REGION}.compute.amazonaws.com",
                         "PublicIp": "3.39.152.41"}
                eni["Association"] = assoc
                eni["PrivateIpAddresses"][0]["Association"] = assoc
        elif eni["NetworkInterfaceId"] in endpoint_enis:
            ep = endpoint_enis[eni["NetworkInterfaceId"]]
            host = 16 + int(hashlib.sha256(eni["NetworkInterfaceId"].encode()).hexdigest(), 16) % 200
            ip = ip_in_subnet(subnet["CidrBlock"], host if host != 0x4b else host + 1)
            dns = f"ip-{ip.replace('.', '-')}.{REGION}.compute.internal"
            eni.update({"Description": f"VPC Endpoint Interface {ep['VpcEndpointId']}",
                        "Groups": ep["Groups"], "InterfaceType": "vpc_endpoint",
                        "RequesterId": "920771305447", "RequesterManaged": True,
                        "Status": "in-use", "PrivateIpAddress": ip, "PrivateDnsName": dns,
                        "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip,
                                                "PrivateDnsName": dns}]})
        elif eni["NetworkInterfaceId"] in nat_enis:
            nat = nat_enis[eni["NetworkInterfaceId"]]
            dns = f"ip-{NAT_PRIVATE_IP.replace('.', '-')}.{REGION}.compute.internal"
            assoc = {"AllocationId": eni["Association"]["AllocationId"],
                     "AssociationId": eni["Association"]["AssociationId"],
                     "IpOwnerId": ACCOUNT,
                     "PublicDnsName": f"ec2-{NAT_PUBLIC_IP.replace('.', '-')}.{REGION}.compute.amazonaws.com",
                     "PublicIp": NAT_PUBLIC_IP}
            eni.update({"Association": assoc, "Description": f"Interface for NAT Gateway {nat['NatGatewayId']}",
                        "Groups": [], "InterfaceType": "nat_gateway", "RequesterId": "036872051663",
                        "RequesterManaged": True, "SourceDestCheck": False, "Status": "in-use",
                        "PrivateIpAddress": NAT_PRIVATE_IP, "PrivateDnsName": dns,
                        "PrivateIpAddresses": [{"Association": assoc, "Primary": True,
                                                "PrivateDnsName": dns, "PrivateIpAddress": NAT_PRIVATE_IP}]})
        keep.append(eni)
    resp["NetworkInterfaces"] = keep


def fix_subnet_free_addresses(subnets: dict, enis: dict) -> None:
    """AWS reserves 5 addresses per subnet and counts each ENI's address as used; moto
    also counts the deleted task ENI."""
    for sn in subnets.values():
        size = ipaddress.ip_network(sn["CidrBlock"]).num_addresses
        used = sum(1 for e in enis["NetworkInterfaces"] if e["SubnetId"] == sn["SubnetId"])
        sn["AvailableIpAddressCount"] = size - 5 - used


NAT_PUBLIC_IP = "3.38.122.17"
NAT_PRIVATE_IP = "10.0.101.37"


def fix_nat_gateways(resp: dict) -> None:
    """A NAT gateway a minute after creation is available; its Elastic IP is a public
    address (moto hands out 127.x) and its private address lies in its subnet."""
    for nat in resp["NatGateways"]:
        nat["State"] = "available"
        nat["ConnectivityType"] = "public"
        for addr in nat.get("NatGatewayAddresses", []):
            addr["IsPrimary"] = True
            addr["Status"] = "succeeded"
            addr["PrivateIp"] = NAT_PRIVATE_IP
            addr["PublicIp"] = NAT_PUBLIC_IP


def fix_secret(resp: dict, spec: dict, ids: dict) -> None:
    """DescribeSecret omits KmsKeyId when the secret uses the AWS managed key
    aws/secretsmanager (Secrets Manager API reference, DescribeSecret)."""
    if not spec["cmk"]:
        resp.pop("KmsKeyId", None)
    else:
        resp["KmsKeyId"] = cmk_reference(spec, ids)
    resp["RotationEnabled"] = True
    resp["RotationRules"] = {"AutomaticallyAfterDays": 7, "ScheduleExpression": "rate(7 days)"}
    resp["OwningService"] = "rds"
    resp.pop("DeletedDate", None)


def fix_registry_secret(resp: dict) -> None:
    """A secret a user created: no KmsKeyId under the AWS managed key aws/secretsmanager (Secrets Manager API
    reference, DescribeSecret), no rotation, no owning service."""
    for key in ["KmsKeyId", "DeletedDate", "OwningService"]:
        resp.pop(key, None)
    resp["RotationEnabled"] = False


def fix_resource_policy(resp: dict) -> None:
    """GetResourcePolicy on a secret without a policy returns only ARN and Name."""
    if not resp.get("ResourcePolicy"):
        resp.pop("ResourcePolicy", None)


def fix_key_metadata(resp: dict) -> None:
    """DescribeKey reports MultiRegion for every key; moto omits it."""
    resp["KeyMetadata"]["MultiRegion"] = False


def fix_aws_managed_key(resp: dict, alias: str) -> None:
    """AWS managed keys (aws/secretsmanager, aws/ssm) are KeyManager AWS; moto can only
    create customer managed keys."""
    meta = resp["KeyMetadata"]
    meta["KeyManager"] = "AWS"
    meta["Origin"] = "AWS_KMS"
    meta["Description"] = ("Default key that protects my Secrets Manager data when no other key is defined"
                           if alias == "aws/secretsmanager"
                           else "Default key that protects my SSM parameters when no other key is defined")
    meta["AWSAccountId"] = ACCOUNT
    fix_key_metadata(resp)


def fix_db_cluster(resp: dict, ids: dict) -> None:
    """The seed cluster is available, with the documented endpoint, its security group
    active, and its master user secret active (moto leaves it 'creating')."""
    c = resp["DBClusters"][0]
    c["Status"] = "available"
    c["Endpoint"] = DB_HOST
    c["ReaderEndpoint"] = DB_HOST.replace(".cluster-", ".cluster-ro-")
    c["DBClusterParameterGroup"] = "default.aurora-postgresql15"
    c["HostedZoneId"] = "ZLA2NUCOLGUUR"
    c["VpcSecurityGroups"] = [{"VpcSecurityGroupId": ids["sg-aurora"], "Status": "active"}]
    c["MasterUserSecret"]["SecretStatus"] = "active"
    c["DBClusterMembers"] = [{"DBInstanceIdentifier": "demo-aurora-instance-1", "IsClusterWriter": True,
                              "DBClusterParameterGroupStatus": "in-sync", "PromotionTier": 1}]
    c["DatabaseName"] = "app"
    c["AvailabilityZones"] = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"]
    c["KmsKeyId"] = RDS_STORAGE_KEY
    c["StorageType"] = "aurora"


def fix_db_instances(resp: dict) -> None:
    """An available Aurora writer instance in ap-northeast-2a."""
    for i in resp["DBInstances"]:
        i["DBInstanceStatus"] = "available"
        i["Endpoint"] = {"Address": f"demo-aurora-instance-1.c1a2b3c4d5e6.{REGION}.rds.amazonaws.com",
                         "Port": 5432, "HostedZoneId": "ZLA2NUCOLGUUR"}
        i["PubliclyAccessible"] = False
        i["KmsKeyId"] = RDS_STORAGE_KEY


def fix_prefix_lists(resp: dict) -> None:
    """Keep the S3 managed prefix list of ap-northeast-2 with (a subset of) its real CIDRs."""
    resp["PrefixLists"] = [{"PrefixListId": S3_PREFIX_LIST, "PrefixListName": f"com.amazonaws.{REGION}.s3",
                            "Cidrs": S3_PREFIX_LIST_CIDRS}]


def fix_managed_policy(resp: dict, attachments: int) -> None:
    """AWS managed policies report their real id and the account's attachment count."""
    resp["Policy"]["PolicyId"] = "ANPAJG4T4G4PV56DE72PY"
    resp["Policy"]["AttachmentCount"] = attachments
    resp["Policy"]["Description"] = ("Provides access to other AWS service resources that are "
                                     "required to run Amazon ECS tasks")
    resp["Policy"]["CreateDate"] = "2017-11-16T18:48:22+00:00"
    resp["Policy"]["UpdateDate"] = "2017-11-16T18:48:22+00:00"
    resp["Policy"].pop("Tags", None)


def fix_customer_policy_counts(resp: dict, boundary: bool) -> None:
    """GetPolicy counts attachments and permissions-boundary uses; moto counts neither
    for a boundary and drops PermissionsBoundaryUsageCount."""
    resp["Policy"]["AttachmentCount"] = 0 if boundary else 1
    resp["Policy"]["PermissionsBoundaryUsageCount"] = 1 if boundary else 0


def fix_managed_policy_document(resp: dict) -> None:
    """The stored document of AmazonECSTaskExecutionRolePolicy v1, in AWS's key order
    (ECS developer guide, "Amazon ECS task execution IAM role")."""
    doc = resp["PolicyVersion"]["Document"]
    resp["PolicyVersion"]["Document"] = {"Version": doc["Version"], "Statement": [
        {"Effect": s["Effect"], "Action": s["Action"], "Resource": s["Resource"]} for s in doc["Statement"]]}
    resp["PolicyVersion"]["CreateDate"] = "2017-11-16T18:48:22+00:00"


def fix_readwrite_policy(policy: dict, version: dict) -> None:
    """SecretsManagerReadWrite as IAM serves it today: version v6 (2026-08-25, adds the
    CloudFormationTagOnCreate statement; moto ships v5), its description and dates. The
    document is the one the MAMIP tracker (zoph-io/MAMIP, policies/SecretsManagerReadWrite)
    recorded for v6; v1-v5 are on the AWS managed policy reference page. The PolicyId is
    a fixed stand-in: the real id was not found in a public source."""
    p = policy["Policy"]
    p["PolicyId"] = "ANPAJ7KMQ3XSV2HL4RY6E"
    p["DefaultVersionId"] = "v6"
    p["AttachmentCount"] = 1
    p["Description"] = ("Provides read/write access to AWS Secrets Manager via the AWS Management Console. "
                        "Note: this exludes IAM actions, so combine with IAMFullAccess if rotation "
                        "configuration is required.")
    p["CreateDate"] = "2018-04-04T18:05:29+00:00"
    p["UpdateDate"] = "2026-08-25T23:37:10+00:00"
    p.pop("Tags", None)
    p.pop("PermissionsBoundaryUsageCount", None)
    version["PolicyVersion"] = {"Document": READWRITE_V6, "VersionId": "v6", "IsDefaultVersion": True,
                                "CreateDate": "2026-08-25T23:37:10+00:00"}


READWRITE_V6 = {"Version": "2012-10-17", "Statement": [
    {"Sid": "BasePermissions", "Effect": "Allow", "Action": [
        "secretsmanager:*", "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet",
        "cloudformation:DescribeStackResource", "cloudformation:DescribeStacks",
        "cloudformation:ExecuteChangeSet", "docdb-elastic:GetCluster", "docdb-elastic:ListClusters",
        "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "kms:DescribeKey",
        "kms:ListAliases", "kms:ListKeys", "lambda:ListFunctions", "rds:DescribeDBClusters",
        "rds:DescribeDBInstances", "redshift:DescribeClusters", "redshift-serverless:ListWorkgroups",
        "redshift-serverless:GetNamespace", "tag:GetResources"], "Resource": "*"},
    {"Sid": "LambdaPermissions", "Effect": "Allow", "Action": [
        "lambda:AddPermission", "lambda:CreateFunction", "lambda:GetFunction", "lambda:InvokeFunction",
        "lambda:UpdateFunctionConfiguration"], "Resource": "arn:aws:lambda:*:*:function:SecretsManager*"},
    {"Sid": "SARPermissions", "Effect": "Allow", "Action": [
        "serverlessrepo:CreateCloudFormationChangeSet", "serverlessrepo:GetApplication"],
     "Resource": "arn:aws:serverlessrepo:*:*:applications/SecretsManager*"},
    {"Sid": "S3Permissions", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [
        "arn:aws:s3:::awsserverlessrepo-changesets*", "arn:aws:s3:::secrets-manager-rotation-apps-*/*"]},
    {"Sid": "CloudFormationTagOnCreate", "Effect": "Allow", "Action": [
        "cloudformation:TagResource", "cloudformation:UntagResource"], "Resource": "*",
     "Condition": {"StringEquals": {"cloudformation:CreateAction": ["CreateChangeSet", "ExecuteChangeSet"]}}}]}


def fix_caller_identity(resp: dict) -> None:
    """Whoever recorded the snapshot: an SSO-style assumed role rather than moto's user."""
    resp["UserId"] = "AROAYQX5EXAMPLE7KQ4ZB:operator"
    resp["Arn"] = f"arn:aws:sts::{ACCOUNT}:assumed-role/demo-operator/operator"


def fix_describe_parameters(resp: dict, spec: dict, ids: dict) -> None:
    """SecureString parameters encrypted with the AWS managed key show KeyId alias/aws/ssm; with a
    CMK, the key as it was named when the parameter was put."""
    for p in resp["Parameters"]:
        p["KeyId"] = cmk_reference(spec, ids) if spec["cmk"] else "alias/aws/ssm"
        p["Tier"] = "Standard"
        p["Policies"] = []
        p["DataType"] = "text"
        p["LastModifiedUser"] = f"arn:aws:sts::{ACCOUNT}:assumed-role/demo-deployer/ci"


def fix_log_groups(resp: dict) -> None:
    """creationTime is epoch milliseconds (a number, not a timestamp), so it escapes the
    timestamp fixing: pin it to the capture's creation instant."""
    for g in resp["logGroups"]:
        g["creationTime"] = int(CREATED.timestamp() * 1000) + 481
        g.setdefault("logGroupClass", "STANDARD")


def fix_ecr_images(resp: dict) -> None:
    """The pushed image's real digest and size as ECR reports them."""
    for img in resp["imageDetails"]:
        img["imageDigest"] = "sha256:" + IMAGE_DIGEST
        img["imageSizeInBytes"] = 48213877
        img["imageManifestMediaType"] = IMAGE_MANIFEST["mediaType"]
        img["artifactMediaType"] = IMAGE_MANIFEST["config"]["mediaType"]
        img["registryId"] = ACCOUNT


# The manifest media types ecs-medic accepts from ecr batch-get-image (OperationCatalog.batchGetImage).
MANIFEST_MEDIA_TYPES = ["application/vnd.oci.image.index.v1+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json",
                        "application/vnd.oci.image.manifest.v1+json",
                        "application/vnd.docker.distribution.manifest.v2+json"]


def platform_members(platform: str) -> dict:
    """"linux/arm64/v8" as an image configuration's (or an index entry's platform's) members; a Windows image's
    configuration names its build too ("windows/amd64@10.0.20348.2582": os.version)."""
    platform, _, version = platform.partition("@")
    parts = platform.split("/")
    return {"architecture": parts[1], "os": parts[0], **({"variant": parts[2]} if len(parts) > 2 else {}),
            **({"os.version": version} if version else {})}


def image_index(platforms: list[str]) -> dict:
    """An OCI image index as `docker buildx build --platform ...` pushes it: one manifest per platform, and
    BuildKit's attestation manifest (platform unknown/unknown) for each."""
    manifests = []
    for number, platform in enumerate(platforms):
        digest = hashlib.sha256(f"demo-app:1.4.2 {platform}".encode()).hexdigest()
        entry = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1608 + number,
                 "digest": f"sha256:{digest}", "platform": platform_members(platform)}
        if platform == "unknown/unknown":
            entry["annotations"] = {"vnd.docker.reference.digest": manifests[0]["digest"],
                                    "vnd.docker.reference.type": "attestation-manifest"}
        manifests.append(entry)
    return {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests}


def image_manifest_text(spec: dict) -> str:
    return json.dumps(image_index(spec["image_index"]) if spec["image_index"] else IMAGE_MANIFEST)


def fix_batch_get_image(resp: dict, spec: dict) -> None:
    """The image's digest as describe-images shows it (fix_ecr_images) and the media type ECR stores."""
    document = json.loads(image_manifest_text(spec))
    for img in resp["images"]:
        img["imageId"]["imageDigest"] = "sha256:" + IMAGE_DIGEST
        img["imageManifestMediaType"] = document["mediaType"]
        img["registryId"] = ACCOUNT
    resp.pop("ResponseMetadata", None)


# --------------------------------------------------------------------------- dump

class Dumper:
    def __init__(self, build: Build, folder: Path) -> None:
        self.b = build
        self.folder = folder
        self.c = build.c

    def write(self, service: str, operation: str, label: str | None, response: dict) -> None:
        op_file = _MODEL.get_service_model(service).operation_model(operation)
        kebab = botocore.xform_name(op_file.name, "-")
        name = f"{service}-{kebab}" + (f"--{label}" if label else "") + ".json"
        (self.folder / name).write_text(cli_json(service, operation, response))

    def capacity(self, capacity: dict) -> None:
        """The cluster's container instances and, with a capacity provider, the provider and its Auto Scaling group."""
        ecs, ids = self.c["ecs"], self.b.ids
        listed = ecs.list_container_instances(cluster=CLUSTER)
        self.write("ecs", "ListContainerInstances", None, listed)
        described = ecs.describe_container_instances(cluster=CLUSTER, containerInstances=listed["containerInstanceArns"])
        fix_container_instances(described, capacity, ids)
        self.write("ecs", "DescribeContainerInstances", None, described)
        if capacity.get("provider"):
            providers = ecs.describe_capacity_providers(capacityProviders=[CAPACITY_PROVIDER])
            fix_capacity_providers(providers)
            self.write("ecs", "DescribeCapacityProviders", None, providers)
            groups = self.c["autoscaling"].describe_auto_scaling_groups(AutoScalingGroupNames=[ASG_NAME])
            fix_auto_scaling_groups(groups)
            self.write("autoscaling", "DescribeAutoScalingGroups", None, groups)

    def run(self) -> None:
        b, c, s, ids = self.b, self.c, self.b.spec, self.b.ids
        vpc_filter = [{"Name": "vpc-id", "Values": [ids["vpc"]]}]
        ec2 = c["ec2"]

        sts = c["sts"].get_caller_identity()
        fix_caller_identity(sts)
        self.write("sts", "GetCallerIdentity", None, sts)

        # ECS
        ids["task-id"] = realistic_task_id(ids["task-arn"])
        ids["task-arn-real"] = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{CLUSTER}/{ids['task-id']}"
        ids["request-id"] = str(uuid.UUID(hashlib.md5(ids["task-id"].encode()).hexdigest(), version=4))
        svc = c["ecs"].describe_services(cluster=CLUSTER, services=[SERVICE])
        fix_service(svc["services"][0], s, ids)
        self.write("ecs", "DescribeServices", None, svc)
        status = "RUNNING" if s["outcome"] == "running" else "STOPPED"
        tasks = c["ecs"].list_tasks(cluster=CLUSTER, serviceName=SERVICE, desiredStatus=status)
        if not tasks["taskArns"]:
            tasks = c["ecs"].list_tasks(cluster=CLUSTER)
        tasks["taskArns"] = [] if s["aged_out"] else [ids["task-arn-real"]]
        self.write("ecs", "ListTasks", None, tasks)
        desc = c["ecs"].describe_tasks(cluster=CLUSTER, tasks=[ids["task-arn"]])
        subnets = {sn["SubnetId"]: sn for sn in ec2.describe_subnets(Filters=vpc_filter)["Subnets"]}
        ids_for_task = dict(ids, **{"task-arn": ids["task-arn-real"]})
        fix_task(desc["tasks"][0], s, ids_for_task, subnets)
        if not s["aged_out"]:
            self.write("ecs", "DescribeTasks", None, desc)
        td = c["ecs"].describe_task_definition(taskDefinition="demo-app:1", include=["TAGS"])
        td.setdefault("tags", [])
        fix_task_definition_container_memory(td["taskDefinition"])
        fix_task_definition_shape(td["taskDefinition"])
        self.write("ecs", "DescribeTaskDefinition", None, td)
        if s["capacity"]:
            self.capacity(s["capacity"])

        # EC2
        self.write("ec2", "DescribeVpcs", None, ec2.describe_vpcs(VpcIds=[ids["vpc"]]))
        for attr in ["enableDnsSupport", "enableDnsHostnames"]:
            self.write("ec2", "DescribeVpcAttribute", attr,
                       ec2.describe_vpc_attribute(VpcId=ids["vpc"], Attribute=attr))
        rts = ec2.describe_route_tables(Filters=vpc_filter)
        fix_route_tables(rts, ids)
        self.write("ec2", "DescribeRouteTables", None, rts)
        eps = ec2.describe_vpc_endpoints(Filters=vpc_filter)
        fix_vpc_endpoints(eps, ids)
        self.write("ec2", "DescribeVpcEndpoints", None, eps)
        self.write("ec2", "DescribeSecurityGroups", None, ec2.describe_security_groups(Filters=vpc_filter))
        acls = ec2.describe_network_acls(Filters=vpc_filter)
        fix_network_acls(acls)
        self.write("ec2", "DescribeNetworkAcls", None, acls)
        nats = ec2.describe_nat_gateways(Filters=vpc_filter)
        fix_nat_gateways(nats)
        self.write("ec2", "DescribeNatGateways", None, nats)
        self.write("ec2", "DescribeInternetGateways", None, ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [ids["vpc"]]}]))
        enis = ec2.describe_network_interfaces(Filters=vpc_filter)
        fix_network_interfaces(enis, s, ids, subnets, eps, nats)
        fix_subnet_free_addresses(subnets, enis)
        self.write("ec2", "DescribeNetworkInterfaces", None, enis)
        self.write("ec2", "DescribeSubnets", None, {"Subnets": sorted(
            subnets.values(), key=lambda sn: ipaddress.ip_network(sn["CidrBlock"]))})
        dopt = ec2.describe_vpcs(VpcIds=[ids["vpc"]])["Vpcs"][0]["DhcpOptionsId"]
        self.write("ec2", "DescribeDhcpOptions", None, ec2.describe_dhcp_options(DhcpOptionsIds=[dopt]))
        pls = ec2.describe_prefix_lists()
        fix_prefix_lists(pls)
        self.write("ec2", "DescribePrefixLists", None, pls)
        if s["private_zone"]:
            r53 = c["route53"]
            zones = r53.list_hosted_zones_by_vpc(VPCId=ids["vpc"], VPCRegion=REGION)
            fix_hosted_zones_by_vpc(zones)
            self.write("route53", "ListHostedZonesByVPC", fix_ec2_id_shape(ids["vpc"]), zones)
            records = r53.list_resource_record_sets(HostedZoneId=ids["phz"])
            fix_resource_record_sets(records)
            self.write("route53", "ListResourceRecordSets", zone_id(ids["phz"]), records)

        # Secrets Manager, SSM, KMS
        self.secret(ids["secret-name-moto"], ids["secret-name"], lambda described: fix_secret(described, s, ids))
        if s["registry_credentials"]:
            self.secret(ids["registry-secret-arn"].replace(ACCOUNT, MOTO_ACCOUNT), REGISTRY_SECRET, fix_registry_secret)
        if s["secret_source"] == "ssm":
            params = c["ssm"].describe_parameters(ParameterFilters=[
                {"Key": "Name", "Values": PARAMETERS}])
            fix_describe_parameters(params, s, ids)
            self.write("ssm", "DescribeParameters", None, params)
            key = c["kms"].describe_key(KeyId=ids["key-aws-ssm"])
            fix_aws_managed_key(key, "aws/ssm")
            self.write("kms", "DescribeKey", ids["key-aws-ssm"], key)
        if s["cmk"]:
            key = c["kms"].describe_key(KeyId=ids["key-cmk"])
            fix_key_metadata(key)
            self.write("kms", "DescribeKey", ids["key-cmk"], key)
            self.write("kms", "GetKeyPolicy", ids["key-cmk"],
                       c["kms"].get_key_policy(KeyId=ids["key-cmk"], PolicyName="default"))
            if s["cmk_ref"] != "key":
                # Named by its alias: the folder resolves it through the account's aliases.
                self.write("kms", "ListAliases", None, c["kms"].list_aliases(KeyId=ids["key-cmk"]))
        else:
            key = c["kms"].describe_key(KeyId=ids["key-aws-sm"])
            fix_aws_managed_key(key, "aws/secretsmanager")
            self.write("kms", "DescribeKey", ids["key-aws-sm"], key)

        # RDS
        clusters = c["rds"].describe_db_clusters(DBClusterIdentifier="demo-aurora-cluster")
        fix_db_cluster(clusters, ids)
        self.write("rds", "DescribeDBClusters", None, clusters)
        instances = c["rds"].describe_db_instances()
        fix_db_instances(instances)
        self.write("rds", "DescribeDBInstances", None, instances)

        # IAM
        iam = c["iam"]
        policies_seen: dict[str, str] = {}
        if s["service_linked_role"] == "present":
            self.write("iam", "GetRole", "AWSServiceRoleForECS", iam.get_role(RoleName="AWSServiceRoleForECS"))
        elif s["service_linked_role"] == "missing":
            (self.folder / "iam-get-role--AWSServiceRoleForECS.json").write_text(json.dumps({"Error": {
                "Code": "NoSuchEntity",
                "Message": "The role with name AWSServiceRoleForECS cannot be found."}}, indent=4) + "\n")
        for role in [EXEC_ROLE, TASK_ROLE]:
            self.write("iam", "GetRole", role, iam.get_role(RoleName=role))
            inline = iam.list_role_policies(RoleName=role)
            self.write("iam", "ListRolePolicies", role, inline)
            for pname in inline["PolicyNames"]:
                self.write("iam", "GetRolePolicy", f"{role}--{pname}",
                           iam.get_role_policy(RoleName=role, PolicyName=pname))
            attached = iam.list_attached_role_policies(RoleName=role)
            self.write("iam", "ListAttachedRolePolicies", role, attached)
            for p in attached["AttachedPolicies"]:
                policies_seen[p["PolicyName"]] = p["PolicyArn"]
        role = iam.get_role(RoleName=EXEC_ROLE)["Role"]
        if "PermissionsBoundary" in role:
            arn = role["PermissionsBoundary"]["PermissionsBoundaryArn"]
            policies_seen[arn.rsplit("/", 1)[1]] = arn
        for pname, arn in sorted(policies_seen.items()):
            p = iam.get_policy(PolicyArn=arn)
            version = iam.get_policy_version(PolicyArn=arn, VersionId=p["Policy"]["DefaultVersionId"])
            if arn == MANAGED_EXEC_POLICY:
                fix_managed_policy(p, 1)
                fix_managed_policy_document(version)
            elif arn == READWRITE_POLICY:
                fix_readwrite_policy(p, version)
            else:
                fix_customer_policy_counts(p, boundary=pname == "demo-exec-boundary")
            self.write("iam", "GetPolicy", pname, p)
            self.write("iam", "GetPolicyVersion", pname, version)

        # EFS
        if s["efs"]:
            efs = c["efs"]
            self.write("efs", "DescribeMountTargets", None, efs.describe_mount_targets(FileSystemId=ids["efs"]))
            for mt in ids["efs-mount-targets"]:
                self.write("efs", "DescribeMountTargetSecurityGroups", mt,
                           efs.describe_mount_target_security_groups(MountTargetId=mt))

        # Load balancing
        if s["load_balancer"]:
            elb = c["elbv2"]
            self.write("elbv2", "DescribeLoadBalancers", None,
                       elb.describe_load_balancers(LoadBalancerArns=[ids["alb-arn"]]))
            self.write("elbv2", "DescribeTargetGroups", None,
                       elb.describe_target_groups(TargetGroupArns=[ids["tg-arn"]]))
            if s["target_health"]:
                # The replacement task's target, registered by ECS; moto reports every registered ip target healthy
                # (it runs no health checks), so the state, reason and description are ELB's for the failure.
                ip = ip_in_subnet(ec2.describe_subnets(SubnetIds=[ids["private-c"]])["Subnets"][0]["CidrBlock"], 0x9c)
                elb.register_targets(TargetGroupArn=ids["tg-arn"], Targets=[{"Id": ip, "Port": 8080}])
                health = elb.describe_target_health(TargetGroupArn=ids["tg-arn"])
                fix_target_health(health, s, REGION + "c")
                self.write("elbv2", "DescribeTargetHealth", "demo-app-tg", health)

        # Logs, ECR
        if s["app_log"]:
            # The collector reads the last events of the stream up to the task's stop (100 lines by default).
            events = c["logs"].get_log_events(logGroupName="/ecs/demo-app", logStreamName=ids["log-stream"],
                                              endTime=epoch_ms(STOPPED_AT), limit=100, startFromHead=False)
            fix_log_events(events)
            # The folder form names the stream, percent-encoding its slashes (FolderLabel).
            self.write("logs", "GetLogEvents", ids["log-stream"].replace("/", "%2F"), events)
        groups = c["logs"].describe_log_groups(logGroupNamePrefix="/ecs/demo-app")
        fix_log_groups(groups)
        self.write("logs", "DescribeLogGroups", None, groups)
        images = c["ecr"].describe_images(repositoryName="demo-app")
        fix_ecr_images(images)
        if s["image_index"]:
            for img in images["imageDetails"]:
                img["imageManifestMediaType"] = "application/vnd.oci.image.index.v1+json"
                img.pop("artifactMediaType")
        self.write("ecr", "DescribeImages", "demo-app", images)
        self.image_manifest()
        if s["check_files"]:
            self.check_files()

    def image_manifest(self) -> None:
        """The image's manifest (batch-get-image with every manifest media type accepted) and, for a single
        manifest, the platform members of its configuration blob, as `snapshot commands` writes them (the file
        named for get-download-url-for-layer and the config digest holds what the URL serves, reduced to them)."""
        s = self.b.spec
        answer = self.b.c["ecr"].batch_get_image(
            repositoryName="demo-app", imageIds=[{"imageTag": s["image_tag"]}], acceptedMediaTypes=MANIFEST_MEDIA_TYPES)
        fix_batch_get_image(answer, s)
        self.write("ecr", "BatchGetImage", "demo-app", answer)
        if answer["images"] and not s["image_index"]:
            digest = IMAGE_MANIFEST["config"]["digest"]
            (self.folder / f"ecr-get-download-url-for-layer--{digest.replace(':', '%3A')}.json").write_text(
                json.dumps(platform_members(s["image_config"]), indent=4) + "\n")

    def secret(self, secret_id: str, label: str, fix) -> None:
        """DescribeSecret (corrected by `fix`) and GetResourcePolicy of one secret, labelled with its name."""
        sm = self.c["secretsmanager"]
        described = sm.describe_secret(SecretId=secret_id)
        fix(described)
        self.write("secretsmanager", "DescribeSecret", label, described)
        policy = sm.get_resource_policy(SecretId=secret_id)
        fix_resource_policy(policy)
        self.write("secretsmanager", "GetResourcePolicy", label, policy)

    def check_files(self) -> None:
        """Task definitions a pipeline would check before deploying to this service
        (`aws ecs register-task-definition --cli-input-json` input): the seed's next
        revision, each with the one change its name says."""
        folder = self.folder / "check"
        folder.mkdir()
        secret = self.b.ids["secret-arn"]
        base = {
            "family": "demo-app", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "cpu": "512", "memory": "1024", "executionRoleArn": role_arn(EXEC_ROLE),
            "taskRoleArn": role_arn(TASK_ROLE),
            "containerDefinitions": [{
                "name": "app", "image": image_uri("1.4.2"), "essential": True,
                "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
                "environment": [{"name": "DATABASE_URL", "value": f"postgresql://{DB_HOST}:5432/app"}],
                "secrets": [{"name": "DB_USERNAME", "valueFrom": f"{secret}:username::"},
                            {"name": "DB_PASSWORD", "valueFrom": f"{secret}:password::"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/demo-app", "awslogs-region": REGION,
                    "awslogs-stream-prefix": "ecs"}}}]}

        wanted = self.b.spec["check_files"]

        def variant(name: str, change) -> None:
            if isinstance(wanted, list) and name not in wanted:
                return
            td = copy.deepcopy(base)
            change(td)
            (folder / f"{name}.json").write_text(json.dumps(td, indent=2) + "\n")

        app = lambda td: td["containerDefinitions"][0]
        variant("valid", lambda td: None)
        variant("fargate-512-cpu-512-memory", lambda td: td.update(memory="512"))
        variant("fargate-8-vcpu-16-gb", lambda td: td.update(cpu="8 vCPU", memory="16 GB"))
        variant("fargate-8-vcpu-18-gb", lambda td: td.update(cpu="8192", memory="18432"))
        variant("windows-512-cpu", lambda td: td.update(
            cpu="512", memory="1024",
            runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"}))
        variant("windows-1-vcpu", lambda td: td.update(
            cpu="1024", memory="2048",
            runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"}))
        variant("no-execution-role", lambda td: td.pop("executionRoleArn"))
        variant("no-execution-role-public-image", lambda td: (
            td.pop("executionRoleArn"), app(td).pop("secrets"), app(td).pop("logConfiguration"),
            app(td).update(image="public.ecr.aws/nginx/nginx:1.27")))
        variant("image-tag-missing", lambda td: app(td).update(image=image_uri("1.4.3")))
        variant("image-by-digest", lambda td: app(td).update(
            image=f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/demo-app@sha256:{IMAGE_DIGEST}"))
        variant("log-group-missing", lambda td: app(td)["logConfiguration"]["options"].update(
            {"awslogs-group": "/ecs/demo-app-v2"}))
        variant("log-group-created-by-agent", lambda td: app(td)["logConfiguration"]["options"].update(
            {"awslogs-group": "/ecs/demo-app-v2", "awslogs-create-group": "true"}))
        variant("fargate-bridge-network-mode", lambda td: td.update(networkMode="bridge"))
        variant("awsvpc-host-port-differs", lambda td: app(td).update(
            portMappings=[{"containerPort": 8080, "hostPort": 80, "protocol": "tcp"}]))
        variant("awsvpc-host-port-equal", lambda td: app(td).update(
            portMappings=[{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}]))
        variant("awsvpc-links", lambda td: app(td).update(links=["db:database"]))
        variant("fargate-privileged", lambda td: app(td).update(privileged=True))
        variant("fargate-host-device", lambda td: app(td).update(linuxParameters={"devices": [
            {"hostPath": "/dev/fuse", "containerPath": "/dev/fuse", "permissions": ["read", "write"]}]}))
        # The whole secret instead of its JSON keys (Fargate platform 1.3.0 injects only whole secrets).
        variant("whole-secret", lambda td: app(td).update(secrets=[{"name": "DB_CREDENTIALS", "valueFrom": secret}]))


def build_fixture(moto: MotoServer, name: str, overrides: dict) -> None:
    spec = dict(DEFAULT, **overrides)
    moto.reset()
    build = Build(moto, spec)
    build.run()
    folder = FIXTURES / name
    keep = (folder / "expected.yaml").read_text() if (folder / "expected.yaml").exists() else None
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if keep is not None:
        (folder / "expected.yaml").write_text(keep)
    Dumper(build, folder).run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="fixture names to rebuild (default: all)")
    args = parser.parse_args()
    names = args.only or list(STATES)
    for n in names:
        if n not in STATES:
            print(f"unknown fixture {n}", file=sys.stderr)
            return 2
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    with MotoServer() as moto:
        for n in names:
            build_fixture(moto, n, STATES[n])
            print(f"fixtures/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
