#!/bin/bash
# bench/run_netns.sh - the all-namespaces scale (issue 16): portstat
# --all-netns over many network namespaces, beside the same number of
# sockets in one namespace and beside a loop of ss over every namespace.
#
#   sudo bench/run_netns.sh [-b PORTSTAT] [-N NAMESPACES] [-S SOCKETS]
#                           [-n REPS] [-t TIMEOUT_S] [-e EHASH] [-o bench/NETNS.md]
#
# Defaults: 200 namespaces x 500 TCP sockets, 11 rounds.  Two populations
# exist side by side, both IPv4 TCP pairs on loopback made by bench/sockgen
# (-4 PAIRS -P 1 per namespace: PAIRS pairs, a listener, and the :443
# listener with 16 pairs that sockgen always adds, so -S counts those 34;
# -S 500 is exactly 500):
#   - N namespaces (`ip netns add`), S TCP sockets each;
#   - one namespace with N x S TCP sockets of the same kind (sockgen -4;
#     not -s, whose mix of IPv6, half-closed pairs, UDP and unix sockets
#     would compare two different populations).
# Each round runs, interleaved, every command once (bench/timeit: wall time
# from fork to exit, output to /dev/null):
#   p_all   portstat --all-netns -tan            (reads all N namespaces)
#   p_one   portstat -tan in the one namespace   (the same number of sockets)
#   s_loop  for ns in $(ip netns list); do ip netns exec $ns ss -tan; done
#   s_one   ss -tan in the one namespace         (for reference)
#   p_allc  portstat --all-netns -tn             (no -a: connections only)
#   p_onec  portstat -tn in the one namespace
#   p_walk  portstat --all-netns -tan :1: the same dumps with a kernel
#           filter (inet_diag bytecode) that keeps no socket: every
#           namespace's tables walked, nothing sent back or printed
# p_all and p_one both start through nsenter --net=FILE, so that they pay
# the same small cost to get where they run.  The report gives each
# command's median and the medians of the per-round ratios p_all/p_one
# (target <= 1.5) and p_all/s_loop (target <= 0.05), with their ranges.
# Targets are reported, not asserted; nothing here runs in ctest.
#
# Why p_all costs what it costs: the kernel keeps every namespace's TCP
# sockets in one hash (tcp_ehash_entries buckets), and a sock_diag dump of
# one namespace walks all of it, skipping the other namespaces' sockets; N
# namespaces are N walks of every socket of the host.  -e EHASH sets
# net.ipv4.tcp_child_ehash_entries (in the bench's own network namespace,
# from which the N namespaces are created) so that each gets a hash of its
# own, as a host can choose for its containers: then a dump walks only its
# namespace's sockets.  One walk stays host-wide whatever -e says: with -a,
# portstat asks for bound-inactive TCP sockets too (bound, neither
# listening nor connected: a port that is taken), and the kernel finds
# those in the bind hash, which all namespaces share; every bound port of
# the host (each connection's local port) is visited once per namespace.
# p_allc/p_onec (-tn, no -a) show the cost without that walk.
# The floor line puts a number on it: whatever a reader does, it asks the
# kernel for each namespace's TCP sockets, and the kernel walks those
# tables however few sockets it sends back; p_walk is that walk alone
# (the namespaces read in parallel, as p_all reads them), the least any
# reader of the N namespaces can take.
#
# Isolation: everything happens in a private mount namespace with a tmpfs
# over /run (the host's /run/netns and /run/docker/netns are neither seen
# nor touched), and the timed commands run in a PID namespace of their own
# whose /proc shows only the bench's processes: --all-netns then finds the
# N namespaces, plus the empty one the commands start in, and not the
# one-namespace population (held by a process outside that PID namespace,
# reached through a bind-mounted file under the bench's temporary
# directory) nor the host's own.  Every namespace goes when the bench
# ends, however it ends (Ctrl-C included): the namespaces' processes die
# with the PID namespace, their bind mounts with the mount namespace.
#
# Before the timed rounds, one untimed run per command counts its output
# lines; the run fails, saying why, when portstat fails (a build without
# --all-netns exits 2) or when --all-netns lists fewer lines than the N
# namespaces hold TCP sockets (a fast answer that misses namespaces is no
# answer).  Needs root, a C compiler, ss, ip, nsenter and unshare.
# Writes the report (default bench/NETNS.md) and its samples beside it
# (NETNS.tsv: "netns ID REP WALL_MS USER_MS SYS_MS MAXRSS_KB STATUS" and
# "netns ID lines N").
set -eu

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
PORTSTAT=${PORTSTAT:-}
NS_COUNT=${NS_COUNT:-200}
NS_EHASH=${NS_EHASH:-} # -e: tcp_child_ehash_entries for the N namespaces; "" leaves it
NS_SOCKETS=${NS_SOCKETS:-500}
REPS=${REPS:-11}
TIMEOUT=${TIMEOUT:-120}
OUT="$BENCH_DIR/NETNS.md"
HTTPS_SOCKETS=34 # sockgen's :443 listener, its 16 pairs, and the first listener

