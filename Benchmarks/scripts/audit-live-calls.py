#!/usr/bin/env python3
"""API calls per service of a live `ecs-medic audit` against moto, as the account grows.

For each N, builds an account of N services with scripts/live-audit-scenario.py (the seed service plus
services sharing its subnets, security group, endpoints, roles and secrets, 50 per cluster, every 7th
with its own missing log group), runs `ecs-medic audit --debug --format json` against it and reports the
calls ecs-medic made (its --debug line, checked against moto's request recorder), calls per service,
dependent rounds and wall time (process start to exit, median of --runs; the collection part from --debug).

Usage: python3 Benchmarks/scripts/audit-live-calls.py [N ...] [--runs 3] [--binary PATH] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def binary(path: str | None) -> Path:
    if path:
        return Path(path)
    for configuration in ["release", "debug"]:
        candidate = ROOT / ".build" / configuration / "ecs-medic"
        if candidate.exists():
            return candidate
    sys.exit("no built ecs-medic: run swift build (or pass --binary)")


def measure(services: int, runs: int, executable: Path, concurrency: int) -> dict:
    python = ROOT / ".venv" / "bin" / "python3"
    launcher = subprocess.Popen([str(python if python.exists() else sys.executable),
                                 str(ROOT / "scripts" / "live-audit-scenario.py"), str(services)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        info = json.loads(launcher.stdout.readline())
        env = dict(os.environ, AWS_ENDPOINT_URL=info["endpoint"], AWS_ACCESS_KEY_ID="AKIAECSMEDICBENCH",
                   AWS_SECRET_ACCESS_KEY="bench", AWS_REGION=info["region"], AWS_CONFIG_FILE="/dev/null",
                   AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PROFILE="", AWS_SESSION_TOKEN="")
        recording = Path(info["recording"])
        walls, collections, calls, rounds = [], [], None, None
        for _ in range(runs):
            recording.write_text("")
            started = time.perf_counter()
            run = subprocess.run([str(executable), "audit", "--debug", "--format", "json", "--concurrency",
                                  str(concurrency)], env=env, capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            if run.returncode not in (0, 1, 3):
                sys.exit(f"audit exited {run.returncode}: {run.stderr[-2000:]}")
            audited = len(json.loads(run.stdout)["results"])
            if audited != services:
                sys.exit(f"audited {audited} services, expected {services}")
            line = next(l for l in run.stderr.splitlines() if l.startswith("collected "))
            match = re.match(r"collected (\d+) calls for \d+ services of \S+ in (\d+) dependent rounds .* in ([\d.]+) s", line)
            calls, rounds = int(match.group(1)), int(match.group(2))
            collections.append(float(match.group(3)))
            recorded = sum(1 for l in recording.read_text().splitlines() if l.strip())
            if recorded != calls:
                print(f"note: moto recorded {recorded} requests, ecs-medic counted {calls} (retries count once)",
                      file=sys.stderr)
        return {"services": services, "calls": calls, "calls_per_service": calls / services, "rounds": rounds,
                "wall_median_s": statistics.median(walls), "wall_min_s": min(walls), "wall_max_s": max(walls),
                "collection_median_s": statistics.median(collections)}
    finally:
        launcher.stdin.close()
        launcher.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    executable = binary(args.binary)
    print(f"binary: {executable}", file=sys.stderr)
    print("| services | API calls | calls / service | dependent rounds | wall median s (min-max) | of which collection s |")
    print("|---:|---:|---:|---:|---|---:|")
    for size in args.sizes:
        row = measure(size, args.runs, executable, args.concurrency)
        print(f"| {row['services']} | {row['calls']} | {row['calls_per_service']:.2f} | {row['rounds']} | "
              f"{row['wall_median_s']:.2f} ({row['wall_min_s']:.2f}-{row['wall_max_s']:.2f}) | "
              f"{row['collection_median_s']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
