#!/bin/bash
# bench/run.sh - portstat beside ss and netstat at 1k..300k sockets.
#
#   sudo bench/run.sh [-b PORTSTAT] [-s "1000 10000 100000 300000"] [-n REPS]
#                     [-t TIMEOUT_S] [-o bench/RESULTS.md]
#
# For each scale it enters a fresh network namespace (unshare -n), builds
# the population there with bench/sockgen (-s SCALE: about SCALE TCP
# sockets, plus UDP and unix ones, over several processes), and times every
# command of the list below REPS times, interleaved: round r runs each
# command once, so drift on a shared machine hits all of them alike.  Each
# run is a whole process (fork, exec, exit) with output to /dev/null, timed
# by bench/timeit, which also reports peak RSS.  One untimed run per
# command first warms caches and counts output lines (the "lines" column:
# tools that list the same sockets print about the same number).
#
# The report (default bench/RESULTS.md) has the machine, kernel and date,
# one table per scale with medians, ratios to ss and peak RSS, and the
# issue-7 targets at 100k.  The raw samples stay beside it in RESULTS.tsv.
# A command that runs past TIMEOUT_S (default 60) is killed and not run
# again at that scale; a query portstat does not accept (exit status 2)
# shows as n/a.  Needs root (namespaces), a C compiler, ss and netstat.
# Nothing here runs in ctest: timings are not assertions.
set -eu

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
PORTSTAT=${PORTSTAT:-}
SCALES=${SCALES:-"1000 10000 100000 300000"}
REPS=${REPS:-11} # the ratio of two medians of 5 swung by 0.1 on this shared machine
TIMEOUT=${TIMEOUT:-60}
OUT="$BENCH_DIR/RESULTS.md"

# Commands: ID|COMMAND.  IDs are TOOL_QUERY; the report pairs them by query.
command_list() {
	cat <<EOF
p_tan|$PORTSTAT -tan
s_tan|ss -tan
n_tan|netstat -tan
d_tan|$TOOLS/nldump
p_tanp|$PORTSTAT -tanp
s_tanp|ss -tanp
n_tanp|netstat -tanp
p_an|$PORTSTAT -an
s_an|ss -an
n_an|netstat -an
p_ltn|$PORTSTAT -ltn
s_ltn|ss -ltn
n_ltn|netstat -ltn
p_443|$PORTSTAT -tn :443
s_443|ss -tan 'dport = :443 or sport = :443'
p_json|$PORTSTAT -tan --json
p_ti|$PORTSTAT -ti
s_ti|ss -ti
EOF
}

