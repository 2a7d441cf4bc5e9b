#!/usr/bin/env bash
# The Windows packages from a MinGW tree whose programs and libraries are built: installs each
# component into a staging folder (cmake --install --strip, which builds nothing: cpack would first
# build every target, tests included) and makes, in OUT_DIR,
#   <name>.zip       the "workspace" component, unpacking into one folder <name>
#   <name>.msi       the same files, by wixl (Debian's msitools) from webexcc-workspace.wxs
#   <sim name>.zip   the "simulator" component (development and tests only, never in the MSI)
# with the names packaging/CMakeLists.txt gives cpack. Prints the three paths.
#   build_packages.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The version and the file names, read from the tree's CPack configuration so they cannot disagree.
cpack_value() { sed -n "s/^set($1 \"\(.*\)\")$/\1/p" "$build/CPackConfig.cmake"; }
version=$(cpack_value CPACK_PACKAGE_VERSION)
name=$(cpack_value CPACK_ARCHIVE_WORKSPACE_FILE_NAME)
sim_name=$(cpack_value CPACK_ARCHIVE_SIMULATOR_FILE_NAME)
[ -n "$version" ] && [ -n "$name" ] && [ -n "$sim_name" ] ||
  { echo "build_packages: $build/CPackConfig.cmake names no version or file names" >&2; exit 1; }

# stage COMPONENT FOLDER: the component's files under $work/FOLDER.
stage() {
  cmake --install "$build" --prefix "$work/$2" --component "$1" --strip > "$work/install-$1.log"
}
# zip_folder FOLDER: $out/FOLDER.zip holding FOLDER/...
zip_folder() {
  rm -f "$out/$1.zip"
  (cd "$work" && cmake -E tar cf "$out/$1.zip" --format=zip "$1")
}

stage workspace "$name"
stage simulator "$sim_name"
zip_folder "$name"
zip_folder "$sim_name"
# wixl finds the files only by a relative SourceDir, hence the cd. wixl-heat names each directory,
# component and file by a hash of its path, so the same tree gives the same identifiers (and wixl
# the same component GUIDs) from one build to the next.
cd "$work"
find "$name" -type f | LC_ALL=C sort |
  wixl-heat --prefix "$name/" --component-group Files --directory-ref INSTALLDIR --var var.SourceDir > files.wxs
wixl --arch x64 --define "Version=$version" --define "SourceDir=$name" \
     --output "$out/$name.msi" "$here/webexcc-workspace.wxs" files.wxs
printf '%s\n' "$out/$name.msi" "$out/$name.zip" "$out/$sim_name.zip"
