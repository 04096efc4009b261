#!/bin/bash
# valgrind_live.sh BINARY LIVE_DIR - runs every live test (LIVE_DIR/test_*.sh)
# with BINARY under valgrind memcheck and fails when any run had a memcheck
# error, a definite leak or died of a signal (the logs decide, and are
# printed), and when a live test fails under valgrind: its checks judge
# behaviour here too (timing checks are taken net of a base run, and their
# bounds leave room for memcheck's slowness).  The wrapper has the binary's
# build directory beside it (tests/libdump_intr_shim.so, for
# test_dump_intr.sh: valgrind passes LD_PRELOAD on to the program).  A live
# test may skip (77) only where lib.sh allows it (neither root nor CI).
# Without valgrind: skip, but fail as root or with CI=true (scripts/deps
# --test installs it).  Not for sanitizer builds (ASan and valgrind exclude
# each other).
bin=$(readlink -f "$1")
live=$2
. "$live/lib.sh"
command -v valgrind >/dev/null || live_skip "valgrind not installed"
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/logs"
chmod 1777 "$tmp/logs" # tests also run portstat as an unprivileged user
cat >"$tmp/portstat" <<EOW
#!/bin/sh
exec valgrind -q --tool=memcheck --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \\
	--log-file="$tmp/logs/vg.%p.log" "$bin" "\$@"
EOW
chmod 755 "$tmp/portstat"
# Test helpers found beside the binary (its build directory's tests/).
ln -s "$(dirname "$bin")/tests" "$tmp/tests"

status=0
for t in "$live"/test_*.sh; do
	echo "== $(basename "$t") under valgrind"
	"$t" "$tmp/portstat" >"$tmp/out" 2>&1
	rc=$?
	case $rc in
	0) echo "ok" ;;
	77) echo "skipped: $(tail -n1 "$tmp/out")" ;;
	*)
		echo "FAIL: status $rc under valgrind; its failed checks:"
		grep -A2 '^FAIL' "$tmp/out" | head -n 30
		status=1
		;;
	esac
done
runs=$(find "$tmp/logs" -name 'vg.*.log' | wc -l)
bad=$(grep -l -E 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|are definitely lost|Process terminating|^==[0-9]+== (Invalid|Conditional|Syscall param|Mismatched)' "$tmp/logs"/vg.*.log 2>/dev/null)
if [ -n "$bad" ]; then
	echo "FAIL: memcheck reports:"
	for f in $bad; do cat "$f"; done
	status=1
fi
echo "$runs portstat run(s) under memcheck; $(echo "$bad" | grep -c .) with errors"
[ "$runs" -gt 0 ] || { echo "FAIL: no run was made"; status=1; }
exit $status
