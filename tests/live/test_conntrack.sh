#!/bin/bash
# Live: the NAT flows of a namespace's conntrack table (issue 17, --nat's
# source), read through an nfnetlink socket opened inside that namespace.
#
# tests/live/nat_lab.sh builds, in namespaces this test makes (never the
# host's ruleset or conntrack table), a client C and a server S joined by a
# router R that DNATs 10.0.1.1:8080 to S's 10.0.2.2:80 (and UDP 5353 -> 53,
# IPv6 [fd00:1::1]:8080 -> [fd00:2::2]:80), masquerades C's connections to
# S's 9090 and routes 7070 untranslated; C connects through each.
# tests/conntrack_tool (tests/support/conntrack_tool.c: netns_open with
# open_nfnl, then source_conntrack_read) prints what R's table holds; it
# must be exactly the translated entries of `conntrack -L` run in R, with
# the same SNAT/DNAT marks as `conntrack -L --src-nat` / `--dst-nat`.
# Without CAP_NET_ADMIN it must say "--nat needs CAP_NET_ADMIN" (exit 3),
# also when the socket was opened with it and the process dropped it since.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/nat_lab.sh"
live_enter "$@"
for t in ip nsenter nft conntrack setpriv python3; do
	command -v $t >/dev/null || live_skip "$t not installed"
done
tool=$(dirname "$PORTSTAT")/tests/conntrack_tool
[ -x "$tool" ] || { echo "FAIL: $tool not built"; exit 1; }

nat_lab_up
nat_lab_flows

# `conntrack -L` lines as the tool prints them: PROTO ORIG_SRC ORIG_DST
# REPLY_SRC REPLY_DST NAT, only where the reply tuple is not the original's
# mirror image; NAT from which of --src-nat and --dst-nat list the entry.
ct_lines() {
	nsenter --net="$NAT_R" conntrack -L -n 2>/dev/null >"$LIVE_TMP/snat.txt"
	nsenter --net="$NAT_R" conntrack -L -g 2>/dev/null >"$LIVE_TMP/dnat.txt"
	nsenter --net="$NAT_R" conntrack -L 2>/dev/null | python3 -c '
import sys
def ep(a, p):
    return ("[%s]:%s" if ":" in a else "%s:%s") % (a, p)
def key(line):
    kv = [w.split("=", 1) for w in line.split() if "=" in w]
    v = {}
    for k, x in kv:
        v.setdefault(k, []).append(x)
    return v
snat = {l.split("[")[0].split(None, 3)[3] for l in open(sys.argv[1]) if l.strip()}
dnat = {l.split("[")[0].split(None, 3)[3] for l in open(sys.argv[2]) if l.strip()}
for line in sys.stdin:
    w = line.split()
    if w[0] not in ("tcp", "udp"):
        continue
    v = key(line)
    o = (ep(v["src"][0], v["sport"][0]), ep(v["dst"][0], v["dport"][0]))
    r = (ep(v["src"][1], v["sport"][1]), ep(v["dst"][1], v["dport"][1]))
    ident = line.split("[")[0].split(None, 3)[3]
    s, d = ident in snat, ident in dnat
    if (r[0], r[1]) == (o[1], o[0]) and not s and not d:
        continue
    print(w[0], o[0], o[1], r[0], r[1], {(0, 0): "-", (1, 0): "snat", (0, 1): "dnat", (1, 1): "snat+dnat"}[(s, d)])
' "$LIVE_TMP/snat.txt" "$LIVE_TMP/dnat.txt"
}

"$tool" print "$NAT_R" >"$LIVE_TMP/tool.txt" 2>"$LIVE_TMP/tool.err"
live_check "conntrack_tool in R exits 0" 0 "$?"
ours=$(sort "$LIVE_TMP/tool.txt")
theirs=$(ct_lines | sort)
live_check "conntrack_tool matches conntrack -L in R" "$theirs" "$ours"
live_check "DNAT flow: client used 10.0.1.1:8080, server saw 10.0.2.2:80" 1 \
	"$(grep -cxF 'tcp 10.0.1.2:40001 10.0.1.1:8080 10.0.2.2:80 10.0.1.2:40001 dnat' <<<"$ours")"
