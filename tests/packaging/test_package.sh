#!/bin/bash
# test_package.sh SOURCE_DIR [VERSION] - the Debian package, end to end, as
# root on a Debian machine (scripts/test runs it; it changes the system's
# package set, so it runs alone, after the suites, never from ctest -j):
# builds it (scripts/package), checks it with lintian (no errors, no
# warnings), installs it (dpkg -i), runs the installed portstat, finds its
# man page and each shell's completion, then purges it and checks that
# nothing it installed is left.
src=$1
# project(VERSION) in CMakeLists.txt unless given (packaging/versions checks
# that debian/changelog and the man page agree with it).
version=${2:-$(sed -n 's/^project(portstat VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { # check NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then echo "ok: $1"; else fail "$1: expected [$2], got [$3]"; fi
}
[ "$(id -u)" = 0 ] || { echo "FAIL: test_package.sh installs a package: run it as root"; exit 1; }
# Installing over a portstat the machine already has, then purging it,
# would take the administrator's copy away: refuse instead.
if dpkg-query -W -f='${db:Status-Abbrev}' portstat 2>/dev/null | grep -q '^.[^n]'; then
	echo "FAIL: the package portstat is already installed (or left configured); purge it first"
	exit 1
fi
tmp=$(mktemp -d)
installed=0
cleanup() {
	[ "$installed" = 1 ] && dpkg --purge portstat >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# The build must not write into the checkout (dpkg-buildpackage writes to
# the tree's parent and leaves obj-*/ and debian/portstat/ behind).
tree_state() { git -C "$src" status --porcelain --ignored 2>/dev/null; }
before=$(tree_state)
deb=$("$src/scripts/package" "$tmp/out" | tail -1)
check "scripts/package leaves the checkout as it was" "$before" "$(tree_state)"
[ -f "$deb" ] || { echo "FAIL: scripts/package printed no .deb ('$deb')"; exit 1; }
check "package file name" "portstat_${version}-1_$(dpkg --print-architecture).deb" "${deb##*/}"

# lintian refuses nothing as root but says so on stderr; overrides (each
# justified in debian/portstat.lintian-overrides) are honoured.
if lintian --fail-on error,warning "$deb" >"$tmp/lintian" 2>&1; then
	echo "ok: lintian: no errors, no warnings"
else
	fail "lintian: $(grep -E '^[EW]:' "$tmp/lintian" | tr '\n' ' ')"
fi

dpkg -i "$deb" >"$tmp/dpkg" 2>&1 || { cat "$tmp/dpkg"; fail "dpkg -i failed"; }
installed=1
dpkg -L portstat | sort >"$tmp/files"
for f in /usr/bin/portstat /usr/share/man/man8/portstat.8.gz \
	/usr/share/bash-completion/completions/portstat /usr/share/zsh/vendor-completions/_portstat \
	/usr/share/fish/vendor_completions.d/portstat.fish /usr/share/doc/portstat/copyright \
	/usr/share/doc/portstat/README.md.gz /usr/share/doc/portstat/json-schema.md.gz; do
	grep -qx "$f" "$tmp/files" && [ -e "$f" ] || fail "not installed: $f"
done
# The metrics document and contrib's examples (dh_compress may or may not gzip them).
for f in /usr/share/doc/portstat/metrics.md \
	/usr/share/doc/portstat/examples/portstat-textfile.service \
	/usr/share/doc/portstat/examples/portstat-textfile.timer \
	/usr/share/doc/portstat/examples/portstat.rules.yml \
	/usr/share/doc/portstat/examples/portstat.rules.test.yml; do
	grep -Eqx "$f(\.gz)?" "$tmp/files" || fail "not installed: $f"
done

# The installed binary: built without .git, so the plain version.
check "installed --version" "portstat $version" "$(/usr/bin/portstat --version | head -1)"
/usr/bin/portstat -an >"$tmp/an" 2>"$tmp/an.err"
check "installed portstat -an: status" 0 "$?"
check "installed portstat -an: title" "Active Internet connections (servers and established)" \
	"$(head -1 "$tmp/an")"
check "man -w portstat" /usr/share/man/man8/portstat.8.gz "$(man -w portstat 2>&1)"
check "man -w 8 portstat" /usr/share/man/man8/portstat.8.gz "$(man -w 8 portstat 2>&1)"

# bash: bash-completion's loader finds the installed file on first use.
got=$(bash -c 'source /usr/share/bash-completion/bash_completion
	_completion_loader portstat; complete -p portstat
	COMP_WORDS=(portstat --js); COMP_CWORD=1; _portstat; echo "${COMPREPLY[*]}"
	COMP_WORDS=(portstat --source=); COMP_CWORD=1; _portstat; echo "${COMPREPLY[*]}"' 2>&1)
check "bash: complete -p and --js, --source=" "complete -F _portstat portstat
--json --jsonl
auto netlink proc" "$got"

# zsh: compinit finds _portstat on the default fpath (vendor-completions).
got=$(HOME=$tmp zsh -fc 'autoload -U compinit; compinit -u -d $HOME/.zcompdump
	print -r -- $_comps[portstat]; autoload +X _portstat; print -r -- $functions_source[_portstat]' 2>&1)
check "zsh: compinit binds portstat to the installed _portstat" "_portstat
/usr/share/zsh/vendor-completions/_portstat" "$got"

# fish: its default completion path has vendor_completions.d.
got=$(HOME=$tmp fish -c 'complete -C "portstat --js"; complete -C "portstat --source="' 2>&1 | cut -f1)
check "fish: complete --js, --source=" "--json
--jsonl
--source=auto
--source=netlink
--source=proc" "$got"

# Purge: the package is gone from dpkg's database and every file and
# directory it installed is gone, but for directories other packages own too.
dpkg --purge portstat >"$tmp/dpkg" 2>&1 || { cat "$tmp/dpkg"; fail "dpkg --purge failed"; }
installed=0
check "dpkg knows no portstat after purge" "" \
	"$(dpkg-query -W -f='${db:Status-Abbrev}' portstat 2>/dev/null | grep -v '^un')"
left=0
while read -r f; do
	[ "$f" = /. ] && continue
	[ -e "$f" ] || [ -L "$f" ] || continue
	[ -d "$f" ] && [ ! -L "$f" ] && dpkg-query -S "$f" >/dev/null 2>&1 && continue
	fail "left behind by the purge: $f"
	left=1
done <"$tmp/files"
[ "$left" = 0 ] && echo "ok: purge left none of the $(wc -l <"$tmp/files") installed paths"
[ -e /usr/share/doc/portstat ] && fail "left behind: /usr/share/doc/portstat"
exit $((fails > 0))
