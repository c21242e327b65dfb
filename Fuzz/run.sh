#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a while; exits non-zero on any crash, leak, timeout or
# out-of-memory (the input that caused it is kept under Fuzz/.build/fuzz/artifacts/<target>/).
#
#   Fuzz/run.sh [seconds-per-target] [target...]     # default 60 s, every target
#
# Environment: JOBS=n runs n targets at once (default 1); NO_BUILD=1 skips the build; RSS_MB (default
# 2048) and TIMEOUT (seconds per input, default 10) are passed to libFuzzer; FUZZ_ARGS adds more flags.
# New inputs go to Fuzz/.build/fuzz/corpus/<target>/, never to the committed seeds in Fuzz/Corpus/.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
shift || true
all=(FuzzHTTPHead FuzzAWSChunked FuzzXML FuzzSigV4 FuzzSigV2 FuzzFaultRules FuzzPolicy)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
jobs="${JOBS:-1}"
work="$here/.build/fuzz"
bin="$here/.build/release"

mkdir -p "$work"
if [ -z "${NO_BUILD:-}" ]; then
    # -enable-testing: targets reach internal parsers with @testable import. lld: gold cannot link
    # libFuzzer's objects against the `main` SwiftPM aliases to `<target>_main`.
    swift build -c release --package-path "$here" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
        -Xswiftc -use-ld=lld >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; echo "build failed"; exit 2; }
fi

# libFuzzer reports crashes itself; Swift's backtracer would otherwise take the signal first.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"

run_one() {
    local t="$1"
    mkdir -p "$work/corpus/$t" "$work/artifacts/$t"
    local dict=()
    [ -f "$here/Dictionaries/$t.dict" ] && dict=(-dict="$here/Dictionaries/$t.dict")
    "$bin/$t" "$work/corpus/$t" "$here/Corpus/$t" "${dict[@]}" \
        -max_total_time="$seconds" -rss_limit_mb="${RSS_MB:-2048}" -timeout="${TIMEOUT:-10}" -max_len=8192 \
        -artifact_prefix="$work/artifacts/$t/" -print_final_stats=1 ${FUZZ_ARGS:-} \
        >"$work/$t.log" 2>&1
    echo $? >"$work/$t.rc"
}

mkdir -p "$work"
rm -f "$work"/*.rc
running=0
for t in "${targets[@]}"; do
    [ -x "$bin/$t" ] || { echo "no such target: $t"; exit 2; }
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

status=0
printf '%-16s %12s %10s %8s %s\n' target executions exec/s corpus findings
for t in "${targets[@]}"; do
    log="$work/$t.log"
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | awk '{print $2}')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | awk '{print $2}')
    corpus=$(ls "$work/corpus/$t" | wc -l)
    findings=$(ls "$work/artifacts/$t" 2>/dev/null | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | tr '\n' ' ')
    rc=$(cat "$work/$t.rc")
    if [ "$rc" != 0 ] || [ -n "$findings" ]; then
        status=1
        summary=$(grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|Fatal error|fuzz property' "$log" | cut -c1-160)
        findings="${findings:-exit $rc} ${summary}"
    fi
    printf '%-16s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "${findings:-none}"
done
echo "logs: $work/<target>.log"
exit $status
