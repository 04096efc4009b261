#!/bin/bash
# Live: -K, --kill (issue 18) closes exactly the sockets its FILTER chose.
#
# In the test's own namespace (lib.sh), killpop.py holds 1,000 TCP
# connections on loopback: 10 listeners on 127.0.0.1:6000-6009, 100 clients
# each, both ends held by the one process, which watches every server-side
# socket and notes how it ended (and keeps one thread blocked in recv()).
#   - a bare -K (no FILTER) is refused: status 2, nothing closed;
#   - --dry-run -K --dport 6000-6001 lists the 200 client sockets it would
#     close (status 0) and closes nothing;
#   - as nobody (setpriv), -K --dport 6009 closes nothing, says of each
#     socket that closing needs CAP_NET_ADMIN, status 3;
#   - as root, -K --dport 6000-6001 lists the 200 closed (status 0); `ss`
#     then counts no connection of 6000-6001 left on either side, and the
#     800 others untouched; the peer process saw 200 resets (ECONNRESET,
#     the blocked recv() included) and nothing on the other ports;
#   - the same FILTER again matches nothing: status 1;
#   - -N pid:PID closes in another namespace, through a socket opened there.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
for t in ss setpriv python3 unshare nsenter; do
	command -v $t >/dev/null || live_skip "$t not installed"
done
chmod 755 "$LIVE_TMP"
report=$LIVE_TMP/report
: >"$report"
live_spawn python3 "$here/killpop.py" 6000 10 100 "$report"

# Established TCP sockets whose local (sport) or remote (dport) port is in a range.
count() { # count sport|dport LOW HIGH
	ss -Htn state established "( $1 >= :$2 and $1 <= :$3 )" | wc -l
}
live_check "population: 1000 client sockets" 1000 "$(count dport 6000 6009)"
live_check "population: 1000 server sockets" 1000 "$(count sport 6000 6009)"

"$PORTSTAT" -K >"$LIVE_TMP/out" 2>"$LIVE_TMP/err"
live_check "bare -K: status 2" 2 $?
live_check "bare -K: says a FILTER is needed" 1 "$(grep -c '^portstat: -K needs a FILTER' "$LIVE_TMP/err")"
"$PORTSTAT" -K -t >/dev/null 2>&1
live_check "-K -t (no FILTER): status 2" 2 $?

"$PORTSTAT" -tnH --dry-run -K --dport 6000-6001 >"$LIVE_TMP/out" 2>"$LIVE_TMP/err"
live_check "--dry-run: status 0" 0 $?
live_check "--dry-run: lists 200" 200 "$(grep -c ESTABLISHED "$LIVE_TMP/out")"
live_check "--dry-run: nothing closed" 1000 "$(count dport 6000 6009)"

setpriv --reuid=65534 --regid=65534 --clear-groups "$PORTSTAT" -tnH -K --dport 6009 \
	>"$LIVE_TMP/out" 2>"$LIVE_TMP/err"
live_check "non-root: status 3" 3 $?
live_check "non-root: one line per socket, missing CAP_NET_ADMIN" 100 \
	"$(grep -c '^portstat: cannot close tcp 127.0.0.1:[0-9]* -> 127.0.0.1:6009: closing a socket needs CAP_NET_ADMIN$' "$LIVE_TMP/err")"
live_check "non-root: no row printed" 0 "$(grep -c ESTABLISHED "$LIVE_TMP/out")"
live_check "non-root: nothing closed" 1000 "$(count dport 6000 6009)"

"$PORTSTAT" -tnH -K --dport 6000-6001 >"$LIVE_TMP/out" 2>"$LIVE_TMP/err"
live_check "-K: status 0" 0 $?
live_check "-K: 200 rows printed" 200 "$(grep -c ESTABLISHED "$LIVE_TMP/out")"
live_check "-K: nothing on stderr" "" "$(cat "$LIVE_TMP/err")"
live_check "-K: no client of 6000-6001 left" 0 "$(count dport 6000 6001)"
live_check "-K: no server of 6000-6001 left" 0 "$(count sport 6000 6001)"
live_check "-K: the 800 other clients stay" 800 "$(count dport 6002 6009)"
live_check "-K: the 800 other servers stay" 800 "$(count sport 6002 6009)"
# The peer process notes each end; give its threads a moment to write.
for _ in $(seq 50); do
	[ "$(wc -l <"$report")" -ge 200 ] && break
	sleep 0.1
done
live_check "peer: 199 resets seen by poll+recv" 199 "$(grep -c '^600[01] ECONNRESET$' "$report")"
live_check "peer: the blocked recv() got ECONNRESET" 1 "$(grep -c '^blocked-recv ECONNRESET$' "$report")"
live_check "peer: nothing else ended" 200 "$(wc -l <"$report")"

"$PORTSTAT" -tnH -K --dport 6000-6001 >/dev/null 2>&1
live_check "-K again: nothing matches, status 1" 1 $?

# Another namespace: -N pid:PID closes through the socket opened inside it.
: >"$LIVE_TMP/report2"
live_spawn unshare --net sh -c "ip link set lo up && exec python3 '$here/killpop.py' 7000 2 50 '$LIVE_TMP/report2'"
pid=${LIVE_PIDS##* } # unshare and sh exec: the helper's own pid, in the other namespace
nscount() { nsenter --net=/proc/"$pid"/ns/net ss -Htn state established "( dport = :$1 )" | wc -l; }
live_check "-N: population" 50 "$(nscount 7000)"
"$PORTSTAT" -N "pid:$pid" -tnH -K --dport 7000 >"$LIVE_TMP/out" 2>"$LIVE_TMP/err"
live_check "-N: status 0" 0 $?
live_check "-N: 50 rows printed" 50 "$(grep -c ESTABLISHED "$LIVE_TMP/out")"
live_check "-N: closed there" 0 "$(nscount 7000)"
live_check "-N: the rest stay" 50 "$(nscount 7001)"
live_check "-N: this namespace untouched" 800 "$(count dport 6002 6009)"
live_finish
