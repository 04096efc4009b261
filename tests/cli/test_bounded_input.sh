#!/bin/sh
# File arguments are bounded: a device that never ends (/dev/zero) and a
# file larger than the limit are refused at once with one clear line, so
# that memory grows with the sockets only; a pipe carrying a dump is read;
# a --services file that cannot be read is an error, not the built-in table.
bin=$1
tree=$2
dump=$3 # a netlink dump (tests/golden/cases/netlink-replay-an/dump.bin)
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME ARGS...: status in $rc, stderr in $tmp/NAME.err; 10 s is plenty.
run() {
	name=$1
	shift
	timeout 10 "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	[ "$rc" != 124 ] || fail "$name: still running after 10 s"
}

run zero -an --from-netlink /dev/zero
[ "$rc" = 3 ] || fail "--from-netlink /dev/zero: status $rc, not 3"
grep -q "^portstat: /dev/zero: not a regular file or a pipe$" "$tmp/zero.err" ||
	fail "--from-netlink /dev/zero said: $(cat "$tmp/zero.err")"

truncate -s 300M "$tmp/huge.bin"
run huge -an --from-netlink "$tmp/huge.bin"
[ "$rc" = 3 ] || fail "--from-netlink of 300 MiB: status $rc, not 3"
grep -q "huge.bin: larger than 256 MiB$" "$tmp/huge.err" ||
	fail "--from-netlink of 300 MiB said: $(cat "$tmp/huge.err")"

# A pipe is a dump streamed from elsewhere: read, with the same output as the
# file.  Through a pipe the reader may come first: its reads must wait for
# the writer (O_NONBLOCK, used for the open, is cleared).
cat "$dump" | timeout 10 "$bin" -an -n --from-netlink /dev/stdin >"$tmp/pipe.out" 2>"$tmp/pipe.err"
rc=$?
[ "$rc" = 0 ] || fail "--from-netlink /dev/stdin: status $rc: $(cat "$tmp/pipe.err")"
run file -an -n --from-netlink "$dump"
cmp -s "$tmp/pipe.out" "$tmp/file.out" || fail "a pipe and the file it carries differ"
# A named FIFO is opened without blocking, so it is read as it is when
# opened: here it holds the dump, its writer gone, and fd 4 (a reader, which
# portstat does not inherit) keeps it from being emptied meanwhile.
mkfifo "$tmp/fifo"
exec 3<>"$tmp/fifo" 4<"$tmp/fifo"
cat "$dump" >&3
exec 3>&-
run fifo -an -n --from-netlink "$tmp/fifo" 4<&-
exec 4<&-
[ "$rc" = 0 ] || fail "--from-netlink FIFO: status $rc: $(cat "$tmp/fifo.err")"
cmp -s "$tmp/fifo.out" "$tmp/file.out" || fail "a FIFO and the file it carries differ"

# A FIFO nobody writes to: open(2) must not wait for a writer; it reads as
# an empty replay (no socket, no error).
mkfifo "$tmp/nlfifo"
run nlfifo -an -n --from-netlink "$tmp/nlfifo"
[ "$rc" = 0 ] || fail "--from-netlink FIFO without a writer: status $rc: $(cat "$tmp/nlfifo.err")"
[ ! -s "$tmp/nlfifo.err" ] || fail "--from-netlink FIFO without a writer said: $(cat "$tmp/nlfifo.err")"

# Files under --proc-root that are not files: a FIFO as net/tcp, as the
# ephemeral range, as the host name and as a process's comm and cgroup
# would block forever in open(2).  Each is refused with one line and the
# run goes on (the range keeps its default, the host is unnamed).
cp -R "$tree" "$tmp/root"
mkdir -p "$tmp/root/sys/kernel"
rm "$tmp/root/net/tcp" "$tmp/root/sys/net/ipv4/ip_local_port_range"
mkfifo "$tmp/root/net/tcp" "$tmp/root/sys/net/ipv4/ip_local_port_range" \
	"$tmp/root/sys/kernel/hostname"
