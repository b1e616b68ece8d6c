#!/usr/bin/env python3
"""Figures of one live diagnosis against the loopback moto server (a benchmark, not a test).

Builds ecs-medic in release mode (unless --no-build), starts scripts/live-scenario.py for
seed-no-secretsmanager-endpoint, runs `ecs-medic diagnose --debug` N times and reports the
API calls, dependent rounds and the median wall time, then `hyperfine` of
`ecs-medic --version` beside `aws --version` (when both tools are installed).

Usage: python3 Benchmarks/scripts/live-diagnosis.py [--runs N] [--configuration release|debug] [--no-build]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "seed-no-secretsmanager-endpoint"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--configuration", choices=["release", "debug"], default="release")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", args.configuration, "-j", "2", "--product", "ecs-medic"],
                       cwd=ROOT, check=True)
    binary = ROOT / ".build" / args.configuration / "ecs-medic"
    python = ROOT / ".venv" / "bin" / "python3"
    launcher = subprocess.Popen([str(python if python.exists() else sys.executable),
                                 str(ROOT / "scripts" / "live-scenario.py"), SCENARIO],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        info = json.loads(launcher.stdout.readline())
        env = dict(os.environ, AWS_ENDPOINT_URL=info["endpoint"], AWS_ACCESS_KEY_ID="testing",
                   AWS_SECRET_ACCESS_KEY="testing", AWS_REGION=info["region"],
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        env.pop("AWS_PROFILE", None)
        command = [str(binary), "diagnose", "--service", info["service"], "--cluster", info["cluster"],
                   "--format", "json", "--debug"]
        walls, line = [], ""
        for _ in range(args.runs):
            started = time.perf_counter()
            run = subprocess.run(command, env=env, capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            line = next((l for l in run.stderr.splitlines() if l.startswith("collected ")), line)
        match = re.match(r"collected (\d+) calls in (\d+) dependent rounds \(([^)]*)\)", line)
        print(f"scenario: {SCENARIO} on moto (loopback, in-process); {args.configuration} build")
        if match:
            print(f"API calls: {match.group(1)}")
            print(f"dependent rounds: {match.group(2)} ({match.group(3)})")
        print(f"wall time of one diagnosis (median of {args.runs}): {statistics.median(walls) * 1000:.0f} ms "
              f"(min {min(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms)")
    finally:
        launcher.stdin.close()
        launcher.wait(timeout=30)
    if shutil.which("hyperfine") and shutil.which("aws"):
        subprocess.run(["hyperfine", "--warmup", "3", "--runs", "20", "-N",
                        f"{binary} --version", "aws --version"], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
