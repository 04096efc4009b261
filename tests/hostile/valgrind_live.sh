#!/bin/bash
# valgrind_live.sh BINARY LIVE_DIR - runs every live test (LIVE_DIR/test_*.sh)
# with BINARY under valgrind memcheck and fails when any run had a memcheck
# error, a definite leak or died of a signal (the logs decide, and are
# printed).  A live check that fails only under valgrind is shown as a note:
# some checks measure time, and memcheck is ~20x slower; the live tests
# themselves judge behaviour in every build.  Exit 77 (skip) without
# valgrind; not for sanitizer builds (ASan and valgrind exclude each other).
bin=$(readlink -f "$1")
live=$2
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
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

status=0
for t in "$live"/test_*.sh; do
	echo "== $(basename "$t") under valgrind"
	"$t" "$tmp/portstat" >"$tmp/out" 2>&1
	rc=$?
	case $rc in
	0) echo "ok" ;;
	77) echo "skipped: $(tail -n1 "$tmp/out")" ;;
	*)
		echo "note: status $rc under valgrind; its failed checks:"
		grep -A2 '^FAIL' "$tmp/out" | head -n 30
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
