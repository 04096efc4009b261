#!/bin/bash
# Live: a Kubernetes NodePort as kube-proxy (iptables mode) writes it through
# iptables-nft, without Kubernetes.  In the namespace live_enter made (never
# the host's ruleset), tests/fixtures/nat/iptables_kube.sh loads the
# chains: KUBE-SERVICES (cluster IP 10.96.0.50:80) and KUBE-NODEPORTS
# (30080) jump, through KUBE-EXT-XXX and a statistic split in KUBE-SVC-XXX,
# to KUBE-SEP-A and -B, whose DNATs name no port of their own.  Both
# endpoints (10.244.1.5 and 10.244.2.6) are addresses of a namespace
# pkn_pod joined by a veth pair, where a listener holds 0.0.0.0:8080.
# The mappings portstat decodes (nft_record) are checked against the ones
# read by hand from `iptables-nft -t nat -S`; portstat --published lists
# host port 30080 and the cluster IP, each to both endpoints, with the
# listener's namespace and program; a client through the NodePort gets in.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v iptables-nft >/dev/null || live_skip "iptables-nft (iptables) not installed"
command -v ip >/dev/null || live_skip "ip(8) not installed"
# iptables changes rulesets: only ever in a namespace of our own, never PID 1's.
[ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] ||
	{ echo "FAIL: not in a namespace of our own; refusing to touch this ruleset"; exit 1; }
rec=$(dirname "$PORTSTAT")/tests/nft_record
[ -x "$rec" ] || { echo "FAIL: $rec not built"; exit 1; }

mkdir -p /run/netns && mount -t tmpfs -o size=1m tmpfs /run/netns ||
	{ echo "FAIL: cannot mount a private /run/netns"; exit 1; }
kube_cleanup() {
	ip netns del pkn_pod 2>/dev/null
	live_cleanup
}
trap kube_cleanup EXIT
ip netns add pkn_pod && ip -n pkn_pod link set lo up &&
	ip link add pkn_h type veth peer name pkn_c && ip link set pkn_c netns pkn_pod &&
	ip addr add 10.244.1.1/24 dev pkn_h && ip link set pkn_h up &&
	ip -n pkn_pod addr add 10.244.1.5/24 dev pkn_c &&
	ip -n pkn_pod addr add 10.244.2.6/32 dev pkn_c && ip -n pkn_pod link set pkn_c up &&
	ip route add 10.244.2.6/32 dev pkn_h && ip route add 10.96.0.0/12 dev pkn_h &&
	ip -n pkn_pod route add default via 10.244.1.1 ||
	{ echo "FAIL: namespace and veth pair"; exit 1; }

sh -e "$here/../fixtures/nat/iptables_kube.sh" || { echo "FAIL: iptables_kube.sh"; exit 1; }

py=$(python3 -c "import sys; print(sys.executable)")
ln -s "$py" "$LIVE_TMP/podsrv"
live_spawn ip netns exec pkn_pod "$LIVE_TMP/podsrv" "$here/greeter.py" 8080 pod

# What iptables-nft itself lists: the NodePort of KUBE-NODEPORTS, the cluster
# IP and port of KUBE-SERVICES, the DNAT targets of the KUBE-SEP-* chains.
rules=$(iptables-nft -t nat -S)
np=$(printf '%s\n' "$rules" | awk '$2 == "KUBE-NODEPORTS" { for (i = 1; i < NF; i++) if ($i == "--dport") print $(i + 1) }')
cip=$(printf '%s\n' "$rules" | awk '$2 == "KUBE-SERVICES" && $3 == "-d" { sub("/32", "", $4); print $4 }')
cport=$(printf '%s\n' "$rules" | awk '$2 == "KUBE-SERVICES" && $3 == "-d" { for (i = 1; i < NF; i++) if ($i == "--dport") print $(i + 1) }')
eps=$(printf '%s\n' "$rules" | awk '$2 ~ /^KUBE-SEP-/ { for (i = 1; i < NF; i++) if ($i == "--to-destination") print $2, $(i + 1) }')
live_check "iptables-nft -S: the NodePort, cluster IP and endpoints" \
	"30080 10.96.0.50:80 KUBE-SEP-A 10.244.1.5:8080,KUBE-SEP-B 10.244.2.6:8080" \
	"$np $cip:$cport $(printf '%s\n' "$eps" | paste -sd,)"

# The same mappings, built from iptables-nft's lines in nft_record's format.
expected=$(printf '%s\n' "$eps" | while read -r chain ep; do
	for host in "-:$np" "$cip/32:$cport"; do
		daddr=${host%:*} port=${host##*:}
		echo "tcp ip iif=- daddr=$daddr dport=$port-$port dnat to=${ep%:*}" \
			"port=${ep#*:}-${ep#*:} given table=ip/nat chain=$chain"
	done
done | sort)
out=$("$rec")
live_check "nft_record: status 0" 0 "$?"
live_check "nft_record: the mappings iptables-nft -S lists" "$expected" \
	"$(printf '%s\n' "$out" | grep ' table=' | sort)"
live_check "nft_record: nothing left not understood" "rules=15 not_understood=0" \
	"$(printf '%s\n' "$out" | tail -n1 | cut -d' ' -f1-2)"

get() { python3 -c 'import socket, sys; print(socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5).recv(16).decode().strip())' "$@"; }
live_check "a client through the NodePort reaches the pod" pod "$(get 10.244.1.1 30080)"
live_check "a client through the cluster IP reaches the pod" pod "$(get 10.96.0.50 80)"

out=$("$PORTSTAT" --published -n 2>"$LIVE_TMP/err")
live_check "--published: status 0" 0 "$?"
# Host, Via, Mechanism, Target, Netns, Program of each row (this test's
# ports: --published reads every namespace, other tests' too).
live_check "--published: the NodePort and the cluster IP, each to both endpoints" \
	"$(printf '%s\n' "tcp 0.0.0.0:30080 - dnat 10.244.1.5:8080 pkn_pod podsrv" \
		"tcp 0.0.0.0:30080 - dnat 10.244.2.6:8080 pkn_pod podsrv" \
		"tcp 10.96.0.50:80 - dnat 10.244.1.5:8080 pkn_pod podsrv" \
		"tcp 10.96.0.50:80 - dnat 10.244.2.6:8080 pkn_pod podsrv" | sort)" \
	"$(printf '%s\n' "$out" | awk 'NR > 2 && ($2 == "0.0.0.0:30080" || $2 == "10.96.0.50:80") { v = $4; sub("/.*", "", v); p = $8; sub(".*/", "", p); print $1, $2, $3, v, $5, $6, p }' | sort)"
live_finish
