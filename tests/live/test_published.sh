#!/bin/bash
# Live: published ports and exposure (issue 17), built as Docker builds
# them, without Docker.  In the namespace live_enter made (the test's
# "host"; never the machine's own ruleset):
#   - a namespace pse_web joined by a veth pair (host 10.98.0.1, web
#     10.98.0.2) with a listener on 10.98.0.2:80;
#   - an nftables DNAT rule from host port 8080 to it (prerouting and
#     output, as Docker's), with a hostile comment, and one rule portstat
#     does not understand (a conntrack condition), which is counted;
#   - a userland forwarder on host port 8081 named and argued as
#     docker-proxy (-host-port 8081 -container-ip 10.98.0.2 -container-port 80);
#   - a client connecting through each;
#   - four more listeners: 127.0.0.1:7001 (loopback), 10.98.0.1:7002
#     (local), 0.0.0.0:7003 (any) here, 0.0.0.0:7004 in pse_web (namespace).
# portstat --published lists both mappings with the target's namespace and
# program; --all-netns -l -O netns,local,exposure gives each listener its
# word; without CAP_NET_ADMIN the rules are said to be unknown, in one line.
here=$(cd "$(dirname "$0")" && pwd)
# --published reads the namespace of every process /proc shows, and other
# live tests run beside this one with NAT rules of their own: in a PID
# namespace with its own /proc, it sees this test's alone.
if [ -z "${PUBLISHED_PIDNS:-}" ] && [ "$(id -u)" = 0 ]; then
	PUBLISHED_FIRST_NETNS=$(readlink /proc/self/ns/net) PUBLISHED_PIDNS=1 \
		exec unshare -pf --mount-proc "$0" "$@"
fi
. "$here/lib.sh"
live_enter "$@"
command -v nft >/dev/null || live_skip "nft (nftables) not installed"
command -v ip >/dev/null || live_skip "ip(8) not installed"
command -v jq >/dev/null || live_skip "jq not installed"
# Never the ruleset of the namespace the test was started in (PID 1's, if
# this is not in a PID namespace of its own).
[ "$(readlink /proc/self/ns/net)" != "${PUBLISHED_FIRST_NETNS:-$(readlink /proc/1/ns/net)}" ] ||
	{ echo "FAIL: not in a namespace of our own; refusing to touch this ruleset"; exit 1; }

mkdir -p /run/netns && mount -t tmpfs -o size=1m tmpfs /run/netns ||
	{ echo "FAIL: cannot mount a private /run/netns"; exit 1; }
pub_cleanup() {
	ip netns del pse_web 2>/dev/null
	live_cleanup
}
trap pub_cleanup EXIT
ip netns add pse_web && ip -n pse_web link set lo up &&
	ip link add pse_h type veth peer name pse_c && ip link set pse_c netns pse_web &&
	ip addr add 10.98.0.1/24 dev pse_h && ip link set pse_h up &&
	ip -n pse_web addr add 10.98.0.2/24 dev pse_c && ip -n pse_web link set pse_c up ||
	{ echo "FAIL: namespace and veth pair"; exit 1; }

cat >"$LIVE_TMP/rules.nft" <<'EOF2'
table ip nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat to 10.98.0.2:80 comment "web\u001b[31m"
		tcp dport 9090 ct state new dnat to 10.98.0.2:80
	}
	chain output {
		type nat hook output priority -100; policy accept;
		ip daddr 10.98.0.1 tcp dport 8080 dnat to 10.98.0.2:80
	}
}
EOF2
printf '%s' "$(cat "$LIVE_TMP/rules.nft")" | sed 's/\\u001b/\x1b/' >"$LIVE_TMP/rules2.nft"
nft -f "$LIVE_TMP/rules2.nft" || { echo "FAIL: nft -f rules"; exit 1; }

cat >"$LIVE_TMP/listen.py" <<'PY'
import socket, sys, time
socks = []
for spec in sys.argv[1:]:
    addr, port = spec.rsplit(",", 1)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, int(port)))
    s.listen(16)
    socks.append(s)
print("ready", flush=True)
held = []
while True:
    c, _ = socks[0].accept()
    c.sendall(b"web\n")
    held.append(c)  # open: --nat shows both ends of a live connection
PY
py=$(python3 -c "import sys; print(sys.executable)")
ln -s "$py" "$LIVE_TMP/websrv"
ln -s "$py" "$LIVE_TMP/docker-proxy"
live_spawn ip netns exec pse_web "$LIVE_TMP/websrv" "$LIVE_TMP/listen.py" 10.98.0.2,80 0.0.0.0,7004
live_spawn "$LIVE_TMP/websrv" "$LIVE_TMP/listen.py" 127.0.0.1,7001 10.98.0.1,7002 0.0.0.0,7003

