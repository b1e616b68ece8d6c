#!/bin/sh
# In-process decisions per CPU-second (decision-rate.swift), linked against the release build of the main package,
# without building the Benchmarks package (ordo-one/benchmark and its dependencies). From the repository root:
#   swift build -c release --product ecs-medic && Benchmarks/scripts/decision-rate.sh [REQUESTS.jsonl] [SECONDS]
set -eu
build=.build/release
requests=${1:-Benchmarks/Benchmarks/IAMEvaluator/requests.jsonl}
out=${TMPDIR:-/tmp}/ecs-medic-decision-rate
mkdir -p "$out"
# ECSMedic's module imports the system-library modules, whose maps the compiler must see; libxml2's headers too.
maps=""
for map in Sources/CCurl/module.modulemap Sources/CLibXML2/module.modulemap \
    .build/checkouts/Yams/Sources/CYaml/include/module.modulemap \
    .build/checkouts/swift-crypto/Sources/*/include/module.modulemap; do
    maps="$maps -Xcc -fmodule-map-file=$map"
done
# shellcheck disable=SC2086
swiftc -O -parse-as-library -module-name DecisionRate -I "$build/Modules" $maps -Xcc -I/usr/include/libxml2 \
    -c Benchmarks/scripts/decision-rate.swift -o "$out/decision-rate.o"
# Every object of the ecs-medic executable except its own command-line target, plus the harness.
grep -v '/ecs_medic.build/' "$build/ecs-medic.product/Objects.LinkFileList" > "$out/objects"
swiftc -lxml2 -lcurl -lstdc++ -Xlinker --gc-sections -o "$out/decision-rate" "$out/decision-rate.o" @"$out/objects"
"$out/decision-rate" "$requests" "${2:-2}"
