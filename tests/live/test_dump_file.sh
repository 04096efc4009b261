#!/bin/bash
# Live: the --dump-netlink file cannot be aimed.  It is opened once, before
# the sandbox, without following a symbolic link and without blocking; an
# existing file that is not a regular file owned by the caller is refused
# (status 2) and left untouched, a FIFO without blocking.  Each -c round
# rewrites the same file.  A write error (ENOSPC on a full tmpfs) is reported
# as the write error, with status 3, not as "reading /proc instead".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
bin=$PORTSTAT
command -v python3 >/dev/null || live_skip "python3 not installed"
cd "$LIVE_TMP" || exit 1
chmod 755 "$LIVE_TMP"
live_spawn python3 "$here/sockpop.py" tcp-pair:127.0.0.1:2222 udp:127.0.0.1:5353 \
	unix-stream:"$LIVE_TMP/s.sock"

# A directory another user can write, and root's secret beside it.
mkdir d && chown 65534:65534 d
printf 'root secret\n' >secret && chmod 600 secret
ln -s ../secret d/link.bin && chown -h 65534:65534 d/link.bin
"$bin" -an --dump-netlink d/link.bin >/dev/null 2>link.err
live_check "symlink: refused with status 2" 2 "$?"
live_check "symlink: one line on stderr" 1 "$(wc -l <link.err)"
live_check "symlink: the target is untouched" "root secret" "$(cat secret)"
live_check "symlink: still a symlink" yes "$([ -L d/link.bin ] && echo yes)"
timeout 10 "$bin" -an -c 0.1 --dump-netlink d/link.bin >/dev/null 2>&1
live_check "symlink with -c: refused too" "2 root secret" "$? $(cat secret)"

printf 'theirs\n' >d/theirs.bin && chown 65534:65534 d/theirs.bin
"$bin" -an --dump-netlink d/theirs.bin >/dev/null 2>theirs.err
live_check "another user's file: refused with status 2" 2 "$?"
live_check "another user's file: untouched" "theirs" "$(cat d/theirs.bin)"

mkfifo d/fifo
timeout 10 "$bin" -an --dump-netlink d/fifo >/dev/null 2>fifo.err
live_check "FIFO: refused without blocking (status 2)" 2 "$?"
live_check "FIFO: one line on stderr" 1 "$(wc -l <fifo.err)"

# One's own file: rewritten, and each -c round starts it again.
head -c 100000 /dev/zero >own.bin
"$bin" -tuxan --dump-netlink own.bin >live.out 2>live.err
live_check "own file: status" "0 " "$? $(cat live.err)"
"$bin" -tuxan --from-netlink own.bin >replay.out 2>replay.err
live_check "own file: the old bytes are gone, the replay is the table" "$(cat live.out)" \
	"$(cat replay.out)"
live_check "own file: the replay says nothing" "" "$(cat replay.err)"
rows=$("$bin" -tuxanH --from-netlink own.bin | wc -l)
single=$(stat -c %s own.bin)
# Three rounds: head takes them and closes the pipe; the next write stops the run.
"$bin" -tuxanH -c 0.1 --dump-netlink own.bin 2>&1 | head -n $((2 * rows + 1)) >/dev/null
live_check "-c: the file holds one round, not three" "$rows" \
	"$("$bin" -tuxanH --from-netlink own.bin | wc -l)"
live_check "-c: the same size as one round" "$single" "$(stat -c %s own.bin)"

# A full file system: the write error, status 3, no fallback.
mkdir full
mount -t tmpfs -o size=16k tmpfs full || live_skip "cannot mount a tmpfs"
dd if=/dev/zero of=full/filler bs=4k 2>/dev/null
"$bin" -an --dump-netlink full/dump.bin >/dev/null 2>full.err
live_check "ENOSPC: status 3" 3 "$?"
live_check "ENOSPC: the write error is reported" 1 \
	"$(grep -c 'full/dump.bin.*No space left on device' full.err)"
live_check "ENOSPC: no fallback to /proc" 0 "$(grep -c 'reading /proc instead' full.err)"
umount full
live_finish
