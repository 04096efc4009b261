#!/bin/bash
# Live: under heavy churn (tens of thousands of sockets created and closed a
# second beside the steady ones), every steady socket is listed at most
# once by `portstat -an --json` and with --consistent, in each of 100
# rounds, and --consistent misses a steady socket in fewer rounds.  The kernel resumes each message of a sock_diag dump
# at a position counted along a hash chain, without a lock between
# messages and without NLM_F_DUMP_INTR: a socket created or closed
# meanwhile shifts that position, so a steady socket may be skipped or
# reported twice (ss shows both).  portstat drops the repeats; a skip
# cannot be seen in one dump, so the plain mode's missing rate is printed,
# not asserted.  --consistent's union of two dumps finds what one of them
# skipped, but both may skip the same socket: in an ASan build (slower
# reads, more churn during each) it missed one in 1 round of 100, plain
# reads in 16.  So it must miss in fewer rounds than the plain reads of the
# same run (or in none when they miss none), never list one twice.
# -q reads again before it answers "no match" (checked with strace).
# The rates are printed for the record, with ss's when CHURN_SS=1.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
portstat=$PORTSTAT
command -v python3 >/dev/null || live_skip "python3 not installed"

ROUNDS=${CHURN_ROUNDS:-100}
# A wrapper script (tests/hostile/valgrind_live.sh's memcheck) makes each run
# tens of times slower: a few rounds look for memory errors, and since a slow
# read gives the churn more time to make it skip a socket, both of
# --consistent's reads may then skip the same one: only repeats are judged.
wrapped=false
if [ "$(head -c2 "$portstat")" = "#!" ]; then
	wrapped=true
	ROUNDS=${CHURN_ROUNDS:-3}
fi
STEADY_UNIX=1000 # listeners; plus as many unnamed pairs: 3000 unix sockets
STEADY_TCP=100

cd "$LIVE_TMP" || exit 1
mkdir plain consistent ss
CHURN_COUNT_DIR=$LIVE_TMP live_spawn python3 "$here/churn.py" \
	"$STEADY_UNIX" "$STEADY_TCP" 20000 "$LIVE_TMP/steady"
# churned: sockets the churners have made so far (their counter files).
churned() {
	local n total=0
	for f in unix tcp; do
		n=$(cat "$f" 2>/dev/null)
		total=$((total + ${n:-0}))
	done
	echo "$total"
}
t0=$(churned)

# -q reads again before it answers "no match" (a read may have skipped the
# socket), and only then: netlink sockets opened, one TCP dump each.
# LeakSanitizer cannot run under ptrace and aborts an ASan build (134) at
# exit: leaks are checked by every other run.
nl_dumps() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -e trace=socket -o "$LIVE_TMP/trace" "$@" >/dev/null 2>&1
	echo "status $? dumps $(grep -c 'socket(AF_NETLINK' "$LIVE_TMP/trace")"
}
if command -v strace >/dev/null; then
	live_check "-q, no match: a second read" "status 1 dumps 2" \
		"$(nl_dumps "$portstat" -qlt --sport 19999)"
	live_check "-q, a match: one read" "status 0 dumps 1" \
		"$(nl_dumps "$portstat" -qlt --sport 20000)"
else
	live_skip "strace not installed (scripts/deps --test)"
fi

fails=0
for i in $(seq "$ROUNDS"); do
	"$portstat" -an --json >"plain/$i" 2>>plain.err || fails=$((fails + 1))
done
live_check "plain: every round succeeded" 0 "$fails"
live_check "plain: nothing on stderr" "" "$(cat plain.err)"
plain=$(python3 "$here/churn_check.py" steady json plain/*)
echo "plain -an --json (${SECONDS}s): $plain"
live_check "plain: no steady socket listed twice in $ROUNDS rounds" duplicate_rounds=0 \
	"$(echo "$plain" | grep -o 'duplicate_rounds=[0-9]*')"

fails=0
for i in $(seq "$ROUNDS"); do
	"$portstat" -an --json --consistent >"consistent/$i" 2>>consistent.err ||
		fails=$((fails + 1))
done
live_check "--consistent: every round succeeded" 0 "$fails"
live_check "--consistent: nothing on stderr" "" "$(cat consistent.err)"
consistent=$(python3 "$here/churn_check.py" steady json consistent/*)
echo "--consistent -an --json (${SECONDS}s): $consistent"
if $wrapped; then
	live_check "--consistent (wrapped, slow): no steady socket twice in $ROUNDS rounds" \
		duplicate_rounds=0 "$(echo "$consistent" | grep -o 'duplicate_rounds=[0-9]*')"
else
	live_check "--consistent: no steady socket twice in $ROUNDS rounds" duplicate_rounds=0 \
		"$(echo "$consistent" | grep -o 'duplicate_rounds=[0-9]*')"
	missed_plain=$(echo "$plain" | sed -n 's/.*missing_rounds=\([0-9]*\).*/\1/p')
	missed_union=$(echo "$consistent" | sed -n 's/.*missing_rounds=\([0-9]*\).*/\1/p')
	live_check "--consistent: misses in fewer rounds than plain reads ($missed_union vs $missed_plain)" \
		yes "$({ [ "$missed_union" -lt "$missed_plain" ] ||
			{ [ "$missed_union" = 0 ] && [ "$missed_plain" = 0 ]; }; } && echo yes)"
fi

# ss for comparison, on request (CHURN_SS=1): it adds a third of the time.
if [ "${CHURN_SS:-0}" = 1 ] && command -v ss >/dev/null; then
	for i in $(seq "$ROUNDS"); do
		ss -tuxaneH >"ss/$i" 2>/dev/null
	done
	echo "ss -tuxane, for comparison (${SECONDS}s): $(python3 "$here/churn_check.py" steady ss ss/*)"
fi
echo "churn: $(($(churned) - t0)) sockets created and closed in ${SECONDS}s"
live_finish
