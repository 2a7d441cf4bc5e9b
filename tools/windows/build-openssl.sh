#!/usr/bin/env bash
# OpenSSL for MinGW-w64 (static libraries and headers), built once from Debian's own source package
# (apt-get source checks its signature) into a cache folder outside the clone and reused while
# Debian's version matches. Prints the install prefix on its last line.
#   tools/windows/build-openssl.sh [JOBS]
set -euo pipefail
jobs=${1:-2}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/webexcc-workspace

# A deb-src entry for Debian's repositories: the same URIs, suites and keyring as the deb entry.
ensure_deb_src() {
  grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
  local deb=/etc/apt/sources.list.d/debian.sources
  [ -f "$deb" ] || { echo "build-openssl: no $deb to derive a deb-src entry from" >&2; exit 1; }
  if [ "$(id -u)" -ne 0 ]; then
    echo "build-openssl: add a deb-src entry for Debian (as $deb with Types: deb-src) and run apt-get update" >&2
    exit 1
  fi
  sed 's/^Types: deb$/Types: deb-src/' "$deb" > /etc/apt/sources.list.d/debian-src.sources
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
}

# The source versions apt knows, newest first (a mirror may lack the newest one's files).
source_versions() {
  apt-cache showsrc --only-source openssl 2>/dev/null | sed -n 's/^Version: //p' | sort -V -r -u
}

# fetch VERSION DIR: Debian's source package, signature checked, unpacked with its patches applied.
fetch() {
  (cd "$2" && apt-get source -qq "openssl=$1" >/dev/null 2>&1)
}

# build SOURCE PREFIX LOG: the static libraries and headers only. OpenSSL's own warnings go to LOG,
# which is shown only when the build fails.
build() {
  cd "$1"
  # CC is prefixed by --cross-compile-prefix: x86_64-w64-mingw32-gcc-posix, the compiler the project uses.
  if ! { CC=gcc-posix ./Configure mingw64 no-shared no-tests --cross-compile-prefix=x86_64-w64-mingw32- \
           --prefix="$2" --libdir=lib && make -j "$jobs" build_libs && make install_dev; } > "$3" 2>&1; then
    tail -40 "$3" >&2
    echo "build-openssl: the build failed (the whole log: $3)" >&2
    exit 1
  fi
}

ensure_deb_src
versions=$(source_versions)
if [ -z "$versions" ] && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  versions=$(source_versions)
fi
[ -n "$versions" ] || { echo "build-openssl: apt knows no source package for openssl" >&2; exit 1; }

mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for version in $versions; do
  prefix=$cache/openssl-$version-mingw64
  if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi
  rm -rf "${work:?}"/*
  if ! fetch "$version" "$work"; then
    echo "build-openssl: the source of OpenSSL $version is not downloadable; trying an older one" >&2
    continue
  fi
  echo "build-openssl: OpenSSL $version for MinGW-w64 into $prefix (about 2 minutes on 2 cores)" >&2
  rm -rf "$prefix"
  (build "$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'openssl-*' | head -1)" "$prefix" "$cache/openssl-$version-build.log")
  echo "$version" > "$prefix/.complete"
  echo "$prefix"
  exit 0
done
echo "build-openssl: no version of Debian's openssl source package could be downloaded" >&2
exit 1
