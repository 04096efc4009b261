#compdef portstat
# zsh completion for portstat(8)
#
# Installed by `cmake --install` and the Debian package as
# share/zsh/vendor-completions/_portstat.  Column names for -O come from
# `portstat -O help`, so they never go stale; tests/cli/test_completions.sh
# checks that every option of the table in src/app/options.c is here.

# -O, --columns: a comma-separated list of the names `portstat -O help` prints.
_portstat_columns() {
	local -a names
	names=(${${(f)"$(_call_program columns portstat -O help 2>/dev/null)"}%% *} help)
	_values -s , column $names
}

# The --state names (src/model/state_names.c; as in portstat.bash).
_portstat_states() {
	_values -s , state established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait \
		closed close-wait last-ack listening closing all connected synchronized listen \
		bucket big bound-inactive
}

_portstat() {
	local -a formats=(--json --jsonl --csv --tsv)
	_arguments -s -S \
		'(-a --all -l --listening)'{-a,--all}'[every socket: servers, connections, bound TCP]' \
		'(-a --all -l --listening)'{-l,--listening}'[servers only]' \
		'(-t --tcp)'{-t,--tcp}'[TCP]' \
		'(-u --udp)'{-u,--udp}'[UDP]' \
		'(-U --udplite)'{-U,--udplite}'[UDP-Lite]' \
		'(-w --raw)'{-w,--raw}'[raw IP]' \
		'--icmp[ICMP "ping" sockets]' \
		'(-x --unix)'{-x,--unix}'[UNIX domain]' \
		'(-4 --inet)'{-4,--inet}'[IPv4 only]' \
		'(-6 --inet6)'{-6,--inet6}'[IPv6 only]' \
		'--class=[service port class]:class:_values -s , class well-known registered dynamic ephemeral' \
		'*--sport=[local port, range or service]:port:' \
		'*--dport=[remote port, range or service]:port:' \
		'*--state=[socket states]:state:_portstat_states' \
		'*--pid=[held by this process]:pid:_pids' \
		'*--command=[held by this program]:program name:_process_names' \
		'*--container=[in this container]:container name or id:' \
		'*--user=[created by this user]:user:_users' \
		'--taken=[is the port taken?]:[proto/]port:' \
		'(-n --numeric)'{-n,--numeric}'[numeric hosts, ports and users]' \
		'--numeric-hosts[numeric hosts]' \
		'--numeric-ports[numeric ports]' \
		'--numeric-users[numeric users]' \
		'--resolve-timeout=[wait at most this for host names]:seconds:' \
		'(-e --extend)'{-e,--extend}'[add User and Inode]' \
		'(-o --timers)'{-o,--timers}'[add the Timer column]' \
		'(-i --info)'{-i,--info}'[add TCP internals (tcp_info)]' \
		'(-m --memory)'{-m,--memory}'[add socket memory]' \
		'(-p --processes --program --programs)'{-p,--processes,--program,--programs}'[add PID/Program name]' \
		'--unit[add the systemd unit or container]' \
		'(-q --quiet)'{-q,--quiet}'[print nothing; only the exit status tells]' \
		'(-W --wide)'{-W,--wide}'[accepted for netstat]' \
		'(-H --no-header)'{-H,--no-header}'[no titles or column headers]' \
		'(-c --continuous)-c-[print again every N seconds]::seconds:' \
		'(-c --continuous)--continuous=-[print again every N seconds]::seconds:' \
		'(-s --summary)'{-s,--summary}'[counts, busiest services, ephemeral-port pressure]' \
		'--top=[rows per summary list]:count:' \
		'(-O --columns)'{-O+,--columns=}'[choose and order the columns]:columns:_portstat_columns' \
		"($formats)--json[one JSON document]" \
		"($formats)--jsonl[one JSON object a line]" \
		"($formats)--csv[CSV with a header row]" \
		"($formats)--tsv[tab-separated values]" \
		"($formats)--openmetrics[OpenMetrics text for Prometheus]" \
		"($formats)--textfile=[write DIR/portstat.prom for node_exporter]:directory:_directories" \
		"--csv-safe[quote CSV/TSV cells a spreadsheet would evaluate]" \
		'(--color --colour)'{--color=-,--colour=-}'[colour states and classes]::when:(auto always never)' \
		'--source=[where sockets come from]:source:(auto netlink proc)' \
		'--proc-root=[read DIR/net/* instead of /proc]:directory:_directories' \
		'--dump-netlink=[also save the raw netlink replies]:file:_files' \
		'(--all-netns)*'{-N+,--netns=}'[read network namespace NS]:namespace:_files -W /run/netns' \
		'(-N --netns)--all-netns[read every network namespace of the host]' \
		'--nat[add the NAT column: the endpoint dialled and the one reached]' \
		'--published[list the published ports: DNAT, REDIRECT, docker-proxy]' \
		'(-K --kill -E --events)'{-K,--kill}'[close the sockets the FILTERs choose]' \
		'--dry-run[with -K: list what would be closed, close nothing]' \
		'(-K --kill -E --events)'{-E,--events}'[stream sockets as they close, until interrupted]' \
		'--consistent[read twice, list the union (sockets a read skipped under churn)]' \
		'--from-netlink=[read sockets from a saved dump]:file:_files' \
		'(-v --verbose)'{-v,--verbose}'[say which source served each protocol]' \
		'--services=[services database]:file:_files' \
		'(- *)'{-h,--help}'[print the help]' \
		'(- *)'{-V,--version}'[print the version and the features]' \
		'*:filter:'
}

_portstat "$@"
