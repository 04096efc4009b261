# tests/live/lib.sh - shared set-up for live tests: sourced, not run.
#
# live_enter re-executes the calling script inside a fresh network and mount
# namespace (unshare -nm), brings loopback up, and bind-mounts a private
# /etc/hosts and an /etc/resolv.conf that points at 127.0.0.1, so that no
# name query can leave the machine.  After live_enter, $PORTSTAT is the
# absolute path of the binary given as $1.
#
# live_skip REASON: a missing piece (namespaces, a tool, a feature) exits 77,
# which ctest reports as SKIP, only for a person's run that is neither root
# nor CI.  CI (CI=true) runs as root with namespaces and scripts/deps --test
# installed, and a root run can make namespaces: there the same missing
# piece is a failure (exit 1), so that a skip never hides one.

live_skip_allowed() {
	[ "${CI:-}" != true ] && [ "$(id -u)" != 0 ]
}

live_skip() {
	if ! live_skip_allowed; then
		echo "FAIL: $* (no skip as root or with CI=true)"
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}

live_enter() {
	if [ -z "${PORTSTAT_LIVE_NS:-}" ]; then
		[ "$(id -u)" = 0 ] || live_skip "live tests need root to create network namespaces"
		command -v unshare >/dev/null || live_skip "unshare(1) not installed"
		unshare -nm true 2>/dev/null || live_skip "cannot create network namespaces here"
		PORTSTAT_LIVE_NS=1 exec unshare -nm --propagation private "$0" "$@"
	fi
	# The binary path may be relative to where ctest or a person started us.
	PORTSTAT=$(readlink -f "${1:-}")
	ip link set lo up || { echo "FAIL: cannot bring lo up"; exit 1; }
	LIVE_TMP=$(mktemp -d)
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' >"$LIVE_TMP/hosts"
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$LIVE_TMP/resolv.conf"
	mount --bind "$LIVE_TMP/hosts" /etc/hosts || { echo "FAIL: bind /etc/hosts"; exit 1; }
	mount --bind "$LIVE_TMP/resolv.conf" /etc/resolv.conf || {
		echo "FAIL: bind /etc/resolv.conf"
		exit 1
	}
	LIVE_PIDS=""
	trap live_cleanup EXIT
}

live_cleanup() {
	for p in $LIVE_PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$LIVE_TMP"
}

# live_spawn CMD...: starts a socket-holding helper that prints "ready" on
# stdout once its sockets exist, and waits for that line (10 s at most).
live_spawn() {
	local fifo="$LIVE_TMP/ready.$$.$RANDOM"
	mkfifo "$fifo"
	"$@" >"$fifo" &
	LIVE_PIDS="$LIVE_PIDS $!"
	if ! timeout 10 head -n1 "$fifo" | grep -q ready; then
		echo "FAIL: helper did not become ready: $*"
		exit 1
	fi
}

LIVE_FAILS=0
live_check() { # live_check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		echo "ok: $1"
	else
		echo "FAIL: $1"
		echo "  expected: $2"
		echo "  actual:   $3"
		LIVE_FAILS=$((LIVE_FAILS + 1))
	fi
}

live_finish() {
	if [ "$LIVE_FAILS" -ne 0 ]; then
		echo "$LIVE_FAILS check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
