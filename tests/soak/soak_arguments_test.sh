#!/usr/bin/env bash
# workspace_soak's command line: every bad value is a usage error (exit 2, the usage on stderr),
# never an uncaught exception. Usage: soak_arguments_test.sh WORKSPACE_SOAK
set -uo pipefail
soak=$1
failed=0
stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT
for arguments in "--calls --seed 7" "--calls x" "--calls 7x" "--calls -1" "--calls 0" "--calls 1e3" \
                 "--calls 99999999999999999999" "--seed" "--seed -1" "--seed 18446744073709551616" "--bogus" "7"; do
  # shellcheck disable=SC2086  # each string is a list of arguments
  "$soak" $arguments > /dev/null 2> "$stderr_file"
  status=$?
  if [ $status -ne 2 ] || ! grep -q "^usage: workspace_soak" "$stderr_file"; then
    echo "FAIL: workspace_soak $arguments: exit $status (expected 2 and the usage):" >&2
    cat "$stderr_file" >&2
    failed=1
  fi
done
[ $failed -eq 0 ] && echo "every bad argument gave the usage and exit 2"
exit $failed
