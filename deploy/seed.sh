#!/usr/bin/env bash
# Demo data through the public API, as the secretariat. Idempotent: a member whose name is already in the
# directory is skipped, a committee whose purpose already has one is reused (and only missing seats are assigned),
# and the two demo member credentials are issued once and kept in the credentials file.
# Usage: deploy/seed.sh [gateway base URL, default http://127.0.0.1:8080] [credentials file]
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
creds=${2:-$(cd "$(dirname "$0")/.." && pwd)/.alliance/dev-credentials.json}
api=$base/api
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n1 | cut -d'"' -f4; }

client=$(sed -n 's/.*"secretariat":{"clientId":"\([^"]*\)".*/\1/p' "$creds")
secret=$(sed -n 's/.*"secretariat":{"clientId":"[^"]*","clientSecret":"\([^"]*\)".*/\1/p' "$creds")
token=$(curl -fsS -X POST "$base/connect/token" -d grant_type=client_credentials -d "client_id=$client" -d "client_secret=$secret" | field access_token)
auth=(-H "Authorization: Bearer $token")

created=0
member() { # name kind country website email tier
  local q; q=$(printf '%s' "$1" | sed 's/ /%20/g; s/,/%2C/g')
  if curl -fsS "$api/members?q=$q" | grep -q '"total":0'; then
    local id
    id=$(curl -fsS -X POST "$api/members/applications" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$1\",\"kind\":\"$2\",\"country\":\"$3\",\"website\":\"$4\",\"contactEmail\":\"$5\"}" | field memberId)
    curl -fsS -X POST "$api/members/$id/admission" "${auth[@]}" -H 'Content-Type: application/json' -d "{\"tier\":\"$6\"}" >/dev/null
    created=$((created + 1))
  fi
}
member "Hygon Information Technology" company CN https://www.hygon.cn alliance@hygon.example.cn strategic
member "Inspur Electronic Information" company CN https://www.inspur.com alliance@inspur.example.com strategic
member "Huawei Technologies" company CN https://www.huawei.com alliance@huawei.example.com strategic
member "Tsinghua University" university CN https://www.tsinghua.edu.cn alliance@tsinghua.example.edu.cn academic
member "Institute of Computing Technology, CAS" institute CN https://www.ict.ac.cn alliance@ict.example.ac.cn academic
member "OpenEuler Community Observer" other CN https://www.openeuler.org observer@openeuler.example.org observer
echo "seed: $created member(s) created"

# The committees the README's flows ask for: project approval (technical-oversight), the standards committee,
# the open-source committee and the general assembly (member expulsion). Each is created once (by purpose), and each
# demo member gets its seat once (voting; the observer tier observes). Seats need Governance to know the member,
# which it learns from Registry's messages a moment after the admission.
member_id() { curl -fsS "$api/members?q=$(printf '%s' "$1" | sed 's/ /%20/g; s/,/%2C/g')" | field memberId; }
voters=("Hygon Information Technology" "Inspur Electronic Information" "Huawei Technologies" "Tsinghua University" "Institute of Computing Technology, CAS")
observer="OpenEuler Community Observer"
for name in "${voters[@]}" "$observer"; do
  id=$(member_id "$name")
  for _ in $(seq 60); do curl -fsS "$api/electorate?member=$id" | grep -q "\"memberId\":\"$id\"" && break; sleep 0.5; done
done
committees=0 seats=0
committee() { # purpose name default-profile
  local id
  id=$(curl -fsS "$api/committees?purpose=$1" | field committeeId || true) # none yet: grep finds nothing
  if [[ -z $id ]]; then
    id=$(curl -fsS -X POST "$api/committees" "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$2\",\"purpose\":\"$1\",\"defaultProfile\":\"$3\"}" | field committeeId)
    committees=$((committees + 1))
  fi
  local held; held=$(curl -fsS "$api/committees/$id")
  local name role mid status
  for name in "${voters[@]}" "$observer"; do
    role=voting; [[ $name == "$observer" ]] && role=observer
    mid=$(member_id "$name")
    grep -q "\"memberId\":\"$mid\"" <<<"$held" && continue
    # A member that left or was suspended since an earlier run holds no seat (409): say so and carry on.
    status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$api/committees/$id/seats" "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"memberId\":\"$mid\",\"role\":\"$role\"}")
    if [[ $status == 200 ]]; then seats=$((seats + 1)); else echo "seed: no seat for $name on the $1 committee (HTTP $status)" >&2; fi
  done
  echo "seed: committee $1 $id"
}
committee technical-oversight "Technical Oversight Committee" simple-majority
committee standards "Standards Committee" two-thirds-of-cast
committee open-source "Open Source Committee" cncf-gitvote
committee general "General Assembly" simple-majority
echo "seed: $committees committee(s) created, $seats seat(s) assigned"

