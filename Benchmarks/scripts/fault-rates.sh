#!/bin/sh
# Fault rate → "findings identical in K of N seeds" for docs/reliability.md: live diagnoses of
# LiveFaultTests.scenarios through the FaultProxy at 5, 10, 20, 30 and 50 % faults, N seeds each
# (default 10). Needs a built package (`swift build --build-tests`) and the test venv.
# Usage: Benchmarks/scripts/fault-rates.sh [SEEDS] [OUTPUT.md]
set -eu
cd "$(dirname "$0")/../.."
SEEDS="${1:-10}"
OUTPUT="${2:-/tmp/ecs-medic-fault-rates.md}"
PATH="$PWD/.venv/bin:$PATH" ECS_MEDIC_FAULT_FIGURES="$OUTPUT" ECS_MEDIC_FAULT_SEEDS="$SEEDS" \
    swift test --skip-build --filter FaultRateFigures
echo "measured $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg), $SEEDS seeds per rate:"
cat "$OUTPUT"
