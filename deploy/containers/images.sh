#!/usr/bin/env bash
# make images: every image of the platform, built here with podman and no registry.
#   1. localhost/alliance/debian-min:bookworm   debootstrap --variant=minbase, imported (cached: made once)
#   2. localhost/alliance/runtime-deps:bookworm-<hash> what a self-contained .NET app needs from Debian, and nothing else
#                                               (no shell, no package manager; busybox only for the HEALTHCHECK)
#   3. one image per process: registry, governance, compatibility, transparency, market, notifications, gateway,
#      portal (self-contained linux-x64)
#   4. postgres:15 and rabbitmq:3.10 from Debian's packages (local and test use only)
# Usage: deploy/containers/images.sh [all|base|apps|servers|NAME...]   (NAME: registry, gateway, postgres, ...)
#   ALLIANCE_IMAGE_REUSE=1 packs the last publish output again (when only the Containerfiles changed)
set -euo pipefail
source "$(dirname "$0")/podman.sh"
need_tools
cd "$repo"
VERSION=$(image_version)
REVISION=$(git rev-parse HEAD)
SOURCE=${ALLIANCE_IMAGE_SOURCE:-$(git config --get remote.origin.url || echo "unknown: this clone has no remote")}
# Every layer's files and the image's creation time are the commit's time, so two builds of one commit give the same
# application layer digests (docs/deploy.md, "Reproducible images").
EPOCH=$(git log -1 --format=%ct HEAD)
CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
BUILD=(podman build --quiet --format docker --timestamp "$EPOCH" --ulimit "nofile=$(ulimit -n):$(ulimit -n)"
  --label "org.opencontainers.image.source=$SOURCE" --label "org.opencontainers.image.revision=$REVISION"
  --label "org.opencontainers.image.version=$VERSION" --label "org.opencontainers.image.created=$CREATED"
  --label "org.opencontainers.image.vendor=Alliance" --label "org.opencontainers.image.licenses=NOASSERTION")
mkdir -p "$CACHE"

mirror() {
  local uri
  uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1)
  [[ -n $uri ]] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\?\([^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
  echo "${ALLIANCE_DEBIAN_MIRROR:-${uri:-http://deb.debian.org/debian}}"
}

base() {
  if podman image exists "$BASE_IMAGE"; then say "$BASE_IMAGE: cached"; return; fi
  local tarball=$CACHE/debian-min-bookworm.tar
  if [[ ! -s $tarball ]]; then
    local root=$CACHE/rootfs
    rm -rf "$root"
    say "debootstrap --variant=minbase bookworm from $(mirror) (about 30 s)"
    debootstrap --variant=minbase bookworm "$root" "$(mirror)" >"$CACHE/debootstrap.log" 2>&1 || die "debootstrap failed, see $CACHE/debootstrap.log"
    # What an image never needs: the package lists and downloads (a build that installs runs apt-get update), docs.
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
      "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/var/log/* "$root"/tmp/*
    # The build's own host name and resolver are not part of the image.
    : >"$root/etc/resolv.conf"; : >"$root/etc/hostname"
    tar --numeric-owner --sort=name --mtime="@$EPOCH" -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$root"
  fi
  podman import --quiet --change 'CMD ["/bin/bash"]' "$tarball" "$BASE_IMAGE" >/dev/null
  say "$BASE_IMAGE: imported from $tarball"
}

runtime_deps() {
  if podman image exists "$DEPS_IMAGE"; then say "$DEPS_IMAGE: cached"; return; fi
  "${BUILD[@]}" -t "$DEPS_IMAGE" --build-arg "BASE=$BASE_IMAGE" -f "$containers_dir/runtime-deps.Containerfile" "$containers_dir" >/dev/null
  say "$DEPS_IMAGE: built"
}

# image name : project
APPS="registry:Registry governance:Governance compatibility:Compatibility transparency:Transparency market:Market notifications:Notifications gateway:Gateway portal:Portal"

# The publish output in two folders: runtime/ the files of the .NET and ASP.NET Core runtime packs, byte for byte
# (one layer, the same in all eight images, stored once), app/ everything else (the application layer).
split_publish() {
  local out=$1 context=$2 packs=()
  local home=${NUGET_PACKAGES:-$HOME/.nuget/packages}
  local version; version=$(grep -A1 '"Microsoft.NETCore.App"' "$out"/*.runtimeconfig.json | sed -n 's/.*"version": "\(.*\)".*/\1/p')
  packs=("$home/microsoft.netcore.app.runtime.linux-x64/$version/runtimes/linux-x64" "$home/microsoft.aspnetcore.app.runtime.linux-x64/$version/runtimes/linux-x64")
  rm -rf "$context" && mkdir -p "$context/runtime" "$context/app"
  local file name pack
  for file in "$out"/*; do
    name=${file##*/}
    # The runtime's debugging and tracing helpers (crash dumps, the debugger's and dump readers' access, LTTng, the
    # alternative GCs) are not used by a running service: 8 MB less per image.
    case $name in createdump|libmscordaccore.so|libmscordbi.so|libcoreclrtraceptprovider.so|libclrgc.so|libclrgcexp.so) continue ;; esac
    for pack in "${packs[@]}"; do
      for candidate in "$pack/lib/net10.0/$name" "$pack/native/$name"; do
        if [[ -f $candidate ]] && cmp -s "$candidate" "$file"; then cp -p "$file" "$context/runtime/"; continue 4; fi
      done
    done
    cp -rp "$file" "$context/app/"
  done
}

