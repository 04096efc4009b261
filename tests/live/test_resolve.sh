#!/bin/bash
# Live: host names without -n, inside a namespace whose /etc/hosts and
# /etc/resolv.conf are bind-mounted (lib.sh), with a test DNS responder on
# 127.0.0.1:53 (dnsstub.py) that answers fast, slowly, or never.  No query
# can leave the machine.  Checks names from /etc/hosts and from DNS, that
# a slow or dead server costs at most the deadline (not one timeout per
# line), and that unresolved addresses print numerically (and, when no
# lookup thread can start, that this is said).  Times are taken net of a
# --numeric-hosts run of the same listing (start-up, reading, printing:
# large under valgrind), and the bounds are generous multiples of the
# deadline that still fail when it is ignored: a dead server then costs
# glibc's own 10 s timeout, one after another or all at once.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"

# glibc's own timeout must be much longer than our deadline, or it would hide it.
printf 'nameserver 127.0.0.1\noptions timeout:10 attempts:1\n' >"$LIVE_TMP/resolv.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n127.0.0.2\tfiles-name.test\n' \
	>"$LIVE_TMP/hosts"
for i in 2 3 4 5 6 7 8 9 10 11 12; do ip addr add 127.0.1.$i/8 dev lo 2>/dev/null; done

cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/dnsstub.py" 127.0.0.3=dns-name.test 127.0.0.4=slow-name.test@4 127.0.0.5=half-name.test@1.5 \
	127.0.1.2=- 127.0.1.3=- 127.0.1.4=- 127.0.1.5=- 127.0.1.6=- 127.0.1.7=- \
	127.0.1.8=- 127.0.1.9=- 127.0.1.10=- 127.0.1.11=- 127.0.1.12=-
specs="tcp-listen:127.0.0.2:22 tcp-listen:127.0.0.3:22 tcp-listen:127.0.0.4:22 tcp-listen:127.0.0.5:22"
for i in 2 3 4 5 6 7 8 9 10 11 12; do specs="$specs tcp-listen:127.0.1.$i:80"; done
# shellcheck disable=SC2086
live_spawn python3 "$here/sockpop.py" $specs

out="$LIVE_TMP/out.txt"
# elapsed_ms ARGS...: runs portstat -ltH --services /dev/null ARGS into
# $out (stderr in err.txt), and sets $rc and $ms.
elapsed_ms() {
	local start
	start=$(date +%s%N)
	"$PORTSTAT" -ltH --services /dev/null "$@" >"$out" 2>"$LIVE_TMP/err.txt"
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
}

# -n and --numeric-hosts never resolve (and never wait): the base time.
elapsed_ms --numeric-hosts
base=$ms
live_check "--numeric-hosts: status" 0 "$rc"
live_check "--numeric-hosts: no names" 0 "$(grep -c 'name\.test' "$out")"
live_check "--numeric-hosts keeps port names" 4 "$(grep -c ':ssh ' "$out")"

elapsed_ms
live_check "exit status" 0 "$rc"
live_check "stderr" "" "$(cat "$LIVE_TMP/err.txt")"
live_check "name from /etc/hosts" "files-name.test:ssh" "$(awk '$4 ~ /^files/ { print $4 }' "$out")"
live_check "name from DNS" "dns-name.test:ssh" "$(awk '$4 ~ /^dns/ { print $4 }' "$out")"
live_check "slow answer: numeric" "127.0.0.4:ssh" "$(awk '$4 ~ /127.0.0.4:/ { print $4 }' "$out")"
live_check "11 dead lookups: numeric" 11 "$(grep -c '127\.0\.1\.[0-9]*:http ' "$out")"
live_check "wildcards stay numeric" "" "$(awk '$5 !~ /^0\.0\.0\.0:\*$/' "$out")"
# One 2 s deadline in all: at most 3x it net (ignored, the dead servers cost
# 10 s at least, 11 x 10 s one after another), and it is waited for.
net=$((ms - base))
live_check "default deadline honoured (net < 6000 ms, ignored >= 10000)" yes \
	"$([ "$net" -lt 6000 ] && echo yes || echo "no: $net ms net ($ms - $base)")"
live_check "deadline waited for (>= 1900 ms)" yes "$([ "$ms" -ge 1900 ] && echo yes || echo "no: $ms ms")"
# The numeric run skipped that wait: it was at least 1.5 s shorter.
live_check "--numeric-hosts: no wait (>= 1500 ms less)" yes \
	"$([ "$net" -ge 1500 ] && echo yes || echo "no: $base ms numeric, $ms ms resolving")"

# A short deadline is honoured: the answer that comes 1.5 s after its
# query is not waited for (the default 2 s deadline would take it).  Told
# by the name, not by a clock: under valgrind on a busy machine the
# lookups' own start-up costs seconds that no time bound can tell apart.
elapsed_ms --resolve-timeout 0.5
live_check "--resolve-timeout 0.5: status" 0 "$rc"
live_check "--resolve-timeout 0.5: a 1.5 s answer not waited for" "127.0.0.5:ssh" \
	"$(awk '$4 ~ /127.0.0.5:|^half/ { print $4 }' "$out")"

# A deadline below the default still gives the fast names (their answers do
# not wait for the slow and dead ones).  1.5 s, not 0.5: under valgrind the
# first lookup alone (loading the NSS modules) takes up to a second.
elapsed_ms --resolve-timeout 1.5
live_check "fast names resolved within a shorter deadline" 2 \
	"$(grep -cE '^tcp +0 +[0-9]+ (files|dns)-name\.test:ssh ' "$out")"
live_check "slow answer still numeric at 1.5 s" "127.0.0.4:ssh" "$(awk '$4 ~ /127.0.0.4:/ { print $4 }' "$out")"

# The deadline is long enough for the slow answer: it is used.
elapsed_ms --resolve-timeout 6
live_check "slow answer within a longer deadline" "slow-name.test:ssh" \
	"$(awk '$4 ~ /^slow/ { print $4 }' "$out")"
live_check "1.5 s answer within a longer deadline" "half-name.test:ssh" \
	"$(awk '$4 ~ /^half/ { print $4 }' "$out")"

# No thread can be started (a pids limit reached; seccomp_deny threads):
# no lookup runs, not even /etc/hosts', the addresses print as numbers,
# and one line says why.
deny=$(dirname "$PORTSTAT")/tests/seccomp_deny
[ -x "$deny" ] || { echo "FAIL: $deny not built"; exit 1; }
"$deny" threads "$PORTSTAT" -ltH --services /dev/null >"$out" 2>"$LIVE_TMP/err.txt"
live_check "no thread can start: status" 0 "$?"
live_check "no thread can start: numeric" "127.0.0.2:ssh 127.0.0.3:ssh" \
	"$(awk '$4 ~ /^(127\.0\.0\.[23]|files|dns)/ { print $4 }' "$out" | sort | xargs)"
live_check "no thread can start: one line says why" \
	"portstat: host names not looked up: no lookup thread could be started (Resource temporarily unavailable); addresses are shown as numbers" \
	"$(cat "$LIVE_TMP/err.txt")"

"$PORTSTAT" -lt --resolve-timeout 61 >/dev/null 2>&1
live_check "--resolve-timeout 61: usage error" 2 "$?"
live_finish
