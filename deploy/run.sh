#!/usr/bin/env bash
# make run: infrastructure up, build, start the five processes (INSTANCES=N: N of each service), wait until the platform is ready,
# seed the demo data, print the URL; Ctrl-C or SIGTERM stops the services (make down stops the rest).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is missing: install it and retry" >&2; exit 1; }
"$repo/deploy/infra.sh" up
eval "$("$repo/deploy/infra.sh" env)"
dotnet build Alliance.sln -c Release -nologo -v quiet -clp:NoSummary >/dev/null || { echo "run: build failed: run 'make build' to see why" >&2; exit 1; }

logs=$repo/.run/logs; pids=$repo/.run/pids
mkdir -p "$logs" "$pids" "$repo/.alliance"
# The secretariat's client: created once, kept in the git-ignored .alliance/ and configured into Registry.
creds=${ALLIANCE_CREDENTIALS:-$repo/.alliance/dev-credentials.json}
mkdir -p "$(dirname "$creds")"
if ! grep -q '"secretariat"' "$creds" 2>/dev/null; then
  printf '{"tokenEndpoint":"http://127.0.0.1:8080/connect/token","secretariat":{"clientId":"secretariat","clientSecret":"%s"},"members":[]}\n' \
    "$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-40)" >"$creds"
  chmod 600 "$creds"
fi
secretariat_secret=$(sed -n 's/.*"secretariat":{"clientId":"secretariat","clientSecret":"\([^"]*\)".*/\1/p' "$creds")
"$repo/deploy/services.sh" stop >/dev/null 2>&1 || true
started=()
# INSTANCES=N (make run INSTANCES=2): N instances of each service behind the gateway (docs/scale-out.md); instance k
# of a service listens 10*(k-1) above the first (8081, 8091, …). The Portal and the gateway stay single.
instances=${INSTANCES:-1}
[[ $instances =~ ^[1-9]$ ]] || { echo "run: INSTANCES must be 1 to 9, not '$instances'" >&2; exit 2; }
declare -A base=([Registry]=8081 [Governance]=8082 [Compatibility]=8083)
if ((instances > 1)); then
  for service in Registry Governance Compatibility; do
    addresses=$(for k in $(seq "$instances"); do printf 'http://127.0.0.1:%s,' $((base[$service] + 10 * (k - 1))); done)
    export "Services__$service=${addresses%,}"
  done
  # Any Registry instance answers the token issuer's discovery: the services fetch it through the gateway.
  export Auth__MetadataAddress=http://127.0.0.1:8080/.well-known/openid-configuration
fi
start() { # service, instance number
  local service=$1 k=$2 name=$1 urls=()
  ((k > 1)) && name=$service-$k && urls=(--urls "http://127.0.0.1:$((base[$service] + 10 * (k - 1)))")
  # Each service sees its own role's password only (least privilege), never the superuser's or another service's.
  others=$(env | sed -n 's/^\(\(Postgres\|DataProtection\)__[a-z0-9_]*__[A-Za-z]*\)=.*/\1/p' | grep -iv "__${service}__" || true)
  # The Portal calls the first instance of each service (Services__X of its appsettings), the gateway every one.
  [[ $service == Portal ]] && others="$others Services__Registry Services__Governance Services__Compatibility"
  (cd "services/$service" && unset ALLIANCE_PG_ADMIN $others && Secretariat__ClientId=secretariat Secretariat__ClientSecret=$secretariat_secret \
    Logging__Format=${Logging__Format:-console} exec dotnet "bin/Release/net10.0/$service.dll" "${urls[@]}") >"$logs/$name.log" 2>&1 &
  echo $! >"$pids/$name.pid"
  started+=($!)
}
for service in Registry Governance Compatibility; do
  for k in $(seq "$instances"); do start "$service" "$k"; done
done
for service in Transparency Market Notifications Portal Gateway; do start "$service" 1; done
stop() { echo; echo "run: stopping services"; kill -TERM "${started[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -f "$pids"/*.pid; exit 0; }
trap stop INT TERM

for _ in $(seq 180); do
  curl -fsS -m 3 http://127.0.0.1:8080/health/ready >/dev/null 2>&1 && break
  for pid in "${started[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "run: a service exited at start; see $logs" >&2; stop; }; done
  sleep 1
done
curl -fsS -m 3 http://127.0.0.1:8080/health/ready >/dev/null || { echo "run: the platform did not become ready; see $logs" >&2; stop; }
"$repo/deploy/seed.sh" http://127.0.0.1:8080 "$creds"
echo "Alliance is running at http://127.0.0.1:8080/ (the finder; API under /api, logs in $logs)."
echo "Credentials of the secretariat and two demo members: $creds"
echo "Ctrl-C stops the services; 'make down' also stops PostgreSQL and RabbitMQ."
wait