usage() {
	sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

# ---- inside one namespace: build the population, time, append samples ----
inner() {
	local scale=$1 tsv=$2 ready id cmd r line
	ip link set lo up
	"$TOOLS/sockgen" -s "$scale" >"$TOOLS/ready.$scale" &
	SOCKGEN_PID=$!
	# Stop the population however this ends, keeping the exit status.
	trap 'rc=$?; [ -z "${SOCKGEN_PID:-}" ] || kill "$SOCKGEN_PID" 2>/dev/null; exit $rc' EXIT
	trap 'exit 130' INT TERM
	for _ in $(seq 1200); do
		ready=$(cat "$TOOLS/ready.$scale")
		[ -n "$ready" ] && break
		kill -0 "$SOCKGEN_PID" 2>/dev/null || { echo "sockgen failed at $scale" >&2; exit 1; }
		sleep 0.1
	done
	[ -n "$ready" ] || { echo "sockgen not ready at $scale" >&2; exit 1; }
	echo "scale $scale: $ready (sockets, processes)" >&2

	declare -A skip
	# Warm-up: one untimed run each, output kept to count its lines.
	while IFS='|' read -r id cmd; do
		eval "set -- $cmd"
		line=$("$TOOLS/timeit" -t "$TIMEOUT" -o "$TOOLS/out.$id" -- "$@")
		set -- $line
		if [ "$5" = timeout ] || { [ "${id%%_*}" = p ] && [ "$5" = 2 ]; }; then
			skip[$id]=$5
			printf '%s\t%s\t0\t-\t-\t-\t-\t%s\n' "$scale" "$id" "$5" >>"$tsv"
		else
			printf '%s\t%s\tlines\t%s\n' "$scale" "$id" \
				"$(wc -l <"$TOOLS/out.$id")" >>"$tsv"
		fi
		rm -f "$TOOLS/out.$id"
	done < <(command_list)
	for r in $(seq "$REPS"); do
		while IFS='|' read -r id cmd; do
			[ -z "${skip[$id]:-}" ] || continue
			eval "set -- $cmd"
			line=$("$TOOLS/timeit" -t "$TIMEOUT" -- "$@")
			printf '%s\t%s\t%s\t%s\n' "$scale" "$id" "$r" "${line// /	}" >>"$tsv"
			set -- $line
			[ "$5" != timeout ] || skip[$id]=timeout
		done < <(command_list)
		echo "  round $r done" >&2
	done
	kill "$SOCKGEN_PID"
	wait "$SOCKGEN_PID" || true
	SOCKGEN_PID=
}

# ---- the report ----
report() {
	local tsv=$1
	{
		echo "# portstat benchmark results"
		echo
		echo "Written by \`bench/run.sh\` (see its header); do not edit by hand."
		echo
		echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
		echo "- kernel: $(uname -r)"
		echo "- tools: portstat $("$PORTSTAT" --version | awk 'NR == 1 {print $2}'), $(ss -V 2>/dev/null | head -1), netstat $(netstat -V 2>/dev/null | awk 'NR==1 {print $2}')"
		echo "- method: $REPS interleaved repetitions per command and scale after one warm-up; medians of wall time (fork to exit, output to /dev/null); peak RSS from wait4; a fresh network namespace per scale populated by \`bench/sockgen -s SCALE\`"
		echo
		awk -F'\t' -v timeout="$TIMEOUT" -f "$BENCH_DIR/report.awk" "$tsv"
	} >"$OUT"
	echo "wrote $OUT" >&2
}

main() {
	local opt scale tsv
	while getopts "b:s:n:t:o:h" opt; do
		case $opt in
		b) PORTSTAT=$OPTARG ;;
		s) SCALES=$OPTARG ;;
		n) REPS=$OPTARG ;;
		t) TIMEOUT=$OPTARG ;;
		o) OUT=$OPTARG ;;
		*) usage ;;
		esac
	done
	if [ -z "$PORTSTAT" ]; then
		for PORTSTAT in "$ROOT/build-perf/portstat" "$ROOT/build/portstat" ""; do
			[ -z "$PORTSTAT" ] || [ ! -x "$PORTSTAT" ] || break
		done
	fi
	[ -n "$PORTSTAT" ] && [ -x "$PORTSTAT" ] || { echo "no portstat binary: use -b" >&2; exit 2; }
	PORTSTAT=$(readlink -f "$PORTSTAT")
	[ "$(id -u)" = 0 ] || { echo "bench/run.sh needs root (network namespaces)" >&2; exit 2; }
	for t in ss netstat unshare ip cc; do
		command -v $t >/dev/null || { echo "bench/run.sh needs $t" >&2; exit 2; }
	done

	TOOLS=$(mktemp -d /tmp/portstat-bench.XXXXXX)
	trap 'rm -rf "$TOOLS"' EXIT
	trap 'exit 130' INT TERM
	for t in sockgen timeit nldump; do
		cc -O2 -Wall -Wextra -o "$TOOLS/$t" "$BENCH_DIR/$t.c"
	done
	export TOOLS PORTSTAT REPS TIMEOUT
	tsv="${OUT%.md}.tsv"
	: >"$tsv"
	for scale in $SCALES; do
		unshare -n -- "$0" --inner "$scale" "$tsv"
	done
	report "$tsv"
}

if [ "${1:-}" = --inner ]; then
	inner "$2" "$3"
else
	main "$@"
fi