usage() {
	sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

# Commands: ID|COMMAND, run inside the PID namespace (stage_inner).
command_list() {
	cat <<EOF
p_all|nsenter --net=/proc/1/ns/net $PORTSTAT --all-netns -tan
p_one|nsenter --net=$TOOLS/one.net $PORTSTAT -tan
p_allc|nsenter --net=/proc/1/ns/net $PORTSTAT --all-netns -tn
p_onec|nsenter --net=$TOOLS/one.net $PORTSTAT -tn
p_walk|nsenter --net=/proc/1/ns/net $PORTSTAT --all-netns -tan :1
s_loop|bash -c 'for ns in \$(ip netns list | cut -d" " -f1); do ip netns exec "\$ns" ss -tan; done'
s_one|nsenter --net=$TOOLS/one.net ss -tan
EOF
}

# wait_ready FILE PID WHAT: until sockgen wrote "ready" in FILE (120 s at most).
wait_ready() {
	local i
	for i in $(seq 1200); do
		if grep -q ready "$1" 2>/dev/null; then return 0; fi
		kill -0 "$2" 2>/dev/null || { echo "run_netns.sh: sockgen failed ($3)" >&2; exit 1; }
		sleep 0.1
	done
	echo "run_netns.sh: sockgen not ready ($3)" >&2
	exit 1
}

# ---- stage "one": the one-namespace population, in a fresh network namespace ----
stage_one() {
	ip link set lo up
	exec "$TOOLS/sockgen" -4 "$1"
}

# ---- stage "inner": PID 1 of the bench's PID namespace, in an empty network namespace ----
inner_cleanup() {
	local pid ns
	for pid in $SOCKGEN_PIDS; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for ns in $(ip netns list 2>/dev/null | cut -d' ' -f1); do ip netns del "$ns" 2>/dev/null || true; done
}

stage_inner() {
	local tsv=$1 pairs i id cmd r line st lines total want=0 want_one=0
	trap inner_cleanup EXIT
	trap 'exit 130' INT TERM # PID 1 gets only the signals it handles
	SOCKGEN_PIDS=""
	ip link set lo up
	pairs=$(((NS_SOCKETS - HTTPS_SOCKETS) / 2))
	[ "$pairs" -ge 1 ] || pairs=1
	# This namespace is the bench's own: the sysctl reaches only its children.
	if [ -n "$NS_EHASH" ]; then
		sysctl -q -w net.ipv4.tcp_child_ehash_entries="$NS_EHASH" ||
			{ echo "run_netns.sh: cannot set tcp_child_ehash_entries" >&2; exit 1; }
	fi
	for i in $(seq "$NS_COUNT"); do
		ip netns add "bench-$i"
		ip -n "bench-$i" link set lo up
		ip netns exec "bench-$i" "$TOOLS/sockgen" -4 "$pairs" -P 1 >"$TOOLS/ready.$i" &
		SOCKGEN_PIDS="$SOCKGEN_PIDS $!"
	done
	i=0
	for pid in $SOCKGEN_PIDS; do
		i=$((i + 1))
		wait_ready "$TOOLS/ready.$i" "$pid" "namespace bench-$i"
	done
	total=$(awk '{n += $2} END {print n}' "$TOOLS"/ready.[0-9]*)
	echo "$NS_COUNT namespaces ready: $total TCP sockets in pairs, $((2 * NS_COUNT)) listeners" >&2

	# Warm-up: one untimed run each; its output lines are counted.
	for id in s_loop s_one p_one p_all p_onec p_allc p_walk; do
		cmd=$(command_list | grep "^$id|" | cut -d'|' -f2-)
		eval "set -- $cmd"
		line=$("$TOOLS/timeit" -t "$TIMEOUT" -o "$TOOLS/out.$id" -- "$@")
		st=${line##* }
		lines=$(wc -l <"$TOOLS/out.$id")
		printf 'netns\t%s\tlines\t%s\n' "$id" "$lines" >>"$tsv"
		echo "  $id: $lines lines, status $st" >&2
		# p_walk's filter keeps no socket: status 1, no match, is its success.
		if [ "$st" != 0 ] && ! { [ "$id" = p_walk ] && [ "$st" = 1 ]; }; then
			echo "run_netns.sh: $id failed (status $st): $cmd" >&2
			if [ "${id%%_*}" = p ]; then
				# timeit drops stderr: run it again to show why.
				"$@" 2>&1 >/dev/null | head -n 3 | sed 's/^/  /' >&2 || true
				echo "  (a portstat without issue 16's -N/--all-netns exits 2 here)" >&2
			fi
			exit 1
		fi
		case $id in
		s_loop) want=$((lines - NS_COUNT)) ;; # one header per namespace
		s_one) want_one=$((lines - 1)) ;;
		p_one)
			if [ "$lines" -lt "$want_one" ]; then
				echo "run_netns.sh: portstat -tan listed $lines lines; the one namespace holds $want_one TCP sockets (ss)" >&2
				exit 1
			fi
			;;
		p_all)
			if [ "$lines" -lt "$want" ]; then
				echo "run_netns.sh: portstat --all-netns listed $lines lines; the $NS_COUNT namespaces hold $want TCP sockets (ss)" >&2
				exit 1
			fi
			;;
		esac
	done
	for r in $(seq "$REPS"); do
		while IFS='|' read -r id cmd; do
			eval "set -- $cmd"
			line=$("$TOOLS/timeit" -t "$TIMEOUT" -- "$@")
			printf 'netns\t%s\t%s\t%s\n' "$id" "$r" "${line// /	}" >>"$tsv"
		done < <(command_list)
		echo "  round $r done" >&2
	done
}

