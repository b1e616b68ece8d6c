#!/usr/bin/env python3
"""Serve an account of many ECS services from an in-process moto server, for live audit tests and figures.

Builds one seed scenario with scripts/live-scenario.py (its `Build` and its corrections of moto), then
adds services until there are N, spread over clusters of --per-cluster services each. The added
services share what services of one team share in a real account: the seed's subnets, task security
group, VPC endpoints, execution and task roles, secrets, ECR repository; each has its own task
definition family. Every --missing-log-group'th one logs to a group that does not exist
(log-group-missing). Prints one JSON line and serves until stdin closes:

    {"endpoint": ..., "region": ..., "account": ..., "clusters": [...], "services": {cluster: [names]},
     "recording": FILE}

Usage: python3 scripts/live-audit-scenario.py N [--state seed-no-secretsmanager-endpoint]
       [--per-cluster 50] [--missing-log-group 7] [--deny service:Operation]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_live_scenario():
    spec = importlib.util.spec_from_file_location("live_scenario", ROOT / "scripts" / "live-scenario.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ls = load_live_scenario()
mf = ls.mf

# The fields of describe-task-definition that register-task-definition takes back.
REGISTER_FIELDS = ["family", "networkMode", "requiresCompatibilities", "cpu", "memory", "executionRoleArn",
                   "taskRoleArn", "containerDefinitions", "volumes"]


def add_services(build, total: int, per_cluster: int, missing_every: int) -> dict[str, list[str]]:
    """Adds services next to the seed's until there are `total`, and returns every service by cluster."""
    ecs = build.c["ecs"]
    seed = ecs.describe_task_definition(taskDefinition="demo-app:1")["taskDefinition"]
    network = ecs.describe_services(cluster=mf.CLUSTER, services=[mf.SERVICE])["services"][0]["networkConfiguration"]
    services = {mf.CLUSTER: [mf.SERVICE]}
    for index in range(1, total):
        cluster = f"audit-{(index - 1) // per_cluster:02d}"
        if cluster not in services:
            ecs.create_cluster(clusterName=cluster)
            services[cluster] = []
        name = f"app-{index:04d}"
        definition = {key: seed[key] for key in REGISTER_FIELDS if key in seed}
        definition["family"] = name
        container = dict(definition["containerDefinitions"][0])
        if missing_every and index % missing_every == 0:
            options = dict(container["logConfiguration"]["options"], **{"awslogs-group": f"/ecs/{name}"})
            container["logConfiguration"] = dict(container["logConfiguration"], options=options)
        definition["containerDefinitions"] = [container]
        ecs.register_task_definition(**definition)
        ecs.create_service(cluster=cluster, serviceName=name, taskDefinition=f"{name}:1", desiredCount=1,
                           launchType="FARGATE", platformVersion="LATEST", networkConfiguration=network)
        services[cluster].append(name)
    return services


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("services", type=int, help="how many services the account has (the seed's included)")
    parser.add_argument("--state", default="seed-no-secretsmanager-endpoint", help="the seed scenario to start from")
    parser.add_argument("--per-cluster", type=int, default=50, help="services per added cluster")
    parser.add_argument("--missing-log-group", type=int, default=7,
                        help="every Nth added service logs to a missing group (0: none)")
    parser.add_argument("--deny", help="service:Operation to answer with access denied after the build")
    args = parser.parse_args()
    if args.state not in mf.STATES or args.services < 1 or args.per_cluster < 1:
        print("bad arguments", file=sys.stderr)
        return 2
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = ls.free_port()
    server = ls.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    spec = dict(mf.DEFAULT, **mf.STATES[args.state])
    build = mf.Build(ls.Endpoint(url), spec)
    build.run()
    ids = build.ids
    for correction in ls.CORRECTIONS:
        correction(ids)
    ls.correct_stopped_task(spec, ids)
    ls.correct_service_deployment(spec, ids)
    ls.serve_image_configuration(spec)
    services = add_services(build, args.services, args.per_cluster, args.missing_log_group)
    if args.deny:
        ls.deny(args.deny)
    ls.recorder.reset_recording()
    ls.recorder.start_recording()
    print(json.dumps({"endpoint": url, "region": mf.REGION, "account": ls.ACCOUNT, "clusters": sorted(services),
                      "services": services, "recording": str(ls.RECORDING)}), flush=True)
    sys.stdin.read()
    ls.recorder.stop_recording()
    server.stop()
    ls.RECORDING.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
