#!/bin/sh
# -c reprints the listing every interval until interrupted, and a reader that
# goes away ends it quietly with status 0.
bin=$1
tree=$2
out=$(mktemp)
trap 'rm -f "$out" "$out.rc" "$out.err"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

timeout -s INT 2.5 "$bin" -tn -c 1 --proc-root "$tree" >"$out"
rc=$?
[ "$rc" = 124 ] || [ "$rc" = 130 ] || fail "continuous run ended with status $rc, not by the interrupt"
n=$(grep -c '^Active Internet connections' "$out")
[ "$n" -ge 2 ] && [ "$n" -le 3 ] || fail "expected 2-3 rounds in 2.5 s at -c 1, got $n"

# The reader closes the pipe after one line: status 0, nothing on stderr.
# One run gives both: its status and its stderr go to files, not the pipe.
( "$bin" -an -c 1 --proc-root "$tree" 2>"$out.err"; echo $? >"$out.rc" ) | head -n 1 >/dev/null
status=$(cat "$out.rc")
err=$(cat "$out.err")
rm -f "$out.rc" "$out.err"
[ "$status" = 0 ] || fail "closed pipe gave status $status"
[ -z "$err" ] || fail "closed pipe printed: $err"
echo "ok: continuous mode"
