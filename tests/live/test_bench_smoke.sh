#!/bin/bash
# Live: the benchmark's socket generator (bench/sockgen.c) builds and makes
# the population it promises, in a fresh network namespace: TCP pairs over
# IPv4 and IPv6, half-closed pairs, the :443 pairs, UDP and unix sockets,
# spread over two worker processes.  portstat must see every one of them.
# No timing here: bench/run.sh measures, tests only check.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"

command -v cc >/dev/null || live_skip "no C compiler for bench/sockgen.c"
cc -O2 -o "$LIVE_TMP/sockgen" "$here/../../bench/sockgen.c" || {
	echo "FAIL: bench/sockgen.c does not build"
	exit 1
}
# 30 v4 + 10 v6 + 5 half-closed pairs, 20 UDP, 10 unix pairs, 2 processes.
live_spawn "$LIVE_TMP/sockgen" -4 30 -6 10 -H 5 -u 20 -x 10 -P 2

count() { "$PORTSTAT" -H "$@" 2>/dev/null | wc -l; }
# TCP: 2 x (30 + 10 + 5 + 16 at :443) connected sockets and one listener per
# worker and family used (v4: 2, v6: 2, half-closed: 2), plus :443.
live_check "TCP sockets" $((2 * (30 + 10 + 5 + 16) + 7)) "$(count -tan)"
live_check "half-closed: FIN_WAIT2" 5 "$("$PORTSTAT" -tanH | grep -c FIN_WAIT2)"
live_check "half-closed: CLOSE_WAIT" 5 "$("$PORTSTAT" -tanH | grep -c CLOSE_WAIT)"
live_check "IPv6 pairs" $((2 * 10)) "$("$PORTSTAT" -tan6H | grep -c ESTABLISHED)"
live_check "UDP sockets" 20 "$(count -uan)"
# unix: 10 pairs and one listener per worker.
live_check "unix sockets" $((2 * 10 + 2)) "$(count -xan)"
live_check ":443 pairs and listener" $((2 * 16 + 1)) \
	"$("$PORTSTAT" -tanH | awk '$4 ~ /:443$/ || $5 ~ /:443$/' | wc -l)"
live_finish
