#!/bin/bash
# Live: each namespace's own ephemeral range (ip_local_port_range is per
# namespace) decides everything the range decides, not the caller's:
# psr_b's range is 8000-8099, so there 8080 is a client's port.
#   - a connection from psr_b's port 8080 to its server on 9000 is out,
#     the service 9000, and its 8080 is shown as a number (an ephemeral
#     port is never named), while psr_a's server on 8080 is http-alt;
#   - --class ephemeral keeps psr_b's client socket and not psr_a's
#     listener on the same port, nor psr_a's client port 8081 (outside
#     psr_a's default range);
#   - JSON's endpoint "ephemeral" flags follow each namespace's range;
#   - -s: each pressure row's Usable is its namespace's (100 in psr_b,
#     minus its reserved port), and the summary's netns list gives each range;
#   - interface names: an index names an interface of its own namespace.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v ip >/dev/null || live_skip "ip(8) not installed"
command -v jq >/dev/null || live_skip "jq not installed"

mkdir -p /run/netns && mount -t tmpfs -o size=1m tmpfs /run/netns ||
	{ echo "FAIL: cannot mount a private /run/netns"; exit 1; }
ranges_cleanup() {
	ip netns del psr_a 2>/dev/null
	ip netns del psr_b 2>/dev/null
	live_cleanup
}
trap ranges_cleanup EXIT
ip netns add psr_a && ip netns add psr_b || { echo "FAIL: ip netns add"; exit 1; }
ip -n psr_a link set lo up && ip -n psr_b link set lo up || { echo "FAIL: lo up"; exit 1; }
ip netns exec psr_b sysctl -q -w net.ipv4.ip_local_port_range="8000 8099" &&
	ip netns exec psr_b sysctl -q -w net.ipv4.ip_local_reserved_ports=8050 ||
	{ echo "FAIL: cannot set psr_b's range"; exit 1; }

cat >"$LIVE_TMP/pair.py" <<'PY'
import socket, sys, time
# A listener on argv[1]; a client bound to argv[2] connected to server argv[3].
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", int(sys.argv[1])))
l.listen(8)
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[2])))
s.connect(("127.0.0.1", int(sys.argv[3])))
a, _ = l.accept() if int(sys.argv[3]) == int(sys.argv[1]) else (None, None)
print("ready", flush=True)
time.sleep(600)
PY
# psr_a: a listener on 8080 and a client from 8081 to it.
live_spawn ip netns exec psr_a python3 "$LIVE_TMP/pair.py" 8080 8081 8080
# psr_b: a listener on 9000 and a client from 8080 (in its range) to it.
live_spawn ip netns exec psr_b python3 "$LIVE_TMP/pair.py" 9000 8080 9000

# Netns, local, remote, service port class and direction; names for ports, numbers for hosts.
out=$("$PORTSTAT" -N psr_a,psr_b -t --numeric-hosts -O netns,local,remote,class,dir)
live_check "psr_a: 8080 is the service (http-alt), 8081 (tproxy) a client's" \
	"$(printf '%s\n' "psr_a 127.0.0.1:http-alt 127.0.0.1:tproxy registered in" \
		"psr_a 127.0.0.1:tproxy 127.0.0.1:http-alt registered out" | sort)" \
	"$(printf '%s\n' "$out" | awk '$1 == "psr_a"' | tr -s ' ' | sort)"
live_check "psr_b: 8080 is in its range: a number, and 9000 the service" \
	"$(printf '%s\n' "psr_b 127.0.0.1:8080 127.0.0.1:9000 registered out" \
		"psr_b 127.0.0.1:9000 127.0.0.1:8080 registered in" | sort)" \
	"$(printf '%s\n' "$out" | awk '$1 == "psr_b"' | tr -s ' ' | sort)"

out=$("$PORTSTAT" -N psr_a,psr_b -tan --class ephemeral -O netns,local)
live_check "--class ephemeral: psr_b's client port alone" "psr_b 127.0.0.1:8080" \
	"$(printf '%s\n' "$out" | tail -n +3 | tr -s ' ')"

live_check "JSON: ephemeral flags by each namespace's range" \
	"psr_a 8080:false psr_a 8081:false psr_b 8080:true psr_b 9000:false" \
	"$("$PORTSTAT" -N psr_a,psr_b -tan --json | jq -r '[.sockets[] | "\(.netns.name) \(.local.port):\(.local.ephemeral)"] | unique | join(" ")')"

out=$("$PORTSTAT" -N psr_a,psr_b -s -t)
live_check "-s: psr_b's pressure row counts against its own 99 usable ports" \
	"psr_b 1 99" \
	"$(printf '%s\n' "$out" | awk '/^Ephemeral port pressure/ { t = 1 } t && $1 == "psr_b" { print $1, $5, $6 }')"
live_check "-s: the header says the range is each namespace's" 1 \
	"$(printf '%s\n' "$out" | grep -c "^Ephemeral port pressure (each namespace's own range: Usable)")"
live_check "-s --json: each namespace's range and usable ports" \
	"psr_a 32768 60999 28232 psr_b 8000 8099 99" \
	"$("$PORTSTAT" -N psr_a,psr_b -s -t --json | jq -r '[.summary.netns[] | "\(.name) \(.range_low) \(.range_high) \(.usable)"] | join(" ")')"

# Interface names are each namespace's own: index 2 is psr_aif in psr_a and
# psr_bif in psr_b (a veth pair in each, made in the same order), and a
# socket bound to it (SO_BINDTODEVICE) shows its own namespace's name.
ip -n psr_a link add psr_aif type veth peer name psr_aip &&
	ip -n psr_b link add psr_bif type veth peer name psr_bip ||
	{ echo "FAIL: veth interfaces"; exit 1; }
cat >"$LIVE_TMP/bound.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, sys.argv[1].encode())
s.bind(("0.0.0.0", 5300))
print("ready", flush=True)
time.sleep(600)
PY
live_spawn ip netns exec psr_a python3 "$LIVE_TMP/bound.py" psr_aif
live_spawn ip netns exec psr_b python3 "$LIVE_TMP/bound.py" psr_bif
live_check "interface names: each namespace's own, as ss -N shows them" \
	"$(printf '%s\n' "psr_a $(ip netns exec psr_a ss -ulnH sport = :5300 | awk '{ print $4 }')" \
		"psr_b $(ip netns exec psr_b ss -ulnH sport = :5300 | awk '{ print $4 }')")" \
	"$("$PORTSTAT" -N psr_a,psr_b -uln -O netns,local :5300 | awk 'NR > 2 { print $1, $2 }')"

live_finish
