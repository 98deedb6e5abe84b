#!/usr/bin/env bash
# The reliability suite (tests/Reliability.Tests) on a PostgreSQL and a RabbitMQ of its own (own ports, own data),
# started here and stopped again, because the suite stops them on purpose.
#   deploy/chaos.sh              the reduced suite (part of make test)
#   deploy/chaos.sh full [runs]  make chaos: the whole suite, runs times in a row (default 1), then the figures
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
scale=${1:-reduced}; runs=${2:-1}
export ALLIANCE_PG_PORT=54339 ALLIANCE_RABBIT_PORT=56739 ALLIANCE_RABBIT_MGMT_PORT=15689 ALLIANCE_RABBIT_DIST_PORT=25689 \
       ALLIANCE_EPMD_PORT=43700 ALLIANCE_STATE_SUFFIX=chaos ALLIANCE_CHAOS=1 ALLIANCE_CHAOS_SCALE=$scale
unset ALLIANCE_PG_HOST ALLIANCE_RABBIT_HOST
"$repo/deploy/infra.sh" up || exit 1
trap '"$repo/deploy/infra.sh" down' EXIT
eval "$("$repo/deploy/infra.sh" env)"
figures=$repo/.run/chaos-figures.md
rm -f "$figures"
status=0
for run in $(seq "$runs"); do
  echo "chaos: run $run of $runs ($scale)"
  dotnet test tests/Reliability.Tests/Reliability.Tests.csproj --no-build -nologo -v minimal ${ALLIANCE_CHAOS_FILTER:+--filter "$ALLIANCE_CHAOS_FILTER"} || status=1
done
if [[ -f $figures ]]; then
  echo
  echo "| scenario | commands sent | accepted | found in the store | effects per consumer | 5xx | time to converge | notes |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$figures"
fi
exit $status
