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

# A pipe is a dump streamed from elsewhere: read, with the same output as the file.
mkfifo "$tmp/fifo"
cat "$dump" >"$tmp/fifo" &
run fifo -an -n --from-netlink "$tmp/fifo"
wait
[ "$rc" = 0 ] || fail "--from-netlink FIFO: status $rc: $(cat "$tmp/fifo.err")"
run file -an -n --from-netlink "$dump"
cmp -s "$tmp/fifo.out" "$tmp/file.out" || fail "a FIFO and the file it carries differ"

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
echo "ok: bounded input files"
