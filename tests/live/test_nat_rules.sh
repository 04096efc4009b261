#!/bin/bash
# Live: NAT rules read over netlink (source/nat_rules.h) against what nft
# itself says.  In the namespace live_enter made (never the host's
# ruleset), nft loads DNAT and REDIRECT rules of the shapes Docker, CNI and
# people write, and one rule portstat does not understand (conntrack
# state); BUILD/tests/nft_record prints the mappings the module decoded,
# and the same lines are built from `nft -j list ruleset` with jq: they
# must agree, as must the count of rules not understood.  A second
# namespace (ip netns add, under a private /run/netns) with other rules is
# read through a socket opened inside it (nft_record -n), while the reader
# stays here.  No iptables-legacy tables exist in a fresh namespace.
# Without CAP_NET_ADMIN the read fails with EPERM and says why.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v nft >/dev/null || live_skip "nft (nftables) not installed"
command -v jq >/dev/null || live_skip "jq not installed"
command -v ip >/dev/null || live_skip "ip(8) not installed"
# nft changes rulesets: only ever in a namespace of our own, never PID 1's.
[ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ] ||
	{ echo "FAIL: not in a namespace of our own; refusing to touch this ruleset"; exit 1; }
rec=$(dirname "$PORTSTAT")/tests/nft_record
[ -x "$rec" ] || { echo "FAIL: $rec not built"; exit 1; }

cat >"$LIVE_TMP/rules.nft" <<'EOF'
table ip nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat to 10.0.0.2:80
		udp dport 5353 dnat to 10.0.0.3
		tcp dport 9000-9010 dnat to 10.0.0.4:7000-7010
		tcp dport 2222 redirect to :22
		udp dport 53 redirect
		iifname "eth0" tcp dport 8443 dnat to 10.0.0.5:443
		iifname != "docker0" ip daddr 192.168.1.0/24 tcp dport 8081 dnat to 10.0.0.6:81
		ip daddr 127.0.0.1 udp dport 5300 dnat to 10.0.0.6:53
		tcp dport 8083 ct state new dnat to 10.0.0.7:83
	}
}
table ip6 nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat to [fd00::2]:80
	}
}
table inet mixed {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 7070 dnat ip to 10.0.0.9:70
	}
}
EOF
nft -f "$LIVE_TMP/rules.nft" || { echo "FAIL: nft -f rules.nft"; exit 1; }

# nft's JSON, in nft_record's line format: for each rule with a dnat or
# redirect statement whose every other expression is a condition of the
# shapes portstat reads (or a counter).  The rest are "not understood".
cat >"$LIVE_TMP/lines.jq" <<'EOF'
def range_of($v): if ($v | type) == "object" then $v.range else [$v, $v] end;
def addr_of($v):
  if ($v | type) == "object" then "\($v.prefix.addr)/\($v.prefix.len)"
  elif ($v | contains(":")) then "\($v)/128" else "\($v)/32" end;
def known:
  has("counter") or has("dnat") or has("redirect") or
  (.match != null and (.match.left.meta.key == "iifname" or
    (.match.left.payload.field == "dport" and .match.op == "==") or
    (.match.left.payload.field == "daddr" and .match.op == "==")));
[.nftables[] | select(.rule) | .rule
 | select(any(.expr[]; has("dnat") or has("redirect")))] as $nat
