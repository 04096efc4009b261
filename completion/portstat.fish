# fish completion for portstat(8)
#
# Installed by `cmake --install` and the Debian package as
# share/fish/vendor_completions.d/portstat.fish.  Column names for -O come
# from `portstat -O help`, so they never go stale; tests/cli/test_completions.sh
# checks that every option of the table in src/app/options.c is here.

function __portstat_columns
    portstat -O help 2>/dev/null | string replace -r '\s.*' ''
    echo help
end

function __portstat_states
    string split ' ' 'established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait closed close-wait last-ack listening closing all connected synchronized listen bucket big bound-inactive'
end

# Positional words are FILTERs (:PORT, ADDR, ...), not files.
complete -c portstat -f

# Selection
complete -c portstat -s a -l all -d 'Every socket: servers, connections, bound TCP'
complete -c portstat -s l -l listening -d 'Servers only'
complete -c portstat -s t -l tcp -d TCP
complete -c portstat -s u -l udp -d UDP
complete -c portstat -s U -l udplite -d UDP-Lite
complete -c portstat -s w -l raw -d 'Raw IP'
complete -c portstat -l icmp -d 'ICMP "ping" sockets'
complete -c portstat -s x -l unix -d 'UNIX domain'
complete -c portstat -s 4 -l inet -d 'IPv4 only'
complete -c portstat -s 6 -l inet6 -d 'IPv6 only'
complete -c portstat -l class -x -a '(__fish_complete_list , "string split \" \" \"well-known registered dynamic ephemeral\"")' -d 'Service port class'

# Queries
complete -c portstat -l sport -x -d 'Local port, range or service'
complete -c portstat -l dport -x -d 'Remote port, range or service'
complete -c portstat -l state -x -a '(__fish_complete_list , __portstat_states)' -d 'Socket states'
complete -c portstat -l pid -x -a '(__fish_complete_pids)' -d 'Held by this process'
complete -c portstat -l command -x -a '(__fish_complete_proc)' -d 'Held by this program'
complete -c portstat -l container -x -d 'In this container (name, pod or id prefix)'
complete -c portstat -l user -x -a '(__fish_complete_users)' -d 'Created by this user'
complete -c portstat -l taken -x -d 'Is the port taken? [PROTO/]PORT'

# Output
complete -c portstat -s n -l numeric -d 'Numeric hosts, ports and users'
complete -c portstat -l numeric-hosts -d 'Numeric hosts'
complete -c portstat -l numeric-ports -d 'Numeric ports'
complete -c portstat -l numeric-users -d 'Numeric users'
complete -c portstat -l resolve-timeout -x -d 'Wait at most SECONDS for host names'
complete -c portstat -s e -l extend -d 'Add User and Inode'
complete -c portstat -s o -l timers -d 'Add the Timer column'
complete -c portstat -s i -l info -d 'Add TCP internals (tcp_info)'
complete -c portstat -s m -l memory -d 'Add socket memory'
complete -c portstat -s p -l processes -d 'Add PID/Program name'
complete -c portstat -l program -d 'Add PID/Program name (netstat)'
complete -c portstat -l programs -d 'Add PID/Program name (netstat)'
complete -c portstat -l unit -d 'Add the systemd unit or container'
complete -c portstat -s q -l quiet -d 'Print nothing; only the exit status tells'
complete -c portstat -s W -l wide -d 'Accepted for netstat'
complete -c portstat -s H -l no-header -d 'No titles or column headers'
complete -c portstat -s c -l continuous -d 'Print again every N seconds'
complete -c portstat -s s -l summary -d 'Counts, busiest services, port pressure'
complete -c portstat -l top -x -d 'Rows per summary list'
complete -c portstat -s O -l columns -x -a '(__fish_complete_list , __portstat_columns)' -d 'Choose and order the columns'
complete -c portstat -l json -d 'One JSON document'
complete -c portstat -l jsonl -d 'One JSON object a line'
complete -c portstat -l csv -d 'CSV with a header row'
complete -c portstat -l tsv -d 'Tab-separated values'
complete -c portstat -l openmetrics -d 'OpenMetrics text for Prometheus'
complete -c portstat -l textfile -x -a '(__fish_complete_directories)' -d 'Write DIR/portstat.prom for node_exporter'
complete -c portstat -l csv-safe -d 'Quote CSV/TSV cells a spreadsheet would evaluate'
complete -c portstat -l color -l colour -x -a 'auto always never' -d 'Colour states and classes'

# Sources
complete -c portstat -l source -x -a 'auto netlink proc' -d 'Where sockets come from'
complete -c portstat -l proc-root -x -a '(__fish_complete_directories)' -d 'Read DIR/net/* instead of /proc'
complete -c portstat -l dump-netlink -r -F -d 'Also save the raw netlink replies'
complete -c portstat -s N -l netns -x -a '(ls /run/netns 2>/dev/null)' -d 'Read network namespace NS'
complete -c portstat -l all-netns -d 'Read every network namespace of the host'
complete -c portstat -l nat -d 'Add the NAT column: dialled -> reached (conntrack)'
complete -c portstat -l published -d 'The host\'s published ports (DNAT, REDIRECT, docker-proxy)'
complete -c portstat -s K -l kill -d 'Close the sockets the FILTERs choose'
complete -c portstat -l dry-run -d 'With -K: list what would be closed, close nothing'
complete -c portstat -s E -l events -d 'Stream sockets as they close, until interrupted'
complete -c portstat -l consistent -d 'Read twice, list the union (sockets a read skipped)'
complete -c portstat -l from-netlink -r -F -d 'Read sockets from a saved dump'
complete -c portstat -s v -l verbose -d 'Say which source served each protocol'
complete -c portstat -l services -r -F -d 'Services database'

complete -c portstat -s h -l help -d 'Print the help'
complete -c portstat -s V -l version -d 'Print the version and the features'
