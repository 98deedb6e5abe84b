#!/usr/bin/env bash
# make up: the platform in containers (deploy/compose.yaml) with podman-compose, started tier by tier, each tier
# only once the one before is healthy (podman-compose 1.0.3 ignores depends_on conditions, and podman runs no
# health checks by itself without systemd: this script runs them), then the demo data (deploy/seed.sh).
# deploy/containers/up.sh infra starts PostgreSQL, RabbitMQ and db-init only (for deploy/containers/kube-smoke.sh).
# make down-containers (deploy/containers/up.sh down) stops and removes the containers; the volumes, and so the
# data, stay (deploy/containers/up.sh purge removes them too). The images come from `make images`.
set -euo pipefail
source "$(dirname "$0")/podman.sh"
need_tools podman-compose
cd "$repo/deploy"
compose=(podman-compose -p alliance -f "$repo/deploy/compose.yaml")
secrets=$repo/.alliance/compose
creds=${ALLIANCE_CREDENTIALS:-$repo/.alliance/compose-credentials.json}
# The gateway's port on 127.0.0.1 (compose.yaml reads the same variable).
export ALLIANCE_GATEWAY_PORT=${ALLIANCE_GATEWAY_PORT:-8080}
gw=http://127.0.0.1:$ALLIANCE_GATEWAY_PORT

case ${1:-up} in
  down) "${compose[@]}" down >/dev/null 2>&1 || true; say "stopped (data kept in volumes alliance_pgdata, alliance_rabbitdata)"; exit 0 ;;
  purge) "${compose[@]}" down >/dev/null 2>&1 || true; podman volume rm -f alliance_pgdata alliance_rabbitdata >/dev/null 2>&1 || true
    podman network rm -f alliance_app alliance_data >/dev/null 2>&1 || true; say "containers, volumes and networks removed"; exit 0 ;;
  up|infra) ;;
  *) die "usage: deploy/containers/up.sh [up|infra|down|purge]   (infra: PostgreSQL, RabbitMQ and the databases only)" ;;
esac

SERVICES="registry governance compatibility transparency market notifications"
for image in postgres:15 rabbitmq:3.10 gateway:latest portal:latest $(printf '%s:latest ' $SERVICES); do
  podman image exists "$IMAGE_PREFIX/$image" || die "image $IMAGE_PREFIX/$image is missing: run 'make images' first"
done

# The secrets, generated once (kept with the data: a new password for an existing database would lock the services out).
(umask 077; mkdir -p "$secrets")
new_secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-40; }
for name in pg-superuser $(printf 'pg-%s ' $SERVICES) rabbitmq-password secretariat-secret; do
  [[ -s $secrets/$name ]] || (umask 077; new_secret | tr -d '\n' >"$secrets/$name")
done
for service in $SERVICES; do
  [[ -s $secrets/keyring-$service ]] || (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' >"$secrets/keyring-$service")
done
# Bind-mounted into the containers, whose users are not root: readable inside, while the folder keeps others out here.
chmod 700 "$secrets"; chmod 444 "$secrets"/*
if ! grep -q '"secretariat"' "$creds" 2>/dev/null; then
  (umask 077; printf '{"tokenEndpoint":"%s/connect/token","secretariat":{"clientId":"secretariat","clientSecret":"%s"},"members":[]}\n' \
    "$gw" "$(cat "$secrets/secretariat-secret")" >"$creds")
fi

# Networks with the subnets compose.yaml names (podman-compose 1.0.3 does not create them with a subnet).
podman network exists alliance_app || podman network create --subnet 10.89.200.0/24 alliance_app >/dev/null
podman network exists alliance_data || podman network create --internal --subnet 10.89.201.0/24 alliance_data >/dev/null

healthy() {
  podman healthcheck run "alliance_$1_1" >/dev/null 2>&1 || true
  [[ $(podman inspect -f '{{.State.Health.Status}}' "alliance_$1_1" 2>/dev/null) == healthy ]]
}
# A process that exits while it starts (ten .NET processes migrating at once on a small machine can time out their
# first PostgreSQL connections) is restarted by its restart policy, as a kubelet would: only one that stays down for
# 20 s, or has been restarted more than three times, fails the start.
wait_healthy() {
  local name down
  for name in "$@"; do
    down=0
    for _ in $(seq 90); do
      healthy "$name" && break
      if [[ $(podman inspect -f '{{.State.Status}}' "alliance_${name}_1" 2>/dev/null) == running ]]; then down=0; else down=$((down + 1)); fi
      (( down < 10 && $(podman inspect -f '{{.RestartCount}}' "alliance_${name}_1" 2>/dev/null || echo 0) <= 3 )) \
        || die "$name is not running: podman logs alliance_${name}_1"
      sleep 2
    done
    healthy "$name" || die "$name did not become healthy: podman logs alliance_${name}_1"
    say "$name: healthy"
  done
}
tier() {
  "${compose[@]}" up -d --no-deps "$@" >/dev/null 2>&1 || die "podman-compose could not start $*"
  local name
  for name in "$@"; do
    [[ $(podman inspect -f '{{.State.Status}}' "alliance_${name}_1" 2>/dev/null) == running ]] && continue
    podman start "alliance_${name}_1" >/dev/null 2>&1 || die "$name did not start: podman start alliance_${name}_1 says why (port $ALLIANCE_GATEWAY_PORT in use? ALLIANCE_GATEWAY_PORT=... make up)"
  done
}

tier postgres rabbitmq
wait_healthy postgres rabbitmq
"${compose[@]}" run --rm --no-deps db-init >/dev/null || die "db-init failed: podman-compose -p alliance run db-init"
say "db-init: roles and databases ready"
# infra: what deploy/containers/kube-smoke.sh runs the Kubernetes manifests against.
[[ ${1:-up} == infra ]] && exit 0
# Two instances of each service (compose.yaml): Registry's first (the token issuer), then the other five.
tier registry-1 registry-2
wait_healthy registry-1 registry-2
others=()
for service in $SERVICES; do [[ $service == registry ]] || others+=("$service-1" "$service-2"); done
tier "${others[@]}"
wait_healthy "${others[@]}"

tier portal
wait_healthy portal
tier gateway
wait_healthy gateway
for _ in $(seq 90); do curl -fsS -m 3 "$gw/health/ready" >/dev/null 2>&1 && break; sleep 2; done
curl -fsS -m 3 "$gw/health/ready" >/dev/null || die "the gateway is not ready: curl $gw/health/ready"
"$repo/deploy/seed.sh" "$gw" "$creds"
say "Alliance is running in containers at $gw/ (credentials: $creds; make down-containers stops it)"
