#!/bin/bash
# Live: ICMP "ping" sockets (socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) and
# the ICMPv6 twin), allowed by net.ipv4.ping_group_range inside a fresh
# namespace, are listed as icmp/icmp6 from /proc/net/icmp and icmp6, and
# agree with lsof on the holder's descriptors (lsof prints them as type
# "icmp" with /proc's hex addresses, and the IPv6 one as "PINGv6"): the
# same inodes, and for IPv4 the same local and remote address and echo
# identifier.  -a and --icmp include them, -l the unconnected ones, the
# default the connected one; JSON names them; ss lists none of them.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v lsof >/dev/null || live_skip "lsof(8) not installed"
command -v ss >/dev/null || live_skip "ss(8) not installed"
sysctl -qw net.ipv4.ping_group_range="0 2147483647" || live_skip "cannot allow ping sockets"
ip -6 addr add ::1/128 dev lo 2>/dev/null

cat >"$LIVE_TMP/ping.py" <<'EOF'
import socket, time
v4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
v4.sendto(b"\x08\x00\x00\x00\x00\x01\x00\x01ping", ("127.0.0.1", 0))
conn = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
conn.connect(("127.0.0.1", 0))
v6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_ICMPV6)
v6.bind(("::1", 0))
v6.sendto(b"\x80\x00\x00\x00\x00\x01\x00\x01ping", ("::1", 0))
print("ready", flush=True)
time.sleep(600)
EOF
live_spawn python3 "$LIVE_TMP/ping.py"
pid=${LIVE_PIDS##* }

# lsof's view: "inode family local remote" per ping socket, addresses decoded
# from /proc's hex (host byte order) for IPv4; IPv6 has only its inode.
lsof -n -P -p "$pid" -F tin >"$LIVE_TMP/lsof.txt" 2>/dev/null
theirs=$(python3 - "$LIVE_TMP/lsof.txt" <<'EOF'
import socket, struct, sys
rows, cur = [], {}
for line in open(sys.argv[1]):
    k, v = line[0], line[1:].rstrip("\n")
    if k == "f":
        cur = {}
    cur[k] = v
    if k == "n" and cur.get("t") == "icmp":
        def ep(s):
            a, p = s.split(":")
            return "%s:%d" % (socket.inet_ntoa(struct.pack("=I", int(a, 16))), int(p, 16))
        l, r = v.split("->")
        rows.append("%s inet %s %s" % (cur["i"], ep(l), ep(r)))
    elif k == "n" and cur.get("t") == "sock" and "PINGv6" in v:
        rows.append("%s inet6" % cur["i"])
print("\n".join(sorted(rows)))
EOF
)
live_check "lsof sees three ping sockets" 3 "$(grep -c . <<<"$theirs")"

"$PORTSTAT" -an --icmp --json >"$LIVE_TMP/ours.json"
live_check "--icmp --json status" 0 "$?"
ours=$(python3 - "$LIVE_TMP/ours.json" <<'EOF'
import json, sys
rows = []
for s in json.load(open(sys.argv[1]))["sockets"]:
    assert s["proto"] == "icmp" and s["type"] == "dgram", s
    assert s["direction"] == "out" and s["service"] is None and s["class"] is None, s
    if s["family"] == "inet":
        rows.append("%d inet %s:%d %s:%d" % (s["inode"], s["local"]["address"], s["local"]["port"],
                                             s["remote"]["address"], s["remote"]["port"]))
    else:
        rows.append("%d inet6" % s["inode"])
print("\n".join(sorted(rows)))
EOF
)
live_check "ping sockets as lsof" "$theirs" "$ours"

rows() { awk 'NR > 2 && $1 ~ /^icmp6?$/ { print $1, $6 }' | sort; }
live_check "-an lists them" "icmp ESTABLISHED
icmp UNCONN
icmp6 UNCONN" "$("$PORTSTAT" -an | rows)"
live_check "-ln: the unconnected ones" "icmp UNCONN
icmp6 UNCONN" "$("$PORTSTAT" -ln | rows)"
live_check "default: the connected one" "icmp ESTABLISHED" "$("$PORTSTAT" -n | rows)"
live_check "--icmp -6" "icmp6 UNCONN" "$("$PORTSTAT" --icmp -6 -an | rows)"
live_check "-w is raw only" "" "$("$PORTSTAT" -wan | rows)"
live_check "ss lists none" 0 "$(ss -Hanw | grep -c .)"
"$PORTSTAT" --source=proc -an | rows >"$LIVE_TMP/proc.txt"
live_check "--source=proc the same" "$("$PORTSTAT" -an | rows)" "$(cat "$LIVE_TMP/proc.txt")"
err=$("$PORTSTAT" --source=netlink -v -an 2>&1 >/dev/null | grep icmp)
live_check "--source=netlink says it has none" \
	"portstat: icmp: sock_diag has no ping sockets; not read (--source=netlink)
portstat: icmp6: sock_diag has no ping sockets; not read (--source=netlink)" "$err"
live_finish
