#!/bin/bash
# Live: the resolver stays bounded under a DNS server that never answers and
# peers that keep changing (issue 15).  Inside the test namespace a
# black-hole DNS server (dnsstub.py --blackhole) reads every query on
# 127.0.0.1:53 and answers none, and peerchurn.py holds 300 TCP connections
# from loopback addresses it replaces 100 a second with addresses never seen
# before.  `portstat -a -c 0.2` (names, not -n) then runs for a while:
#   - its threads and descriptors stay under fixed caps (a few lookup
#     workers and their sockets), and its resident memory does not grow
#     with the rounds;
#   - its own DNS sockets (UDP to 127.0.0.1:53) never show in its listing,
#     read with netlink (the default) or from /proc/net;
#   - under `ulimit -n 160` it keeps running until interrupted, without a
#     message.
# The full-length version of this is bench/soak_resolver.sh.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
cd "$LIVE_TMP" || exit 1
# glibc's default wait (5 s, twice): a lookup of the black hole takes 10 s.
printf 'nameserver 127.0.0.1\noptions timeout:5 attempts:2\n' >"$LIVE_TMP/resolv.conf"

live_spawn python3 "$here/dnsstub.py" --blackhole
live_spawn python3 "$here/peerchurn.py" 300 100

# Caps: the main thread and at most 16 lookup workers (plus room for a
# sanitizer's or valgrind's own); standard streams, the workers' DNS sockets
# and what a round opens (plus valgrind's log and pipes).  Memory is taken
# as growth after the first seconds, since an instrumented binary starts
# larger: ASan's quarantine is kept small so that freed memory is not
# counted as held, and valgrind's queue of freed blocks (20 MB) fits.
max_threads=20
max_fds=48
max_rss_growth_kb=$((24 * 1024))
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=2"

# status_field PID NAME: a number from /proc/PID/status (0 once gone).
status_field() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# watch PID SECONDS: samples the process every half second; sets
# $peak_threads, $peak_fds, $rss_first (at 3 s), $rss_last, and $alive
# (yes when it still ran at the end).
watch() {
	local pid=$1 n=$(($2 * 2)) i t f r
	peak_threads=0 peak_fds=0 rss_first=0 rss_last=0 alive=no
	for ((i = 1; i <= n; i++)); do
		sleep 0.5
		kill -0 "$pid" 2>/dev/null || return
		t=$(status_field "$pid" Threads)
		f=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
		r=$(status_field "$pid" VmRSS)
		[ "${t:-0}" -gt "$peak_threads" ] && peak_threads=$t
		[ "$f" -gt "$peak_fds" ] && peak_fds=$f
		[ "$i" = 6 ] && rss_first=${r:-0}
		rss_last=${r:-0}
	done
	kill -0 "$pid" 2>/dev/null && alive=yes
}

# interrupt PID: SIGINT, then its status: 0 or 130 (the signal's default
# action) both mean that the run ended because it was interrupted.  One
# that outlives the interrupt by 10 s is killed: "hung".
interrupt() {
	local i
	kill -INT "$1" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$1" 2>/dev/null && kill -KILL "$1"
	wait "$1"
	rc=$?
	[ "$i" = 100 ] && rc=hung
	[ "$rc" = 130 ] && rc=0
}

# Job control: a background job of a script otherwise ignores SIGINT; and
# env resets it where this script was started with SIGINT ignored.
set -m

# Few descriptors (ulimit -n 160): the lookups must not take them from the
# listing.  Unbounded, a run reaches that limit within 25 s and ends with
# "no socket source could be read ... Too many open files".
(
	ulimit -n 160 || exit 99
	exec env --default-signal=INT "$PORTSTAT" -a -c 0.2 >out.txt 2>err.txt
) &
pid=$!
watch "$pid" 25
interrupt "$pid"
echo "peaks: $peak_threads threads, $peak_fds descriptors; RSS $rss_first kB at 3 s, $rss_last kB at the end"
live_check "ulimit -n 160: still running after 25 s" yes "$alive"
live_check "ulimit -n 160: ended by the interrupt" 0 "$rc"
live_check "stderr" "" "$(head -c 300 err.txt)"
live_check "threads <= $max_threads" yes \
	"$([ "$peak_threads" -le "$max_threads" ] && echo yes || echo "no: $peak_threads")"
live_check "descriptors <= $max_fds" yes \
	"$([ "$peak_fds" -le "$max_fds" ] && echo yes || echo "no: $peak_fds")"
growth=$((rss_last - rss_first))
live_check "resident memory grows < $max_rss_growth_kb kB" yes \
	"$([ "$rss_first" -gt 0 ] && [ "$growth" -lt "$max_rss_growth_kb" ] && echo yes ||
		echo "no: $rss_first kB at 3 s, $rss_last kB at the end")"
live_check "the peers were listed" yes \
	"$([ "$(grep -c ':echo ' out.txt)" -ge 300 ] && echo yes || echo "no: $(grep -c ':echo ' out.txt) rows")"
# The only socket of port 53 that is not portstat's is the server's, bound
# to it; a socket whose peer is port 53 is a lookup's: portstat's own.
live_check "portstat's own DNS sockets not listed" "" \
	"$(awk '$5 ~ /:(domain|53)$/' out.txt | head -n 3)"
live_check "the DNS server's own socket listed" yes \
	"$(grep -qE '^udp +[0-9]+ +[0-9]+ +(localhost|127\.0\.0\.1):(domain|53) ' out.txt && echo yes || echo no)"

# The same from /proc/net: the rows are dropped by inode, whichever source.
env --default-signal=INT "$PORTSTAT" --source=proc -a -c 0.2 >proc.txt 2>proc.err &
pid=$!
watch "$pid" 8
interrupt "$pid"
live_check "--source=proc: ended by the interrupt" 0 "$rc"
live_check "--source=proc: stderr" "" "$(head -c 300 proc.err)"
live_check "--source=proc: threads <= $max_threads" yes \
	"$([ "$peak_threads" -le "$max_threads" ] && echo yes || echo "no: $peak_threads")"
live_check "--source=proc: own DNS sockets not listed" "" \
	"$(awk '$5 ~ /:(domain|53)$/' proc.txt | head -n 3)"
live_check "--source=proc: the DNS server's own socket listed" yes \
	"$(grep -qE '^udp +[0-9]+ +[0-9]+ +(localhost|127\.0\.0\.1):(domain|53) ' proc.txt && echo yes || echo no)"
live_finish
