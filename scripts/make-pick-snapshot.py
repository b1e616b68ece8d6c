#!/usr/bin/env python3
"""Write the snapshot the interactive pick is tested on (design.md section 7, file form): two clusters, five services.

It is fixtures/seed-no-secretsmanager-endpoint (every network, IAM, KMS, Secrets Manager, ECR and Logs answer)
with the seed's ECS answers replaced by an account where several things happen at once, captured at
2026-11-23T18:30:00Z (03:30 in Seoul, the seed's time zone):

  demo-ecs-cluster
    demo-ecs-service  the seed's task, stopped 16 min before (secrets timeout), and one more 28 min before
    payments-worker   a task killed for memory 39 min before, replaced: 2 of 2 running again
    orders-api        steady, one task running
  batch-cluster
    ingest-worker     a new deployment rolling out, 1 of 2 tasks running
    nightly-report    steady; its task exited 5 hours before, long past the hour ECS keeps stopped tasks in view

Every service runs a task definition of its own (a copy of the seed's, with its own image and log group) in the
seed's subnets, so each one can be diagnosed.

Usage: python3 scripts/make-pick-snapshot.py OUT.json
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed-no-secretsmanager-endpoint"
REGION, ACCOUNT = "ap-northeast-2", "111122223333"
ECS_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}"
CAPTURED = dt.datetime(2026, 11, 23, 18, 30, tzinfo=dt.timezone.utc)
SEOUL = dt.timezone(dt.timedelta(hours=9))
MEMORY_KILL = "OutOfMemoryError: Container killed due to memory usage"


def load(name: str):
    return json.loads((SEED / name).read_text())


def at(minutes_before: float) -> str:
    """A time `minutes_before` the capture, as the AWS CLI prints it in the seed's zone."""
    return (CAPTURED - dt.timedelta(minutes=minutes_before)).astimezone(SEOUL).isoformat(timespec="microseconds")


def folder_calls() -> list:
    """The seed's answers other than ECS services and tasks, as file-form calls (a label becomes the request)."""
    calls = []
    for path in sorted(SEED.glob("*.json")):
        service, _, rest = path.stem.partition("-")
        operation, _, label = rest.partition("--")
        if service == "ecs" and operation in ("describe-services", "describe-tasks", "list-tasks", "describe-task-definition"):
            continue
        if service in ("ecr", "logs"):
            continue
        calls.append({"service": service, "operation": operation, "request": {"label": label} if label else {},
                      "response": json.loads(path.read_text())})
    return calls


def task_definition(family: str, revision: int, image: str) -> dict:
    definition = copy.deepcopy(load("ecs-describe-task-definition.json")["taskDefinition"])
    definition.update({"taskDefinitionArn": f"{ECS_ARN}:task-definition/{family}:{revision}", "family": family,
                       "revision": revision})
    container = definition["containerDefinitions"][0]
    container["image"] = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{image}"
    container["logConfiguration"]["options"]["awslogs-group"] = f"/ecs/{family}"
    return definition


def service(template: dict, cluster: str, name: str, definition: str, *, desired: int, running: int,
            deployments: list[dict], events: list[str]) -> dict:
    svc = copy.deepcopy(template)
    svc.update({"serviceName": name, "serviceArn": f"{ECS_ARN}:service/{cluster}/{name}",
                "clusterArn": f"{ECS_ARN}:cluster/{cluster}", "taskDefinition": definition,
                "desiredCount": desired, "runningCount": running, "pendingCount": desired - running})
    base = template["deployments"][0]
    svc["deployments"] = []
    for spec in deployments:
        deployment = copy.deepcopy(base)
        deployment.update(spec)
        svc["deployments"].append(deployment)
    svc["events"] = [{"id": f"{name}-event-{i}", "createdAt": at(minutes), "message": f"(service {name}) {text}"}
                     for i, (minutes, text) in enumerate(events)]
    return svc


