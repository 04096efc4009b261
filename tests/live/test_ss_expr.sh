#!/bin/bash
# Live: ss's filter expressions.  The same expression goes to `ss -tan EXPR`
# and to `portstat -tan EXPR`, with --source=netlink (the expression compiled
# to inet_diag bytecode, so the kernel must accept and agree) and with
# --source=proc (user space alone); the two must list the same sockets, by
# local and remote endpoint.  Then the forms ss itself cannot read (glued
# parentheses) against their spaced twins, and the refusals.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
live_enter "$@"
command -v ss >/dev/null || live_skip "ss (iproute2) not installed"
portstat=$PORTSTAT
cd "$LIVE_TMP" || exit 1
live_spawn python3 "$here/sockpop.py" \
	tcp-pair:127.0.0.1:22 tcp-listen:0.0.0.0:2222 tcp-pair:127.0.0.1:8080 \
	"tcp-pair:[::1]:8080" "tcp-pair:[::ffff:127.0.0.1]:3306" "tcp-listen:[::]:443" \
	tcp-timewait:127.0.0.1:9000 tcp-halfclosed:127.0.0.2:7000 \
	udp:127.0.0.1:5353 "udp:[::1]:5353" udp-conn:127.0.0.1:40000:5353

# Endpoints as "LOCAL PEER", one socket a line, sorted; ss writes the IPv6
# wildcard as "*", portstat as "[::]".  ss leaves its State column out when
# the expression names states, so its endpoints are the last two fields.
ss_set() { # ss_set PROTO-FLAGS WORD...
	local flags=$1
	shift
	ss "$flags"H "$@" 2>&1 | awk '{print $(NF - 1), $NF}' |
		sed -e 's/^\*:/[::]:/' -e 's/ \*:/ [::]:/' | sort
}
ps_set() { # ps_set SOURCE PROTO-FLAGS WORD...
	local src=$1 flags=$2
	shift 2
	"$portstat" "$flags"H --source="$src" "$@" 2>&1 | awk '{print $4, $5}' | sort
}

same_as_ss() { # same_as_ss PROTO-FLAGS WORD...: ss and both sources agree
	local want
	local try nl pr after
	# The TIME_WAIT socket ends 60 s after it began (slower under valgrind):
	# compare only a population that ss saw the same before and after.
	for try in 1 2 3; do
		want=$(ss_set "$@")
		nl=$(ps_set netlink "$@")
		pr=$(ps_set proc "$@")
		after=$(ss_set "$@")
		[ "$want" != "$after" ] || break
	done
	live_check "ss stable over the comparison: $*" "$want" "$after"
	[ -n "$want" ] || echo "note: ss lists nothing for: $*"
	live_check "netlink = ss: $*" "$want" "$nl"
	live_check "proc = ss: $*" "$want" "$pr"
}

