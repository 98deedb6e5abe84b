#!/usr/bin/env bash
# make bench: a platform of its own (its own PostgreSQL and RabbitMQ, fresh data, Release build, on the usual
# ports 8080-8088, which must be free), the Certified Kubernetes import timed (P5), the MLPerf Inference v4.1 import
# (E1's results, M1's EVAL traits) timed, then tools/Alliance.Bench, which writes docs/benchmarks.md. BENCH_ONLY=P1,P2 runs some measures; BENCH_SECONDS and BENCH_REPEATS tune them.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export ALLIANCE_PG_PORT=54349 ALLIANCE_RABBIT_PORT=56749 ALLIANCE_RABBIT_MGMT_PORT=15699 ALLIANCE_RABBIT_DIST_PORT=25699 \
       ALLIANCE_EPMD_PORT=43710 ALLIANCE_STATE_SUFFIX=bench
# One load generator on one address: the per-IP limits of the public API would measure themselves.
export RateLimits__PublicPerMinute=100000000 RateLimits__TokenPerMinute=100000000 RateLimits__ClientPerMinute=100000000
unset ALLIANCE_PG_HOST ALLIANCE_RABBIT_HOST
for port in 8080 8081 8082 8083 8084 8086 8087 8088; do
  if curl -s -m 1 -o /dev/null "http://127.0.0.1:$port/"; then echo "bench: port $port is in use (make down first)" >&2; exit 1; fi
done
bench=$repo/.run/bench-run
"$repo/deploy/infra.sh" down >/dev/null 2>&1
rm -rf "$("$repo/deploy/infra.sh" state)" "$bench"   # fresh data: the import is measured on an empty platform
mkdir -p "$bench"
export ALLIANCE_CREDENTIALS=$bench/credentials.json
dotnet build tools/Alliance.Bench -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || { echo "bench: build failed" >&2; exit 1; }
"$repo/deploy/run.sh" >"$bench/run.log" 2>&1 &
runner=$!
stop() { kill -TERM "$runner" 2>/dev/null; wait "$runner" 2>/dev/null; "$repo/deploy/infra.sh" down; }
trap stop EXIT
# Up to 30 minutes: run.sh builds the whole solution in Release first, which a loaded machine takes well over ten.
for _ in $(seq 1800); do grep -q "Alliance is running" "$bench/run.log" && break; kill -0 "$runner" 2>/dev/null || { cat "$bench/run.log"; exit 1; }; sleep 1; done
grep -q "Alliance is running" "$bench/run.log" || { echo "bench: the platform did not start in 30 minutes, see $bench/run.log" >&2; exit 1; }
eval "$("$repo/deploy/infra.sh" env)"
csv=${ALLIANCE_K8S_CSV:-$repo/../shared/data/k8s-conformance.csv}
[[ -f $csv ]] || { echo "bench: the Certified Kubernetes data is needed ($csv, or ALLIANCE_K8S_CSV)" >&2; exit 1; }
secret=$(sed -n 's/.*"secretariat":{"clientId":"secretariat","clientSecret":"\([^"]*\)".*/\1/p' "$ALLIANCE_CREDENTIALS")
dotnet build tools/Alliance.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
mkdir -p "$repo/.run/bench"
start=$(date +%s.%N)
ALLIANCE_CLIENT_ID=secretariat ALLIANCE_CLIENT_SECRET=$secret dotnet tools/Alliance.Cli/bin/Release/net10.0/Alliance.Cli.dll import k8s "$csv" --url http://127.0.0.1:8080 >"$bench/import.log" 2>&1 \
  || { echo "bench: the import failed, see $bench/import.log" >&2; exit 1; }
awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }' >"$repo/.run/bench/import-seconds"
# E1 queries the imported results; M1's sites take the imported systems as accelerators (their EVAL traits).
if [[ -z ${BENCH_ONLY:-} || ,$BENCH_ONLY, == *,E1,* || ,$BENCH_ONLY, == *,M1,* ]]; then
  mlperf=${ALLIANCE_MLPERF_JSON:-$repo/../shared/data/mlperf-inference-v4.1.json}
  [[ -f $mlperf ]] || { echo "bench: the MLPerf Inference results are needed ($mlperf, or ALLIANCE_MLPERF_JSON)" >&2; exit 1; }
  start=$(date +%s.%N)
  ALLIANCE_CLIENT_ID=secretariat ALLIANCE_CLIENT_SECRET=$secret dotnet tools/Alliance.Cli/bin/Release/net10.0/Alliance.Cli.dll import mlperf "$mlperf" --gateway http://127.0.0.1:8080 >"$bench/import-mlperf.log" 2>&1 \
    || { echo "bench: the MLPerf import failed, see $bench/import-mlperf.log" >&2; exit 1; }
  awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }' >"$repo/.run/bench/mlperf-import-seconds"
fi
dotnet tools/Alliance.Bench/bin/Release/net10.0/Alliance.Bench.dll "$repo"
status=$?
# O1, the cost of tracing (tools/Alliance.Bench/TracingCost.cs): the same platform and data restarted three times,
# each half warmed up and measured alike: without an exporter (the baseline), then with every process exporting its
# spans over OTLP/HTTP to a local sink that counts and discards them, with the recommended head sampler (a tenth of
# the traces, parent-based: the target row), then with every span (always_on: reported, what a debugging session
# costs); the traced halves' rows join the table.
if [[ $status == 0 && ( -z ${BENCH_ONLY:-} || ,$BENCH_ONLY, == *,O1,* ) ]]; then
  dotnet tools/Alliance.Bench/bin/Release/net10.0/Alliance.Bench.dll --otlp-sink 4318 >"$bench/otlp-sink.log" 2>&1 &
  sink=$!
  trap 'kill "$sink" 2>/dev/null; stop' EXIT
  for sampler in none parentbased_traceidratio:0.1 always_on:; do
    kill -TERM "$runner" 2>/dev/null; wait "$runner" 2>/dev/null
    if [[ $sampler == none ]]; then
      "$repo/deploy/run.sh" >"$bench/run-traced.log" 2>&1 &
    else
      OTEL_TRACES_SAMPLER=${sampler%%:*} OTEL_TRACES_SAMPLER_ARG=${sampler#*:} \
        OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf "$repo/deploy/run.sh" >"$bench/run-traced.log" 2>&1 &
    fi
    runner=$!
    for _ in $(seq 600); do grep -q "Alliance is running" "$bench/run-traced.log" && break; kill -0 "$runner" 2>/dev/null || { cat "$bench/run-traced.log"; exit 1; }; sleep 1; done
    BENCH_TRACED=1 BENCH_SAMPLER=$sampler BENCH_O1_FULL=$([[ -z ${BENCH_ONLY:-} ]] && echo 1) dotnet tools/Alliance.Bench/bin/Release/net10.0/Alliance.Bench.dll "$repo" || status=1
  done
fi
exit $status
