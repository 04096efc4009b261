#!/bin/bash
# Live: the netlink sock_diag source against the /proc source and against
# ss and netstat, in a fresh network namespace with TCP in every state we
# can make (LISTEN, ESTABLISHED, SYN-SENT, FIN-WAIT-2, CLOSE-WAIT,
# TIME-WAIT), UDP, UDP-Lite, raw and unix sockets with awkward names.
# Then: a unix name that forges a /proc line, a bound-only TCP socket,
# the state set sent to the kernel (-l), and record/replay.
#
# Known differences, normalised here: a TCP listener's Send-Q is its backlog
# limit from netlink and 0 from /proc; timer values tick between two runs.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
portstat=$PORTSTAT
command -v ss >/dev/null || live_skip "ss (iproute2) not installed"
command -v netstat >/dev/null || live_skip "netstat (net-tools) not installed"

cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/sockpop.py" \
	tcp-listen:0.0.0.0:22 tcp-pair:127.0.0.1:8080 tcp-pair:[::1]:80 \
	"tcp-pair:[::ffff:127.0.0.1]:3306" tcp-synsent:127.0.0.1:7000 \
	tcp-halfclosed:127.0.0.1:7001 tcp-halfclosed:[::1]:7011 \
	tcp-timewait:127.0.0.1:7002 tcp-timewait:[::1]:7003 \
	udp:0.0.0.0:53 udp-conn:127.0.0.1:40000:53 udp:[::]:5353 \
	udplite:127.0.0.1:9999 udplite:[::1]:9998 raw:0.0.0.0:icmp raw:[::]:icmpv6 \
	"unix-stream:$LIVE_TMP/a sock  with spaces" unix-stream:@abstract-name \
	unix-dgram:"$LIVE_TMP/dgram.sock" unix-seqpacket:"$LIVE_TMP/seq.sock" \
	'unix-dgram:@tab\there\x1bescape' 'unix-dgram:@nul\x00inside'

# Table rows made comparable: Send-Q of listeners blanked, timer times and
# retransmission counts dropped (the SYN-SENT client retransmits at 1, 3,
# 7 s: under valgrind on a loaded machine the two runs are seconds apart).
normal() {
	awk '$6 == "LISTEN" { $3 = "-" } { sub(/ \([0-9.]+\/[0-9]+\//, " (t/n/"); print }' "$1"
}

"$portstat" -anoH >nl.txt 2>nl.err
rc=$?
"$portstat" -anoH --source=proc >proc.txt 2>proc.err
ss -tuwxanH >ss.txt
netstat -anW >netstat.txt
"$portstat" -an -v >/dev/null 2>verbose.err

live_check "exit status (auto)" 0 "$rc"
live_check "no warnings (auto falls back quietly)" "" "$(cat nl.err proc.err)"
live_check "-v: tcp from netlink" 1 "$(grep -c '^portstat: tcp: netlink sock_diag$' verbose.err)"
live_check "-v: unix from netlink" 1 "$(grep -c '^portstat: unix: netlink sock_diag$' verbose.err)"
live_check "-v: raw served by one source" 1 \
	"$(grep -c -e '^portstat: raw: netlink sock_diag$' -e '^portstat: raw: /proc/net/raw$' verbose.err)"
if diff <(normal proc.txt) <(normal nl.txt) >nl-vs-proc.diff; then
	live_check "netlink table equals /proc table" same same
else
	live_check "netlink table equals /proc table" same differ
	cat nl-vs-proc.diff
fi
for st in LISTEN ESTABLISHED SYN_SENT FIN_WAIT2 CLOSE_WAIT TIME_WAIT; do
	live_check "tcp state $st present" yes "$(grep -q " $st " nl.txt && echo yes)"
done
live_check "listener Send-Q is the backlog (netlink)" 128 \
	"$(awk '$4 == "0.0.0.0:22" { print $3 }' nl.txt)"
if python3 "$here/compare_peers.py" nl.txt ss.txt netstat.txt; then
	live_check "same sockets as ss and netstat" ok ok
else
	live_check "same sockets as ss and netstat" ok differ
fi
live_check "unix name with a tab escaped" 1 "$(grep -c ' @tab\\there\\x1bescape$' nl.txt)"
live_check "NUL inside an abstract name shown as @" 1 "$(grep -c ' @nul@inside$' nl.txt)"

# A name that embeds a newline and a fake /proc line: one row from netlink.
fake='0000000000000000: 00000002 00000000 00010000 0001 01 99999 /forged'
live_spawn python3 "$here/sockpop.py" "unix-dgram:@evil\\n$fake" tcp-bound:127.0.0.1:6000
"$portstat" -xanH >evil.txt
live_check "forged name: one row" 1 "$(grep -c 'forged' evil.txt)"
live_check "forged name: escaped on that row" 1 "$(grep -cF "@evil\\n$fake" evil.txt)"
"$portstat" -xanH --source=proc >evil-proc.txt
forged_rows() { grep -v 'evil' "$1" | grep -c ' 99999 *[@/]forged$'; }
live_check "forged name: no forged row" 0 "$(forged_rows evil.txt)"
live_check "forged name: /proc is fooled (why netlink)" 1 "$(forged_rows evil-proc.txt)"

# TCP bound but not listening: BOUND, only with -a (netlink only; /proc lacks it).
live_check "bound-only socket with -a" BOUND "$("$portstat" -tanH | awk '$4 == "127.0.0.1:6000" { print $6 }')"
live_check "bound-only socket hidden without -a" "" \
	"$({ "$portstat" -tnH; "$portstat" -tlnH; } | grep '127.0.0.1:6000 ')"

# Only what was asked for is dumped: -lt asks the kernel for listeners only.
"$portstat" -ltn --dump-netlink listen.bin >/dev/null
live_check "-lt dump holds listeners only" "LISTEN" \
	"$("$portstat" -tanH --from-netlink listen.bin | awk '{ print $6 }' | sort -u)"

# Record and replay give the same table (raw came from /proc: not recorded).
"$portstat" -tuUxan --dump-netlink all.bin >live.txt
"$portstat" -tuUxan --from-netlink all.bin >replay.txt
if cmp -s live.txt replay.txt; then
	live_check "replay equals the live table" same same
else
	live_check "replay equals the live table" same differ
	diff live.txt replay.txt
fi
live_finish
