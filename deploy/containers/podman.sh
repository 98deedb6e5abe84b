# Sourced by the container scripts: podman with this project's settings (containers.conf beside this file), and the
# names and version every image and manifest shares. Installs podman, runc and debootstrap when they are missing.
containers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$containers_dir/../.." && pwd)
export CONTAINERS_CONF=$containers_dir/containers.conf
# The image registry prefix: localhost/ is what podman calls an image that was built here and never pulled.
IMAGE_PREFIX=${ALLIANCE_IMAGE_PREFIX:-localhost/alliance}
BASE_IMAGE=$IMAGE_PREFIX/debian-min:bookworm
# Tagged with a hash of what makes it, so a change to either file builds it again (and the apps on it).
DEPS_IMAGE=$IMAGE_PREFIX/runtime-deps:bookworm-$(cat "$containers_dir/runtime-deps.Containerfile" "$containers_dir/runtime-root.sh" | sha256sum | cut -c1-12)
CACHE=${ALLIANCE_IMAGE_CACHE:-$repo/.run/containers}

say() { echo "containers: $*" >&2; }
die() { echo "containers: $*" >&2; exit 1; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

# Debian packages (netavark and aardvark-dns: networks whose containers find each other by name; iptables, which
# netavark runs for bridge networks and port publishing: without it every build step fails "netavark: No such file").
need_tools() {
  local need=() package
  for package in podman runc debootstrap netavark aardvark-dns iptables "$@"; do
    dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || need+=("$package")
  done
  [[ ${#need[@]} == 0 ]] && return 0
  say "installing ${need[*]} (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# The version images and manifests carry: the tag at HEAD, or 0.0.0-<short sha> (with -dirty for uncommitted changes).
image_version() {
  local tag; tag=$(git -C "$repo" describe --tags --exact-match 2>/dev/null || true)
  local version=${tag#v}
  [[ -n $version ]] || version=0.0.0-$(git -C "$repo" rev-parse --short=12 HEAD)
  git -C "$repo" diff --quiet HEAD -- services shared 2>/dev/null || version=$version-dirty
  echo "$version"
}
