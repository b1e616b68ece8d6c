#!/usr/bin/env bash
# Builds the container image ecs-medic:VERSION (and :latest) from the Dockerfile with podman, buildah or docker,
# whichever is installed: the release binary is staged with the Dockerfile in a build context of its own.
#
#   scripts/image.sh [--binary FILE] [--tag NAME]
set -euo pipefail
cd "$(dirname "$0")/.."

binary=
tag=ecs-medic
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=${2:?--binary needs a file}; shift 2 ;;
        --tag) tag=${2:?--tag needs a name}; shift 2 ;;
        -h|--help) sed -n '2,5s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "image.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    binary=$(scripts/build-release.sh)
fi
version=$("$binary" --version)

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp Dockerfile "$context/"
cp "$binary" "$context/ecs-medic"

if command -v podman >/dev/null; then
    podman build --tag "$tag:$version" --tag "$tag:latest" "$context" >&2
elif command -v buildah >/dev/null; then
    buildah bud --tag "$tag:$version" --tag "$tag:latest" "$context" >&2
elif command -v docker >/dev/null; then
    docker build --tag "$tag:$version" --tag "$tag:latest" "$context" >&2
else
    echo "image.sh: needs podman, buildah or docker" >&2
    exit 2
fi
echo "$tag:$version"
