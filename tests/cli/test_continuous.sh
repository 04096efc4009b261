#!/bin/sh
# -c reprints the listing every interval until interrupted, and a reader that
# goes away ends it quietly with status 0.
bin=$1
tree=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

timeout -s INT 2.5 "$bin" -tn -c 1 --proc-root "$tree" >"$out"
rc=$?
[ "$rc" = 124 ] || [ "$rc" = 130 ] || fail "continuous run ended with status $rc, not by the interrupt"
n=$(grep -c '^Active Internet connections' "$out")
[ "$n" -ge 2 ] && [ "$n" -le 3 ] || fail "expected 2-3 rounds in 2.5 s at -c 1, got $n"

# The reader closes the pipe after one line: status 0, nothing on stderr.
err=$( { "$bin" -an -c 1 --proc-root "$tree" 2>&1 >&3 | cat >&2; } 3>&1 | head -n 1 >/dev/null; )
status=$( ( "$bin" -an -c 1 --proc-root "$tree"; echo $? >"$out.rc" ) | head -n 1 >/dev/null; cat "$out.rc")
rm -f "$out.rc"
[ "$status" = 0 ] || fail "closed pipe gave status $status"
[ -z "$err" ] || fail "closed pipe printed: $err"
echo "ok: continuous mode"
