#!/usr/bin/env bash
# Builds the release binary with the Swift runtime and Foundation linked statically (--static-swift-stdlib), so that
# it runs where no Swift toolchain is installed; prints the binary's path.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product ecs-medic >&2
echo "$(swift build -c release --static-swift-stdlib --show-bin-path)/ecs-medic"