# docker-proxy's argv: its flags follow argv[0] (python's -c and its code are
# one unknown flag and its value to the parser, as Go's flag package skips them).
cat >"$LIVE_TMP/forward.py" <<'PY'
import socket, sys, threading
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((args["-host-ip"], int(args["-host-port"])))
s.listen(16)
print("ready", flush=True)
def pipe(a, b):
    while True:
        d = a.recv(4096)
        if not d:
            break
        b.sendall(d)
    b.shutdown(socket.SHUT_WR)
while True:
    c, _ = s.accept()
    u = socket.create_connection((args["-container-ip"], int(args["-container-port"])))
    threading.Thread(target=pipe, args=(c, u), daemon=True).start()
    threading.Thread(target=pipe, args=(u, c), daemon=True).start()
PY
live_spawn bash -c 'exec -a docker-proxy "$0" -c "$(cat "$1")" -proto tcp -host-ip 0.0.0.0 \
	-host-port 8081 -container-ip 10.98.0.2 -container-port 80' "$LIVE_TMP/docker-proxy" \
	"$LIVE_TMP/forward.py"

get() { python3 -c 'import socket, sys; print(socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5).recv(16).decode().strip())' "$@"; }
live_check "a client through the DNAT rule reaches the web listener" web "$(get 10.98.0.1 8080)"
live_check "a client through the forwarder reaches the web listener" web "$(get 127.0.0.1 8081)"
# A client that stays connected through the DNAT rule.
cat >"$LIVE_TMP/hold.py" <<'PY'
import socket, time
s = socket.create_connection(("10.98.0.1", 8080), timeout=5)
assert s.recv(16) == b"web\n"
print("ready", flush=True)
time.sleep(600)
PY
live_spawn python3 "$LIVE_TMP/hold.py"

out=$("$PORTSTAT" --published -n 2>"$LIVE_TMP/err")
rc=$?
live_check "--published: status 0" 0 "$rc"
# Host, Via (proxy/PID -> proxy), Target, Netns, Program of each row.
live_check "--published: both mappings, with the target's namespace and program" \
	"$(printf '%s\n' "tcp 0.0.0.0:8080 - dnat 10.98.0.2:80 pse_web websrv" \
		"tcp 10.98.0.1:8080 - dnat 10.98.0.2:80 pse_web websrv" \
		"tcp 0.0.0.0:8081 - proxy 10.98.0.2:80 pse_web websrv" | sort)" \
	"$(printf '%s\n' "$out" | awk 'NR > 2 { v = $4; sub("/.*", "", v); p = $8; sub(".*/", "", p); print $1, $2, $3, v, $5, $6, p }' | sort)"
# (Other namespaces of the machine may add a line about hidden owners.)
live_check "--published: the rule not understood is counted, once" 1 \
	"$(grep -c '^portstat: 1 NAT rule not understood: the ports they publish are not listed$' "$LIVE_TMP/err")"
live_check "--published :8081: the proxy alone" "0.0.0.0:8081" \
	"$("$PORTSTAT" --published -n :8081 2>/dev/null | awk 'NR > 2 { print $2 }')"
live_check "--published --json: parses, the DNAT rows' program" "websrv websrv" \
	"$("$PORTSTAT" --published --json :8080 2>/dev/null | jq -r '[.published[].program] | join(" ")')"
live_check "--published: no raw escape byte from the rule's comment" 0 \
	"$("$PORTSTAT" --published 2>&1 | grep -c $'\x1b')"

out=$("$PORTSTAT" --all-netns -ltn -O netns,local,exposure 2>/dev/null)
host_label="net:[$(stat -L -c %i /proc/self/ns/net)]"
live_check "--all-netns -l -O exposure: each listener's word" \
	"$(printf '%s\n' "pse_web 10.98.0.2:80 published 0.0.0.0:8080,10.98.0.1:8080,0.0.0.0:8081" \
		"pse_web 0.0.0.0:7004 namespace" \
		"$host_label 127.0.0.1:7001 loopback" "$host_label 10.98.0.1:7002 local" \
		"$host_label 0.0.0.0:7003 any" "$host_label 0.0.0.0:8081 any" | sort)" \
	"$(printf '%s\n' "$out" | awk -v h="$host_label" '$1 == "pse_web" || $1 == h { $1 = $1; print }' | sort)"
live_check "-l --json: exposure objects" "published 3 loopback 0" \
	"$("$PORTSTAT" --all-netns -ltn --json 2>/dev/null | jq -r '[(.sockets[] | select(.local.port == 80 and .netns.name == "pse_web") | .exposure | "\(.kind) \(.published | length)"), (.sockets[] | select(.local.port == 7001) | .exposure | "\(.kind) \(.published | length)")] | join(" ")')"