same_as_ss -tan state established '( dport = :ssh or sport = :ssh )'
same_as_ss -tan state established '(' dport = :ssh or sport = :ssh ')'
same_as_ss -tan dst 10.0.0.0/8
same_as_ss -tan dst 127.0.0.0/8
same_as_ss -tan src 127.0.0.1:22
same_as_ss -tan src 127.0.0.1
same_as_ss -tan dst 127.0.0.2:7000
same_as_ss -tan 'src [::1]'
same_as_ss -tan 'dst [::1]:8080'
same_as_ss -tan 'src [::ffff:127.0.0.1]'
same_as_ss -tan 'src *:8080'
same_as_ss -tan dport = :8080
same_as_ss -tan dport :8080
same_as_ss -tan dport != :8080
same_as_ss -tan sport '<' :3306
same_as_ss -tan sport '>' :3306
same_as_ss -tan sport '<=' :2222
same_as_ss -tan sport '>=' :8080
same_as_ss -tan dport == 8080
same_as_ss -tan sport eq :ssh
same_as_ss -tan sport neq :ssh
same_as_ss -tan sport ne :ssh
same_as_ss -tan sport lt :1024
same_as_ss -tan sport gt :8080
same_as_ss -tan sport le :443
same_as_ss -tan sport ge :7000
same_as_ss -tan sport geq :7000 and sport leq :8080
same_as_ss -tan exclude listening
same_as_ss -tan exclude listening exclude time-wait
same_as_ss -tan state connected
same_as_ss -tan state synchronized
same_as_ss -tan state bucket
same_as_ss -tan state big
same_as_ss -tan state listening state time-wait
same_as_ss -tan state all exclude established
same_as_ss -tan not sport = :8080
same_as_ss -tan '!' sport = :8080
same_as_ss -tan not '(' sport = :8080 or sport = :22 ')'
same_as_ss -tan sport = :8080 '&&' dport '>' :1024
same_as_ss -tan sport = :8080 '||' sport = :22
same_as_ss -tan sport = :8080 '|' sport = :22 '&' dport = :0
# No precedence: ss groups left to right, "(22 or 8080) and dport 0".
same_as_ss -tan sport = :22 or sport = :8080 and dport = :0
same_as_ss -tan dport = :0 and sport = :22 or sport = :8080
same_as_ss -tan src 127.0.0.1 dport = :8080
same_as_ss -tan state established dst 127.0.0.1 and not dport = :8080
same_as_ss -tan sport = '*'
same_as_ss -tan sport != '*'
same_as_ss -tan dst '*:*'
same_as_ss -uan dport = :5353
same_as_ss -uan sport = :5353
same_as_ss -uan state established
same_as_ss -uan exclude established

# Glued parentheses and "!": ss needs them apart; portstat reads both.
glued() { # glued PORTSTAT-WORDS SS-WORDS...
	local mine=$1
	shift
	# shellcheck disable=SC2086
	live_check "glued: $mine" "$(ss_set -tan "$@")" "$(ps_set netlink -tan $mine)"
}
glued "state established (dport = :ssh or sport = :ssh)" \
	state established '(' dport = :ssh or sport = :ssh ')'
glued "!(sport = :8080)" '!' '(' sport = :8080 ')'
glued "((sport = :22)) or (sport = :443)" '(' '(' sport = :22 ')' ')' or '(' sport = :443 ')'

# Options may sit among the words; the answer is the same.
live_check "options among the words" "$(ps_set netlink -tan sport = :8080)" \
	"$("$portstat" sport = -tanH :8080 2>&1 | awk '{print $4, $5}' | sort)"

# Refusals: one line naming the word, status 2.
refuse() { # refuse MESSAGE WORD...
	local want=$1 out
	shift
	out=$("$portstat" -tan "$@" 2>&1 | head -n1)
	live_check "refused ($*): status" 2 "$("$portstat" -tan "$@" >/dev/null 2>&1; echo $?)"
	live_check "refused ($*): message" "portstat: $want" "$out"
}
refuse "bad filter 'dev': ss's 'dev' condition is not supported (portstat has no interface filter)" \
	dev = lo
refuse "bad filter 'fwmark': ss's 'fwmark' condition is not supported (portstat does not read socket marks)" \
	fwmark = 0x1
refuse "bad filter 'unix:/run/x': family prefix 'unix:' is not supported (-4, -6 and -x choose families)" \
	src unix:/run/x
refuse "bad filter 'or': a condition must follow" sport = :22 or
refuse "bad filter ':22': not a condition: dst, src, dport or sport comes before an address or port" \
	state established :22
refuse "bad filter ':nosuchservice': unknown service name" dport = :nosuchservice
refuse "bad filter 'state': an ss expression comes before portstat's own filter words, not after them" \
	:22 state established

"$portstat" -l state established >/dev/null 2>&1
live_check "-l with state words: status 2" 2 $?
live_check "-l with state words: message" \
	"portstat: -l cannot be combined with ss's state and exclude words (add 'state listen')" \
	"$("$portstat" -l state established 2>&1 | head -n1)"

# No match is status 1, as with portstat's own filters.
"$portstat" -tan sport = :9 >/dev/null 2>&1
live_check "no match: status 1" 1 $?
live_finish
