#!/usr/bin/env bash
# pre-commit's entry for the ecs-medic-check hook (.pre-commit-hooks.yaml): `ecs-medic check` on each file.
#   pre-commit-check.sh [CHECK_OPTIONS... --] FILE...
# The options before `--` go to every check; without `--` every argument is a file and the options come from
# ECS_MEDIC_CHECK_ARGS (split on spaces), e.g. `--snapshot ecs-snapshot.json` in a CI job. Exits with the exit code of
# the checks that comes first in ecs-medic's order (2 bad input, then 1 findings, then 3 facts not collected), so
# the commit stops on any of them.
set -uo pipefail
medic=${ECS_MEDIC:-ecs-medic}
read -r -a options <<<"${ECS_MEDIC_CHECK_ARGS:-}"
files=("$@")
for ((i = 1; i <= $#; i++)); do
    if [ "${!i}" = "--" ]; then
        options=("${@:1:i-1}")
        files=("${@:i+1}")
        break
    fi
done
rank() { case "$1" in 0) echo 0 ;; 3) echo 1 ;; 1) echo 2 ;; *) echo 3 ;; esac; }
status=0
for file in "${files[@]}"; do
    "$medic" check "$file" "${options[@]}"
    code=$?
    if [ "$(rank "$code")" -gt "$(rank "$status")" ]; then status=$code; fi
done
exit "$status"
