#!/usr/bin/env bash
# make test: infrastructure up (reusing running servers), the whole suite, a summary line, and the
# servers stopped again if this run started them.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is missing: install it and retry" >&2; exit 1; }
was_up=$("$repo/deploy/infra.sh" status)
export ALLIANCE_BROWSER=1   # the Portal's browser tests need Debian's Chromium
"$repo/deploy/infra.sh" up || exit 1
"$repo/deploy/observe.sh" install || exit 1   # Prometheus and promtool for the observability tests
cleanup() {
  # Stop only what this run started: a developer's own running servers stay up.
  [[ $was_up == *"postgres: up"* && $was_up == *"rabbitmq: up"* ]] || "$repo/deploy/infra.sh" down
}
trap cleanup EXIT
eval "$("$repo/deploy/infra.sh" env)"

out=$repo/.run/test-output.txt
mkdir -p "$repo/.run"
# Build first, whole: the end-to-end tests start the services from their build output.
if dotnet build Alliance.sln -nologo -v quiet -clp:ErrorsOnly 2>&1 | tee "$out"; [[ ${PIPESTATUS[0]} == 0 ]]; then
  dotnet test Alliance.sln --no-build -nologo -v minimal --filter "Category!=Reliability" 2>&1 | tee "$out"
  status=${PIPESTATUS[0]}
  # The reliability suite last, alone, on servers of its own (it stops the broker and the database).
  "$repo/deploy/chaos.sh" reduced 2>&1 | tee -a "$out"
  [[ ${PIPESTATUS[0]} == 0 ]] || status=1
else
  status=1
fi
sum() { grep -Eo "$1: +[0-9]+" "$out" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
[[ $status != 0 && $failed == 0 ]] && failed=1   # a build error or a crashed test host counts as a failure
trap - EXIT
cleanup
# The summary is the last line, after the servers are stopped, as CI reads it.
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