| ($nat[] | select(all(.expr[]; known))
   | . as $r
   | ([.expr[] | .match? // empty] ) as $m
   | ([$m[] | select(.left.payload.field == "dport")][0]) as $dp
   | ([$m[] | select(.left.meta.key == "iifname")][0]) as $iif
   | ([$m[] | select(.left.payload.field == "daddr")][0]) as $da
   | ([.expr[] | select(has("dnat") or has("redirect"))][0]) as $st
   | range_of($dp.right) as $d
   | (if $st | has("dnat") then ($st.dnat.family // $r.family) else $r.family end) as $fam
   | ($st.dnat // $st.redirect // {}) as $t
   | (if $t.port then range_of($t.port) else $d end) as $p
   | "\($dp.left.payload.protocol) \($fam)"
     + " iif=" + (if $iif then (if $iif.op == "!=" then "!" else "" end) + $iif.right else "-" end)
     + " daddr=" + (if $da then addr_of($da.right) else "-" end)
     + " dport=\($d[0])-\($d[1]) " + (if $st | has("dnat") then "dnat" else "redirect" end)
     + " to=" + ($t.addr // "-")
     + " port=\($p[0])-\($p[1]) " + (if $t.port then "given" else "same" end)
     + " table=\($r.family)/\($r.table) chain=\($r.chain)"),
  "not_understood=\([$nat[] | select(any(.expr[]; known | not))] | length)"
EOF

expected=$(nft -j list ruleset | jq -r -f "$LIVE_TMP/lines.jq" | sort)
out=$("$rec")
rc=$?
live_check "nft_record: status 0" 0 "$rc"
actual=$(printf '%s\n' "$out" | sed 's/^rules=.* \(not_understood=[0-9]*\) .*/\1/' | sort)
live_check "the mappings nft -j lists" "$expected" "$actual"
live_check "ten mappings in all" 10 "$(printf '%s\n' "$out" | grep -c ' table=')"
# A recording of the live dump (-w) decodes to the same mappings (-r).
"$rec" -w "$LIVE_TMP/rules.bin" >"$LIVE_TMP/written.txt"
live_check "nft_record -w: status 0" 0 "$?"
live_check "a recording decodes as the live dump did" \
	"$(grep ' table=' "$LIVE_TMP/written.txt")" "$("$rec" -r "$LIVE_TMP/rules.bin" | grep ' table=')"
live_check "no iptables-legacy tables in a fresh namespace" "legacy=0" \
	"$(printf '%s\n' "$out" | tail -n1 | awk '{ print $4 }')"

# Without CAP_NET_ADMIN the kernel refuses the dump: a clear error, no mappings.
if command -v setpriv >/dev/null; then
	denied=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$rec" 2>&1)
	rc=$?
	live_check "no CAP_NET_ADMIN: status 1" 1 "$rc"
	live_check "no CAP_NET_ADMIN: says so" \
		"nft_record: reading the ruleset needs CAP_NET_ADMIN: Operation not permitted" "$denied"
else
	live_skip "setpriv (util-linux) not installed"
fi

# Another namespace, read through a socket opened inside it.
mkdir -p /run/netns && mount -t tmpfs -o size=1m tmpfs /run/netns ||
	{ echo "FAIL: cannot mount a private /run/netns"; exit 1; }
nat_cleanup() {
	ip netns del psnat_b 2>/dev/null
	live_cleanup
}
trap nat_cleanup EXIT
ip netns add psnat_b || { echo "FAIL: ip netns add"; exit 1; }
printf 'table ip nat {\n chain pre {\n  type nat hook prerouting priority dstnat;\n  tcp dport 1234 dnat to 10.9.9.9:4321\n }\n}\n' |
	ip netns exec psnat_b nft -f - || { echo "FAIL: nft in psnat_b"; exit 1; }
other=$("$rec" -n /run/netns/psnat_b)
live_check "-n: the other namespace's one mapping" \
	"tcp ip iif=- daddr=- dport=1234-1234 dnat to=10.9.9.9 port=4321-4321 given table=ip/nat chain=pre" \
	"$(printf '%s\n' "$other" | grep ' table=')"
live_check "-n: its counts" "rules=1 not_understood=0 undecoded=0" \
	"$(printf '%s\n' "$other" | tail -n1 | cut -d' ' -f1-3)"

# An empty ruleset: nothing, and no error.
nft flush ruleset || { echo "FAIL: nft flush ruleset"; exit 1; }
live_check "an empty ruleset" "rules=0 not_understood=0 undecoded=0 legacy=0" "$("$rec")"
live_finish
