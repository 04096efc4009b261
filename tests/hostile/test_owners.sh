#!/bin/bash
# Hostile host, live: the owner scan (-p) over /proc/PID/fd when processes
# come and go during the scan (short-lived socket holders spawned and killed
# in a loop while portstat runs again and again), and when /proc/PID/fd
# cannot be read (an unprivileged portstat looking at root's sockets).
# Every run must succeed quietly; an unreadable owner shows as '?', not '-'.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
# A pid namespace of the test's own: the scan then sees the test's
# processes only, and "quietly" cannot be spoiled by a host process that
# even root may not read (a sandbox's init in another user namespace),
# which portstat rightly reports as hiding owners.
if [ "$(id -u)" = 0 ] && [ -z "${PORTSTAT_PIDNS:-}" ] && unshare -pf --mount-proc true 2>/dev/null
then
	PORTSTAT_PIDNS=1 exec unshare -pf --mount-proc "$0" "$@"
fi
live_enter "$@"
portstat=$PORTSTAT
# Every case needs -p, and the unreadable-fd case setpriv(1) (util-linux,
# scripts/deps --test): either missing fails (live_skip fails as root or CI).
command -v setpriv >/dev/null || live_skip "setpriv (util-linux) not installed"
"$portstat" --help 2>/dev/null | grep -qE '^ +-p, '
live_check "portstat --help lists -p (owners)" 0 "$?"
cd "$LIVE_TMP" || exit 1

live_spawn python3 "$here/../live/sockpop.py" tcp-listen:127.0.0.1:7777
holder=${LIVE_PIDS##* }
row=$("$portstat" -tlnpH 2>"$LIVE_TMP/err" | grep ':7777 ')
live_check "holder: its PID shown" 1 "$(grep -c " $holder/" <<<"$row")"
live_check "holder: nothing on stderr" "" "$(cat "$LIVE_TMP/err")"

# Churn, cheap enough for a loaded machine (forks, no exec of an
# interpreter): processes that open a socket and die at once, and
# processes that hold one for 50 ms, started every 10 ms.
churn_now() {
	while :; do
		(exec 3<>/dev/udp/127.0.0.1/9) 2>/dev/null
	done
}
churn_soon() {
	while :; do
		(exec 3<>/dev/udp/127.0.0.1/9 && exec sleep 0.05) 2>/dev/null &
		sleep 0.01
	done
}
churn_now &
c1=$!
churn_soon &
c2=$!
LIVE_PIDS="$LIVE_PIDS $c1 $c2"
fails=0
for i in $(seq 30); do
	"$portstat" -anp >/dev/null 2>"$LIVE_TMP/err.$i"
	rc=$?
	if [ "$rc" != 0 ] || [ -s "$LIVE_TMP/err.$i" ]; then
		fails=$((fails + 1))
		echo "run $i: status $rc"
		cat "$LIVE_TMP/err.$i"
	fi
done
kill "$c1" "$c2" 2>/dev/null
live_check "churn: 30 runs succeed quietly" 0 "$fails"

row=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$portstat" -tlnpH \
	2>"$LIVE_TMP/err" | grep ':7777 ')
live_check "unreadable fd: root's holder not named" 0 "$(grep -c " $holder/" <<<"$row")"
live_check "unreadable fd: owner shown as ?" 1 "$(grep -cE '(^| )\?( |$)' <<<"$row")"
live_check "unreadable fd: one line on stderr" 1 "$(grep -c . "$LIVE_TMP/err")"
live_finish
