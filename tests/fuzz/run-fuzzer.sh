#!/bin/sh
# run-fuzzer.sh — one short libFuzzer run of a harness, as a test.
#
#   run-fuzzer.sh HARNESS SEEDS-DIR SECONDS
#
# New inputs go to a throw-away folder, never into the seeds in the source
# tree. A crash, a leak or a sanitizer report fails the test; the input
# that caused it is kept in the build folder and named in the output.
set -eu
harness=$1
seeds=$2
seconds=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/laiting-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
crashes=$(dirname "$harness")/crashes
mkdir -p "$crashes"
exec "$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
  -artifact_prefix="$crashes/$(basename "$harness")-" -print_final_stats=1 \
  "$work" "$seeds"
