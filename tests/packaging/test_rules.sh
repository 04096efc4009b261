#!/bin/sh
# test_rules.sh SOURCE_DIR - the shipped alerting rules (contrib/portstat.rules.yml)
# are valid and their unit tests pass: each alert shown firing and not firing
# (contrib/portstat.rules.test.yml).  promtool is a test dependency
# (Debian's prometheus, scripts/deps --test): missing, this fails.
src=$1
command -v promtool >/dev/null || { echo "FAIL: promtool not installed (scripts/deps --test)"; exit 1; }
promtool check rules "$src/contrib/portstat.rules.yml" || exit 1
# Each alert of the rules file has a test that expects it to fire.
for a in $(sed -n 's/^ *- alert: *//p' "$src/contrib/portstat.rules.yml"); do
	grep -q "alertname: $a\$" "$src/contrib/portstat.rules.test.yml" ||
		{ echo "FAIL: no test for $a"; exit 1; }
done
promtool test rules "$src/contrib/portstat.rules.test.yml"
