#!/usr/bin/env bash
# Stops the service processes that deploy/run.sh started (by their pid files).
set -uo pipefail
pids=$(cd "$(dirname "$0")/.." && pwd)/.run/pids
[[ ${1:-} == stop ]] || { echo "usage: deploy/services.sh stop" >&2; exit 2; }
for f in "$pids"/*.pid; do
  [[ -f $f ]] || continue
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null && for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$f"
done
exit 0
