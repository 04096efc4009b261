#!/bin/bash
# Live: Service, Class and Dir do not depend on the query.  One population in a
# fresh network namespace whose ephemeral range is narrowed to 40000-44999 (so
# that every kernel-chosen port is registered, not dynamic):
#   - wildcard listeners 0.0.0.0:22 and [::]:80, each with two accepted
#     connections (server side "in", client side "out");
#   - listeners on 127.0.0.1:5432 and [::1]:5433, which address filters keep
#     while they hide the wildcard ones;
#   - an unconnected UDP socket on 60000, a UDP client connected to it and
#     another connected to 51820 (nobody listens there): both "out";
#   - a server-side TIME_WAIT on 8080 left after its listener exited: "in".
# The same table is read with no filter, address filters, a port filter,
# --state, no -a (listeners not asked for) and --source=proc; every row that
# appears in several runs must show the same Service, Class and Dir, and the
# rows above must show the expected ones.  -s with an address filter must not
# list kernel-chosen client ports as remote services.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"

sysctl -qw net.ipv4.ip_local_port_range="40000 44999" || live_skip "cannot narrow the port range"
cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/sockpop.py" tcp-clients:0.0.0.0:22:2:0 "tcp-clients:[::]:80:2:0" \
	tcp-listen:127.0.0.1:5432 "tcp-listen:[::1]:5433" udp:127.0.0.1:60000 \
	udp-conn:127.0.0.1:0:60000 udp-conn:127.0.0.1:0:51820
# The server closes first, after its listener is gone: TIME_WAIT on 8080's side.
python3 - <<'EOF' || { echo "FAIL: server-side TIME_WAIT"; exit 1; }
import socket, time
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", 8080))
srv.listen(1)
cli = socket.create_connection(("127.0.0.1", 8080))
conn, _ = srv.accept()
srv.close()
conn.close()
cli.recv(1)
cli.close()
time.sleep(0.1)
EOF

runs="$LIVE_TMP/runs"
mkdir -p "$runs"
n=0
# run NAME ARGS...: the rows as "proto local remote state|service class dir".
run() {
	local name=$1
	shift
	"$PORTSTAT" -tuneH --services /dev/null "$@" >"$LIVE_TMP/raw.txt" 2>"$LIVE_TMP/err.txt"
	local st=$?
	live_check "$name: exit status" 0 "$st"
	live_check "$name: stderr" "" "$(cat "$LIVE_TMP/err.txt")"
	n=$((n + 1))
	awk '{ print $1, $4, $5, $6 "|" $7, $8, $9 }' "$LIVE_TMP/raw.txt" >"$runs/$n.$name"
}

run all -a
# A client port of the ssh pairs, for a port filter that hides the listener.
cport=$(awk '$4 ~ /^127\.0\.0\.1:4[0-9]+$/ && $5 == "127.0.0.1:22" { sub(/.*:/, "", $4); print $4; exit }' \
	"$LIVE_TMP/raw.txt")
[ -n "$cport" ] || { echo "FAIL: no ssh client row"; cat "$LIVE_TMP/raw.txt"; exit 1; }
run addr4 -a 127.0.0.0/8
run addr6 -a ::1
run port -a ":$cport" :5432
run state-all --state all
run state-conn --state established,time-wait 127.0.0.0/8
run default
run proc -a --source=proc

# Every row seen in several runs: one Service, Class and Dir.
live_check "same Service, Class, Dir in every run" "" "$(awk -F'|' '
	{ split(FILENAME, p, "/"); run = p[length(p)] }
	!($1 in seen) { seen[$1] = $2; from[$1] = run; next }
	seen[$1] != $2 { print $1 ": " seen[$1] " (" from[$1] ") vs " $2 " (" run ")" }
' "$runs"/*)"

# The expected classification, from the unfiltered run.
want() { # want NAME AWK-CONDITION EXPECTED
	live_check "$1" "$3" "$(awk -F'|' "$2"' { print $2 }' "$runs/1.all" | sort -u)"
}
want "ssh server side" '$1 ~ /^tcp 127\.0\.0\.1:22 .* ESTABLISHED$/' "ssh well-known in"
want "ssh client side" '$1 ~ /^tcp 127\.0\.0\.1:4[0-9]+ 127\.0\.0\.1:22 /' "ssh well-known out"
want "http server side" '$1 ~ /^tcp6 \[::1\]:80 .* ESTABLISHED$/' "http well-known in"
want "http client side" '$1 ~ /^tcp6 \[::1\]:4[0-9]+ \[::1\]:80 /' "http well-known out"
want "udp client to 60000" '$1 ~ /^udp 127\.0\.0\.1:4[0-9]+ 127\.0\.0\.1:60000 /' "- dynamic out"
want "udp client to 51820" '$1 ~ /^udp 127\.0\.0\.1:4[0-9]+ 127\.0\.0\.1:51820 /' "- dynamic out"
want "server-side TIME_WAIT" '$1 ~ /^tcp 127\.0\.0\.1:8080 .* TIME_WAIT$/' "http-alt registered in"

# -s with an address filter: the busiest remote services are the listeners' ports.
"$PORTSTAT" -s -t --services /dev/null 127.0.0.0/8 >"$LIVE_TMP/s.txt"
live_check "-s 127.0.0.0/8: remote services" "127.0.0.1:22" "$(awk '
	/^Busiest remote services/ { on = 1; getline; next }
	on && NF == 0 { on = 0 }
	on { print $2 }' "$LIVE_TMP/s.txt")"

live_finish