app() {
  local name=$1 project=$2
  local out=$CACHE/publish/$project context=$CACHE/context/$name
  if [[ ${ALLIANCE_IMAGE_REUSE:-} == 1 && -d $context/app ]]; then
    say "$name: reusing the last publish output ($context)"
  else
    say "$name: dotnet publish $project (self-contained linux-x64)"
    rm -rf "$out"
    dotnet publish "services/$project" -c Release -r linux-x64 --self-contained -o "$out" -nologo -v quiet -clp:ErrorsOnly \
      -p:DebugType=none -p:GenerateDocumentationFile=false >/dev/null || die "$name: publish failed (dotnet publish services/$project -c Release -r linux-x64 --self-contained)"
    split_publish "$out" "$context"
    ln -s "$project" "$context/app/entrypoint"
  fi
  # Files as of the commit, so the layers do not depend on when this clone was checked out or published.
  find "$context" -exec touch -h -d "@$EPOCH" {} +
  "${BUILD[@]}" -t "$IMAGE_PREFIX/$name:$VERSION" -t "$IMAGE_PREFIX/$name:latest" \
    --build-arg "DEPS=$DEPS_IMAGE" \
    --label "org.opencontainers.image.title=alliance-$name" --label "org.opencontainers.image.description=Alliance $project (self-contained .NET, linux-x64)" \
    -f "$containers_dir/service.Containerfile" "$context" >/dev/null
  say "$name: $IMAGE_PREFIX/$name:$VERSION"
}

server() {
  local name=$1 tag=$2
  "${BUILD[@]}" -t "$IMAGE_PREFIX/$name:$tag" --build-arg "BASE=$BASE_IMAGE" \
    --label "org.opencontainers.image.title=alliance-$name" --label "org.opencontainers.image.description=$name $tag from Debian's packages, for local and test use" \
    -f "$containers_dir/$name.Containerfile" "$containers_dir" >/dev/null
  say "$name: $IMAGE_PREFIX/$name:$tag"
}

targets=("$@"); [[ ${#targets[@]} == 0 ]] && targets=(all)
for target in "${targets[@]}"; do
  case $target in
    base|apps|all|registry|governance|compatibility|transparency|market|notifications|gateway|portal|postgres|rabbitmq|servers) ;;
    *) die "unknown image '$target': all, base, apps, servers, registry, governance, compatibility, transparency, market, notifications, gateway, portal, postgres, rabbitmq" ;;
  esac
  base; runtime_deps
  for entry in $APPS; do
    IFS=: read -r name project <<<"$entry"
    [[ $target == all || $target == apps || $target == "$name" ]] && app "$name" "$project"
  done
  [[ $target == all || $target == servers || $target == postgres ]] && server postgres 15
  [[ $target == all || $target == servers || $target == rabbitmq ]] && server rabbitmq 3.10
done
podman images --filter "reference=$IMAGE_PREFIX/*" --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -v ':latest' | sort
