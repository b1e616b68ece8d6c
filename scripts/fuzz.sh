#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (AddressSanitizer + libFuzzer coverage) and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   default: 20 seconds for every target
# Each target starts from its seed corpus (Fuzz/corpus/<target>, written by scripts/make-fuzz-corpus.py from the
# repository's own inputs) and keeps what it finds in Fuzz/.build/corpus/<target>. A crash, a leak, an input slower than FUZZ_TIMEOUT seconds (default 10) or a
# process above FUZZ_RSS_MB (default 2048) stops that target, leaves the input in Fuzz/.build/findings/,
# and makes the script exit 1 after the other targets ran. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(FuzzStoppedReason FuzzPolicy FuzzSimulate FuzzXMLResponse FuzzJSONResponse FuzzSnapshot FuzzRuleYAML
             FuzzConfiguration FuzzTaskDefinition FuzzClusterQuery)
fi

swiftc_path="$(readlink -f "$(command -v swiftc)")"
runtime="$(dirname "$swiftc_path")/../lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a"
if [ ! -f "$runtime" ]; then
    echo "fuzz.sh: libFuzzer's driver is not in this toolchain ($runtime); a swift.org Linux toolchain has it" >&2
    exit 2
fi
# Coverage instrumentation as libFuzzer expects it (clang's -fsanitize=fuzzer-no-link); the driver is linked in
# explicitly because SwiftPM's --sanitize=fuzzer compiles every target, plugin tools too, with -parse-as-library.
build=(swift build --package-path Fuzz -c release -j 2 --sanitize=address
       -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table -Xswiftc -enable-testing
       -Xlinker "$runtime" -Xlinker -lstdc++)
python3 scripts/make-fuzz-corpus.py
start=$(date +%s)
mkdir -p Fuzz/.build/findings
# One product at a time: a plain `swift build` would also build the main package's executables. gold warns once
# per ASan helper symbol when linking an instrumented executable; nothing else is filtered.
: > Fuzz/.build/build.log
for target in "${targets[@]}"; do
    if ! "${build[@]}" --product "$target" 2>&1 | grep --line-buffered -v "Cannot export local symbol" >> Fuzz/.build/build.log; then
        cat Fuzz/.build/build.log >&2
        exit 2
    fi
done
echo "fuzz.sh: built ${#targets[@]} targets in $(( $(date +%s) - start ))s"
bin="$("${build[@]}" --show-bin-path)"

failed=()
for target in "${targets[@]}"; do
    corpus="Fuzz/.build/corpus/$target"
    mkdir -p "$corpus"
    log="Fuzz/.build/findings/$target.log"
    echo "fuzz.sh: $target for ${seconds}s"
    if ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$bin/$target" "$corpus" "Fuzz/corpus/$target" \
        -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
        -malloc_limit_mb="${FUZZ_RSS_MB:-2048}" -max_len="${FUZZ_MAX_LEN:-65536}" -print_final_stats=1 \
        -artifact_prefix="Fuzz/.build/findings/$target-" > "$log" 2>&1; then
        done_line="$(grep -E "DONE" "$log" | tail -1)"
        echo "  ${done_line#*DONE }; peak rss $(grep -Eo "peak_rss_mb: +[0-9]+" "$log" | grep -Eo "[0-9]+$") MB"
    else
        failed+=("$target")
        echo "fuzz.sh: $target FAILED, see $log:" >&2
        grep -E "ERROR|SUMMARY|Fatal error|Test unit written" "$log" | head -5 >&2
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: findings in ${failed[*]}" >&2
    exit 1
fi
echo "fuzz.sh: no findings in ${#targets[@]} targets"