# Two demo member admins, issued once.
if grep -q '"members":\[\]' "$creds"; then
  entries=()
  for name in "Hygon Information Technology" "Tsinghua University"; do
    q=$(printf '%s' "$name" | sed 's/ /%20/g')
    id=$(curl -fsS "$api/members?q=$q" | field memberId)
    issued=$(curl -fsS -X POST "$api/members/$id/credentials" "${auth[@]}" -H 'Content-Type: application/json' -d '{"role":"member-admin","label":"demo"}')
    entries+=("{\"member\":\"$name\",\"memberId\":\"$id\",\"role\":\"member-admin\",\"clientId\":\"$(field clientId <<<"$issued")\",\"clientSecret\":\"$(field clientSecret <<<"$issued")\"}")
  done
  members=$(IFS=,; echo "${entries[*]}")
  sed -i "s|\"members\":\[\]|\"members\":[$members]|" "$creds"
  echo "seed: demo member credentials written to $creds"
fi

# The compute market (/api/compute): sites of three demo members with inventories (an accelerator product of each vendor,
# registered in Compatibility, and generic classes), an offer per site, and two requests of Tsinghua University: one that
# matches and one that does not (it requires CERT:ACI@1.0, which no demo product holds: the demo data ratifies no
# standard), whose candidates say why. Once per platform: skipped when the first member already has a site.
json_id() { grep -o "\"$1\":\"[^\"]*\"" | head -n1 | cut -d'"' -f4; }
first=$(member_id "Hygon Information Technology")
if curl -fsS "$api/compute/sites?member=$first" | grep -q siteId; then
  echo "seed: compute market already seeded"
else
  from=$(date -u +%Y-%m-%dT%H:%M:%SZ); until=$(date -u -d '+90 days' +%Y-%m-%dT%H:%M:%SZ)
  site() { # member-name site-name region energy pue product-name accelerators vcpus price
    local mid pid sid
    mid=$(member_id "$1")
    for _ in $(seq 60); do curl -fsS "$api/vendors?member=$mid" | grep -q "\"memberId\":\"$mid\"" && break; sleep 0.5; done
    pid=$(curl -fsS "$api/products?vendor=$mid&name=$(printf '%s' "$6" | sed 's/ /%20/g')" | json_id productId || true)
    [[ -n $pid ]] || pid=$(curl -fsS -X POST "$api/products" "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"vendorId\":\"$mid\",\"name\":\"$6\",\"type\":\"accelerator\"}" | json_id productId)
    sid=$(curl -fsS -X POST "$api/compute/sites" "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"memberId\":\"$mid\",\"name\":\"$2\",\"region\":\"$3\",\"operator\":\"$1\",\"energySource\":\"$4\",\"pue\":$5}" | json_id siteId)
    curl -fsS -X PUT "$api/compute/sites/$sid/inventory" "${auth[@]}" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
      -d "{\"inventories\":[{\"resourceClass\":\"ACCELERATOR:$pid\",\"total\":$7,\"reserved\":8,\"minUnit\":1,\"maxUnit\":64,\"stepSize\":1},{\"resourceClass\":\"VCPU\",\"total\":$8,\"reserved\":64},{\"resourceClass\":\"MEMORY_GIB\",\"total\":65536}]}" >/dev/null
    curl -fsS -X POST "$api/compute/offers" "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"siteId\":\"$sid\",\"resourceClass\":\"ACCELERATOR:$pid\",\"units\":$(($7 / 2)),\"pricePerUnitHour\":$9,\"currency\":\"CNY\",\"window\":{\"from\":\"$from\",\"until\":\"$until\"}}" >/dev/null
    curl -fsS -X POST "$api/compute/offers" "${auth[@]}" -H 'Content-Type: application/json' \
      -d "{\"siteId\":\"$sid\",\"resourceClass\":\"VCPU\",\"units\":$(($8 / 2)),\"pricePerUnitHour\":0.12,\"currency\":\"CNY\",\"window\":{\"from\":\"$from\",\"until\":\"$until\"}}" >/dev/null
  }
  site "Hygon Information Technology" "Hygon Tianjin DC" CN-TJ grid 1.30 "Hygon DCU Z100" 256 4096 9.50
  site "Inspur Electronic Information" "Inspur Jinan AI Center" CN-SD mixed-renewable 1.25 "Inspur NF5688 Accelerator" 512 8192 11.00
  site "Huawei Technologies" "Ulanqab Green DC" CN-NM wind 1.15 "Ascend 910B" 1024 16384 8.80
  buyer=$(member_id "Tsinghua University")
  request() { curl -fsS -X POST "$api/compute/requests" "${auth[@]}" -H 'Content-Type: application/json' -d "$1" | json_id requestId; }
  matching=$(request "{\"memberId\":\"$buyer\",\"resourceClass\":\"VCPU\",\"units\":512,\"maxPricePerUnitHour\":0.2,\"currency\":\"CNY\",\"window\":{\"from\":\"$from\",\"until\":\"$until\"},\"regions\":[\"CN-NM\",\"CN\"]}")
  unmatched=$(request "{\"memberId\":\"$buyer\",\"resourceClass\":\"ACCELERATOR\",\"units\":16,\"requiredTraits\":[\"CERT:ACI@1.0\"],\"maxPricePerUnitHour\":9.0,\"currency\":\"CNY\",\"window\":{\"from\":\"$from\",\"until\":\"$until\"}}")
  echo "seed: compute market: 3 sites, 6 offers; request $matching matches, request $unmatched does not (GET /api/compute/requests/<id>/candidates says why)"
fi
