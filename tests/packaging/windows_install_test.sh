#!/usr/bin/env bash
# The Windows packages under Wine: builds the .zip files and the MSI (packaging/windows/
# build_packages.sh) from a built MinGW tree, installs the MSI with msiexec into a throwaway Wine prefix,
# checks the installed tree is the .zip's, holds no simulator, that the installed
# workspace-host.exe lists both plugins as loadable from the installed sample configuration and that
# the example plugin builds with MinGW against the installed SDK; then uninstalls it. About 20 s.
#   windows_install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source=$2
work=$(mktemp -d)
wine=${WORKSPACE_WINE64:-/usr/lib/wine/wine64}
export WINEPREFIX=$work/wine WINEDEBUG=-all
cleanup() {
  "$(dirname "$wine")/wineserver" -k 2>/dev/null || true  # this prefix's server only
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
product='Webex CC Workspace'

echo "-- packages"
packages=$("$source/packaging/windows/build_packages.sh" "$build" "$work/packages" 2> "$work/packages.log") ||
  { cat "$work/packages.log"; fail "build_packages.sh"; }
{ read -r msi; read -r zip; read -r sim_zip; } <<< "$packages"
ls -l "$msi" "$zip" "$sim_zip" | awk '{print "   " $5 " bytes  " $NF}'

echo "-- msiexec /i $(basename "$msi") /qn (a fresh Wine prefix)"
"$wine" msiexec /i "$msi" /qn > "$work/msiexec.log" 2>&1 || { cat "$work/msiexec.log"; fail "msiexec /i"; }
installed="$WINEPREFIX/drive_c/Program Files/$product"
[ -d "$installed" ] || fail "nothing installed in C:\\Program Files\\$product"

echo "-- the installed tree is the .zip's, without the simulator"
(cd "$installed" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$work/installed.txt"
unzip -Z1 "$zip" | grep -v '/$' | cut -d/ -f2- | LC_ALL=C sort > "$work/zip.txt"
diff "$work/zip.txt" "$work/installed.txt" || fail "the MSI installs other files than the .zip holds"
for file in bin/workspace-host.exe bin/wxcc-login.exe plugins/webexcc-outbound.dll plugins/webexcc-outbound.json \
            plugins/browser-bridge.dll plugins/browser-bridge.json host.sample.json include/workspace/plugin_api.h \
            lib/libworkspace_host.a lib/cmake/WorkspaceSDK/WorkspaceSDKConfig.cmake agent-panel/index.html README.md; do
  grep -qx "$file" "$work/installed.txt" || fail "the MSI does not install $file"
done
! grep -qi wxcc-sim "$work/installed.txt" || fail "the MSI installs the simulator: $(grep -i wxcc-sim "$work/installed.txt")"
[ "$(unzip -Z1 "$sim_zip" | grep -v '/$' | cut -d/ -f2- | LC_ALL=C sort | tr '\n' ' ')" = "bin/wxcc-sim.exe wxcc-sim.md " ] ||
  fail "the simulator's .zip holds: $(unzip -Z1 "$sim_zip" | tr '\n' ' ')"

echo "-- the installed workspace-host.exe --list-plugins, with the installed sample configuration"
home="C:\\Program Files\\$product"
listing=$("$wine" "$home\\bin\\workspace-host.exe" --list-plugins --config "$home\\host.sample.json" 2> "$work/list.log" | tr -d '\r') ||
  { cat "$work/list.log"; fail "workspace-host.exe --list-plugins failed"; }
echo "$listing"
grep -Eq '^webexcc-outbound +0\.1\.0 +yes +yes' <<< "$listing" || fail "the installed webexcc-outbound.dll is not listed as enabled and loadable"
grep -Eq '^browser-bridge +0\.1\.0 +yes +yes' <<< "$listing" || fail "the installed browser-bridge.dll is not listed as enabled and loadable"

echo "-- the example plugin builds with MinGW against the installed SDK (its CMake package)"
cmake -S "$installed/examples/echo-plugin" -B "$work/echo" --toolchain "$source/cmake/toolchains/mingw-w64-x86_64.cmake" \
      -DWorkspaceSDK_DIR="$installed/lib/cmake/WorkspaceSDK" -DCMAKE_BUILD_TYPE=Release > "$work/echo.log" 2>&1 &&
  cmake --build "$work/echo" -j 2 >> "$work/echo.log" 2>&1 || { cat "$work/echo.log"; fail "building the example against the installed SDK"; }
[ -f "$work/echo/echo.dll" ] && [ -f "$work/echo/echo.json" ] || fail "the example's build made no echo.dll and echo.json"

echo "-- msiexec /x removes every file"
"$wine" msiexec /x "$msi" /qn > "$work/msiexec-remove.log" 2>&1 || { cat "$work/msiexec-remove.log"; fail "msiexec /x"; }
left=$(find "$installed" -type f 2>/dev/null | head -5)
[ -z "$left" ] || fail "files left after uninstalling: $left"
echo "windows packaging: all checks passed"
