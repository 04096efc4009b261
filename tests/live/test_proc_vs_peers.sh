#!/bin/bash
# Live: in a fresh network namespace with a known socket population,
# `portstat -an --proc-root /proc` lists the same sockets as `ss -tuwxan`
# and `netstat -anW` (UDP-Lite: netstat only).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
portstat=$PORTSTAT
command -v ss >/dev/null || live_skip "ss (iproute2) not installed"
command -v netstat >/dev/null || live_skip "netstat (net-tools) not installed"

cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/sockpop.py" \
	tcp-listen:0.0.0.0:22 tcp-pair:127.0.0.1:8080 tcp-pair:127.0.0.1:5432 \
	tcp-listen:[::]:443 tcp-pair:[::1]:80 "tcp-pair:[::ffff:127.0.0.1]:3306" \
	udp:0.0.0.0:53 udp-conn:127.0.0.1:40000:53 udp:[::]:5353 \
	udplite:127.0.0.1:9999 udplite:[::1]:9998 raw:0.0.0.0:icmp raw:[::]:icmpv6 \
	"unix-stream:$LIVE_TMP/a sock  with spaces" unix-stream:@abstract-name \
	unix-dgram:"$LIVE_TMP/dgram.sock" unix-seqpacket:"$LIVE_TMP/seq.sock"

"$portstat" -anH --proc-root /proc >"$LIVE_TMP/portstat.txt" 2>"$LIVE_TMP/portstat.err"
rc=$?
ss -tuwxanH >"$LIVE_TMP/ss.txt"
netstat -anW >"$LIVE_TMP/netstat.txt"
live_check "portstat exit status" 0 "$rc"
live_check "portstat stderr" "" "$(cat "$LIVE_TMP/portstat.err")"
if python3 "$here/compare_peers.py" "$LIVE_TMP/portstat.txt" "$LIVE_TMP/ss.txt" \
	"$LIVE_TMP/netstat.txt"; then
	live_check "same sockets as ss and netstat" ok ok
else
	live_check "same sockets as ss and netstat" ok differ
	cat "$LIVE_TMP/portstat.txt"
fi
live_check "unix name with spaces kept" 2 \
	"$(grep -c -- "$LIVE_TMP/a sock  with spaces\$" "$LIVE_TMP/portstat.txt")"
live_check "abstract name shown with @" 2 "$(grep -c -- ' @abstract-name$' "$LIVE_TMP/portstat.txt")"
live_check "udplite listed" 2 "$(grep -c '^udpl' "$LIVE_TMP/portstat.txt")"
live_finish
