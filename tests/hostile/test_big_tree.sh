#!/bin/bash
# Hostile host: a saved tree whose tcp file has 200k lines, and one whose
# tcp file is a single 16 MiB line.  Memory must grow linearly with the
# number of sockets (peak RSS at 200k lines at most ~4x the growth at 50k,
# with slack) and not at all with the length of a line (the line reader is
# bounded); CPU time must not grow faster than linearly (200k lines at most
# 8x the time of 50k: quadratic work would be 16x), or be under a second,
# which quadratic work on 200k lines could never be.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
[ -x /usr/bin/time ] || live_skip "GNU time (package time) not installed"
portstat=$(readlink -f "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# tree NAME LINES: a tcp file of LINES distinct sockets (established, 10.x.y.z).
tree() {
	mkdir -p "$tmp/$1/net"
	awk -v n="$2" 'BEGIN {
		print "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
		for (i = 0; i < n; i++)
			printf "%6d: %08X:%04X 0100007F:0050 01 00000000:00000000 00:00000000 00000000  1000        0 %d 1 0000000000000000 20 4 30 10 -1\n",
				i, 167772160 + i, 1024 + i % 60000, 100000 + i
	}' >"$tmp/$1/net/tcp"
}
tree empty 0
tree small 50000
tree big 200000
mkdir -p "$tmp/long/net"
{ printf '  sl  local_address rem_address\n'; head -c 16777216 /dev/zero | tr '\0' 'A'; } \
	>"$tmp/long/net/tcp"

# best NAME: the smallest RSS and CPU time of three runs (less noise).
best() {
	local rss=0 cpu=0 r u s c rc i
	for i in 1 2 3; do
		# GNU time forks from a small process: %M is portstat's own peak RSS.
		/usr/bin/time -f '%M %U %S' -o "$tmp/usage" "$portstat" -tan \
			--proc-root "$tmp/$1" >/dev/null 2>"$tmp/err"
		rc=$?
		[ "$rc" = 0 ] || { echo "FAIL: portstat exited $rc on $1"; cat "$tmp/err"; exit 1; }
		read -r r u s <"$tmp/usage"
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
		if [ "$i" = 1 ] || [ "$r" -lt "$rss" ]; then rss=$r; fi
		if [ "$i" = 1 ] || awk -v a="$c" -v b="$cpu" 'BEGIN { exit !(a < b) }'; then cpu=$c; fi
	done
	echo "$rss $cpu"
}
read -r rss0 cpu0 < <(best empty)
read -r rss50 cpu50 < <(best small)
read -r rss200 cpu200 < <(best big)
read -r rsslong cpulong < <(best long)
echo "peak RSS (KiB): empty $rss0, 50k $rss50, 200k $rss200, one 16 MiB line $rsslong"
echo "CPU (s): empty $cpu0, 50k $cpu50, 200k $cpu200"

live_check "200k lines listed" 200000 \
	"$("$portstat" -tanH --proc-root "$tmp/big" | grep -c ESTABLISHED)"
grow50=$((rss50 - rss0))
grow200=$((rss200 - rss0))
live_check "memory linear in sockets (200k growth <= 5x 50k growth + 4 MiB)" yes \
	"$([ "$grow200" -le $((5 * grow50 + 4096)) ] && echo yes || echo "no: $grow50 -> $grow200 KiB")"
live_check "a 16 MiB line costs no memory (<= empty + 2 MiB)" yes \
	"$([ "$rsslong" -le $((rss0 + 2048)) ] && echo yes || echo "no: $rss0 -> $rsslong KiB")"
live_check "time linear in lines (200k <= 8x 50k, or < 1 s)" yes \
	"$(awk -v a="$cpu50" -v b="$cpu200" 'BEGIN { print (b <= 8 * a || b < 1.0) ? "yes" : "no: " a " -> " b " s" }')"
live_finish
