# bash completion for portstat(8)                          -*- shell-script -*-
#
# Installed by `cmake --install` as share/bash-completion/completions/portstat.
# Column names for -O come from `portstat -O help`, so they never go stale;
# the option list is checked against `portstat --help` by the test suite.

_portstat()
{
	local cur prev words cword
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	local opts="-4 -6 -E -H -K -N -O -U -V -W -a -c -e -h -i -l -m -n -o -p -q -s -t -u -v -w -x
		--all --all-netns --class --color --colour --columns --command --consistent --container --continuous --csv
		--csv-safe --dport --dry-run --dump-netlink --events --extend --from-netlink --help --icmp --inet --inet6 --info --json
		--jsonl --kill --listening --memory --nat --netns --no-header --numeric --numeric-hosts
		--numeric-ports --numeric-users --openmetrics --pid --proc-root --processes --program --programs --published
		--quiet --raw --resolve-timeout --services --source --sport --state --summary --taken --textfile
		--tcp --timers --top --tsv --udp --udplite --unit --unix --user --verbose --version
		--wide"

	# bash splits "--color=al" into "--color" "=" "al" (COMP_WORDBREAKS).
	if [[ $cur == = ]]; then
		cur=""
	elif [[ $prev == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	case $cur in
	--color=* | --colour=*)
		COMPREPLY=($(compgen -W "always auto never" -- "${cur#*=}"))
		return
		;;
	--source=*)
		COMPREPLY=($(compgen -W "auto netlink proc" -- "${cur#*=}"))
		return
		;;
	--class=*)
		COMPREPLY=($(compgen -W "well-known registered dynamic ephemeral" -- "${cur#*=}"))
		return
		;;
	--columns=*)
		cur=${cur#*=}
		prev=-O
		;;
	esac

	case $prev in
	-O | --columns)
		# A comma-separated list: complete the last name only.
		local names head=""
		names=$(portstat -O help 2>/dev/null | awk '{print $1}')
		[[ $cur == *,* ]] && head=${cur%,*},
		COMPREPLY=($(compgen -P "$head" -W "$names help" -- "${cur##*,}"))
		[[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
		return
		;;
	--state | state | exclude | excl)
		# The --state names (and ss's state words) (src/model/state_names.c; test_names checks this list).
		local states="established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait closed close-wait last-ack listening closing all connected synchronized listen bucket big bound-inactive"
		local head=""
		[[ $cur == *,* ]] && head=${cur%,*},
		COMPREPLY=($(compgen -P "$head" -W "$states" -- "${cur##*,}"))
		[[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
		return
		;;
	--proc-root)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	-N | --netns)
		# Names that `ip netns add` made; a path or pid:PID is typed.
		local names
		names=$(ls /run/netns 2>/dev/null)
		COMPREPLY=($(compgen -W "$names" -- "$cur"))
		return
		;;
	--services | --dump-netlink | --from-netlink)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--textfile)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--color | --colour)
		# portstat takes a mode as the next word too ("--color never").
		COMPREPLY=($(compgen -W "always auto never" -- "$cur"))
		return
		;;
	--class)
		COMPREPLY=($(compgen -W "well-known registered dynamic ephemeral" -- "$cur"))
		return
		;;
	--source)
		COMPREPLY=($(compgen -W "auto netlink proc" -- "$cur"))
		return
		;;
	-c | --continuous | --resolve-timeout | --top)
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	fi
}
complete -F _portstat portstat
