#!/usr/bin/env bash
# make observe: a real Prometheus (Debian's package, installed if missing) on a private port, scraping every
# instance of every service of the running platform (their own ports, GET /metrics), with the alert rules of
# deploy/observability/. Prints its URL. docs/operations.md lists the metrics and says what to do per alert.
#
#   deploy/observe.sh [up]     install if missing, write the scrape configuration, start (or reload), print the URL
#   deploy/observe.sh install  only install Prometheus (make test uses promtool and prometheus)
#   deploy/observe.sh stop     stop the Prometheus this script started
#
# OBSERVE_TARGETS="job=host:port …" names the targets (default: each process deploy/run.sh started, found by its
# pid file and the ports it listens on); OBSERVE_PORT (9095), OBSERVE_DIR (.run/observe), OBSERVE_INTERVAL (5s).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${OBSERVE_DIR:-$repo/.run/observe}
port=${OBSERVE_PORT:-9095}
interval=${OBSERVE_INTERVAL:-5s}
say() { echo "observe: $*" >&2; }
die() { echo "observe: $*" >&2; exit 1; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

install() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null && return
  command -v apt-get >/dev/null || die "apt-get not found: install Prometheus (prometheus, promtool) yourself"
  say "installing prometheus (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  # The package's own service (port 9090, /var/lib/prometheus) is not the one used here: this script starts its own.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  command -v systemctl >/dev/null && as_root systemctl disable --now prometheus >/dev/null 2>&1 || true
}

# "job=host:port" for each listening port of each process deploy/run.sh started (Registry.pid, Registry-2.pid, …).
discover() {
  local f pid name job
  for f in "$repo"/.run/pids/*.pid; do
    [[ -f $f ]] || continue
    pid=$(cat "$f"); name=$(basename "$f" .pid); job=$(echo "${name%%-[0-9]*}" | tr '[:upper:]' '[:lower:]')
    kill -0 "$pid" 2>/dev/null || continue
    # dotnet may run the service as a child of the recorded pid: take the listening sockets of the whole tree.
    for p in $pid $(pgrep -P "$pid" || true); do
      ss -Hltnp 2>/dev/null | grep -F "pid=$p," | awk '{print $4}' | sed "s/^/$job=/"
    done
  done | sort -u
}

config() {
  local targets=${OBSERVE_TARGETS:-$(discover | tr '\n' ' ')}
  [[ -n ${targets// /} ]] || die "no running platform found (start it with make run, or name OBSERVE_TARGETS=\"job=host:port …\")"
  mkdir -p "$dir"
  {
    echo "# Written by deploy/observe.sh for the platform running at $(date -u +%FT%TZ); written again at each start."
    echo "global: { scrape_interval: $interval, evaluation_interval: $interval }"
    echo "rule_files: [ \"$repo/deploy/observability/alerts.yml\" ]"
    echo "scrape_configs:"
    for job in $(printf '%s\n' $targets | cut -d= -f1 | sort -u); do
      echo "  - job_name: $job"
      echo "    metrics_path: /metrics"
      echo "    static_configs:"
      echo "      - targets: [ $(printf '%s\n' $targets | sed -n "s/^$job=//p" | sed 's/.*/"&"/' | paste -sd, -) ]"
    done
  } >"$dir/prometheus.yml"
  promtool check config "$dir/prometheus.yml" >/dev/null || die "the generated $dir/prometheus.yml is not valid"
}

running() { [[ -f $dir/prometheus.pid ]] && kill -0 "$(cat "$dir/prometheus.pid")" 2>/dev/null; }

up() {
  install
  config
  if running; then
    kill -HUP "$(cat "$dir/prometheus.pid")"   # a running Prometheus reads the new targets
  else
    prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2d \
      --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
    echo $! >"$dir/prometheus.pid"
  fi
  for _ in $(seq 60); do curl -fsS -m 2 "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS -m 2 "http://127.0.0.1:$port/-/ready" >/dev/null || die "Prometheus did not start; see $dir/prometheus.log"
  echo "Prometheus is running at http://127.0.0.1:$port/ (targets: http://127.0.0.1:$port/targets, alerts: http://127.0.0.1:$port/alerts)."
}

stop() {
  running || return 0
  local pid; pid=$(cat "$dir/prometheus.pid")
  kill -TERM "$pid"; for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/prometheus.pid"
}

case ${1:-up} in
  up) up ;;
  install) install ;;
  config) install; config; echo "$dir/prometheus.yml" ;;
  stop) stop ;;
  *) die "usage: deploy/observe.sh [up|install|config|stop]" ;;
esac
