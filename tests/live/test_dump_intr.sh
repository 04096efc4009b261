#!/bin/bash
# Live: a netlink dump the kernel marks NLM_F_DUMP_INTR (its socket tables
# changed during the walk) is dropped and asked again, at most four times
# in all; nothing of a dropped attempt stays in the table or in the
# --dump-netlink file; after the last try, --source=netlink fails with a
# message and auto falls back to /proc.  The interruptions are faked by
# tests/libdump_intr_shim.so (LD_PRELOAD, PORTSTAT_TEST_INTR=N marks the
# first N dumps of a run), since a real one cannot be provoked on demand.
# TCP, UDP and unix only: a kernel without raw_diag refuses raw dumps.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
portstat=$PORTSTAT
shim=$(dirname "$portstat")/tests/libdump_intr_shim.so
[ -f "$shim" ] || live_skip "no tests/libdump_intr_shim.so beside the binary"
command -v python3 >/dev/null || live_skip "python3 not installed"

cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/sockpop.py" \
	tcp-listen:0.0.0.0:22 tcp-pair:127.0.0.1:8080 tcp-pair:[::1]:80 \
	udp:0.0.0.0:53 udp:[::]:5353 unix-stream:"$LIVE_TMP/s.sock"

# intr N ARGS...: portstat with the first N dumps marked interrupted.
# ASan must tolerate a library loaded before its runtime.
intr() {
	local n=$1
	shift
	PORTSTAT_TEST_INTR=$n LD_PRELOAD=$shim ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
		"$portstat" "$@"
}

"$portstat" -tuxanH --source=netlink >base.txt 2>base.err
live_check "baseline: status" 0 $?
live_check "baseline: nothing on stderr" "" "$(cat base.err)"
live_check "baseline: the population is there" yes \
	"$(grep -q '127.0.0.1:8080' base.txt && grep -q 's.sock' base.txt && echo yes)"
intr 0 -tuxanH --source=netlink >zero.txt 2>&1
live_check "shim loaded, nothing marked: same table" "$(cat base.txt)" "$(cat zero.txt)"

# 1 and 3: the TCP dump (both families in one walk) is retried and succeeds.
for n in 1 3; do
	intr "$n" -tuxanH --source=netlink >"intr$n.txt" 2>"intr$n.err"
	live_check "$n interrupted: status" 0 $?
	live_check "$n interrupted: same table, no row twice" "$(cat base.txt)" "$(cat "intr$n.txt")"
	live_check "$n interrupted: nothing on stderr" "" "$(cat "intr$n.err")"
done

# The dropped attempt leaves the recording too: its replay is the table.
intr 2 -tuxanH --source=netlink --dump-netlink rec.bin >rec.txt 2>rec.err
live_check "recorded: status" 0 $?
"$portstat" -tuxanH --from-netlink rec.bin >replay.txt 2>replay.err
live_check "replay of the recording: same table" "$(cat base.txt)" "$(cat replay.txt)"
live_check "replay of the recording: nothing on stderr" "" "$(cat replay.err)"

# 4: the one-walk TCP dump gives up after four tries; TCP is then asked
# per family, which succeeds.  Five more would be needed to lose IPv4 too.
intr 4 -tuxanH --source=netlink >intr4.txt 2>intr4.err
live_check "4 interrupted: status" 0 $?
live_check "4 interrupted: same table (TCP per family)" "$(cat base.txt)" "$(cat intr4.txt)"

# Always interrupted: netlink alone fails and says why; auto reads /proc.
intr 1000 -tanH --source=netlink >always.txt 2>always.err
rc=$?
live_check "always interrupted, --source=netlink: status 3" 3 $rc
live_check "always interrupted, --source=netlink: the reason" yes \
	"$(grep -q 'interrupted by changes every time (NLM_F_DUMP_INTR)' always.err && echo yes)"
"$portstat" -anH --source=proc >proc.txt 2>proc.err
intr 1000 -anH >auto.txt 2>auto.err
live_check "always interrupted, auto: status" 0 $?
live_check "always interrupted, auto: the /proc table" "$(cat proc.txt)" "$(cat auto.txt)"
live_check "always interrupted, auto: says it read /proc" yes \
	"$(grep -q 'NLM_F_DUMP_INTR.*reading /proc instead' auto.err && echo yes)"
live_finish
