#!/bin/bash
# Live: owner queries as an unprivileged user (uid 65534), who can read the
# descriptors of its own processes only.  The population:
#   :18281  root's listener, held by a root process the user cannot see;
#   :18282  the user's own listener;
#   :18283  a listener shared by a root process and its child that became
#           the user (fork, then setuid): one owner visible, one not;
#   :18284  the user's listener whose program name is longer than the
#           kernel's 15-byte comm.
# An owner query that could not see every process says so on stderr (no
# silent "no match"); the shared socket shows "+?" and owners_hidden; the
# process-name filter (--command) matches the full name.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v setpriv >/dev/null || live_skip "setpriv (util-linux) not installed"
cd "$LIVE_TMP" || exit 1
chmod 755 "$LIVE_TMP"
cp "$PORTSTAT" "$LIVE_TMP/portstat" && chmod 755 "$LIVE_TMP/portstat"
portstat=$LIVE_TMP/portstat
nobody=(setpriv --reuid 65534 --regid 65534 --clear-groups)

py=$(python3 -c "import os, sys; print(os.path.realpath(sys.executable))")
ln -s "$py" "$LIVE_TMP/pst-root-probe"
ln -s "$py" "$LIVE_TMP/pst-own-probe"
ln -s "$py" "$LIVE_TMP/pst-shared"
ln -s "$py" "$LIVE_TMP/pst-long-command-name"
cat >"$LIVE_TMP/shared.py" <<'EOF'
# A root listener shared with a child that drops to uid 65534 and stays
# dumpable (setuid clears that), so that the user can read its descriptors.
import ctypes, os, signal, socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
    ctypes.CDLL(None, use_errno=True).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE
    os.write(w, b"x")
    time.sleep(3600)
    sys.exit(0)
signal.signal(signal.SIGTERM, lambda *a: (os.kill(pid, signal.SIGTERM), sys.exit(0)))
os.read(r, 1)
with open("child.pid", "w") as f:
    f.write(str(pid))
print("ready", flush=True)
time.sleep(3600)
EOF

live_spawn "$LIVE_TMP/pst-root-probe" "$here/sockpop.py" tcp-listen:127.0.0.1:18281
root_pid=${LIVE_PIDS##* }
live_spawn "${nobody[@]}" "$LIVE_TMP/pst-own-probe" "$here/sockpop.py" tcp-listen:127.0.0.1:18282
own_pid=${LIVE_PIDS##* } # setpriv executes the helper itself
live_spawn "$LIVE_TMP/pst-shared" "$LIVE_TMP/shared.py" 18283
shared_pid=${LIVE_PIDS##* }
child_pid=$(cat "$LIVE_TMP/child.pid")
live_spawn "${nobody[@]}" "$LIVE_TMP/pst-long-command-name" "$here/sockpop.py" \
	tcp-listen:127.0.0.1:18284

# 1. A --pid query for root's process: no match, and stderr says why it may be wrong.
"${nobody[@]}" "$portstat" -tln --pid "$root_pid" >"$LIVE_TMP/o" 2>"$LIVE_TMP/e"
live_check "--pid of an unseen process: status 1" 1 "$?"
live_check "--pid of an unseen process: a note on stderr" 1 \
	"$(grep -c 'not readable by this user.*root sees them' "$LIVE_TMP/e")"
# The same for --command, and with -q (the status alone is what a script reads).
"${nobody[@]}" "$portstat" -lq --command pst-root-probe 2>"$LIVE_TMP/e"
live_check "-lq --command of an unseen process: status 1" 1 "$?"
live_check "-lq --command of an unseen process: a note on stderr" 1 \
	"$(grep -c 'not readable by this user.*root sees them' "$LIVE_TMP/e")"
# The user's own listener: found, and nothing could have been missed at that port.
out=$("${nobody[@]}" "$portstat" -tlnH --command pst-own-probe :18282 2>"$LIVE_TMP/e")
live_check "--command of the user's own process: found" "127.0.0.1:18282" \
	"$(awk '{print $4}' <<<"$out")"
live_check "--command of the user's own process: stderr quiet" "" "$(cat "$LIVE_TMP/e")"
out=$("${nobody[@]}" "$portstat" -tlnH --pid "$own_pid" 2>/dev/null)
live_check "--pid of the user's own process: found" "127.0.0.1:18282" \
	"$(awk '{print $4}' <<<"$out")"

# 2. The shared listener: the visible owner, and "+?" for the one that may be hidden.
out=$("${nobody[@]}" "$portstat" -tlnpH :18283 2>"$LIVE_TMP/e")
live_check "shared: the visible owner and +?" "$child_pid/pst-shared+?" \
	"$(awk '{print $NF}' <<<"$out")"
live_check "shared: the note counts it" 1 "$(grep -c "+?" "$LIVE_TMP/e")"
out=$("${nobody[@]}" "$portstat" -tlnp --json :18283 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)["sockets"][0]
print([o["pid"] for o in s["owners"]], s["owners_hidden"])')
live_check "shared: JSON owners and owners_hidden" "[$child_pid] True" "$out"
out=$("${nobody[@]}" "$portstat" -tln --csv -H -O local,owner :18283 2>/dev/null)
live_check "shared: CSV owner cell" "127.0.0.1:18283,$child_pid/pst-shared+?" "$out"
# Root sees both processes: no mark.
out=$("$portstat" -tlnpH :18283 2>/dev/null)
live_check "shared, as root: both owners, no mark" "$shared_pid/pst-shared+1" \
	"$(awk '{print $NF}' <<<"$out")"
# The user's own socket is not marked.
out=$("${nobody[@]}" "$portstat" -tlnpH :18282 2>/dev/null)
live_check "own listener: no mark" "$own_pid/pst-own-probe" "$(awk '{print $NF}' <<<"$out")"

# 3. The full program name, beyond the 15-byte comm.
for who in root nobody; do
	if [ $who = root ]; then run=(); else run=("${nobody[@]}"); fi
	out=$("${run[@]}" "$portstat" -tlnH --command pst-long-command-name 2>/dev/null)
	live_check "$who: --command matches the full name" "127.0.0.1:18284" \
		"$(awk '{print $4}' <<<"$out")"
	out=$("${run[@]}" "$portstat" -tlnH --command pst-long-comman :18284 2>/dev/null)
	live_check "$who: --command matches the 15-byte comm too" "127.0.0.1:18284" \
		"$(awk '{print $4}' <<<"$out")"
	out=$("${run[@]}" "$portstat" -tlnH --command pst-long-command :18284 2>/dev/null)
	live_check "$who: --command does not match a prefix" "" "$out"
done
live_finish