live_check "IPv6 DNAT flow" 1 \
	"$(grep -cxF 'tcp [fd00:1::2]:40006 [fd00:1::1]:8080 [fd00:2::2]:80 [fd00:1::2]:40006 dnat' <<<"$ours")"
live_check "UDP DNAT flow" 1 \
	"$(grep -cxF 'udp 10.0.1.2:40004 10.0.1.1:5353 10.0.2.2:53 10.0.1.2:40004 dnat' <<<"$ours")"
live_check "masquerade flow" 1 \
	"$(grep -cxF 'tcp 10.0.1.2:40002 10.0.2.2:9090 10.0.2.2:9090 10.0.2.1:40002 snat' <<<"$ours")"
live_check "untranslated flow left out" 0 "$(grep -c ':7070' <<<"$ours")"
live_check "four flows" 4 "$(grep -c . <<<"$ours")"

# Read from inside R (the caller's own namespace: a fresh socket per dump).
nsenter --net="$NAT_R" "$tool" print /proc/self/ns/net >"$LIVE_TMP/own.txt" 2>&1
live_check "own namespace: exit 0" 0 "$?"
live_check "own namespace: same flows" "$ours" "$(sort "$LIVE_TMP/own.txt")"

# Unlike sock_diag, nfnetlink checks CAP_NET_ADMIN on every request against
# the sending process too, not only the socket's opener: once the process
# has dropped its capabilities (as portstat's sandbox does), a socket opened
# with the privilege is refused as well.  --nat must read before the drop
# or keep CAP_NET_ADMIN; this pins the kernel behaviour that decision rests on.
"$tool" print-dropped "$NAT_R" >"$LIVE_TMP/dropped.txt" 2>"$LIVE_TMP/dropped.err"
live_check "capabilities dropped after opening: exit 3" 3 "$?"
live_check "capabilities dropped after opening: message" \
	"conntrack_tool: --nat needs CAP_NET_ADMIN" "$(cat "$LIVE_TMP/dropped.err")"

# AF_NETLINK refused (seccomp, as systemd's RestrictAddressFamilies does):
# the socket cannot be opened, inside R or in the caller's own namespace.
deny=$(dirname "$PORTSTAT")/tests/seccomp_deny
"$deny" netlink "$tool" print "$NAT_R" >"$LIVE_TMP/deny.txt" 2>"$LIVE_TMP/deny.err"
live_check "netlink refused, other namespace: exit 1" 1 "$?"
live_check "netlink refused, other namespace: message" \
	"conntrack_tool: no nfnetlink socket in $NAT_R" "$(cat "$LIVE_TMP/deny.err")"
nsenter --net="$NAT_R" "$deny" netlink "$tool" print /proc/self/ns/net \
	>"$LIVE_TMP/deny.txt" 2>"$LIVE_TMP/deny.err"
live_check "netlink refused, own namespace: exit 1" 1 "$?"
live_check "netlink refused, own namespace: message" \
	"conntrack_tool: Address family not supported by protocol" "$(cat "$LIVE_TMP/deny.err")"

# The client's namespace tracks nothing: no flows, no error.
"$tool" print "$NAT_C" >"$LIVE_TMP/c.txt" 2>&1
live_check "C: exit 0" 0 "$?"
live_check "C: no flows" "" "$(cat "$LIVE_TMP/c.txt")"

# Without CAP_NET_ADMIN (setns still allowed): one clear line, exit 3.
setpriv --bounding-set -net_admin --inh-caps -net_admin "$tool" print "$NAT_R" \
	>"$LIVE_TMP/np.txt" 2>"$LIVE_TMP/np.err"
live_check "no CAP_NET_ADMIN: exit 3" 3 "$?"
live_check "no CAP_NET_ADMIN: message" "conntrack_tool: --nat needs CAP_NET_ADMIN" \
	"$(cat "$LIVE_TMP/np.err")"
live_check "no CAP_NET_ADMIN: no flows" "" "$(cat "$LIVE_TMP/np.txt")"
live_finish
