#!/usr/bin/env bash
# The schema checker's packages (kubernetes-models, ajv, js-yaml), at the versions package-lock.json pins, installed
# once into tools/k8s-schema/node_modules (git-ignored): later runs find them and need no network.
set -euo pipefail
cd "$(dirname "$0")"
[[ -d node_modules/kubernetes-models && -d node_modules/ajv && -d node_modules/js-yaml ]] && exit 0
command -v npm >/dev/null || { echo "npm is missing: apt-get install -y nodejs npm" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error >&2
