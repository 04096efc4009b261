#!/bin/bash
# Hostile host, live: a network namespace with no sockets at all (no inet
# socket, no unix socket: they are per namespace too).  Every source and
# format must print its frame and no row, with status 0 and nothing on
# stderr: an empty table is an answer, not an error.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
live_enter "$@"
portstat=$PORTSTAT

# --source=netlink leaves out raw: raw_diag may be absent (a warning then).
for src in auto netlink proc; do
	protos=
	[ $src = netlink ] && protos=-tuUx
	out=$("$portstat" -anH $protos --source=$src 2>"$LIVE_TMP/err")
	live_check "$src: exit status" 0 $?
	live_check "$src: no rows" "" "$out"
	live_check "$src: nothing on stderr" "" "$(cat "$LIVE_TMP/err")"
	out=$("$portstat" -an $protos --source=$src 2>/dev/null)
	live_check "$src: titles and headers only" 4 "$(grep -c . <<<"$out")"
done
out=$("$portstat" -an --json 2>/dev/null)
live_check "json: exit status" 0 $?
if command -v jq >/dev/null; then
	live_check "json: empty socket list" 0 "$(jq '.sockets | length' <<<"$out")"
fi
live_finish
