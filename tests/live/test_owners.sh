#!/bin/bash
# Live: who owns a port.  A helper with a distinctive program name listens;
# `portstat -lp :PORT` names its PID and program; a listener shared by three
# processes shows the lowest PID and +2; an unprivileged run sees '?' and one
# note on stderr (status 0); -q answers with the status alone; the
# --pid/--command filters select the same rows; both sources agree; owner
# columns chosen with -O look the owners up without -p; netstat's --program
# and --programs are -p, and the process-name filter is --command.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
portstat=$PORTSTAT
cd "$LIVE_TMP" || exit 1
chmod 755 "$LIVE_TMP"
# The program name comes from the name the interpreter was executed under.
py=$(python3 -c "import os, sys; print(os.path.realpath(sys.executable))")
ln -s "$py" "$LIVE_TMP/pst-owner-probe"
ln -s "$py" "$LIVE_TMP/pst-prefork"
live_spawn "$LIVE_TMP/pst-owner-probe" "$here/sockpop.py" tcp-listen:127.0.0.1:18181 \
	tcp-listen:[::1]:18182
owner_pid=${LIVE_PIDS##* }
live_spawn "$LIVE_TMP/pst-prefork" "$here/sockpop.py" tcp-listen:0.0.0.0:18183 fork:2
fork_pid=${LIVE_PIDS##* }

for src in proc netlink; do
	out=$("$portstat" -tlnp --source=$src :18181 2>/dev/null)
	live_check "$src: -lp :18181 names the owner" "$owner_pid/pst-owner-probe" \
		"$(echo "$out" | awk '$4 == "127.0.0.1:18181" {print $NF}')"
	out=$("$portstat" -tlnp --source=$src "[::1]:18182" 2>/dev/null)
	live_check "$src: IPv6 owner" "$owner_pid/pst-owner-probe" \
		"$(echo "$out" | awk '$4 == "[::1]:18182" {print $NF}')"
	out=$("$portstat" -tlnp --source=$src :18183 2>/dev/null)
	live_check "$src: shared listener: first PID and +2" "$fork_pid/pst-prefork+2" \
		"$(echo "$out" | awk '$4 == "0.0.0.0:18183" {print $NF}')"
	out=$("$portstat" -tlnH --source=$src --command pst-prefork 2>/dev/null)
	live_check "$src: --command selects the shared listener" "0.0.0.0:18183" \
		"$(echo "$out" | awk '{print $4}')"
	out=$("$portstat" -tlnH --source=$src --pid "$owner_pid" 2>/dev/null | awk '{print $4}' | sort | tr '\n' ' ')
	live_check "$src: --pid selects both of its listeners" "127.0.0.1:18181 [::1]:18182 " "$out"
done

# Owner columns imply the owner lookup, in the table, CSV and TSV.
out=$("$portstat" -tlnH -O local,owner,pid,program,unit :18181 2>/dev/null)
live_check "-O owner,pid,program,unit: table" \
	"127.0.0.1:18181 $owner_pid/pst-owner-probe $owner_pid pst-owner-probe" \
	"$(awk '{print $1, $2, $3, $4}' <<<"$out")"
out=$("$portstat" -tlnH --csv -O local,owner,pid,program :18181 2>/dev/null)
live_check "-O owner,pid,program: CSV" \
	"127.0.0.1:18181,$owner_pid/pst-owner-probe,$owner_pid,pst-owner-probe" "$out"
out=$("$portstat" -tlnH --tsv -O pid,local :18181 2>/dev/null)
live_check "-O pid: TSV" "$owner_pid	127.0.0.1:18181" "$out"

# netstat's long forms of -p; the name filter is --command.
for opt in --program --programs; do
	out=$("$portstat" -tln $opt :18181 2>&1)
	live_check "$opt is -p" "$owner_pid/pst-owner-probe" \
		"$(awk '$4 == "127.0.0.1:18181" {print $NF}' <<<"$out")"
done
"$portstat" -tln --program pst-owner-probe >/dev/null 2>"$LIVE_TMP/e"
live_check "--program NAME: usage error" 2 "$?"
live_check "--program NAME: the hint names --command" 1 \
	"$(grep -c -- "--program is netstat's -p.*--command" "$LIVE_TMP/e")"
for bad in -p :80; do
	"$portstat" -tln --command "$bad" >/dev/null 2>"$LIVE_TMP/e"
	live_check "--command $bad: usage error" 2 "$?"
	live_check "--command $bad: a hint" 1 \
		"$(grep -c -- "--command: '$bad' (a program name, not an option or a filter)" "$LIVE_TMP/e")"
done

"$portstat" -lq :18181
live_check "-q: port taken, status 0" 0 $?
"$portstat" -lq :18199
live_check "-q: port free, status 1" 1 $?
live_check "-q prints nothing" "" "$("$portstat" -lq :18181 2>&1)"

# Unprivileged: root's processes cannot be read, so the owner is unknown, not absent.
if command -v setpriv >/dev/null; then
	cp "$portstat" "$LIVE_TMP/portstat" && chmod 755 "$LIVE_TMP/portstat"
	setpriv --reuid 65534 --regid 65534 --clear-groups "$LIVE_TMP/portstat" -lnp :18181 \
		>"$LIVE_TMP/np.out" 2>"$LIVE_TMP/np.err"
	rc=$?
	live_check "unprivileged: status 0" 0 "$rc"
	live_check "unprivileged: owner shown as ?" "?" \
		"$(awk '$4 == "127.0.0.1:18181" {print $NF}' "$LIVE_TMP/np.out")"
	live_check "unprivileged: one note on stderr" 1 "$(grep -c 'hidden.*root sees them' "$LIVE_TMP/np.err")"
	live_check "unprivileged: nothing else on stderr" 1 "$(wc -l <"$LIVE_TMP/np.err")"
else
	echo "note: setpriv missing, unprivileged check skipped"
fi
live_finish
