#!/usr/bin/env bash
# Writes ecs-medic.1 (mdoc) for a built ecs-medic binary into a directory, with swift-argument-parser's manual
# generator: the `generate-manual` tool that its GenerateManual plugin runs. The plugin itself
# (`swift package generate-manual`) first rebuilds every product of the package in its own configuration; running
# its tool on the binary we built gives the same page without a second build of the package.
#
#   scripts/generate-manual.sh BINARY OUT_DIR
set -euo pipefail
binary=${1:?usage: generate-manual.sh BINARY OUT_DIR}
out=${2:?usage: generate-manual.sh BINARY OUT_DIR}
cd "$(dirname "$0")/.."
# The argument-parser checkout the package resolved (swift build or swift package resolve made it).
parser=.build/checkouts/swift-argument-parser
[ -d "$parser" ] || swift package resolve >&2
swift build --package-path "$parser" --scratch-path .build/manual-tool --product generate-manual >&2
tool="$(swift build --package-path "$parser" --scratch-path .build/manual-tool --show-bin-path)/generate-manual"
mkdir -p "$out"
# SOURCE_DATE_EPOCH (reproducible builds) dates the page; else today.
"$tool" "$binary" --output-directory "$out" --date "$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)"
[ -s "$out/ecs-medic.1" ] || { echo "generate-manual.sh: no ecs-medic.1 written" >&2; exit 1; }
