#!/usr/bin/env bash
# Demo data through the public API. Idempotent: a member whose name is already in the directory is skipped.
set -euo pipefail
api=${1:-http://127.0.0.1:8080}/api
created=0
member() { # name kind country website email tier
  local q; q=$(printf '%s' "$1" | sed 's/ /%20/g')
  if curl -fsS "$api/members?q=$q" | grep -q '"total":0'; then
    local id
    id=$(curl -fsS -X POST "$api/members/applications" -H 'Content-Type: application/json' -H "Idempotency-Key: seed-apply-$q" \
      -d "{\"name\":\"$1\",\"kind\":\"$2\",\"country\":\"$3\",\"website\":\"$4\",\"contactEmail\":\"$5\"}" | grep -o '"memberId":"[^"]*"' | cut -d'"' -f4)
    curl -fsS -X POST "$api/members/$id/admission" -H 'Content-Type: application/json' -H "Idempotency-Key: seed-admit-$q" \
      -d "{\"tier\":\"$6\"}" >/dev/null
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
