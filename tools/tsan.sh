#!/usr/bin/env bash
# ThreadSanitizer pass (issue 16): builds the package and its tests with -sanitize=thread and runs the
# Swift test suites under it. Any TSan report fails the run (halt_on_error), so "passed" means 0 reports.
#
#   tools/tsan.sh            # the Swift unit suites (every target but EndToEndTests)
#   tools/tsan.sh --e2e      # also EndToEndTests, which start the TSan build of `pail` (PAIL_BIN)
#
# The sanitized build lives in its own scratch directory (.build/tsan), so it does not throw away the
# ordinary debug build.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build/tsan
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
start=$(date +%s)
swift build --scratch-path "$scratch" --build-tests --sanitize=thread
if [ "${1:-}" = "--e2e" ]; then
    PAIL_BIN="$(swift build --scratch-path "$scratch" --sanitize=thread --show-bin-path)/pail" \
        swift test --scratch-path "$scratch" --sanitize=thread --skip-build
else
    swift test --scratch-path "$scratch" --sanitize=thread --skip-build --skip EndToEndTests
fi
echo "tsan: passed in $(( $(date +%s) - start )) s"
