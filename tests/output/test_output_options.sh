#!/bin/bash
# tests/output/test_output_options.sh PORTSTAT TREES - -O column lists, colour
# (--color, NO_COLOR, never in machine formats) and the bash completion.
bin=$1 tree=$2/basic fails=0
here=$(cd "$(dirname "$0")" && pwd)
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then echo "ok: $1"; else
		echo "FAIL: $1: expected [$2], got [$3]"
		fails=1
	fi
}
p() { "$bin" -an --proc-root "$tree" "$@"; }
esc=$(printf '\033')

check "-O help status" 0 "$("$bin" -O help >/dev/null; echo $?)"
check "-O help names proto" proto "$("$bin" -O help | awk '$1 == "proto" {print $1}')"
check "-O order in the table" "Proto Local Address" \
	"$(p -t -O proto,local | sed -n 2p | tr -s ' ')"
check "-O order in CSV" "state,proto" "$(p --csv -O state,proto | head -1)"
check "-O unknown: status" 2 "$(p -O proto,nope 2>/dev/null; echo $?)"
check "-O unknown: message" "portstat: unknown column 'nope' (-O help lists the names)" \
	"$(p -O proto,nope 2>&1 | head -1)"
check "--color bad value: status" 2 "$(p --color=sometimes 2>/dev/null; echo $?)"

check "--color=always colours the table" yes \
	"$(p --color=always | grep -q "$esc\[32mLISTEN" && echo yes)"
check "colour does not move columns" "$(p --color=never)" \
	"$(p --color=always | sed "s/$esc\[[0-9;]*m//g")"
check "not a terminal: no colour" 0 "$(p | grep -c "$esc")"
for fmt in --json --jsonl --csv --tsv; do
	check "--color=always $fmt: no colour" 0 "$(p --color=always $fmt | grep -c "$esc")"
done
if command -v script >/dev/null; then
	out=$(TERM=xterm script -qec "$bin -an --proc-root $tree" /dev/null)
	check "terminal: colour" yes "$(grep -q "$esc\[" <<<"$out" && echo yes)"
	out=$(NO_COLOR=1 TERM=xterm script -qec "$bin -an --proc-root $tree" /dev/null)
	check "terminal with NO_COLOR: none" 0 "$(grep -c "$esc\[" <<<"$out")"
	out=$(NO_COLOR=1 TERM=xterm script -qec "$bin -an --color=always --proc-root $tree" /dev/null)
	check "--color=always beats NO_COLOR" yes "$(grep -q "$esc\[" <<<"$out" && echo yes)"
fi

# The completion offers every long option of --help and every -O name.
comp=$here/../../completion/portstat.bash
for opt in $("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "$opt" "$comp" || { echo "FAIL: completion lacks $opt"; fails=1; }
done
if command -v bash >/dev/null; then
	got=$(PATH=$(dirname "$bin"):$PATH bash -c '
		source "$1"
		COMP_WORDS=(portstat -O pro); COMP_CWORD=2; _portstat
		echo "${COMPREPLY[*]}"' _ "$comp")
	check "completion of -O pro" "proto program" "$got"
	got=$(bash -c 'source "$1"; COMP_WORDS=(portstat --color=); COMP_CWORD=1
		_portstat; echo "${COMPREPLY[*]}"' _ "$comp")
	check "completion of --color=" "always auto never" "$got"
fi
exit $fails
