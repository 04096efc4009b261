/*
 * foreign_options.c - the one table of netstat and ss options portstat
 * lacks, and what to run instead.  Where the two tools give a letter
 * different meanings (-r, -F, -M), the hint names both; netstat's -i
 * (interfaces) is not hinted: -i is ss's, portstat's --info.  (ss's -N and
 * --net=NETNS are portstat's too, with their meaning: -N, --netns.)
 */
#include "lib/compat.h"

#include <string.h>

#include "app/foreign_options.h"

struct foreign_option {
	char short_opt;	      /* the letter, or 0 for a long option only */
	const char *long_opt; /* netstat's or ss's long name, or NULL */
	const char *hint;
};

static const struct foreign_option table[] = {
    /* netstat */
    {0, "route", "for the routing table use 'ip route'"},
    {0, "fib", "for the routing table use 'ip route'"},
    {'C', "cache", "for the route cache use 'ip route show cache'"},
    {'g', "groups", "for multicast group memberships use 'ip maddr'"},
    {'Z', "context", "for SELinux contexts use 'ss -Z'"},
    {0, "statistics", "for protocol counters use 'nstat -a' (portstat -s counts sockets)"},
    {0, "masquerade", "for masqueraded connections use 'conntrack -L'"},
    {0, "symbolic", "for hardware names use 'ip link'"},
    /* ss */
    {'b', "bpf", "for socket BPF filters use 'ss -b'"},
    {0, "interfaces", "for interface counters use 'ip -s link'"},
    {0, "mptcp", "for MPTCP sockets use 'ss -M'"},
    /* both, with different meanings */
    {'r', NULL,
     "for the routing table (netstat -r) use 'ip route'; host names (ss -r) are "
     "resolved unless -n"},
    {'F', NULL,
     "for the routing table (netstat -F) use 'ip route'; a filter (ss -F FILE) is "
     "given as words"},
    {'M', NULL,
     "for masqueraded connections (netstat -M) use 'conntrack -L'; "
     "for MPTCP sockets (ss -M) 'ss -M'"},
    {'S', "sctp", "for SCTP sockets use 'ss -S'"},
};

const char *foreign_option_hint(int short_opt, const char *long_opt)
{
	size_t i, n = long_opt != NULL ? strcspn(long_opt, "=") : 0;

	for (i = 0; i < nitems(table); i++) {
		const struct foreign_option *f = &table[i];

		if (short_opt != 0 && f->short_opt == short_opt)
			return f->hint;
		if (long_opt != NULL && f->long_opt != NULL && strlen(f->long_opt) == n &&
		    strncmp(f->long_opt, long_opt, n) == 0)
			return f->hint;
	}
	return NULL;
}
