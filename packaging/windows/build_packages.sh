#!/usr/bin/env bash
# Builds the Windows installer from a configured and built MinGW tree: installs its "workspace"
# component (never the simulator) into a staging folder, lists the files with wixl-heat and builds
# <CPACK_PACKAGE_FILE_NAME>.msi with wixl (Debian's msitools), beside the .zip cpack makes.
#   build_msi.sh BUILD_DIR OUT_DIR     prints the .msi's path
set -euo pipefail
build=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The version and the file name as cpack names the .zip (packaging/CMakeLists.txt), read from the
# tree's CPack configuration so the two packages cannot disagree.
cpack_value() { sed -n "s/^set($1 \"\(.*\)\")$/\1/p" "$build/CPackConfig.cmake"; }
version=$(cpack_value CPACK_PACKAGE_VERSION)
name=$(cpack_value CPACK_PACKAGE_FILE_NAME)
[ -n "$version" ] && [ -n "$name" ] || { echo "build_msi: $build/CPackConfig.cmake names no version or file name" >&2; exit 1; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
cmake --install "$build" --prefix "$work/stage" --component workspace --strip > "$work/install.log"
# wixl finds the files only by a relative SourceDir, hence the cd. wixl-heat names each directory,
# component and file by a hash of its path, so the same tree gives the same identifiers (and wixl
# the same component GUIDs) from one build to the next.
cd "$work"
find stage -type f | LC_ALL=C sort |
  wixl-heat --prefix stage/ --component-group Files --directory-ref INSTALLDIR --var var.SourceDir > files.wxs
wixl --arch x64 --define "Version=$version" --define SourceDir=stage \
     --output "$out/$name.msi" "$here/webexcc-workspace.wxs" files.wxs
echo "$out/$name.msi"
