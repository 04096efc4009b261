#!/bin/bash
# test_completions.sh SOURCE_DIR - every option of the one option table
# (short_opts and long_opts in src/app/options.c) is offered by each shell's
# completion (completion/portstat.{bash,zsh,fish}), and none is offered that
# the table lacks.  Each shell runs its own file and says what it offers:
#   bash: _portstat on "portstat -" (COMPREPLY);
#   zsh:  the _arguments specs the function passes, read by zsh itself;
#   fish: complete -C "portstat -".
# zsh and fish are test dependencies (scripts/deps --test); missing, they fail.
src=$1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The table: "-x" for each letter of short_opts, "--name" for each long_opts entry.
opts=$src/src/app/options.c
sed -n 's/^static const char short_opts\[\] = "\(.*\)";$/\1/p' "$opts" | tr -d ':' |
	grep -o . | sed 's/^/-/' >"$tmp/short"
sed -n '/^static const struct option long_opts\[\] = {$/,/^};$/p' "$opts" |
	sed -n 's/^ *{"\([a-z0-9-]*\)",.*/--\1/p' >"$tmp/long"
sort -u "$tmp/short" "$tmp/long" >"$tmp/table"
# A table the parse misread would make every check below pass vacuously.
[ "$(wc -l <"$tmp/short")" -ge 20 ] || fail "read only $(wc -l <"$tmp/short") short options from $opts"
[ "$(wc -l <"$tmp/long")" -ge 40 ] || fail "read only $(wc -l <"$tmp/long") long options from $opts"
grep -qx -- --version "$tmp/table" || fail "--version not read from $opts"

# compare SHELL FILE: FILE lists what SHELL offers, one option a line.
compare() {
	sort -u "$2" >"$2.sorted"
	[ -s "$2.sorted" ] || fail "$1: the completion offers no options at all"
	comm -23 "$tmp/table" "$2.sorted" | while read -r o; do
		echo "FAIL: $1 completion lacks $o (completion/portstat.$1)"
	done
	comm -13 "$tmp/table" "$2.sorted" | while read -r o; do
		echo "FAIL: $1 completion offers $o, which src/app/options.c does not have"
	done
	if ! cmp -s "$tmp/table" "$2.sorted"; then fails=$((fails + 1)); else
		echo "ok: $1 offers the $(wc -l <"$tmp/table") options of the table"; fi
}

bash -c 'source "$1"; COMP_WORDS=(portstat -); COMP_CWORD=1; _portstat
	printf "%s\n" "${COMPREPLY[@]}"' _ "$src/completion/portstat.bash" >"$tmp/bash" ||
	fail "bash: the completion failed"
compare bash "$tmp/bash"

# zsh: _arguments replaced by a function that prints each option spec's
# names: "(excl)*--name=-[help]:msg:action" -> "--name".
zsh -fc '_arguments() {
		local spec
		for spec in "$@"; do
			[[ $spec == -[sS] ]] && continue # _arguments flags
			spec=${spec#\(*\)}
			spec=${spec#\*}
			[[ $spec =~ "^(--[A-Za-z0-9][A-Za-z0-9-]*|-[A-Za-z0-9])" ]] && print -r -- $match[1]
		done
		return 0
	}
	source "$1"' _ "$src/completion/portstat.zsh" >"$tmp/zsh" || fail "zsh: the completion failed"
compare zsh "$tmp/zsh"

fish --no-config -c 'source $argv[1]; complete -C "portstat -"' "$src/completion/portstat.fish" |
	cut -f1 >"$tmp/fish" || fail "fish: the completion failed"
compare fish "$tmp/fish"
exit $((fails > 0))
