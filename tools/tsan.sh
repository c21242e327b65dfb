#!/usr/bin/env bash
# ThreadSanitizer pass (issue 16): builds the package and its tests with -sanitize=thread and runs the
# Swift test suites under it, then counts the reports of every process it started (the test runner
# and, with --e2e, each TSan-built `pail` the end-to-end suites start). Any report fails the run, so
# "passed" means 0 reports.
#
#   tools/tsan.sh            # the Swift unit suites (every target but EndToEndTests)
#   tools/tsan.sh --e2e      # also EndToEndTests, which start the TSan build of `pail` (PAIL_BIN)
#   tools/tsan.sh --filter X # only the suites matching X (swift test --filter)
#
# PAIL_TSAN swaps Synchronization's Mutex for one TSan can see (Sources/PailSync/
# TSanVisibleMutex.swift): TSan does not intercept the futex Mutex waits on, and would report every
# access it guards. The sanitized build lives in its own scratch directory (.build/tsan), so it does
# not throw away the ordinary debug build. Reports go to .build/tsan-reports/tsan.<pid>.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build/tsan
reports=$PWD/.build/tsan-reports
rm -rf "$reports" && mkdir -p "$reports"
# Every report is kept (not halt_on_error): one pass shows them all.
export TSAN_OPTIONS="log_path=$reports/tsan second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
flags=(--scratch-path "$scratch" --sanitize=thread -Xswiftc -DPAIL_TSAN)
e2e=0
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --e2e) e2e=1 ;;
        --filter) args+=(--filter "$2"); shift ;;
        *) echo "usage: tools/tsan.sh [--e2e] [--filter PATTERN]" >&2; exit 2 ;;
    esac
    shift
done
start=$(date +%s)
# A control first: the Mutex repro must leave a report, or TSan (or log_path) is not working and a
# count of 0 below would prove nothing.
swiftc -sanitize=thread -swift-version 6 tools/tsan-mutex-repro.swift -o "$scratch-control" >/dev/null
TSAN_OPTIONS="log_path=$reports/control" "$scratch-control" >/dev/null || true  # exits 66 when it reports
if ! grep -q "WARNING: ThreadSanitizer" "$reports"/control.* 2>/dev/null; then
    echo "tsan: the control program left no report; TSan is not catching races here" >&2
    exit 1
fi
rm -f "$reports"/control.*
swift build "${flags[@]}" --build-tests
status=0
if [ $e2e = 1 ]; then
    PAIL_BIN="$(swift build "${flags[@]}" --show-bin-path)/pail" swift test "${flags[@]}" --skip-build "${args[@]}" || status=$?
else
    swift test "${flags[@]}" --skip-build --skip EndToEndTests "${args[@]}" || status=$?
fi
count=$(cat "$reports"/tsan.* 2>/dev/null | grep -c "WARNING: ThreadSanitizer" || true)
echo "tsan: $count reports ($(ls "$reports" | wc -l) report files in $reports), tests exit $status, $(( $(date +%s) - start )) s"
[ "$count" = 0 ] && [ $status = 0 ]
