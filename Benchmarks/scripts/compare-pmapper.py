#!/usr/bin/env python3
"""Whole-process throughput of `ecs-medic iam simulate --batch` against PMapper's local evaluator, same run, same
requests (scripts/workload.py), 20,000 by default.

Usage (from the repository root):
    swift build -c release --product ecs-medic
    python3 -m venv .venv && .venv/bin/pip install principalmapper
    .venv/bin/python Benchmarks/scripts/compare-pmapper.py [--count 20000] [--binary .build/release/ecs-medic]

PMapper is timed the way a batch tool would run it: read each JSON line, parse it, build the principal and evaluate
with principalmapper.querying.query_interface.local_check_authorization_full. Decisions of both are compared.
"""
import argparse
import collections
import collections.abc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

# principalmapper 1.1.5 still imports collections.Mapping, gone since Python 3.10.
for name in ("Mapping", "MutableMapping", "Sequence", "Iterable"):
    if not hasattr(collections, name):
        setattr(collections, name, getattr(collections.abc, name))

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workload  # noqa: E402


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ecs_medic(binary, path):
    start, cpu = time.perf_counter(), children_cpu()
    result = subprocess.run([binary, "iam", "simulate", "--batch", path], capture_output=True, text=True, check=True)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu
    return elapsed, cpu, [json.loads(line)["decision"] == "allowed" for line in result.stdout.splitlines()]


def run_pmapper(path):
    from principalmapper.common import Node, Policy
    from principalmapper.querying.query_interface import local_check_authorization_full

    start, cpu = time.perf_counter(), time.process_time()
    answers = []
    with open(path) as handle:
        for line in handle:
            request = json.loads(line)
            policies = [Policy(f"arn:aws:iam::{workload.ACCOUNT}:policy/managed-{i}", f"managed-{i}", doc)
                        for i, doc in enumerate(request["identityPolicies"])]
            boundary = Policy(f"arn:aws:iam::{workload.ACCOUNT}:policy/boundary", "boundary", request["permissionsBoundary"])
            node = Node(request["principal"], "AROAEXAMPLEEXAMPLE", policies, [], 
                        {"Version": "2012-10-17", "Statement": []}, None, 0, False, False, boundary, False, {})
            answers.append(local_check_authorization_full(
                node, request["action"], request["resource"], request["context"],
                resource_policy=request.get("resourcePolicy"), resource_owner=request.get("resourceAccount")))
    return time.perf_counter() - start, time.process_time() - cpu, answers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--binary", default=".build/release/ecs-medic")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "requests.jsonl")
        with open(path, "w") as handle:
            handle.write("\n".join(workload.lines(arguments.count)) + "\n")
        size = os.path.getsize(path)
        ours, our_cpu, our_answers = run_ecs_medic(arguments.binary, path)
        theirs, their_cpu, their_answers = run_pmapper(path)
    agree = sum(1 for a, b in zip(our_answers, their_answers) if a == b)
    print(f"requests: {arguments.count} ({size / 1e6:.1f} MB of JSON lines)")
    n = arguments.count
    print(f"ecs-medic iam simulate --batch (whole process): wall {ours:.2f} s = {n / ours:,.0f}/s; "
          f"CPU {our_cpu:.2f} s = {n / our_cpu:,.0f}/s")
    print(f"PMapper local_check_authorization_full:        wall {theirs:.2f} s = {n / theirs:,.0f}/s; "
          f"CPU {their_cpu:.2f} s = {n / their_cpu:,.0f}/s")
    print(f"ratio: wall {theirs / ours:.1f}x, CPU {their_cpu / our_cpu:.1f}x")
    print(f"same allow/deny answer: {agree}/{arguments.count}")
    differing = sorted({i % 16 for i, (a, b) in enumerate(zip(our_answers, their_answers)) if a != b})
    if differing:
        print(f"variants answered differently: {differing} (see docs/iam.md)")


if __name__ == "__main__":
    main()