run procfifo -an --json --proc-root "$tmp/root"
[ "$rc" = 0 ] || fail "FIFOs under --proc-root: status $rc: $(cat "$tmp/procfifo.err")"
r=$tmp/root
[ "$(cat "$tmp/procfifo.err")" = "portstat: $r/sys/net/ipv4/ip_local_port_range: not a regular file
portstat: $r/sys/kernel/hostname: not a regular file
portstat: $r/net/tcp: not a regular file" ] ||
	fail "FIFOs under --proc-root said: $(cat "$tmp/procfifo.err")"
grep -q '"ephemeral_range":\[32768,60999\]' "$tmp/procfifo.out" ||
	fail "FIFO range file: not the default range"

# A 1 GB sparse range file and a host name longer than any: refused after
# a bounded read (a buffer's worth), said so, not cut into a wrong value.
rm "$tmp/root/net/tcp" "$tmp/root/sys/net/ipv4/ip_local_port_range" \
	"$tmp/root/sys/kernel/hostname"
cp "$tree/net/tcp" "$tmp/root/net/tcp"
truncate -s 1G "$tmp/root/sys/net/ipv4/ip_local_port_range"
head -c 300 /dev/zero | tr '\0' h >"$tmp/root/sys/kernel/hostname"
run procbig -tan --json --proc-root "$tmp/root"
[ "$rc" = 0 ] || fail "a 1 GB range file: status $rc: $(cat "$tmp/procbig.err")"
[ "$(cat "$tmp/procbig.err")" = "portstat: $r/sys/net/ipv4/ip_local_port_range: larger than 63 bytes
portstat: $r/sys/kernel/hostname: larger than 255 bytes" ] ||
	fail "a 1 GB range file said: $(cat "$tmp/procbig.err")"

# Symlinks are followed (a saved tree may link to the files it copies, as
# /proc itself links /proc/net): a link to a file reads as the file, a link
# to a FIFO is refused as the FIFO is.  The links stay inside the root: the
# sandbox lets portstat read nothing else.
rm "$tmp/root/net/tcp" "$tmp/root/sys/net/ipv4/ip_local_port_range" \
	"$tmp/root/sys/kernel/hostname"
cp "$tree/net/tcp" "$tmp/root/net/tcp.saved"
cp "$tree/sys/net/ipv4/ip_local_port_range" "$tmp/root/range.saved"
ln -s tcp.saved "$tmp/root/net/tcp"
ln -s ../../../range.saved "$tmp/root/sys/net/ipv4/ip_local_port_range"
run linked -tan --proc-root "$tmp/root"
run direct -tan --proc-root "$tree"
[ "$rc" = 0 ] && cmp -s "$tmp/linked.out" "$tmp/direct.out" && [ ! -s "$tmp/linked.err" ] ||
	fail "a tree of symlinks reads differently: $(cat "$tmp/linked.err")"
rm "$tmp/root/net/tcp"
mkfifo "$tmp/root/net/tcp.fifo"
ln -s tcp.fifo "$tmp/root/net/tcp"
run linkfifo -tan --proc-root "$tmp/root"
[ "$(cat "$tmp/linkfifo.err")" = "portstat: $r/net/tcp: not a regular file" ] ||
	fail "a symlink to a FIFO said: $(cat "$tmp/linkfifo.err")"

# A process's files (owners, -p; units, --unit): a FIFO as comm or cgroup.
cp -R "$(dirname "$tree")/owners" "$tmp/owners"
for f in 900/comm 812/cgroup; do
	rm "$tmp/owners/$f"
	mkfifo "$tmp/owners/$f"
done
run ownfifo -tanp --unit --proc-root "$tmp/owners"
[ "$rc" = 0 ] || fail "FIFOs as comm and cgroup: status $rc: $(cat "$tmp/ownfifo.err")"
grep -q ' 812/sshd ' "$tmp/ownfifo.out" || fail "FIFO as cgroup: sshd lost"

run szero -tn --proc-root "$tree" --services /dev/zero
[ "$rc" = 2 ] || fail "--services /dev/zero: status $rc, not 2"
[ "$(cat "$tmp/szero.err")" = "portstat: --services /dev/zero: not a regular file" ] ||
	fail "--services /dev/zero said: $(cat "$tmp/szero.err")"

# A FIFO nobody writes to is refused at once, not waited on (open would block).
mkfifo "$tmp/sfifo"
run sfifo -tn --proc-root "$tree" --services "$tmp/sfifo"
[ "$rc" = 2 ] || fail "--services FIFO: status $rc, not 2"
[ "$(cat "$tmp/sfifo.err")" = "portstat: --services $tmp/sfifo: not a regular file" ] ||
	fail "--services FIFO said: $(cat "$tmp/sfifo.err")"

run smissing -tn --proc-root "$tree" --services "$tmp/no-such-file"
[ "$rc" = 2 ] || fail "mistyped --services: status $rc, not 2"
[ "$(cat "$tmp/smissing.err")" = "portstat: --services $tmp/no-such-file: No such file or directory" ] ||
	fail "mistyped --services said: $(cat "$tmp/smissing.err")"
[ -s "$tmp/smissing.out" ] && fail "mistyped --services still printed sockets"

# /dev/null is the one device read: empty, it asks for the built-in table.
run snull -tln --proc-root "$tree" --services /dev/null
[ "$rc" = 0 ] || fail "--services /dev/null: status $rc: $(cat "$tmp/snull.err")"
grep -q ' ssh ' "$tmp/snull.out" || fail "--services /dev/null: no built-in name"

truncate -s 17M "$tmp/services"
run sbig -tn --proc-root "$tree" --services "$tmp/services"
[ "$rc" = 2 ] || fail "--services of 17 MiB: status $rc, not 2"
grep -q "services: larger than 16 MiB$" "$tmp/sbig.err" ||
	fail "--services of 17 MiB said: $(cat "$tmp/sbig.err")"
# Memory follows the names, not the file: 16 MiB of distinct aliases (one
# port, 400 aliases a line) and of lines repeating one line's aliases must
# each cost less than the file's size on top of a run without a file (it
# was over four times as much); the names past the cap are said once.
awk 'BEGIN { for (i = 0; i < 5000; i++) { printf "s%d 22/tcp", i;
	for (k = 0; k < 400; k++) printf " a%07d", i * 400 + k; printf "\n" } }' \
	| head -c 16777216 >"$tmp/aliases"
awk 'BEGIN { for (i = 0; i < 5000; i++) { printf "ssh 22/tcp";
	for (k = 0; k < 400; k++) printf " a%07d", k; printf "\n" } }' \
	| head -c 16777216 >"$tmp/repeats"
peak() { # peak RSS in KiB of portstat -tn on the tree with --services $1
	/usr/bin/time -f %M -o "$tmp/rss" timeout 20 "$bin" -tn --proc-root "$tree" \
		--services "$1" >/dev/null 2>"$tmp/peak.err" || fail "--services $1: $(cat "$tmp/peak.err")"
	cat "$tmp/rss"
}
base=$(peak /dev/null)
for f in aliases repeats; do
	kib=$(($(peak "$tmp/$f") - base))
	[ "$kib" -lt 16384 ] || fail "a 16 MiB services file of $f cost $kib KiB"
done
peak "$tmp/aliases" >/dev/null
grep -qx "portstat: $tmp/aliases: more than 65536 service names; [0-9]* more skipped" "$tmp/peak.err" ||
	fail "16 MiB of aliases said: $(cat "$tmp/peak.err")"
echo "ok: bounded input files"