# --nat: both ends of the held connection show the endpoint the client
# dialled and the one reached, as the conntrack entry says.
command -v conntrack >/dev/null || live_skip "conntrack not installed"
ct=$(conntrack -L -p tcp --orig-port-dst 8080 --state ESTABLISHED 2>/dev/null |
	awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); n[kv[1]]++; v[kv[1] n[kv[1]]] = kv[2] } }
		END { print v["dst1"] ":" v["dport1"] "->" v["src2"] ":" v["sport2"] }')
live_check "conntrack: the held flow" "10.98.0.1:8080->10.98.0.2:80" "$ct"
out=$("$PORTSTAT" --all-netns --nat -tn -O netns,local,remote,state,nat 2>/dev/null)
# The held client: the host's ESTABLISHED row to 10.98.0.1:8080; the server's row faces its port.
client=$(printf '%s\n' "$out" | awk -v h="$host_label" '$1 == h && $3 == "10.98.0.1:8080" && $4 == "ESTABLISHED" { print $2 }')
live_check "--nat: the client's row and the server's, each with the translation" \
	"$(printf '%s\n' "$host_label $client 10.98.0.1:8080 $ct" "pse_web 10.98.0.2:80 $client $ct")" \
	"$(printf '%s\n' "$out" | awk -v h="$host_label" -v c="$client" '($1 == h && $2 == c) || ($1 == "pse_web" && $3 == c) { print $1, $2, $3, $5 }')"
live_check "--nat --json: dialled and reached" "10.98.0.1 8080 10.98.0.2 80" \
	"$("$PORTSTAT" --all-netns --nat -tn --json 2>/dev/null | jq -r '[.sockets[] | select(.netns.name == "pse_web" and .nat != null) | "\(.nat.dialed.address) \(.nat.dialed.port) \(.nat.reached.address) \(.nat.reached.port)"] | unique | join(",")')"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PORTSTAT" --nat -tn 2>"$LIVE_TMP/err" >/dev/null)
live_check "--nat without CAP_NET_ADMIN: one line saying so" \
	"portstat: --nat needs CAP_NET_ADMIN: no translation is shown" "$(cat "$LIVE_TMP/err")"

live_check "-N pse_web alone: its wildcard is still namespace, not any" "0.0.0.0:7004 namespace" \
	"$("$PORTSTAT" -N pse_web -ltn -O local,exposure 2>/dev/null | awk '$1 == "0.0.0.0:7004" { print $1, $2 }')"

# An empty ruleset: nothing said, and pse_web's own wildcard is "any" there.
out=$(ip netns exec pse_web "$PORTSTAT" -ltn -O local,exposure 2>"$LIVE_TMP/err")
live_check "empty ruleset: no warning" "" "$(cat "$LIVE_TMP/err")"
live_check "empty ruleset: inside pse_web, its wildcard is any" "0.0.0.0:7004 any" \
	"$(printf '%s\n' "$out" | awk '$1 == "0.0.0.0:7004" { print $1, $2 }')"

# Without CAP_NET_ADMIN: the rules are unknown, said once; the rest listed.
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$PORTSTAT" -ltn -O local,exposure 2>"$LIVE_TMP/err")
rc=$?
live_check "unprivileged: status 0" 0 "$rc"
live_check "unprivileged: one line saying why" \
	"portstat: published ports of NAT rules not known: reading the ruleset needs CAP_NET_ADMIN" \
	"$(cat "$LIVE_TMP/err")"
live_check "unprivileged: the loopback listener still has its word" "127.0.0.1:7001 loopback" \
	"$(printf '%s\n' "$out" | awk '$1 == "127.0.0.1:7001" { print $1, $2 }')"
# -l --json carries exposure unasked: the rules' privilege is not its caller's
# concern there, so nothing on stderr; -v still says it.
setpriv --reuid=65534 --regid=65534 --clear-groups "$PORTSTAT" -ltn --json >/dev/null 2>"$LIVE_TMP/err"
live_check "unprivileged -l --json: exposure not asked, nothing said" "" "$(cat "$LIVE_TMP/err")"
setpriv --reuid=65534 --regid=65534 --clear-groups "$PORTSTAT" -ltn --json -v >/dev/null 2>"$LIVE_TMP/err"
live_check "unprivileged -l --json -v: the rules' line" \
	"portstat: published ports of NAT rules not known: reading the ruleset needs CAP_NET_ADMIN" \
	"$(grep 'NAT rules' "$LIVE_TMP/err")"

live_finish
