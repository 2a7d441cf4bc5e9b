#!/usr/bin/env bash
# Builds the packages, installs the .tar.gz into a temporary prefix, builds the SDK's example plugin
# out of tree against the installed SDK, drops it into the installed plugin folder and runs the
# installed host with it; then checks the .deb's files and dependencies against the README, and
# that the simulator (a fixed token) is only in its own development package.
#   package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "-- packages"
cpack --config "$build/CPackConfig.cmake" -B "$work/packages" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack"; }
tgz=$(ls "$work"/packages/webexcc-workspace-[0-9]*.tar.gz)
deb=$(ls "$work"/packages/webexcc-workspace_*.deb)
sim_tgz=$(ls "$work"/packages/webexcc-workspace-sim-[0-9]*.tar.gz)
sim_deb=$(ls "$work"/packages/webexcc-workspace-sim_*.deb)

echo "-- install $(basename "$tgz") into a temporary prefix"
prefix=$work/prefix
mkdir -p "$prefix"
tar xzf "$tgz" -C "$prefix" --strip-components=1
plugins=$prefix/lib/workspace/plugins
[ -f "$plugins/webexcc-outbound.so" ] && [ -f "$plugins/webexcc-outbound.json" ] || fail "the plugin and its manifest are not in $plugins"

echo "-- build the example plugin out of tree against the installed SDK"
cmake -S "$prefix/share/webexcc-workspace/examples/echo-plugin" -B "$work/echo" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release > "$work/echo-configure.log" 2>&1 \
  || { cat "$work/echo-configure.log"; fail "configuring the example against the installed SDK"; }
cmake --build "$work/echo" -j 2 > "$work/echo-build.log" 2>&1 || { cat "$work/echo-build.log"; fail "building the example"; }
cp "$work/echo/echo.so" "$work/echo/echo.json" "$plugins/"
chmod go-w "$plugins/echo.so"

echo "-- run the installed host with it"
cat > "$work/host.json" <<JSON
{"workspace": {"version": "3.21.2410"}, "pluginDirectory": "$plugins",
 "plugins": [{"id": "echo", "enabled": true, "config": {"prefix": "installed"}},
             {"id": "webexcc-outbound", "enabled": false}]}
JSON
reply=$(echo '{"channel":"Example","topic":"Echo","subtopic":"Request","data":"from the package"}' |
        "$prefix/bin/workspace-host" --config "$work/host.json" 2> "$work/host.log")
[[ $reply == *'"echo":"from the package"'* && $reply == *'"prefix":"installed"'* ]] || { cat "$work/host.log"; fail "no echo reply: $reply"; }

listing=$("$prefix/bin/workspace-host" --list-plugins --config "$work/host.json")
echo "$listing"
grep -Eq '^echo +1\.0\.0 +yes +yes' <<< "$listing" || fail "--list-plugins does not show echo enabled and loadable"
grep -Eq '^webexcc-outbound +0\.1\.0 +no +yes' <<< "$listing" || fail "--list-plugins does not show webexcc-outbound disabled but loadable"

echo "-- the installed sample configuration names the installed plugin folder"
sample_listing=$("$prefix/bin/workspace-host" --list-plugins --config "$prefix/share/webexcc-workspace/host.sample.json")
grep -Eq '^webexcc-outbound +0\.1\.0 +yes +yes' <<< "$sample_listing" || fail "host.sample.json does not find the installed plugin"
grep -Eq '^browser-bridge +0\.1\.0 +yes +yes' <<< "$sample_listing" || fail "host.sample.json does not enable the installed browser bridge"

echo "-- the installed browser bridge serves the agent panel"
cat > "$work/bridge.json" <<JSON
{"workspace": {"version": "3.21.2410"}, "pluginDirectory": "$prefix/lib/workspace/plugins",
 "plugins": [{"id": "browser-bridge", "enabled": true, "config": {"port": 0}}]}
JSON
coproc BRIDGE_HOST { exec "$prefix/bin/workspace-host" --config "$work/bridge.json" 2> "$work/bridge.log"; }
# Bash unsets BRIDGE_HOST and BRIDGE_HOST_PID as soon as the coprocess ends, which may be before
# the lines below read them (set -u then stops the test): keep copies.
bridge_host_pid=$BRIDGE_HOST_PID
bridge_host_stdin=${BRIDGE_HOST[1]}
bridge_url=""
for _ in $(seq 100); do
  bridge_url=$(sed -n 's|.*agent panel at http://\([0-9.:]*\)/.*|\1|p' "$work/bridge.log")
  [ -n "$bridge_url" ] && break
  sleep 0.05
done
[ -n "$bridge_url" ] || { cat "$work/bridge.log"; fail "the installed browser bridge did not start"; }
exec {page}<>"/dev/tcp/${bridge_url%:*}/${bridge_url##*:}"
printf 'GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$bridge_url" >&"$page"
panel=$(cat <&"$page")
exec {page}<&-
eval "exec ${bridge_host_stdin}>&-"
wait "$bridge_host_pid" 2>/dev/null || true
[[ $panel == "HTTP/1.1 200"* && $panel == *"Agent panel"* ]] || fail "the installed bridge did not serve the agent panel"

echo "-- the .deb holds what the README says"
readme=$source/README.md
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./usr/||')
documented=$(sed -n '/<!-- package contents -->/,/<!-- end package contents -->/p' "$readme" | grep -o '^| `[^`]*`' | tr -d '|` ')
[ -n "$documented" ] || fail "README has no package contents table"
for path in $documented; do
  if [[ $path == */ ]]; then grep -q "^$path" <<< "$contents" || fail "the .deb has nothing under $path, which the README lists"
  else grep -qx "$path" <<< "$contents" || fail "the .deb lacks $path, which the README lists"; fi
done
for path in $(grep -v '/$' <<< "$contents"); do
  covered=0
  for entry in $documented; do [[ $path == "$entry" || ( $entry == */ && $path == "$entry"* ) ]] && covered=1; done
  [ $covered -eq 1 ] || fail "the .deb holds $path, which the README does not list"
done
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/ //g' | sort | tr '\n' ' ')
readme_depends=$(grep -o '<!-- deb depends: [^>]* -->' "$readme" | sed 's/<!-- deb depends: //; s/ -->//' | tr ' ' '\n' | sort | tr '\n' ' ')
[ "$depends" = "$readme_depends" ] || fail "the .deb depends on '$depends'; the README says '$readme_depends'"
echo "-- the simulator is only in webexcc-workspace-sim"
! grep -q wxcc-sim <<< "$contents" || fail "the production .deb holds the simulator: $(grep wxcc-sim <<< "$contents")"
tgz_contents=$(tar tzf "$tgz")
! grep -q wxcc-sim <<< "$tgz_contents" || fail "the production .tar.gz holds the simulator"
sim_contents=$(dpkg-deb -c "$sim_deb" | awk '{print $6}' | sed 's|^\./usr/||' | grep -v -e '/$' -e '^$' | sort | tr '\n' ' ')
[ "$sim_contents" = "bin/wxcc-sim share/webexcc-workspace-sim/wxcc-sim.md " ] || fail "webexcc-workspace-sim holds: $sim_contents"
[ "$(dpkg-deb -f "$sim_deb" Package)" = webexcc-workspace-sim ] || fail "the simulator's .deb is not named webexcc-workspace-sim"
mkdir -p "$work/sim"
tar xzf "$sim_tgz" -C "$work/sim" --strip-components=1
"$work/sim/bin/wxcc-sim" --help > /dev/null || fail "the packaged wxcc-sim does not run"
echo "packaging: all checks passed"
