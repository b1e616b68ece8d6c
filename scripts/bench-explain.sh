#!/usr/bin/env bash
# Measures the whole-process time of `ecs-medic explain` on the release build (docs/explain.md, "Speed").
# Needs hyperfine (apt-get install -y hyperfine). Never run it in a loop on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release -j 2 --product ecs-medic
bin=.build/release/ecs-medic
message='ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded.'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -c "print('OutOfMemoryError: Container killed due to memory usage ' + 'z' * (10 * 1024 * 1024))" > "$work/line.txt"
head -c 65536 /dev/urandom > "$work/garbage.bin"
hyperfine -N --warmup 10 --runs 200 "$bin --version" "$bin explain '$message'" "$bin explain --format json '$message'"
hyperfine --warmup 2 --runs 20 "$bin explain - < $work/line.txt" "$bin explain - < $work/garbage.bin"
