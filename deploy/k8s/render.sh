#!/usr/bin/env bash
# Renders an overlay (dev or production) with the images' tag and the app.kubernetes.io/version label set to the
# version `make images` gives the images (git: the tag at HEAD, or 0.0.0-<sha>), so images and manifests agree.
# Usage: deploy/k8s/render.sh dev|production [VERSION]   (YAML on standard output; kubectl with Kustomize needed)
set -euo pipefail
k8s=$(cd "$(dirname "$0")" && pwd)
overlay=${1:?usage: deploy/k8s/render.sh dev|production [VERSION]}
[[ -f $k8s/overlays/$overlay/kustomization.yaml ]] || { echo "render: no overlay '$overlay' in $k8s/overlays" >&2; exit 2; }
# kubectl is in this machine image; elsewhere the kubectl package of the machine's apt sources (Debian's own
# kubernetes-client, 1.20, is too old for these kustomizations).
if ! command -v kubectl >/dev/null; then
  echo "render: installing kubectl (apt-get)" >&2
  if [[ $(id -u) == 0 ]]; then apt-get install -y -qq kubectl >/dev/null 2>&1; else sudo apt-get install -y -qq kubectl >/dev/null 2>&1; fi || true
fi
command -v kubectl >/dev/null || { echo "render: kubectl is missing: install kubectl 1.27 or later (it has Kustomize)" >&2; exit 1; }
version=${2:-$(source "$k8s/../containers/podman.sh" && image_version)}
# A kustomization of its own around the overlay, in a scratch folder beside it (Kustomize reads only below its root).
work=$k8s/overlays/.render-$overlay-$$
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
images=$(kubectl kustomize "$k8s/overlays/$overlay" | sed -n 's/^ *image: \(.*\/alliance\/[a-z-]*\)\(:[^ ]*\)\?$/\1/p' | sort -u)
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources: [../$overlay]"
  echo "labels: [{pairs: {app.kubernetes.io/version: \"$version\"}, includeSelectors: false, includeTemplates: true}]"
  echo "images:"
  for image in $images; do echo "  - {name: $image, newTag: \"$version\"}"; done
} >"$work/kustomization.yaml"
kubectl kustomize "$work"
