#!/bin/sh
# portstat runs in a 40 KiB stack, as ss does (ulimit -s 40): a large
# replay sorted and summarised must not overflow it.  The radix sort of the
# table kept 6 KiB of counters in each of up to 16 frames; the reserved
# ports list and its bitmap took 16 KiB more.  The limit is set for
# portstat alone (a shell's own tools may need more).
bin=$1
tree=$2
dump=$3 # a netlink dump (tests/golden/cases/netlink-replay-an/dump.bin)
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 2000 copies of the dump: 42000 sockets, sorted 6 bytes deep.
i=0
while [ $i -lt 2000 ]; do
	cat "$dump"
	i=$((i + 1))
done >"$tmp/big.bin"

# small NAME ARGS...: portstat ARGS with a 40 KiB stack; status in $rc.
small() {
	name=$1
	shift
	timeout 60 sh -c 'ulimit -s 40 && exec "$0" "$@"' "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	[ "$rc" = 0 ] || fail "$name ($*): status $rc in a 40 KiB stack: $(cat "$tmp/$name.err")"
}

small replay -an -n --from-netlink "$tmp/big.bin"
[ "$(wc -l <"$tmp/replay.out")" = 42004 ] || fail "replay: $(wc -l <"$tmp/replay.out") lines, not 42004"
small summary -s --from-netlink "$tmp/big.bin"
grep -q '127.0.0.1:8080 *2000 ' "$tmp/summary.out" || fail "summary: no pressure line for 2000 sockets"
small json -an --json --from-netlink "$tmp/big.bin"
small tree -s --proc-root "$(dirname "$tree")/pressure"
echo "ok: a 40 KiB stack is enough"
