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

run=$repo/.run/test
rm -rf "$run"; mkdir -p "$run"
out=$run/build.txt
# A lane: its output to the terminal (each line tagged with the lane) and to its own file; its status in a file.
lane() {
  local name=$1; shift
  { "$@"; echo $? >"$run/$name.rc"; } 2>&1 | tee "$run/$name.txt" | sed -u "s/^/[$name] /"
}
# Every test project but the end-to-end and the reliability suites, one after the other.
units() {
  local status=0 project
  for project in tests/*/*.Tests.csproj; do
    case $project in */EndToEnd.Tests.csproj|*/Reliability.Tests.csproj) continue ;; esac
    dotnet test "$project" --no-build -nologo -v minimal --filter "Category!=Reliability" || status=1
  done
  return $status
}
# Build first, whole: the end-to-end tests start the services from their build output.
if dotnet build Alliance.sln -nologo -v quiet -clp:ErrorsOnly 2>&1 | tee "$out"; [[ ${PIPESTATUS[0]} == 0 ]]; then
  # Two lanes, one a core: the end-to-end suite (the longest, two-thirds of the run) in one; in the other the unit and
  # integration suites, then the reduced reliability suite on servers of its own (it stops its own broker and
  # database, never the ones the end-to-end suite uses). The second lane ends well before the first.
  lane e2e dotnet test tests/EndToEnd.Tests/EndToEnd.Tests.csproj --no-build -nologo -v minimal &
  e2e=$!
  lane units units
  lane chaos "$repo/deploy/chaos.sh" reduced
  wait "$e2e"
  status=0
  for name in e2e units chaos; do [[ $(cat "$run/$name.rc" 2>/dev/null) == 0 ]] || status=1; done
  cat "$run"/e2e.txt "$run"/units.txt "$run"/chaos.txt >"$run/all.txt"; out=$run/all.txt
else
  status=1
fi
sum() { grep -Eo "$1: +[0-9]+" "$out" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
[[ $status != 0 && $failed == 0 ]] && failed=1   # a build error or a crashed test host counts as a failure
trap - EXIT
cleanup
# The failed tests by name, just above the summary, so the tail of a CI log says which ones (their output is above);
# and a lane that failed without a failed test (a crashed or aborted test host, a build error), with its reason.
grep -E '^ +Failed [A-Z][A-Za-z0-9_.]+' "$out" | sed -E 's/^ +Failed /failed: /' | sort -u
for name in e2e units chaos; do
  rc=$(cat "$run/$name.rc" 2>/dev/null || echo "none (it did not finish)")
  [[ $rc == 0 || ! -f $run/$name.txt ]] && continue
  echo "lane $name exited with $rc"
  grep -E 'aborted|crashed|Test host|error [A-Z]+[0-9]+|Build FAILED' "$run/$name.txt" | head -5 | sed 's/^/  /'
done
# The summary is the last line, after the servers are stopped, as CI reads it.
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
