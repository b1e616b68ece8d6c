#!/usr/bin/env bash
# Offline audit at growing account sizes: wall time and peak RSS of `ecs-medic audit --snapshot` over a
# synthetic account (scripts/make-synthetic-account.py), release build, one run per size.
# Usage: Benchmarks/scripts/audit-scale.sh [N ...]   (default: 100 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(100 1000 10000)
swift build -c release -j 2 --product ecs-medic >/dev/null
binary=.build/release/ecs-medic
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%8s %10s %10s %10s %12s %14s\n' services calls wall_s user_s peak_rss_mb us_per_service
for n in "${sizes[@]}"; do
    python3 scripts/make-synthetic-account.py "$n" "$work/account-$n.json" >/dev/null
    calls=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['calls']))" "$work/account-$n.json")
    /usr/bin/time -v "$binary" audit --snapshot "$work/account-$n.json" --format json --fail-on never \
        --output "$work/report-$n.json" 2>"$work/time-$n.txt" || { cat "$work/time-$n.txt" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$n.txt" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$work/time-$n.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/time-$n.txt")
    per=$(python3 -c "print(round($wall * 1e6 / $n))")
    printf '%8d %10d %10.2f %10.2f %12s %14s\n' "$n" "$calls" "$wall" "$user" "$rss" "$per"
done
