#!/bin/sh
# test_link_rule.sh BUILD_DIR - the stages link one way: each deliberate
# backward call in tests/linkrule/ must fail to link with an undefined
# reference to the function it calls, while the stage's own link check
# (linkcheck_STAGE, built with every build) succeeds.  An external library
# confined to one stage (libmnl: source, json-c: enrich) is checked the same way.
set -u
build=$1
fail=0
check() { # check TARGET SYMBOL
	out=$(cmake --build "$build" --target "$1" 2>&1)
	if [ $? -eq 0 ]; then
		echo "FAIL: $1 linked: a backward call went unnoticed"
		fail=1
	elif ! printf '%s\n' "$out" | grep -q "undefined reference to \`$2'"; then
		echo "FAIL: $1 failed, but not for the undefined $2:"
		printf '%s\n' "$out" | tail -n 20
		fail=1
	else
		echo "ok: $1 fails to link (undefined reference to $2)"
	fi
}
for stage in output source enrich; do
	if ! cmake --build "$build" --target "linkcheck_$stage" >/dev/null 2>&1; then
		echo "FAIL: linkcheck_$stage does not link on its own"
		fail=1
	fi
done
check linkrule_output_calls_enrich services_name
check linkrule_source_calls_filter diag_bytecode_build
# json-c is the enrich stage's alone.
check linkrule_output_calls_json json_tokener_parse
exit $fail
