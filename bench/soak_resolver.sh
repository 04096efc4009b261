#!/bin/bash
# bench/soak_resolver.sh - the resolver's soak (issue 15): `portstat -a -c 1`
# with names (no -n) against a DNS server that never answers and peers that
# keep changing, for two minutes; threads, descriptors and memory must stay
# flat.
#
#   sudo bench/soak_resolver.sh [-b PORTSTAT] [-d SECONDS] [-p PEERS] [-r PER_SECOND]
#                               [-o bench/SOAK.md]
#
# In a fresh network and mount namespace (unshare -nm) it bind-mounts an
# /etc/resolv.conf naming 127.0.0.1 with glibc's default wait (5 s, two
# attempts: a lookup of a dead server takes 10 s) and an /etc/hosts with
# localhost only, starts the black-hole server (tests/live/dnsstub.py
# --blackhole: reads every query, answers none) and PEERS TCP connections
# from loopback addresses, PER_SECOND of them replaced every second by
# addresses never seen before (tests/live/peerchurn.py; defaults 300 and
# 100), and runs `PORTSTAT -a -c 1 >/dev/null` for SECONDS (default 120).
# Every second it reads the process's Threads, VmRSS and VmSize
# (/proc/PID/status) and its descriptors (/proc/PID/fd); it prints them at
# the start (5 s), the middle and the end, with the peaks, then ends the run
# with SIGINT.  The figures are appended to the report (-o, default
# bench/SOAK.md, which run.sh never rewrites) as a "Resolver soak" section,
# replacing the previous one.  No query leaves the namespace.  Not run by ctest (the short version
# is tests/live/test_resolver_bounded.sh).
set -eu

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
PORTSTAT=$ROOT/build/portstat
DURATION=120
PEERS=300
RATE=100
OUT=$BENCH_DIR/SOAK.md

while getopts "b:d:p:r:o:" opt; do
	case $opt in
	b) PORTSTAT=$OPTARG ;;
	d) DURATION=$OPTARG ;;
	p) PEERS=$OPTARG ;;
	r) RATE=$OPTARG ;;
	o) OUT=$OPTARG ;;
	*) echo "usage: $0 [-b PORTSTAT] [-d SECONDS] [-p PEERS] [-r PER_SECOND] [-o FILE]" >&2; exit 2 ;;
	esac
done
PORTSTAT=$(readlink -f "$PORTSTAT")
OUT=$(readlink -f "$OUT")
[ -x "$PORTSTAT" ] || { echo "soak_resolver: no binary at $PORTSTAT" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "soak_resolver: needs root (namespaces)" >&2; exit 2; }

if [ -z "${SOAK_IN_NS:-}" ]; then
	SOAK_IN_NS=1 exec unshare -nm --propagation private "$0" -b "$PORTSTAT" -d "$DURATION" \
		-p "$PEERS" -r "$RATE" -o "$OUT"
fi

ip link set lo up
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' >"$tmp/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:5 attempts:2\n' >"$tmp/resolv.conf"
mount --bind "$tmp/hosts" /etc/hosts
mount --bind "$tmp/resolv.conf" /etc/resolv.conf

# spawn CMD...: a helper that prints "ready" once its sockets exist.
spawn() {
	mkfifo "$tmp/ready"
	"$@" >"$tmp/ready" &
	pids="$pids $!"
	timeout 20 head -n1 "$tmp/ready" | grep -q ready || { echo "not ready: $*" >&2; exit 1; }
	rm -f "$tmp/ready"
}
spawn python3 "$ROOT/tests/live/dnsstub.py" --blackhole
spawn python3 "$ROOT/tests/live/peerchurn.py" "$PEERS" "$RATE"

field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# SIGINT as at a terminal, even when this script was started with it ignored.
set -m
env --default-signal=INT "$PORTSTAT" -a -c 1 >/dev/null 2>"$tmp/err" &
pid=$!
pids="$pids $pid"
middle=$((DURATION / 2))
peak_t=0 peak_f=0 peak_r=0
rows="" next=5 start=$SECONDS
while :; do
	sleep 1
	s=$((SECONDS - start))
	kill -0 "$pid" 2>/dev/null || break
	t=$(field "$pid" Threads) r=$(field "$pid" VmRSS) v=$(field "$pid" VmSize)
	f=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
	[ "$t" -gt "$peak_t" ] && peak_t=$t
	[ "$f" -gt "$peak_f" ] && peak_f=$f
	[ "$r" -gt "$peak_r" ] && peak_r=$r
	# The first sample at or after 5 s, the middle and the end.
	if [ "$s" -ge "$next" ]; then
		row=$(awk -v s="$s" -v t="$t" -v f="$f" -v r="$r" -v v="$v" \
			'BEGIN { printf "| %d s | %d | %d | %.1f | %.0f |", s, t, f, r / 1024, v / 1024 }')
		echo "$row"
		rows="$rows$row"$'\n'
		if [ "$next" = 5 ]; then next=$middle; else next=$DURATION; fi
		[ "$s" -ge "$DURATION" ] && break
	fi
done
alive=no
kill -0 "$pid" 2>/dev/null && alive=yes
kill -INT "$pid" 2>/dev/null || true
rc=0
wait "$pid" || rc=$?
[ "$rc" = 130 ] && rc="0 (SIGINT)"
peak_mb=$(awk -v r="$peak_r" 'BEGIN { printf "%.1f", r / 1024 }')
echo "peaks: $peak_t threads, $peak_f descriptors, $peak_mb MiB RSS; running at the end: $alive; status $rc"
[ -s "$tmp/err" ] && { echo "stderr:"; head -n 5 "$tmp/err"; }

section() {
	cat <<EOF
<!-- soak_resolver.sh: begin -->
## Resolver soak (bench/soak_resolver.sh)

- date: $(date -u '+%Y-%m-%d %H:%M UTC'); kernel $(uname -r); $("$PORTSTAT" --version 2>/dev/null | head -n1)
- \`portstat -a -c 1\` for $DURATION s with names, a DNS server on 127.0.0.1 that never answers
  (resolv.conf timeout:5 attempts:2), $PEERS TCP peers of which $RATE a second are replaced by
  new addresses
- still running at the end: $alive; status after SIGINT: $rc; stderr lines: $(wc -l <"$tmp/err")
- peaks over the run: $peak_t threads, $peak_f descriptors, $peak_mb MiB RSS

| time | threads | descriptors | RSS MiB | virtual MiB |
|---:|---:|---:|---:|---:|
$rows<!-- soak_resolver.sh: end -->
EOF
}
if [ -f "$OUT" ]; then
	sed -i '/<!-- soak_resolver.sh: begin -->/,/<!-- soak_resolver.sh: end -->/d' "$OUT"
	# One blank line between the report and the section.
	sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$OUT"
	echo >>"$OUT"
fi
section >>"$OUT"
echo "written to $OUT"
