#!/usr/bin/env bash
# make test-containers: the test suite with PostgreSQL and RabbitMQ started by Testcontainers (ContainerServers.cs)
# in podman, through podman's Docker-compatible API socket, from the images `make images` built here (nothing is
# pulled). Ryuk, Testcontainers' reaper, is an image from a registry: it is off, the fixtures remove their containers
# at exit, and this script removes any that a crashed run left.
#   PROJECT=tests/Registry.Tests make test-containers     one test project (default: the solution, as make test)
#   FILTER='FullyQualifiedName~Members'                   a filter (default: Category!=Reliability, as make test)
set -uo pipefail
source "$(dirname "$0")/podman.sh"
need_tools
cd "$repo"
for image in postgres:15 rabbitmq:3.10; do
  podman image exists "$IMAGE_PREFIX/$image" || die "image $IMAGE_PREFIX/$image is missing: run 'deploy/containers/images.sh servers' (or make images) first"
done
mkdir -p "$repo/.run"
socket=$repo/.run/podman.sock
podman system service --time=0 "unix://$socket" >"$repo/.run/podman-service.log" 2>&1 &
service=$!
leftovers() { podman ps -aq --filter label=org.alliance.testcontainers=true | xargs -r podman rm -f >/dev/null 2>&1 || true; }
cleanup() { leftovers; kill "$service" 2>/dev/null; wait "$service" 2>/dev/null; rm -f "$socket"; }
trap cleanup EXIT
for _ in $(seq 50); do curl -fsS --unix-socket "$socket" http://engine/_ping >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS --unix-socket "$socket" http://engine/_ping >/dev/null 2>&1 || die "podman's API did not answer at $socket (see .run/podman-service.log)"

# The local servers' settings must not leak in: the containers are the only servers of this run.
unset ALLIANCE_PG_ADMIN Postgres__ConnectionString RabbitMq__Host RabbitMq__Port RabbitMq__Username RabbitMq__Password RabbitMq__ManagementUrl
for var in $(env | sed -n 's/^\(\(Postgres\|DataProtection\)__[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done
export DOCKER_HOST=unix://$socket TESTCONTAINERS_RYUK_DISABLED=true ALLIANCE_TESTCONTAINERS=1
export ALLIANCE_TESTCONTAINERS_POSTGRES_IMAGE=$IMAGE_PREFIX/postgres:15 ALLIANCE_TESTCONTAINERS_RABBITMQ_IMAGE=$IMAGE_PREFIX/rabbitmq:3.10
export ALLIANCE_BROWSER=1

project=${PROJECT:-Alliance.sln}
dotnet build "$project" -nologo -v quiet -clp:ErrorsOnly || exit 1
out=$repo/.run/test-containers-output.txt
dotnet test "$project" --no-build -nologo -v minimal --filter "${FILTER:-Category!=Reliability}" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
sum() { grep -Eo "$1: +[0-9]+" "$out" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
[[ $status != 0 && $failed == 0 ]] && failed=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
