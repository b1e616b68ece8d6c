#!/usr/bin/env python3
"""Whole-process throughput of `ecs-medic iam simulate --batch` against PMapper's local evaluator, same run, same
requests (scripts/workload.py), 20,000 by default.

Usage (from the repository root):
    swift build -c release --product ecs-medic
    python3 -m venv .venv && .venv/bin/pip install principalmapper
    .venv/bin/python Benchmarks/scripts/compare-pmapper.py [--count 20000] [--runs 3] [--binary .build/release/ecs-medic]

Each run times both tools on the same file, one after the other; with several runs the script reports each run, the
median and the spread (min–max) of both, and the ratio of the medians. PMapper is timed the way a batch tool would run it: read each JSON line, parse it, build the principal and evaluate
with principalmapper.querying.query_interface.local_check_authorization_full. Decisions of both are compared.
"""
import argparse
import collections
import collections.abc
import json
import os
import resource
import statistics
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
    parser.add_argument("--runs", type=int, default=1)
    arguments = parser.parse_args()
    n = arguments.count
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "requests.jsonl")
        with open(path, "w") as handle:
            handle.write("\n".join(workload.lines(n)) + "\n")
        size = os.path.getsize(path)
        print(f"requests: {n} ({size / 1e6:.1f} MB of JSON lines); load average {os.getloadavg()[0]:.1f}")
        for run in range(arguments.runs):
            wall, cpu, our_answers = run_ecs_medic(arguments.binary, path)
            ours.append((wall, cpu))
            their_wall, their_cpu, their_answers = run_pmapper(path)
            theirs.append((their_wall, their_cpu))
            print(f"run {run + 1}: ecs-medic iam simulate --batch (whole process): wall {wall:.2f} s, CPU {cpu:.2f} s "
                  f"= {n / cpu:,.0f}/CPU-s; PMapper local_check_authorization_full: wall {their_wall:.2f} s, "
                  f"CPU {their_cpu:.2f} s = {n / their_cpu:,.0f}/CPU-s; CPU ratio {their_cpu / cpu:.1f}x")
    if arguments.runs > 1:
        for name, runs in (("ecs-medic", ours), ("PMapper", theirs)):
            cpus = sorted(cpu for _, cpu in runs)
            walls = sorted(wall for wall, _ in runs)
            print(f"{name}: CPU median {statistics.median(cpus):.2f} s = {n / statistics.median(cpus):,.0f}/CPU-s "
                  f"(spread {cpus[0]:.2f}-{cpus[-1]:.2f} s); wall median {statistics.median(walls):.2f} s")
    our_cpu = statistics.median(cpu for _, cpu in ours)
    their_cpu = statistics.median(cpu for _, cpu in theirs)
    print(f"ratio of the medians: CPU {their_cpu / our_cpu:.1f}x, wall "
          f"{statistics.median(w for w, _ in theirs) / statistics.median(w for w, _ in ours):.1f}x; per run: "
          + ", ".join(f"{t[1] / o[1]:.1f}x" for o, t in zip(ours, theirs)))
    agree = sum(1 for a, b in zip(our_answers, their_answers) if a == b)
    print(f"same allow/deny answer: {agree}/{n}")
    differing = sorted({i % 16 for i, (a, b) in enumerate(zip(our_answers, their_answers)) if a != b})
    if differing:
        print(f"variants answered differently: {differing} (see docs/iam.md)")


if __name__ == "__main__":
    main()
