#!/usr/bin/env bash
# Runs the whole test suite: the Python test tools go into .venv (once), then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f .venv/.installed ] || [ requirements-test.txt -nt .venv/.installed ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-test.txt
    touch .venv/.installed
fi
export PATH="$PWD/.venv/bin:$PATH"
swift build --build-tests
swift test --skip-build
# Bounded fuzzing (docs/fuzzing.md): every parser's libFuzzer target for ECS_MEDIC_FUZZ_SECONDS (default 20) seconds
# each, after building the Fuzz package; ECS_MEDIC_FUZZ_SECONDS=0 skips this step.
if [ "${ECS_MEDIC_FUZZ_SECONDS:-20}" != 0 ]; then
    scripts/fuzz.sh "${ECS_MEDIC_FUZZ_SECONDS:-20}"
fi
