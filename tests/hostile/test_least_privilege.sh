#!/bin/bash
# Least privilege: the installed binary carries no setuid/setgid bit; a
# running portstat has no_new_privs set (sandbox_enter); and portstat works
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

"$portstat" -an -c 1 --proc-root "$tree" >/dev/null 2>"$tmp/err" &
pid=$!
# The shell that starts it has no_new_privs clear; wait (5 s at most) for
# portstat itself to set it.
for _ in $(seq 50); do
	[ "$(readlink "/proc/$pid/exe")" = "$portstat" ] &&
		grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$pid/status" 2>/dev/null && break
	sleep 0.1
done
live_check "running: no_new_privs set" 1 "$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$pid/status")"
kill "$pid"
wait "$pid" 2>/dev/null
live_check "running: no warning (sandbox entered cleanly)" "" "$(cat "$tmp/err")"

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
