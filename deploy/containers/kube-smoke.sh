#!/usr/bin/env bash
# make kube-smoke: the Kubernetes manifests' Deployments (deploy/k8s/render.sh dev) run with `podman kube play`
# against the compose file's PostgreSQL and RabbitMQ, and the gateway answers real requests. Not part of make test
# (it needs the images of `make images`). What it checks:
#   1. release hygiene: the manifests are rendered for the images' version (org.opencontainers.image.version of the
#      last `make images`), every image they name exists here with that tag and label, every Deployment carries it;
#   2. each Deployment, played as its own pod on the network alliance_kube with its Service's name as a network
#      alias (podman has no Services), becomes ready (/health/ready) in the order the compose file starts them;
#   3. through the gateway: /health/ready lists every service ready, the secretariat gets a token, a member's
#      application and admission go through, the member is found by the public lookup, and the transparency log
#      grows (Registry's events reached Transparency through RabbitMQ).
# What differs from a cluster (kube-smoke.py): Secrets are host folders of files, PostgreSQL has no TLS, one
# replica each (the dev overlay), no Services, Ingress, NetworkPolicies or probes enforced. Nothing binds a host
# port: the gateway is reached at its pod's address. KUBE_SMOKE_KEEP=1 leaves the pods running.
set -euo pipefail
source "$(dirname "$0")/podman.sh"
need_tools podman-compose catatonit
cd "$repo"
work=$repo/.run/kube-smoke
network=alliance_kube
gw_image=$IMAGE_PREFIX/gateway:latest
podman image exists "$gw_image" || die "no images: run 'make images' first"

