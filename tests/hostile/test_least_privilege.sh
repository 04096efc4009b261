#!/bin/bash
# Least privilege: the installed binary carries no setuid/setgid bit; a
# running portstat has no_new_privs set (sandbox_enter) and, run by root,
# only the capabilities to read files (CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH: CapEff 0x6); and portstat works as an unprivileged
# user on a saved tree.  Args: BINARY TREES BUILD_DIR.
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

# start_running ARGS...: portstat in continuous mode, once it has entered
# its sandbox.  The shell that starts it has no_new_privs clear; wait (5 s
# at most) for portstat itself to set it.
start_running() {
	"$portstat" "$@" -c 1 --proc-root "$tree" >/dev/null 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 50); do
		[ "$(readlink "/proc/$pid/exe")" = "$portstat" ] &&
			grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$pid/status" 2>/dev/null && break
		sleep 0.1
	done
}
stop_running() {
	kill "$pid"
	wait "$pid" 2>/dev/null
	live_check "$1: no warning (sandbox entered cleanly)" "" "$(cat "$tmp/err")"
}
capset() { awk -v s="$1:" '$1 == s { print $2 }' "/proc/$pid/status"; }

start_running -an
live_check "running: no_new_privs set" 1 "$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$pid/status")"
if [ "$(id -u)" = 0 ]; then
	caps=0000000000000006 ptrace=0000000000080006 # + CAP_SYS_PTRACE (bit 19)
else
	caps=0000000000000000 ptrace=0000000000000000
fi
for set in CapEff CapPrm; do
	live_check "running: $set is the file-reading capabilities" "$caps" "$(capset $set)"
done
for set in CapInh CapAmb; do
	live_check "running: $set holds nothing else" 0 "$((0x$(capset $set) & ~0x6))"
done
stop_running running

# Owners are read from other processes' /proc/PID/fd: CAP_SYS_PTRACE stays.
start_running -anp
live_check "owners: CapEff adds CAP_SYS_PTRACE" "$ptrace" "$(capset CapEff)"
stop_running owners

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
