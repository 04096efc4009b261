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

# 2000 copies of the dump, each socket's inode made its own (a socket
# repeated in one read is listed once): 34000 sockets, sorted 6 bytes deep;
# only the sockets without an inode (TIME_WAIT) collapse into one.
python3 - "$dump" "$tmp/big.bin" <<'EOP' || fail "cannot write the big dump"
import struct, sys
dump = open(sys.argv[1], "rb").read()
out = bytearray()
for copy in range(2000):
    off = 0
    while off + 16 <= len(dump):
        length, kind, flags = struct.unpack_from("=IHH", dump, off)
        msg = bytearray(dump[off:off + length])
        # a reply (not the recorded request) of sock_diag or the old tcp_diag
        if kind in (18, 20) and not flags & 1 and length >= 16 + 72:
            at = 16 + (4 if msg[16] == 1 else 68)  # unix_diag_msg / inet_diag_msg
            ino = struct.unpack_from("=I", msg, at)[0]
            if ino:
                struct.pack_into("=I", msg, at, ino + copy * 100000)
        out += msg
        off += (length + 3) & ~3
open(sys.argv[2], "wb").write(out)
EOP
"$bin" -an -n --from-netlink "$tmp/big.bin" >"$tmp/want.out" 2>/dev/null ||
	fail "replay with the usual stack failed"

# small NAME ARGS...: portstat ARGS with a 40 KiB stack; status in $rc.
small() {
	name=$1
	shift
	timeout 60 sh -c 'ulimit -s 40 && exec "$0" "$@"' "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	[ "$rc" = 0 ] || fail "$name ($*): status $rc in a 40 KiB stack: $(cat "$tmp/$name.err")"
}

small replay -an -n --from-netlink "$tmp/big.bin"
[ "$(wc -l <"$tmp/want.out")" -gt 34000 ] || fail "the big dump: $(wc -l <"$tmp/want.out") lines, not 34000 and more"
cmp -s "$tmp/want.out" "$tmp/replay.out" || fail "replay: not the table the usual stack prints"
small summary -s --from-netlink "$tmp/big.bin"
grep -q '127.0.0.1:8080 *2000 ' "$tmp/summary.out" || fail "summary: no pressure line for 2000 sockets"
small json -an --json --from-netlink "$tmp/big.bin"
small tree -s --proc-root "$(dirname "$tree")/pressure"
echo "ok: a 40 KiB stack is enough"