# ---- stage "mount": a private mount namespace; the one population; then the PID namespace ----
mount_cleanup() {
	[ -z "${ONE_PID:-}" ] || { kill "$ONE_PID" 2>/dev/null || true; wait "$ONE_PID" 2>/dev/null || true; }
}

stage_mount() {
	local tsv=$1 pairs
	trap mount_cleanup EXIT
	trap 'exit 130' INT TERM
	mount -t tmpfs -o mode=755 bench-run /run
	mkdir /run/netns
	pairs=$(((NS_COUNT * NS_SOCKETS - HTTPS_SOCKETS) / 2))
	[ "$pairs" -ge 1 ] || pairs=1
	unshare -n -- "$0" --stage-one "$pairs" >"$TOOLS/ready.one" &
	ONE_PID=$!
	wait_ready "$TOOLS/ready.one" "$ONE_PID" "one namespace"
	echo "one namespace ready: $(cut -d' ' -f2 "$TOOLS/ready.one") TCP sockets in pairs" >&2
	touch "$TOOLS/one.net"
	mount --bind "/proc/$ONE_PID/ns/net" "$TOOLS/one.net"
	unshare -p -n --mount-proc --kill-child -- "$0" --stage-inner "$tsv"
}

# ---- the report ----
report() {
	local tsv=$1
	{
		echo "# portstat all-namespaces benchmark"
		echo
		echo "Written by \`bench/run_netns.sh\` (see its header); do not edit by hand."
		echo
		echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
		echo "- kernel: $(uname -r)"
		echo "- tools: portstat $("$PORTSTAT" --version | awk 'NR == 1 {print $2}'), $(ss -V 2>/dev/null | head -1)"
		echo "- population: $NS_COUNT namespaces x $NS_SOCKETS TCP sockets, and $((NS_COUNT * NS_SOCKETS)) TCP sockets in one namespace (bench/sockgen -4, IPv4 pairs on loopback)"
		if [ -n "$NS_EHASH" ]; then
			echo "- TCP hash of the N namespaces: one each, tcp_child_ehash_entries=$NS_EHASH"
		else
			echo "- TCP hash of the N namespaces: the host's, shared ($(cat /proc/sys/net/ipv4/tcp_ehash_entries 2>/dev/null) buckets)"
		fi
		echo "- method: $REPS interleaved rounds after one warm-up; wall time fork to exit, output to /dev/null; ratios are medians of per-round ratios (range in brackets)"
		echo
		awk -F'\t' '
		$3 == "lines" { lines[$2] = $4; next }
		{ wall[$2, $3] = $4; if ($3 > reps) reps = $3; if ($8 != 0 && !($2 == "p_walk" && $8 == 1)) bad[$2] = $8 }
		function med(a, n,    i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		function cmd_median(id,    v, r) {
			for (r = 1; r <= reps; r++) v[r] = wall[id, r]
			return med(v, reps)
		}
		function ratio(a, b, target,    v, r, lo, hi, m) {
			lo = hi = ""
			for (r = 1; r <= reps; r++) {
				v[r] = wall[a, r] / wall[b, r]
				if (lo == "" || v[r] < lo) lo = v[r]
				if (hi == "" || v[r] > hi) hi = v[r]
			}
			m = med(v, reps)
			printf "| %s / %s | %.3f [%.3f-%.3f] | <= %s | %s |\n", a, b, m, lo, hi, target,
				m <= target ? "met" : "missed"
		}
		END {
			print "| command | lines | median ms | status |"
			print "| --- | ---: | ---: | --- |"
			n = split("p_all p_one s_loop s_one p_allc p_onec p_walk", ids, " ")
			for (i = 1; i <= n; i++)
				printf "| %s | %s | %.1f | %s |\n", ids[i], lines[ids[i]], cmd_median(ids[i]),
					(ids[i] in bad) ? "failed: " bad[ids[i]] : "ok"
			print ""
			print "| ratio | median [range] | target | |"
			print "| --- | ---: | --- | --- |"
			ratio("p_all", "p_one", 1.5)
			ratio("p_all", "s_loop", 0.05)
			ratio("p_allc", "p_onec", 1.5)
			print ""
			printf "Floor: the kernel walk alone (p_walk) is %.2fx p_one and %.3fx s_loop; p_all is %.2fx p_walk.\n",
				cmd_median("p_walk") / cmd_median("p_one"), cmd_median("p_walk") / cmd_median("s_loop"),
				cmd_median("p_all") / cmd_median("p_walk")
		}' ns="$NS_COUNT" cpus="$(nproc)" "$tsv"
		echo
		echo "p_all: \`portstat --all-netns -tan\`; p_one: \`portstat -tan\` in the one namespace;"
		echo "s_loop: \`for ns in \$(ip netns list); do ip netns exec \$ns ss -tan; done\`; s_one: \`ss -tan\` in the one namespace;"
		echo "p_allc, p_onec: the same as p_all, p_one with \`-tn\` (no -a, so no bound-inactive sockets: the kernel skips its host-wide bind hash)."
		echo "p_walk: \`portstat --all-netns -tan :1\`: the same dumps, with a kernel filter that keeps no socket (port 1): the walk alone."
	} >"$OUT"
	echo "wrote $OUT" >&2
}

main() {
	local opt tsv t
	while getopts "b:N:S:n:t:e:o:h" opt; do
		case $opt in
		b) PORTSTAT=$OPTARG ;;
		N) NS_COUNT=$OPTARG ;;
		S) NS_SOCKETS=$OPTARG ;;
		n) REPS=$OPTARG ;;
		t) TIMEOUT=$OPTARG ;;
		e) NS_EHASH=$OPTARG ;;
		o) OUT=$OPTARG ;;
		*) usage ;;
		esac
	done
	for t in "$NS_COUNT" "$NS_SOCKETS" "$REPS" "$TIMEOUT" "${NS_EHASH:-0}"; do
		case $t in '' | *[!0-9]*) echo "run_netns.sh: not a count: '$t'" >&2; exit 2 ;; esac
	done
	[ "$NS_COUNT" -ge 1 ] && [ "$REPS" -ge 1 ] || usage
	if [ -z "$PORTSTAT" ]; then
		for PORTSTAT in "$ROOT/build-perf/portstat" "$ROOT/build/portstat" ""; do
			[ -z "$PORTSTAT" ] || [ ! -x "$PORTSTAT" ] || break
		done
	fi
	[ -n "$PORTSTAT" ] && [ -x "$PORTSTAT" ] || { echo "no portstat binary: use -b" >&2; exit 2; }
	PORTSTAT=$(readlink -f "$PORTSTAT")
	[ "$(id -u)" = 0 ] || { echo "bench/run_netns.sh needs root (namespaces)" >&2; exit 2; }
	for t in ss ip nsenter unshare cc; do
		command -v $t >/dev/null || { echo "bench/run_netns.sh needs $t" >&2; exit 2; }
	done

	TOOLS=$(mktemp -d /tmp/portstat-bench-netns.XXXXXX)
	trap 'rm -rf "$TOOLS"' EXIT
	trap 'exit 130' INT TERM
	for t in sockgen timeit; do
		cc -O2 -Wall -Wextra -o "$TOOLS/$t" "$BENCH_DIR/$t.c"
	done
	export TOOLS PORTSTAT NS_COUNT NS_SOCKETS REPS TIMEOUT NS_EHASH
	tsv="${OUT%.md}.tsv"
	tsv=$(readlink -f "$tsv")
	: >"$tsv"
	unshare -m --propagation private -- "$0" --stage-mount "$tsv"
	report "$tsv"
}

case ${1:-} in
--stage-one) stage_one "$2" ;;
--stage-mount) stage_mount "$2" ;;
--stage-inner) stage_inner "$2" ;;
*) main "$@" ;;
esac
