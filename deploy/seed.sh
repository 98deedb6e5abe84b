#!/usr/bin/env bash
# Demo data through the public API, as the secretariat. Idempotent: a member whose name is already in the
# directory is skipped, and the two demo member credentials are issued once and kept in the credentials file.
set -euo pipefail
base=${1:-http://127.0.0.1:8080}
creds=${2:-$(cd "$(dirname "$0")/.." && pwd)/.alliance/dev-credentials.json}
api=$base/api
field() { grep -o "\"$1\":\"[^\"]*\"" | head -n1 | cut -d'"' -f4; }

secret=$(sed -n 's/.*"secretariat":{"clientId":"secretariat","clientSecret":"\([^"]*\)".*/\1/p' "$creds")
token=$(curl -fsS -X POST "$base/connect/token" -d grant_type=client_credentials -d client_id=secretariat -d "client_secret=$secret" | field access_token)
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
