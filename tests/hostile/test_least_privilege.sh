#!/bin/bash
# Least privilege: the installed binary carries no setuid/setgid bit; a
# running portstat has no_new_privs set (sandbox_enter_writing) and, run by root,
# only the capability to read files (CAP_DAC_READ_SEARCH: CapEff 0x4),
# plus CAP_SYS_PTRACE with owners, in its effective, permitted and
# bounding sets -- also where no_new_privs is refused; a root without
# CAP_SYS_PTRACE that needs owners keeps what it holds; and portstat works
# as an unprivileged user on a saved tree.  Args: BINARY TREES BUILD_DIR.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/lib.sh"
portstat=$(readlink -f "$1")
tree=$2/basic
build=${3:-}
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

if [ -n "$build" ] && [ -f "$build/cmake_install.cmake" ]; then
	cmake --install "$build" --prefix "$tmp/inst" >/dev/null
	live_check "install: binary installed" yes "$([ -x "$tmp/inst/bin/portstat" ] && echo yes)"
	live_check "install: nothing setuid or setgid" "" "$(find "$tmp/inst" -perm /6000)"
fi

# start_running [PREFIX...] -- ARGS...: portstat in continuous mode, run
# through PREFIX (setpriv, seccomp_deny), once it has entered its sandbox:
# the first round is printed after sandbox_enter_writing, so wait (5 s at most)
# for output.
start_running() {
	local pre=()
	while [ "$1" != -- ]; do pre+=("$1"); shift; done
	shift
	: >"$tmp/out"
	"${pre[@]}" "$portstat" "$@" -c 1 --proc-root "$tree" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 50); do
		[ "$(readlink "/proc/$pid/exe")" = "$portstat" ] && [ -s "$tmp/out" ] && break
		sleep 0.1
	done
}
stop_running() {
	kill "$pid"
	wait "$pid" 2>/dev/null
	live_check "$1: no warning (sandbox entered cleanly)" "" "$(cat "$tmp/err")"
}
capset() { awk -v s="$1:" '$1 == s { print $2 }' "/proc/$pid/status"; }
# caps_are NAME EFF+PRM BND NNP: the running portstat's sets, in hex as
# /proc/PID/status prints them (BND "-": not checked, as without root).
caps_are() {
	local set
	for set in CapEff CapPrm; do
		live_check "$1: $set" "$2" "$(capset $set)"
	done
	[ "$3" = - ] || live_check "$1: CapBnd" "$3" "$(capset CapBnd)"
	for set in CapInh CapAmb; do
		live_check "$1: $set holds nothing" 0000000000000000 "$(capset $set)"
	done
	live_check "$1: NoNewPrivs" "$4" "$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$pid/status")"
}
hex() { printf '%016x' "$1"; }

# Root keeps CAP_DAC_READ_SEARCH (bit 2) to read files whatever their
# mode, and CAP_SYS_PTRACE (bit 19) with owners; the bounding set is
# narrowed the same way (CAP_SETPCAP).  Another user keeps nothing.
if [ "$(id -u)" = 0 ]; then
	read_only=$(hex 0x4) owners=$(hex 0x80004) bnd_ro=$read_only bnd_owners=$owners
else
	read_only=$(hex 0) owners=$(hex 0) bnd_ro=- bnd_owners=-
fi
start_running -- -an
caps_are running "$read_only" "$bnd_ro" 1
stop_running running

# Owners are read from other processes' /proc/PID/fd: CAP_SYS_PTRACE stays.
start_running -- -anp
caps_are owners "$owners" "$bnd_owners" 1
stop_running owners

# --dump-netlink writes through the file it opened: still no DAC_OVERRIDE.
start_running -- -an --dump-netlink "$tmp/dump"
caps_are dump-netlink "$read_only" "$bnd_ro" 1
stop_running dump-netlink

# no_new_privs refused (a container's seccomp policy): the capabilities
# are narrowed all the same, and one line says what was refused.
deny=$build/tests/seccomp_deny
if [ "$(id -u)" != 0 ]; then
	echo "skip: no_new_privs refused (seccomp_deny needs root)"
elif [ -x "$deny" ]; then
	for mode in read_only owners; do
		if [ $mode = owners ]; then args=(-anp) want=$owners bnd=$bnd_owners; else
			args=(-an) want=$read_only bnd=$bnd_ro; fi
		start_running "$deny" nnp -- "${args[@]}"
		caps_are "nnp refused, $mode" "$want" "$bnd" 0
		kill "$pid"
		wait "$pid" 2>/dev/null
		live_check "nnp refused, $mode: one line says so" \
			"portstat: cannot set no_new_privs: Operation not permitted" "$(cat "$tmp/err")"
	done
else
	live_check "seccomp_deny built next to the binary" yes no
fi

# A container's root lacks CAP_SYS_PTRACE: to read its peers' descriptors
# its effective set must cover their permitted sets, so with owners it
# keeps every capability it holds (and nothing beyond: the bounding set
# too); without owners it keeps CAP_DAC_READ_SEARCH only.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	noptrace=(setpriv --bounding-set -sys_ptrace --inh-caps -sys_ptrace)
	all=$(hex $((0x$(awk '/^CapPrm:/ { print $2 }' /proc/self/status) & ~(1 << 19))))
	start_running "${noptrace[@]}" -- -anp
	caps_are "no CAP_SYS_PTRACE, owners" "$all" "$all" 1
	stop_running "no CAP_SYS_PTRACE, owners"
	start_running "${noptrace[@]}" -- -an
	caps_are "no CAP_SYS_PTRACE, no owners" "$read_only" "$bnd_ro" 1
	stop_running "no CAP_SYS_PTRACE, no owners"
fi

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	cp -r "$tree" "$tmp/tree" && chmod -R a+rX "$tmp/tree"
	want=$("$portstat" -an --proc-root "$tmp/tree")
	got=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$portstat" -an \
		--proc-root "$tmp/tree" 2>"$tmp/err")
	live_check "unprivileged: status" 0 $?
	live_check "unprivileged: same table as root" "$want" "$got"
	live_check "unprivileged: nothing on stderr" "" "$(cat "$tmp/err")"
else
	echo "skip: unprivileged run (needs root and setpriv)"
fi
live_finish