# 1. The images' version, and the manifests rendered for it.
version=$(podman image inspect -f '{{index .Labels "org.opencontainers.image.version"}}' "$gw_image")
head=$(image_version)
[[ $version == "$head" ]] || say "the images are of $version, this checkout is $head: rendering for the images' version ('make images' builds $head)"
rm -rf "$work"; (umask 077; mkdir -p "$work")
"$repo/deploy/k8s/render.sh" dev "$version" >"$work/rendered.yaml"
# The Deployments' images (the operators' Cluster and RabbitmqCluster name theirs, pulled by the cluster).
images=$(python3 -c 'import sys, yaml; print("\n".join(sorted({c["image"] for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "Deployment" for c in o["spec"]["template"]["spec"]["containers"]})))' "$work/rendered.yaml")
for image in $images; do
  [[ $image == "$IMAGE_PREFIX"/*:"$version" ]] || die "hygiene: $image is not $IMAGE_PREFIX/<name>:$version"
  podman image exists "$image" || die "hygiene: $image is missing (make images)"
  label=$(podman image inspect -f '{{index .Labels "org.opencontainers.image.version"}}' "$image")
  [[ $label == "$version" ]] || die "hygiene: $image says version $label"
done
deployments=$(grep -c '^kind: Deployment' "$work/rendered.yaml")
labelled=$(python3 -c 'import sys, yaml; print(sum(1 for o in yaml.safe_load_all(open(sys.argv[1])) if o and o["kind"] == "Deployment" and o["metadata"]["labels"].get("app.kubernetes.io/version") == sys.argv[2] and o["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/version") == sys.argv[2]))' "$work/rendered.yaml" "$version")
[[ $labelled == "$deployments" ]] || die "hygiene: $labelled of $deployments Deployments carry app.kubernetes.io/version $version"
say "hygiene: $deployments Deployments and $(wc -w <<<"$images") images, all of version $version"

# 2. PostgreSQL and RabbitMQ of the compose file, known on the pods' network by the operators' service names.
"$repo/deploy/containers/up.sh" infra
podman network exists $network || podman network create --subnet 10.89.202.0/24 $network >/dev/null
connect() { # container alias
  podman inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$1" | grep -qw $network \
    || podman network connect --alias "$2" $network "$1"
}
connect alliance_postgres_1 alliance-pg-rw
connect alliance_rabbitmq_1 alliance-rabbitmq
# A pod removed while its process still held connections leaves their PostgreSQL sessions open (the pod's network
# is gone before a FIN is sent), and with them its advisory locks: a new Registry then never becomes the leader of
# its async daemon, and no event reaches the transparency log. Sessions from this network are a previous smoke's.
podman exec alliance_postgres_1 psql -h /var/run/postgresql -U postgres -d postgres -qAt \
  -c "select pg_terminate_backend(pid) from pg_stat_activity where client_addr << '10.89.202.0/24'" >/dev/null
names=$(python3 "$containers_dir/kube-smoke.py" "$work/rendered.yaml" "$work" "$repo/.alliance/compose")
cleanup() {
  [[ ${KUBE_SMOKE_KEEP:-} == 1 ]] && { say "pods left running (KUBE_SMOKE_KEEP=1): podman kube down $work/<name>.yaml"; return; }
  local name
  # Stopped first (SIGTERM, the processes close their connections), then removed.
  for name in $names; do podman pod stop -t 30 "$name-pod-0" >/dev/null 2>&1 || true; done
  for name in $names; do podman kube down "$work/$name.yaml" >/dev/null 2>&1 || true; done
  podman network disconnect $network alliance_postgres_1 >/dev/null 2>&1 || true
  podman network disconnect $network alliance_rabbitmq_1 >/dev/null 2>&1 || true
  podman network rm -f $network >/dev/null 2>&1 || true
  say "pods removed (PostgreSQL and RabbitMQ keep running: make down-containers)"
}
trap cleanup EXIT

address() { podman inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$1-pod-0-$1"; }
play() {
  local name
  for name in "$@"; do
    podman kube play --network "$network:alias=$name" "$work/$name.yaml" >"$work/$name.play.log" 2>&1 || die "kube play $name failed: $work/$name.play.log"
  done
}
ready() { # name path
  local name
  for name in "$@"; do
    local path=/health/ready; [[ $name == portal ]] && path=/health/live
    for _ in $(seq 120); do
      curl -fsS -m 3 -H 'Host: localhost' "http://$(address "$name"):8080$path" >/dev/null 2>&1 && break
      [[ $(podman inspect -f '{{.State.Status}}' "$name-pod-0-$name") == running ]] || die "$name exited: podman logs $name-pod-0-$name"
      sleep 2
    done
    curl -fsS -m 3 -H 'Host: localhost' "http://$(address "$name"):8080$path" >/dev/null || die "$name is not ready: podman logs $name-pod-0-$name"
    say "$name: ready"
  done
}
services=$(grep -v -x -E 'registry|portal|gateway' <<<"$names" | tr '\n' ' ')
play registry; ready registry
# shellcheck disable=SC2086
play $services; ready $services
play portal; ready portal
play gateway; ready gateway

# 3. Real requests through the gateway, by the name its AllowedHosts knows (the ConfigMap's `gateway`).
base=http://gateway:8080
call() { curl -fsS -m 15 --resolve "gateway:8080:$(address gateway)" "$@"; }
field() { grep -o "\"$1\":[^,}]*" | head -n1 | cut -d: -f2- | tr -d '"'; }
for _ in $(seq 60); do call "$base/health/ready" >"$work/ready.json" 2>/dev/null && break; sleep 2; done
call "$base/health/ready" >"$work/ready.json" || die "the gateway is not ready: $(cat "$work/ready.json")"
for service in Registry Governance Compatibility Transparency Market Notifications Portal; do
  grep -q "\"$service\":\"ready" "$work/ready.json" || grep -q "\"$service\":\"Healthy" "$work/ready.json" \
    || die "the gateway does not list $service as ready: $(cat "$work/ready.json")"
done
say "gateway: /health/ready lists the six services and the Portal"
secret=$(cat "$repo/.alliance/compose/secretariat-secret")
token=$(call -X POST "$base/connect/token" -d grant_type=client_credentials -d client_id=secretariat -d "client_secret=$secret" | field access_token)
[[ -n $token ]] || die "no token for the secretariat"
# The log's latest signed checkpoint is a C2SP note: origin, tree size, root (404 until the first is signed).
size() { call "$base/api/log/checkpoint" 2>/dev/null | sed -n 2p || echo 0; }
before=$(size)
name="Kube Smoke $(date +%s)"
q=$(sed 's/ /%20/g' <<<"$name")
id=$(call -X POST "$base/api/members/applications" -H 'Content-Type: application/json' \
  -d "{\"name\":\"$name\",\"kind\":\"company\",\"country\":\"CN\",\"website\":\"https://smoke.example.cn\",\"contactEmail\":\"smoke@example.cn\"}" | field memberId)
[[ -n $id ]] || die "the member's application was refused"
call -X POST "$base/api/members/$id/admission" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"tier":"observer"}' >/dev/null
call "$base/api/members?q=$q" | grep -q "\"memberId\":\"$id\"" || die "the public lookup does not find member $id"
say "gateway: token, application, admission and the public lookup of member $id"
for _ in $(seq 30); do after=$(size); (( ${after:-0} > ${before:-0} )) && break; sleep 2; done
(( ${after:-0} > ${before:-0} )) || die "the transparency log did not grow (tree size ${before:-?} -> ${after:-?})"
say "transparency log: tree size $before -> $after"
say "kube smoke passed: $(wc -w <<<"$names") Deployments of version $version"
