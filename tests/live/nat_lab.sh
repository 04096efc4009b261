# tests/live/nat_lab.sh - a small NATed network in namespaces the caller's
# test makes: sourced after lib.sh's live_enter, not run.
#
#   client C (10.0.1.2, fd00:1::2) -- veth -- router R -- veth -- server S
#                                  (10.0.1.1, fd00:1::1 | 10.0.2.1, fd00:2::1)
#                                                            (10.0.2.2, fd00:2::2)
#
# C, R and S are `unshare --net` namespaces bind-mounted on files under
# $LIVE_TMP ($NAT_C, $NAT_R, $NAT_S), so the test's own namespace stays
# untouched and R is read from outside, as --all-netns reads a host's
# other namespaces.  R's ruleset (nft, inside R only):
#   tcp 10.0.1.1:8080 -> DNAT 10.0.2.2:80      tcp [fd00:1::1]:8080 -> DNAT [fd00:2::2]:80
#   udp 10.0.1.1:5353 -> DNAT 10.0.2.2:53      tcp to 10.0.2.2:9090 -> masquerade (10.0.2.1)
# and tcp to 10.0.2.2:7070 is routed untranslated.
#
# nat_lab_up: builds it; nat_lab_flows: S listens (80, [::]:80, 9090, 7070,
# udp 53), C opens one connection each from fixed source ports (40001 DNAT,
# 40002 masquerade, 40003 plain, 40004 UDP DNAT, 40006 IPv6 DNAT) and holds
# them until the test ends.

nat_lab_ns() { # nat_lab_ns FILE: a new network namespace bind-mounted on FILE
	touch "$1" && unshare --net="$1" true
}

# Stops the helpers and unmounts the namespace files, then lib.sh's cleanup.
nat_lab_cleanup() {
	for p in $LIVE_PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	umount "$NAT_C" "$NAT_R" "$NAT_S" 2>/dev/null
	live_cleanup
}

nat_lab_up() {
	NAT_C=$LIVE_TMP/ns-client
	NAT_R=$LIVE_TMP/ns-router
	NAT_S=$LIVE_TMP/ns-server
	trap nat_lab_cleanup EXIT
	nat_lab_ns "$NAT_C" && nat_lab_ns "$NAT_R" && nat_lab_ns "$NAT_S" ||
		{ echo "FAIL: namespaces"; exit 1; }
	nsenter --net="$NAT_R" sh -ec '
		ip link set lo up
		ip link add r-c type veth peer name c-r
		ip link add r-s type veth peer name s-r
		ip link set c-r netns "$1"
		ip link set s-r netns "$2"
		sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
		ip addr add 10.0.1.1/24 dev r-c; ip -6 addr add fd00:1::1/64 dev r-c nodad
		ip addr add 10.0.2.1/24 dev r-s; ip -6 addr add fd00:2::1/64 dev r-s nodad
		ip link set r-c up; ip link set r-s up' sh "$NAT_C" "$NAT_S" ||
		{ echo "FAIL: router"; exit 1; }
	nsenter --net="$NAT_C" sh -ec '
		ip link set lo up; ip link set c-r up
		ip addr add 10.0.1.2/24 dev c-r; ip -6 addr add fd00:1::2/64 dev c-r nodad
		ip route add default via 10.0.1.1; ip -6 route add default via fd00:1::1' ||
		{ echo "FAIL: client"; exit 1; }
	nsenter --net="$NAT_S" sh -ec '
		ip link set lo up; ip link set s-r up
		ip addr add 10.0.2.2/24 dev s-r; ip -6 addr add fd00:2::2/64 dev s-r nodad
		ip route add default via 10.0.2.1; ip -6 route add default via fd00:2::1' ||
		{ echo "FAIL: server"; exit 1; }
	nsenter --net="$NAT_R" nft -f - <<'NFT' || { echo "FAIL: nft ruleset in R"; exit 1; }
table ip natlab {
	chain pre {
		type nat hook prerouting priority dstnat;
		ip daddr 10.0.1.1 tcp dport 8080 dnat to 10.0.2.2:80
		ip daddr 10.0.1.1 udp dport 5353 dnat to 10.0.2.2:53
	}
	chain post {
		type nat hook postrouting priority srcnat;
		ip daddr 10.0.2.2 tcp dport 9090 masquerade
	}
}
table ip6 natlab6 {
	chain pre {
		type nat hook prerouting priority dstnat;
		ip6 daddr fd00:1::1 tcp dport 8080 dnat to [fd00:2::2]:80
	}
}
NFT
}

nat_lab_flows() {
	live_spawn nsenter --net="$NAT_S" python3 -c '
import socket, time
socks = []
for fam, addr, port in ((socket.AF_INET, "0.0.0.0", 80), (socket.AF_INET6, "::", 80),
                        (socket.AF_INET, "0.0.0.0", 9090), (socket.AF_INET, "0.0.0.0", 7070)):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port)); s.listen(8); socks.append(s)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 53)); socks.append(u)
print("ready", flush=True)
time.sleep(3600)'
	live_spawn nsenter --net="$NAT_C" python3 -c '
import socket, time
socks = []
for fam, kind, src, dst in (
        (socket.AF_INET, socket.SOCK_STREAM, ("10.0.1.2", 40001), ("10.0.1.1", 8080)),
        (socket.AF_INET, socket.SOCK_STREAM, ("10.0.1.2", 40002), ("10.0.2.2", 9090)),
        (socket.AF_INET, socket.SOCK_STREAM, ("10.0.1.2", 40003), ("10.0.2.2", 7070)),
        (socket.AF_INET, socket.SOCK_DGRAM, ("10.0.1.2", 40004), ("10.0.1.1", 5353)),
        (socket.AF_INET6, socket.SOCK_STREAM, ("fd00:1::2", 40006), ("fd00:1::1", 8080))):
    s = socket.socket(fam, kind)
    s.bind(src); s.connect(dst)
    if kind == socket.SOCK_DGRAM:
        s.send(b"q")
    socks.append(s)
print("ready", flush=True)
time.sleep(3600)'
}
