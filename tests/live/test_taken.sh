#!/bin/bash
# Live: "is the port taken?" asked of the kernel itself.  A TCP socket that
# is bound but neither listening nor connected (BOUND), a server-side
# TIME-WAIT left after its listener exited, and an unconnected UDP socket
# each make bind() of their port fail with EADDRINUSE; --taken must say so
# (status 0 and the socket listed), --taken PROTO/ must ask that protocol
# only, and a free port must give status 1 while bind() succeeds.  --state
# closed and --state bound-inactive must select the BOUND socket (which -s
# counts as closed), as the kernel dumps it only when asked for
# TCP_BOUND_INACTIVE.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v ss >/dev/null || live_skip "ss(8) not installed"

# bind() as a new server would try it: 0 when the port is free, 1 when taken.
bind_fails() { # bind_fails tcp|udp PORT
	python3 - "$1" "$2" <<'EOF'
import errno, socket, sys
kind = socket.SOCK_STREAM if sys.argv[1] == "tcp" else socket.SOCK_DGRAM
s = socket.socket(socket.AF_INET, kind)
try:
    s.bind(("0.0.0.0", int(sys.argv[2])))
except OSError as e:
    sys.exit(1 if e.errno == errno.EADDRINUSE else 2)
sys.exit(0)
EOF
	echo $?
}

cat >"$LIVE_TMP/holder.py" <<'EOF'
import socket, time
held = []
b = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
b.bind(("127.0.0.1", 7777))  # bound, never listening or connected
held.append(b)
# Server-side TIME-WAIT on 7778: the server closes first, then its listener goes.
l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", 7778))
l.listen(1)
c = socket.create_connection(("127.0.0.1", 7778))
a, _ = l.accept()
a.close()
l.close()
c.recv(1)
c.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 5353))
held.append(u)
print("ready", flush=True)
time.sleep(600)
EOF
live_spawn python3 "$LIVE_TMP/holder.py"

# The ground truth first: the kernel refuses these ports and accepts 7779.
live_check "bind 7777 fails" 1 "$(bind_fails tcp 7777)"
live_check "bind 7778 fails (TIME-WAIT)" 1 "$(bind_fails tcp 7778)"
live_check "bind udp 5353 fails" 1 "$(bind_fails udp 5353)"
live_check "bind 7779 succeeds" 0 "$(bind_fails tcp 7779)"

rows() { awk 'NR > 2 && $1 ~ /^(tcp|udp|udpl)6?$/ { print $1, $4, $6 }'; }

out=$("$PORTSTAT" -n --taken 7777)
live_check "--taken 7777 status" 0 "$?"
live_check "--taken 7777 lists the BOUND socket" "tcp 127.0.0.1:7777 BOUND" "$(rows <<<"$out")"
"$PORTSTAT" -q --taken tcp/7777
live_check "--taken tcp/7777 -q status" 0 "$?"
"$PORTSTAT" -q --taken udp/7777
live_check "--taken udp/7777 status (no UDP socket)" 1 "$?"
# -lq is not the question: a BOUND socket is not listening (portstat(8)).
"$PORTSTAT" -lq :7777
live_check "-lq :7777 status" 1 "$?"

out=$("$PORTSTAT" -n --taken 7778)
live_check "--taken 7778 status" 0 "$?"
live_check "--taken 7778 lists the TIME-WAIT" "tcp 127.0.0.1:7778 TIME_WAIT" "$(rows <<<"$out")"
live_check "TIME-WAIT rows as ss" "$(ss -Htan state time-wait sport = :7778 | wc -l)" \
	"$(rows <<<"$out" | wc -l)"

out=$("$PORTSTAT" -n --taken 5353)
live_check "--taken 5353 status" 0 "$?"
live_check "--taken 5353 lists the UDP socket" "udp 127.0.0.1:5353 UNCONN" "$(rows <<<"$out")"
"$PORTSTAT" -q --taken tcp/5353
live_check "--taken tcp/5353 status" 1 "$?"
printf 'mdns\t5353/udp\n' >"$LIVE_TMP/services"
"$PORTSTAT" -q --services "$LIVE_TMP/services" --taken mdns -u
live_check "--taken SERVICE -u status" 0 "$?"
"$PORTSTAT" -q --taken 5350-5360
live_check "--taken RANGE status" 0 "$?"

"$PORTSTAT" -q --taken 7779
live_check "--taken 7779 status (free)" 1 "$?"

# --state closed / bound-inactive select the BOUND socket that -s counts as closed.
out=$("$PORTSTAT" -tn --state closed)
live_check "--state closed status" 0 "$?"
live_check "--state closed lists it" "tcp 127.0.0.1:7777 BOUND" "$(rows <<<"$out")"
out=$("$PORTSTAT" -tn --state bound-inactive)
live_check "--state bound-inactive lists it" "tcp 127.0.0.1:7777 BOUND" "$(rows <<<"$out")"
live_check "-s counts it closed" "1" \
	"$("$PORTSTAT" -s | sed -n 's/^TCP:.*closed \([0-9]*\).*/\1/p')"
out=$("$PORTSTAT" -tn --state connected)
live_check "--state connected leaves it out" "" "$(rows <<<"$out" | grep BOUND)"

# Usage errors: exit 2, a message that names --taken, then the usual hint.
for args in "--taken bogus/1" "--taken 1 -l" "--taken 1 -x" "--taken 1 --taken 2" "--taken :1"; do
	# shellcheck disable=SC2086 # word splitting wanted
	err=$("$PORTSTAT" $args 2>&1 >/dev/null)
	live_check "$args: status" 2 "$?"
	live_check "$args: message" yes "$(head -n1 <<<"$err" | grep -q -- '--taken' && echo yes)"
done
live_finish
