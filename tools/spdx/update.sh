#!/usr/bin/env bash
# Regenerates services/Governance/OpenSource/Spdx/spdx-list.json from the npm SPDX packages.
#   tools/spdx/update.sh            pinned versions below (reproducible)
#   tools/spdx/update.sh latest     the newest published versions (then update the pins)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../services/Governance/OpenSource/Spdx/spdx-list.json"
pins="spdx-license-list@6.12.0 spdx-license-ids@3.0.24 spdx-exceptions@2.5.0"
[[ "${1:-}" == latest ]] && pins="spdx-license-list@latest spdx-license-ids@latest spdx-exceptions@latest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/generate.js" "$work/"
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund $pins >/dev/null && node generate.js "$out")