def task(template: dict, cluster: str, service_name: str, task_id: str, definition: dict, deployment: str, *,
         stopped_minutes_before: float | None, stop_code: str = "", reason: str = "", exit_code: int | None = None,
         container_reason: str | None = None, ip_host: int = 80) -> dict:
    t = copy.deepcopy(template)
    arn = f"{ECS_ARN}:task/{cluster}/{task_id}"
    t.update({"taskArn": arn, "clusterArn": f"{ECS_ARN}:cluster/{cluster}", "group": f"service:{service_name}",
              "startedBy": deployment, "taskDefinitionArn": definition["taskDefinitionArn"]})
    container = t["containers"][0]
    container["taskArn"] = arn
    container["containerArn"] = f"{ECS_ARN}:container/{cluster}/{task_id}/{task_id[:8]}-58e4-4b0d-a6c2-91e7d05b8f43"
    container["image"] = definition["containerDefinitions"][0]["image"]
    container["networkInterfaces"][0]["privateIpv4Address"] = f"10.0.1.{ip_host}"
    for attachment in t.get("attachments", []):
        for detail in attachment.get("details", []):
            if detail["name"] == "privateIPv4Address":
                detail["value"] = f"10.0.1.{ip_host}"
    if stopped_minutes_before is None:
        for key in ("stopCode", "stoppedReason", "stoppedAt", "stoppingAt", "executionStoppedAt"):
            t.pop(key, None)
        t.update({"lastStatus": "RUNNING", "desiredStatus": "RUNNING", "createdAt": at(300), "startedAt": at(299),
                  "pullStartedAt": at(299.8), "pullStoppedAt": at(299.5)})
        container.update({"lastStatus": "RUNNING"})
        container.pop("exitCode", None)
        container.pop("reason", None)
        return t
    stopped = stopped_minutes_before
    t.update({"lastStatus": "STOPPED", "desiredStatus": "STOPPED", "stopCode": stop_code, "stoppedReason": reason,
              "createdAt": at(stopped + 2), "stoppingAt": at(stopped + 0.3), "executionStoppedAt": at(stopped + 0.3),
              "stoppedAt": at(stopped)})
    container["lastStatus"] = "STOPPED"
    if exit_code is not None:
        container["exitCode"] = exit_code
        t.update({"startedAt": at(stopped + 1.5), "pullStartedAt": at(stopped + 1.9), "pullStoppedAt": at(stopped + 1.7)})
    if container_reason:
        container["reason"] = container_reason
    return t


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: make-pick-snapshot.py OUT.json", file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    calls = folder_calls()
    seed_service = load("ecs-describe-services.json")["services"][0]
    seed_task = load("ecs-describe-tasks.json")["tasks"][0]
    seed_definition = load("ecs-describe-task-definition.json")["taskDefinition"]

    definitions = {
        "demo-ecs-service": seed_definition,
        "payments-worker": task_definition("payments-worker", 23, "payments-worker:2.3.1"),
        "orders-api": task_definition("orders-api", 12, "orders-api:2.3.1"),
        "ingest-worker": task_definition("ingest-worker", 8, "ingest-worker:2.3.1"),
        "nightly-report": task_definition("nightly-report", 4, "nightly-report:2.3.1"),
    }
    arn = {name: d["taskDefinitionArn"] for name, d in definitions.items()}
    # The revision ingest-worker's new deployment is replacing.
    for name, definition in list(definitions.items()) + [("ingest-worker", task_definition("ingest-worker", 7, "ingest-worker:2.3.1"))]:
        calls.append({"service": "ecs", "operation": "DescribeTaskDefinition",
                      "request": {"taskDefinition": definition["taskDefinitionArn"]},
                      "response": {"taskDefinition": definition, "tags": []}})

    done = {"status": "PRIMARY", "rolloutState": "COMPLETED", "failedTasks": 0,
            "rolloutStateReason": "ECS deployment completed."}
    demo = copy.deepcopy(seed_service)
    demo_deployment = demo["deployments"][0]["id"]
    services = {"demo-ecs-cluster": [
        demo,
        service(seed_service, "demo-ecs-cluster", "payments-worker", arn["payments-worker"], desired=2, running=2,
                deployments=[dict(done, id="ecs-svc/7319544024163860231", taskDefinition=arn["payments-worker"],
                                  desiredCount=2, runningCount=2, failedTasks=1, createdAt=at(1440))],
                events=[(36, "has reached a steady state."),
                        (38, "has started 1 tasks: (task 1f0c5e2a7b3d4c68a9e1f2b3c4d5e6f7)."),
                        (39, "has stopped 1 running tasks: (task 9b8a7c6d5e4f43a2b1c0d9e8f7a6b5c4).")]),
        service(seed_service, "demo-ecs-cluster", "orders-api", arn["orders-api"], desired=1, running=1,
                deployments=[dict(done, id="ecs-svc/2817465302918374650", taskDefinition=arn["orders-api"],
                                  desiredCount=1, runningCount=1, createdAt=at(2880))],
                events=[(300, "has reached a steady state.")]),
    ], "batch-cluster": [
        service(seed_service, "batch-cluster", "ingest-worker", arn["ingest-worker"], desired=2, running=1,
                deployments=[dict(done, id="ecs-svc/5502918374650281746", status="PRIMARY", rolloutState="IN_PROGRESS",
                                  rolloutStateReason="ECS deployment ecs-svc/5502918374650281746 in progress.",
                                  taskDefinition=arn["ingest-worker"], desiredCount=2, runningCount=1, createdAt=at(6)),
                             dict(done, id="ecs-svc/4410293847561029384", status="ACTIVE",
                                  taskDefinition=arn["ingest-worker"].replace(":8", ":7"), desiredCount=0,
                                  runningCount=0, createdAt=at(4320))],
                events=[(6, "has started 1 tasks: (task 6d5c4b3a2f1e40d9c8b7a6f5e4d3c2b1).")]),
        service(seed_service, "batch-cluster", "nightly-report", arn["nightly-report"], desired=1, running=1,
                deployments=[dict(done, id="ecs-svc/8830192746501928374", taskDefinition=arn["nightly-report"],
                                  desiredCount=1, runningCount=1, createdAt=at(10080))],
                events=[(298, "has reached a steady state.")]),
    ]}
    asm_timeout = seed_task["stoppedReason"]
    demo_stops = [copy.deepcopy(seed_task)]
    demo_stops[0].update({"stoppedAt": at(16), "stoppingAt": at(16.2), "executionStoppedAt": at(16.2), "createdAt": at(18)})
    tasks = {"demo-ecs-cluster": demo_stops + [
        task(seed_task, "demo-ecs-cluster", "demo-ecs-service", "e81f3a5c2b9d4e07a6c18f2d3b4a5c6d", definitions["demo-ecs-service"],
             demo_deployment, stopped_minutes_before=28, stop_code="TaskFailedToStart", reason=asm_timeout, ip_host=91),
        task(seed_task, "demo-ecs-cluster", "payments-worker", "9b8a7c6d5e4f43a2b1c0d9e8f7a6b5c4", definitions["payments-worker"],
             "ecs-svc/7319544024163860231", stopped_minutes_before=39, stop_code="EssentialContainerExited",
             reason="Essential container in task exited", exit_code=137, container_reason=MEMORY_KILL, ip_host=102),
        task(seed_task, "demo-ecs-cluster", "payments-worker", "1f0c5e2a7b3d4c68a9e1f2b3c4d5e6f7", definitions["payments-worker"],
             "ecs-svc/7319544024163860231", stopped_minutes_before=None, ip_host=103),
        task(seed_task, "demo-ecs-cluster", "orders-api", "3c2b1a0f9e8d47c6b5a4f3e2d1c0b9a8", definitions["orders-api"],
             "ecs-svc/2817465302918374650", stopped_minutes_before=None, ip_host=110),
    ], "batch-cluster": [
        task(seed_task, "batch-cluster", "ingest-worker", "6d5c4b3a2f1e40d9c8b7a6f5e4d3c2b1", definitions["ingest-worker"],
             "ecs-svc/5502918374650281746", stopped_minutes_before=None, ip_host=120),
        task(seed_task, "batch-cluster", "nightly-report", "7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2", definitions["nightly-report"],
             "ecs-svc/8830192746501928374", stopped_minutes_before=300, stop_code="EssentialContainerExited",
             reason="Essential container in task exited", exit_code=0, ip_host=130),
    ]}
    for cluster in ["batch-cluster", "demo-ecs-cluster"]:
        calls.append({"service": "ecs", "operation": "DescribeServices",
                      "request": {"cluster": cluster, "services": [s["serviceName"] for s in services[cluster]]},
                      "response": {"services": services[cluster], "failures": []}})
        calls.append({"service": "ecs", "operation": "DescribeTasks",
                      "request": {"cluster": cluster, "tasks": [t["taskArn"] for t in tasks[cluster]]},
                      "response": {"tasks": tasks[cluster], "failures": []}})

    image = load("ecr-describe-images--demo-app.json")["imageDetails"][0]
    log_group = load("logs-describe-log-groups.json")["logGroups"][0]
    groups = []
    for name, definition in definitions.items():
        repository, tag = definition["containerDefinitions"][0]["image"].split("/", 1)[1].split(":")
        if name != "demo-ecs-service":
            detail = dict(image, repositoryName=repository, imageTags=[tag])
            calls.append({"service": "ecr", "operation": "DescribeImages", "request": {"repositoryName": repository},
                          "response": {"imageDetails": [detail]}})
        group = definition["containerDefinitions"][0]["logConfiguration"]["options"]["awslogs-group"]
        groups.append(dict(log_group, logGroupName=group, arn=f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}:*",
                           logGroupArn=f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}"))
    calls.append({"service": "ecr", "operation": "DescribeImages", "request": {"repositoryName": "demo-app"},
                  "response": load("ecr-describe-images--demo-app.json")})
    calls.append({"service": "logs", "operation": "DescribeLogGroups", "request": {}, "response": {"logGroups": groups}})

    snapshot = {"format": 1, "region": REGION, "account": ACCOUNT,
                "capturedAt": CAPTURED.strftime("%Y-%m-%dT%H:%M:%SZ"), "calls": calls}
    out.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n")
    print(f"{out}: {sum(len(s) for s in services.values())} services in {len(services)} clusters, {len(calls)} calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
