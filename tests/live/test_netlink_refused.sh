#!/bin/bash
# Live: netlink refused.  Under tests/seccomp_deny netlink, socket(AF_NETLINK)
# fails with EAFNOSUPPORT, as under systemd's RestrictAddressFamilies= or a
# container's seccomp profile.  Auto mode then says so once on stderr, reads
# the fixed-format inet files from /proc with every row marked
# "source": "proc" in JSON, and leaves /proc/net/unix unread (a local user's
# unix name with a newline in it forges a whole row there), saying why in one
# line that names --source=proc; a -q query that may have matched a unix
# socket is then not answered "no match".  --source=proc still reads unix
# sockets, names escaped.  /proc/net/unix has no uid column: such a socket's
# uid is unknown ("-" in the table, null in JSON, empty in CSV) and matches
# no --user, root included.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
bin=$PORTSTAT
deny=$(dirname "$bin")/tests/seccomp_deny
[ -x "$deny" ] || live_skip "no tests/seccomp_deny beside the binary"
command -v python3 >/dev/null || live_skip "python3 not installed"
command -v jq >/dev/null || live_skip "jq not installed"
command -v setpriv >/dev/null || live_skip "setpriv(1) not installed"
cd "$LIVE_TMP" || exit 1

forged='\n0000000000000000: 00000002 00000000 00010000 0001 01 4242424 forged.sock'
live_spawn python3 "$here/sockpop.py" tcp-listen:127.0.0.1:2222 udp:127.0.0.1:5353 \
	"unix-dgram:refused-forge$forged" 'unix-dgram:refused-esc\x1b[31m'
# Another user's socket: /proc/net/unix cannot say whose it is.
# (/usr/bin/python3: root's PATH may hold a python another user cannot run.)
live_spawn setpriv --reuid=65534 --regid=65534 --clear-groups \
	/usr/bin/python3 "$here/sockpop.py" unix-dgram:@refused-nobody

# The launcher works: netlink is refused, not merely unused.
"$deny" netlink "$bin" --source=netlink -t >/dev/null 2>probe.err
live_check "seccomp_deny refuses netlink (--source=netlink fails)" 3 "$?"

"$deny" netlink "$bin" -an >auto.out 2>auto.err
live_check "auto, netlink refused: status" 0 "$?"
live_check "auto: one line says netlink was refused" 1 \
	"$(grep -c 'netlink sock_diag refused' auto.err)"
live_check "auto: one line says unix sockets were not read and names --source=proc" 1 \
	"$(grep -c 'unix sockets not read.*--source=proc' auto.err)"
live_check "auto: two lines on stderr in all" 2 "$(wc -l <auto.err)"
live_check "auto: the inet files are read" yes \
	"$(grep -q '127.0.0.1:2222 .*LISTEN' auto.out && grep -q '127.0.0.1:5353' auto.out && echo yes)"
live_check "auto: no unix row (no forged row)" 0 "$(grep -c -e '^unix' -e 4242424 -e forged auto.out)"

"$deny" netlink "$bin" -an --json >auto.json 2>/dev/null
live_check "auto json: every row says source proc" "[\"proc\"]" \
	"$(jq -c '[.sockets[].source] | unique' auto.json)"
live_check "auto json: no unix socket" 0 "$(jq '[.sockets[] | select(.proto == "unix")] | length' auto.json)"

# -q: a unix socket of uid 65534 may exist unread: "no match" would be a guess.
"$deny" netlink "$bin" -a -q --user 65534 2>q.err
live_check "auto -q --user, unix not read: not 'no match' (status 3)" 3 "$?"
live_check "auto -q: says why on stderr" 1 "$(grep -c 'unix sockets not read' q.err)"
"$deny" netlink "$bin" -x -q 2>qx.err
live_check "auto -x alone, unix not read: status 3" 3 "$?"

# --source=proc: asked for, so read, without the warning; names escaped.
"$deny" netlink "$bin" -ax --source=proc >proc.out 2>proc.err
live_check "--source=proc: status" 0 "$?"
live_check "--source=proc: nothing on stderr" "" "$(cat proc.err)"
live_check "--source=proc: unix sockets read, names escaped" 1 \
	"$(grep -c 'refused-esc\\x1b\[31m' proc.out)"
live_check "--source=proc: no raw control byte" "" \
	"$(LC_ALL=C tr -d '\n -~\200-\377' <proc.out | od -An -c)"
"$deny" netlink "$bin" -ax --source=proc --json >proc.json 2>/dev/null
live_check "--source=proc json: rows say source proc" "[\"proc\"]" \
	"$(jq -c '[.sockets[].source] | unique' proc.json)"

# Unknown is not root.
sel='[.sockets[] | select(.path != null and (.path | index("refused-nobody")) != null)]'
live_check "proc json: uid and user of a unix socket are null" '[{"uid":null,"user":null}]' \
	"$(jq -c "$sel | map({uid, user})" proc.json)"
"$bin" -ax --source=proc --user root >root.out 2>&1
live_check "proc: --user root does not match another user's unix socket" 0 \
	"$(grep -c refused-nobody root.out)"
"$bin" -ax --source=proc --user 0 -q
live_check "proc: --user 0 matches no unix socket (status 1)" 1 "$?"
"$bin" -ax --source=proc -O local,uid,user >t.out 2>&1
live_check "proc table: UID and User are -" "@refused-nobody - -" \
	"$(grep refused-nobody t.out | tr -s ' ')"
"$bin" -ax --source=proc --csv -O uid,user,local >csv.out 2>&1
live_check "proc csv: uid and user empty" ",,@refused-nobody" "$(grep refused-nobody csv.out)"
# Control: netlink knows the uid (unix_diag's UNIX_DIAG_UID) and says so.
"$bin" -ax --source=netlink --json >nl.json 2>/dev/null
live_check "netlink json: the same socket's uid is 65534" '[{"uid":65534,"source":"netlink"}]' \
	"$(jq -c "$sel | map({uid, source})" nl.json)"
live_finish
