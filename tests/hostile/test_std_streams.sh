#!/bin/bash
# Hostile host: standard streams that are closed.  A closed stdout is an
# operational failure (status 3, one message), also with stderr closed as
# well (no crash, no hang) and in continuous mode (no endless loop); a
# closed stdin changes nothing.  Runs on a saved tree: TREES is $2.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
portstat=$(readlink -f "$1")
tree=$2/basic
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$portstat" -an --proc-root "$tree" >&- 2>"$tmp/err"
live_check "stdout closed: status" 3 $?
live_check "stdout closed: one message" "portstat: standard output is closed" "$(cat "$tmp/err")"
"$portstat" -an --proc-root "$tree" >&- 2>&-
live_check "stdout and stderr closed: status" 3 $?
timeout 10 "$portstat" -an -c 1 --proc-root "$tree" >&- 2>/dev/null
live_check "stdout closed, continuous: stops with 3" 3 $?
"$portstat" -an --proc-root "$tree" >"$tmp/want"
"$portstat" -an --proc-root "$tree" <&- >"$tmp/out" 2>"$tmp/err"
live_check "stdin closed: status" 0 $?
live_check "stdin closed: same output" "$(cat "$tmp/want")" "$(cat "$tmp/out")"
live_check "stdin closed: nothing on stderr" "" "$(cat "$tmp/err")"
live_finish
