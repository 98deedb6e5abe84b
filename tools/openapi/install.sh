#!/usr/bin/env bash
# The two OpenAPI validators (@apidevtools/swagger-cli and @redocly/cli), at the versions package-lock.json pins,
# installed once into tools/openapi/node_modules (git-ignored): later runs find them and need no network.
set -euo pipefail
cd "$(dirname "$0")"
bins=(node_modules/.bin/swagger-cli node_modules/.bin/redocly)
if [[ -x ${bins[0]} && -x ${bins[1]} ]]; then exit 0; fi
command -v npm >/dev/null || { echo "npm is missing: apt-get install -y nodejs npm" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error >&2
