#!/bin/bash
# Live: the interface of link-local and device-bound sockets.  A veth pair
# (va, vb) in a fresh namespace gets fe80::1 on va and fe80::2 on vb; a
# TCP listener is bound to fe80::1%va with a connection to it, a UDP socket
# to fe80::2%vb, and a UDP socket to 127.0.0.53 with SO_BINDTODEVICE lo.
# The table must show what ss shows (ss writes "[fe80::1]%va:2222", portstat
# "[fe80::1%va]:2222" as RFC 4007 and the issue ask; ss leaves the zone off
# a link-local peer, portstat gives it the socket's), and CSV and JSON the
# same; filters take ADDR%IF, [ADDR%IF]:PORT and the numeric index; /proc,
# which has no interface, says so with -v; a replayed dump shows the index.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v ss >/dev/null || live_skip "ss(8) not installed"
command -v jq >/dev/null || live_skip "jq not installed"

ip link add va type veth peer name vb || live_skip "cannot create a veth pair"
ip link set va up && ip link set vb up || { echo "FAIL: veth up"; exit 1; }
# nodad: the addresses are usable at once, not "tentative".
ip addr add fe80::1/64 dev va nodad && ip addr add fe80::2/64 dev vb nodad ||
	{ echo "FAIL: link-local addresses"; exit 1; }
va=$(ip -o link show dev va | cut -d: -f1)

cat >"$LIVE_TMP/scoped.py" <<'EOF'
import socket, time
va, vb = socket.if_nametoindex("va"), socket.if_nametoindex("vb")
l = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
l.bind(("fe80::1", 2222, 0, va))
l.listen(5)
c = socket.create_connection(("fe80::1%va", 2222))
a, _ = l.accept()
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u6.bind(("fe80::2", 5555, 0, vb))
u4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u4.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"lo")
u4.bind(("127.0.0.53", 53))
print("ready", flush=True)
time.sleep(600)
EOF
live_spawn python3 "$LIVE_TMP/scoped.py"

# ss's "local peer" in portstat's spelling: the zone inside the brackets,
# and a link-local peer given the local end's zone.
ss_rows() {
	awk '{ print $4, $5 }' | sed -E \
		-e 's/^\[([^]]*)\]%([^:]*):/[\1%\2]:/' \
		-e 's/^([^[ ][^ %]*)%([^: ]*):/\1%\2:/' |
		awk '{ z = ""; if (match($1, /%[^]:]*/)) z = substr($1, RSTART, RLENGTH)
		       if ($2 ~ /^\[fe80:/) sub(/\]/, z "]", $2); print }' | sort
}
ps_rows() { awk 'NR > 2 && $1 ~ /^(tcp|udp)6?$/ { print $4, $5 }' | sort; }

live_check "tcp as ss" "$(ss -Htan | ss_rows)" "$("$PORTSTAT" -tan | ps_rows)"
live_check "udp as ss" "$(ss -Huan | ss_rows)" "$("$PORTSTAT" -uan | ps_rows)"
live_check "the listener" "[fe80::1%va]:2222 [::]:*" \
	"$("$PORTSTAT" -ltn | ps_rows)"
live_check "the pair" "[fe80::1%va]:2222 [fe80::1%va]:$(ss -Htn sport = :2222 | awk '{ sub(/.*:/, "", $5); print $5 }')" \
	"$("$PORTSTAT" -tn --sport 2222 | ps_rows)"
live_check "a device-bound IPv4 socket" "127.0.0.53%lo:53 0.0.0.0:*" \
	"$("$PORTSTAT" -lun 127.0.0.53 | ps_rows)"

# CSV: the same cells; -O local_addr: the bare address with its zone.
live_check "csv as the table" "$("$PORTSTAT" -tan | ps_rows | tr ' ' ,)" \
	"$("$PORTSTAT" -tan --csv -H -O local,remote | sort)"
live_check "-O local_addr" "fe80::1%va" "$("$PORTSTAT" -ltn -H -O local_addr)"

# JSON: the address stays RFC 5952; the interface beside it.
live_check "json listener" "fe80::1 $va va" \
	"$("$PORTSTAT" -ltn --json | jq -r '.sockets[] | .local | "\(.address) \(.ifindex) \(.interface)"')"
live_check "json peer of a link-local pair" "$va va" \
	"$("$PORTSTAT" -tn --dport 2222 --json | jq -r '.sockets[] | .remote | "\(.ifindex) \(.interface)"')"
live_check "json: no interface on a wildcard peer" "null null" \
	"$("$PORTSTAT" -ltn --json | jq -r '.sockets[] | .remote | "\(.ifindex) \(.interface)"')"

# Filters.
count() { "$PORTSTAT" "$@" | ps_rows | grep -c .; }
live_check "fe80::1%va" 3 "$(count -tan 'fe80::1%va')"
live_check "[fe80::1%va]:2222" 3 "$(count -tan '[fe80::1%va]:2222')"
live_check "fe80::1%INDEX" 3 "$(count -tan "fe80::1%$va")"
live_check "fe80::/64 with %va" 3 "$(count -tan '[fe80::%va]/64')"
live_check "fe80::2%vb" 1 "$(count -uan 'fe80::2%vb')"
live_check "127.0.0.53%lo:53" 1 "$(count -uan '127.0.0.53%lo:53')"
"$PORTSTAT" -q -tan 'fe80::1%vb'
live_check "fe80::1%vb: nothing" 1 "$?"
"$PORTSTAT" -q -uan '127.0.0.53%va'
live_check "127.0.0.53%va: nothing" 1 "$?"
err=$("$PORTSTAT" -tan 'fe80::1%nosuch' 2>&1 >/dev/null)
live_check "unknown interface: status" 2 "$?"
live_check "unknown interface: message" "portstat: bad filter 'fe80::1%nosuch': no such interface" \
	"$(head -n1 <<<"$err")"

# /proc has no interface: the rows lose it, and -v says so.
"$PORTSTAT" --source=proc -v -tan >"$LIVE_TMP/proc.out" 2>"$LIVE_TMP/proc.err"
live_check "/proc: no zone" "[fe80::1]:2222 [::]:*" \
	"$(awk '$6 == "LISTEN" { print $4, $5 }' "$LIVE_TMP/proc.out")"
live_check "/proc: -v says so" \
	"portstat: /proc/net/tcp6: gives no interface: 3 sockets with a link-local address shown without its %interface" \
	"$(grep 'no interface' "$LIVE_TMP/proc.err")"

# A replayed dump names no interface (another host's): the index is shown.
"$PORTSTAT" -ltn --dump-netlink "$LIVE_TMP/dump.bin" >/dev/null
live_check "replay: the index" "[fe80::1%$va]:2222 [::]:*" \
	"$("$PORTSTAT" -ltn --from-netlink "$LIVE_TMP/dump.bin" | ps_rows)"
live_finish
