#!/bin/sh
# Run inside runtime-deps.Containerfile's first stage: copies the installed files of the named Debian packages into
# OUT (a root file system of its own), plus the files Debian generates at install time that they need (the CA
# bundle, the loader's cache), and an unprivileged user. Usage: runtime-root.sh OUT PACKAGE...
set -eu
out=$1; shift
mkdir -p "$out/usr/bin" "$out/usr/sbin" "$out/usr/lib" "$out/usr/lib64" "$out/etc/ssl/certs" "$out/app" "$out/tmp"
chmod 1777 "$out/tmp"
# Debian 12 has merged /usr: /bin, /lib, /lib64 and /sbin are links into it.
for d in bin lib lib64 sbin; do ln -s "usr/$d" "$out/$d"; done
for package in "$@"; do dpkg -L "$package"; done | sort -u | while read -r file; do
  case $file in
    /usr/share/doc/*|/usr/share/man/*|/usr/share/info/*|/usr/share/lintian/*|/usr/share/locale/*|/usr/share/bug/*|*/gconv/*) continue ;;
  esac
  if [ -d "$file" ] && [ ! -L "$file" ]; then continue; fi
  [ -e "$file" ] || [ -L "$file" ] || continue
  dir=$(readlink -f "$(dirname "$file")")
  mkdir -p "$out$dir"
  cp -a "$file" "$out$dir/"
done
cp /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/"
cp /etc/nsswitch.conf "$out/etc/"
cp -a /etc/ld.so.conf /etc/ld.so.conf.d "$out/etc/"
ldconfig -r "$out"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nalliance:x:10001:10001:alliance:/tmp:/usr/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\nalliance:x:10001:\n' >"$out/etc/group"
