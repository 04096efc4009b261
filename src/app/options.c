/*
 * options.c - getopt_long table and the --help text, kept side by side.
 */
#include "lib/compat.h"

#include <getopt.h>
#include <stdio.h>

#include "model/conntable.h"
#include "filter/query.h"
#include "filter/select.h"
#include "filter/ss_expr.h"
#include "app/foreign_options.h"
#include "app/options.h"
#include "enrich/resolver.h"
#include "source/source.h"
#include "aggregate/summary.h"
#include "lib/number.h"
#include "lib/xmalloc.h"

enum long_only {
	OPT_PROC_ROOT = 256,
	OPT_NUMERIC_HOSTS,
	OPT_NUMERIC_PORTS,
	OPT_NUMERIC_USERS,
	OPT_SERVICES,
	OPT_RESOLVE_TIMEOUT,
	OPT_CLASS,
	OPT_SOURCE,
	OPT_DUMP_NETLINK,
	OPT_CONSISTENT,
	OPT_FROM_NETLINK,
	OPT_JSON,
	OPT_JSONL,
	OPT_CSV,
	OPT_CSV_SAFE,
	OPT_TSV,
	OPT_COLOR,
	OPT_UNIT,
	OPT_SPORT,
	OPT_DPORT,
	OPT_STATE,
	OPT_PID,
	OPT_COMMAND,
	OPT_CONTAINER,
	OPT_PROGRAMS,
	OPT_USER,
	OPT_TOP,
	OPT_TAKEN,
	OPT_ICMP,
	OPT_ALL_NETNS,
	OPT_PUBLISHED,
	OPT_NAT,
	OPT_DRY_RUN,
	OPT_OPENMETRICS,
	OPT_TEXTFILE,
};

static const char short_opts[] = ":46EHKN:O:UVWac::ehilmnopqstuvwx";

static const struct option long_opts[] = {
    {"all", no_argument, NULL, 'a'},
    {"all-netns", no_argument, NULL, OPT_ALL_NETNS},
    {"class", required_argument, NULL, OPT_CLASS},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"columns", required_argument, NULL, 'O'},
    {"command", required_argument, NULL, OPT_COMMAND},
    {"consistent", no_argument, NULL, OPT_CONSISTENT},
    {"container", required_argument, NULL, OPT_CONTAINER},
    {"continuous", optional_argument, NULL, 'c'},
    {"csv", no_argument, NULL, OPT_CSV},
    {"csv-safe", no_argument, NULL, OPT_CSV_SAFE},
    {"dport", required_argument, NULL, OPT_DPORT},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"dump-netlink", required_argument, NULL, OPT_DUMP_NETLINK},
    {"events", no_argument, NULL, 'E'},
    {"extend", no_argument, NULL, 'e'},
    {"from-netlink", required_argument, NULL, OPT_FROM_NETLINK},
    {"help", no_argument, NULL, 'h'},
    {"icmp", no_argument, NULL, OPT_ICMP},
    {"inet", no_argument, NULL, '4'},
    {"info", no_argument, NULL, 'i'},
    {"inet6", no_argument, NULL, '6'},
    {"json", no_argument, NULL, OPT_JSON},
    {"kill", no_argument, NULL, 'K'},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"netns", required_argument, NULL, 'N'},
    {"listening", no_argument, NULL, 'l'},
    {"no-header", no_argument, NULL, 'H'},
    {"memory", no_argument, NULL, 'm'},
    {"numeric", no_argument, NULL, 'n'},
    {"numeric-hosts", no_argument, NULL, OPT_NUMERIC_HOSTS},
    {"numeric-ports", no_argument, NULL, OPT_NUMERIC_PORTS},
    {"numeric-users", no_argument, NULL, OPT_NUMERIC_USERS},
    {"openmetrics", no_argument, NULL, OPT_OPENMETRICS},
    {"pid", required_argument, NULL, OPT_PID},
    {"nat", no_argument, NULL, OPT_NAT},
    {"published", no_argument, NULL, OPT_PUBLISHED},
    {"proc-root", required_argument, NULL, OPT_PROC_ROOT},
    {"processes", no_argument, NULL, 'p'},
    {"program", no_argument, NULL, OPT_PROGRAMS}, /* netstat's long forms of -p */
    {"programs", no_argument, NULL, OPT_PROGRAMS},
    {"quiet", no_argument, NULL, 'q'},
    {"raw", no_argument, NULL, 'w'},
    {"resolve-timeout", required_argument, NULL, OPT_RESOLVE_TIMEOUT},
    {"services", required_argument, NULL, OPT_SERVICES},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"sport", required_argument, NULL, OPT_SPORT},
    {"state", required_argument, NULL, OPT_STATE},
    {"summary", no_argument, NULL, 's'},
    {"taken", required_argument, NULL, OPT_TAKEN},
    {"textfile", required_argument, NULL, OPT_TEXTFILE},
    {"tcp", no_argument, NULL, 't'},
    {"timers", no_argument, NULL, 'o'},
    {"top", required_argument, NULL, OPT_TOP},
    {"tsv", no_argument, NULL, OPT_TSV},
    {"udp", no_argument, NULL, 'u'},
    {"udplite", no_argument, NULL, 'U'},
    {"unit", no_argument, NULL, OPT_UNIT},
    {"unix", no_argument, NULL, 'x'},
    {"user", required_argument, NULL, OPT_USER},
    {"verbose", no_argument, NULL, 'v'},
    {"version", no_argument, NULL, 'V'},
    {"wide", no_argument, NULL, 'W'},
    {NULL, 0, NULL, 0},
};

static const char usage_text[] =
    "usage: portstat [-46aehHilmnopqstuUvVwWx] [-c [SECONDS]] [--proc-root DIR] [--services FILE]\n"
    "                [-O LIST] [--json | --jsonl | --csv | --tsv] [--color [WHEN]]\n"
    "                [--unit] [--sport P] [--dport P] [--state LIST] [--pid PID]\n"
    "                [--command NAME] [--user USER] [--taken [PROTO/]PORT]\n"
    "                [-N NS | --all-netns] [--container NAME] [--published] [--nat]\n"
    "                [-K [--dry-run] | -E] [FILTER...]\n"
    "\n"
    "List sockets like netstat -an, with the service, port class and direction\n"
    "of every pair.\n"
    "\n"
    "Selection:\n"
    "  -a, --all             every socket: servers, connections, bound TCP\n"
    "  -l, --listening       servers only: listening, unconnected datagram\n"
    "                        (neither: connections in any state, as netstat)\n"
    "  -t, --tcp             TCP            -u, --udp       UDP\n"
    "  -U, --udplite         UDP-Lite       -w, --raw       raw IP\n"
    "      --icmp            ICMP \"ping\" sockets (/proc/net/icmp, icmp6)\n"
    "  -x, --unix            UNIX domain    (none of these: all of them)\n"
    "  -4, --inet            IPv4 only      -6, --inet6     IPv6 only\n"
    "      --class LIST      service port class: well-known, registered, dynamic;\n"
    "                        ephemeral: local port in the host's ephemeral range\n"
    "\n"
    "Queries (AND across kinds, OR within one; lists are comma-separated):\n"
    "  FILTER                :PORT, :SERVICE, :LOW-HIGH, ADDR, ADDR/PREFIX, ADDR:PORT,\n"
    "                        [IPv6]:PORT, ADDR%IF (fe80::1%eth0); matches the local\n"
    "                        or the remote end; or, first word one of ss's keywords,\n"
    "                        ss's expression:\n"
    "                        state established '( dport = :ssh or sport = :ssh )'\n"
    "      --sport P         local port, range or service   --dport P  remote one\n"
    "      --state LIST      established, syn-sent, syn-recv, fin-wait-1, fin-wait-2,\n"
    "                        time-wait, closed, close-wait, last-ack, listening,\n"
    "                        closing, all, connected, synchronized, listen, bucket, big,\n"
    "                        bound-inactive\n"
    "      --pid PID         held by this process   --command NAME  by this program\n"
    "                        (its name as shown, or in full where the kernel cut it)\n"
    "      --user USER       created by this user (name or uid)\n"
    "      --container NAME  in this container's namespace or held by one of its\n"
    "                        processes (name, pod, NAMESPACE/POD or id prefix)\n"
    "      --taken [PROTO/]PORT  is the port taken?  every TCP, UDP and UDP-Lite\n"
    "                        socket (or PROTO's: tcp, udp, udplite) on that local\n"
    "                        port, in any state; status 1 when none\n"
    "  State names match in any case, with '_' for '-', as printed (TIME_WAIT);\n"
    "  -l and --state exclude each other (add listen to the list).\n"
    "\n"
    "Actions:\n"
    "  -K, --kill            close the sockets the FILTERs choose (TCP sends a reset;\n"
    "                        needs CAP_NET_ADMIN and a FILTER); lists those closed\n"
    "                        and says why of each that could not be; status 3 then\n"
    "      --dry-run         with -K: list what would be closed, close nothing\n"
    "  -E, --events          stream TCP and UDP sockets as they close, with their\n"
    "                        last counters, and listeners opened, closed or\n"
    "                        replaced, until interrupted (SIGINT: status 0)\n"
    "\n"
    "Output:\n"
    "  -n, --numeric         numeric hosts, ports and users\n"
    "      --numeric-hosts   --numeric-ports   --numeric-users\n"
    "      --resolve-timeout SECONDS  wait at most this for host names (default 2)\n"
    "  -e, --extend          add User and Inode\n"
    "  -o, --timers          add netstat's Timer column\n"
    "  -i, --info            add TCP internals (tcp_info): cong, rtt_us, cwnd,\n"
    "                        retrans, delivery_rate_bps... (-O help lists all)\n"
    "  -m, --memory          add socket memory: rmem_alloc, rcvbuf, wmem_alloc,\n"
    "                        sndbuf, drops (TCP, UDP, raw, unix; netlink only)\n"
    "  -p, --processes       add PID/Program name (first owner by PID, +N more;\n"
    "                        ? = hidden from this user, +? = maybe more hidden,\n"
    "                        - = no process); also --program, --programs\n"
    "      --unit            add the owner's systemd unit or container (implies -p)\n"
    "  -q, --quiet           print nothing; only the exit status tells\n"
    "  -W, --wide            accepted for netstat; output is never truncated\n"
    "  -H, --no-header       no section titles or column headers\n"
    "  -c, --continuous [N]  print again every N seconds (default 1, down to 0.1);\n"
    "                        each table starts with '--- TIME ---', CSV has one header\n"
    "  -s, --summary         counts by protocol, state and class, busiest services\n"
    "                        and ephemeral-port pressure per source and destination\n"
    "                        (as ss -s; all states unless -l or --state); -c adds\n"
    "                        the change\n"
    "      --top N           rows per summary list (default 10)\n"
    "  -O, --columns LIST    choose and order the columns (-O help lists them)\n"
    "      --json            one JSON document        --jsonl   one JSON object a line\n"
    "      --csv             CSV with a header row    --tsv     tab-separated values\n"
    "                        (one of --json, --jsonl, --csv, --tsv)\n"
    "      --csv-safe        with --csv or --tsv: a cell starting with = + - @\n"
    "                        gets a ' first, so no spreadsheet runs it\n"
    "      --openmetrics     OpenMetrics text for Prometheus: sockets, listeners,\n"
    "                        accept queues, ephemeral ports (all sockets unless -l)\n"
    "      --textfile DIR    write it to DIR/portstat.prom atomically, for\n"
    "                        node_exporter's textfile collector (-c N: every N s)\n"
    "      --color [WHEN]    colour states and classes: auto, always, never\n"
    "\n"
    "Sources:\n"
    "      --source=KIND     auto (netlink, /proc per protocol where it cannot\n"
    "                        serve), netlink or proc\n"
    "      --proc-root DIR   read DIR/net/* instead of /proc (a saved tree)\n"
    "      --dump-netlink F  also save the raw netlink replies to F\n"
    "      --from-netlink F  read sockets from such a file (or pipe, at most\n"
    "                        256 MiB) instead of the kernel\n"
    "  -N, --netns NS        read network namespace NS (a name under /run/netns,\n"
    "                        a namespace file, pid:PID, a container's name or id\n"
    "                        prefix); repeatable, or NS,NS\n"
    "      --all-netns       read every network namespace of the host\n"
    "      --published       list the host's published ports instead: DNAT and\n"
    "                        REDIRECT rules, docker-proxy; each with the namespace,\n"
    "                        container and program that answer (FILTER: host ports)\n"
    "      --nat             add the NAT column: for a connection a DNAT rule\n"
    "                        translated, the endpoint dialled -> the one reached\n"
    "                        (conntrack; needs CAP_NET_ADMIN)\n"
    "      --consistent      read the sockets twice and list their union: a socket\n"
    "                        that one read missed under churn is found in the other\n"
    "                        (-q reads again before it answers no match)\n"
    "  -v, --verbose         say on stderr which source served each protocol\n"
    "      --services FILE   services database: a regular file of at most 16 MiB\n"
    "                        (default /etc/services; /dev/null: the built-in one)\n"
    "\n"
    "  -h, --help            this text        -V, --version   the version\n"
    "\n"
    "Exit status: 0 some socket listed, 1 a filter was given and nothing matched,\n"
    "2 usage error, 3 no socket source could be read or output failed.  See portstat(8).\n";

const char *options_usage(void)
{
	return usage_text;
}

/* A whole decimal word in [min, max]. */
static bool parse_count(const char *s, long long min, long long max, long long *out)
{
	return number_parse(s, strlen(s), min, max, out) == 0;
}

static bool parse_top(const char *s, size_t *out)
{
	long long v;

	if (!parse_count(s, 1, 1000000, &v))
		return false;
	*out = (size_t)v;
	return true;
}

/* SECONDS with up to three decimals ("2", "0.25", "5."), 0 to max, into milliseconds. */
static bool parse_seconds(const char *s, long long max, unsigned *ms)
{
	const char *dot = strchr(s, '.');
	size_t wlen = dot != NULL ? (size_t)(dot - s) : strlen(s);
	size_t flen = dot != NULL ? strlen(dot + 1) : 0;
	long long whole, frac = 0;

	if (number_parse(s, wlen, 0, max, &whole) != 0 || flen > 3)
		return false;
	if (flen > 0 && number_parse(dot + 1, flen, 0, 999, &frac) != 0)
		return false;
	for (; flen < 3; flen++) /* "0.5" is 500 ms */
		frac *= 10;
	if (whole == max && frac > 0)
		return false;
	*ms = (unsigned)(whole * 1000 + frac);
	return true;
}

/* -c's interval: 0.1 to 86400 seconds; shorter would only spin. */
static bool parse_interval(const char *s, unsigned *ms)
{
	return parse_seconds(s, 86400, ms) && *ms >= 100;
}

/* Digits with at most one '.': a word after -c that is its interval, since
 * no FILTER looks like that ("0.5" is no address, "10.0.0.1" has more dots). */
static bool looks_like_seconds(const char *s)
{
	size_t digits = strspn(s, "0123456789");

	if (digits == 0)
		return false;
	if (s[digits] == '.')
		s += digits + 1 + strspn(s + digits + 1, "0123456789");
	else
		s += digits;
	return *s == '\0';
}

static void defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->interval_ms = 1000;
	o->proc_root = "/proc";
	o->services_file = "/etc/services";
	o->resolve_timeout_ms = RESOLVER_DEFAULT_TIMEOUT_MS;
	o->top = SUMMARY_DEFAULT_TOP;
}

static enum filter_arg_kind filter_kind(int ch)
{
	switch (ch) {
	case OPT_SPORT:
		return FARG_SPORT;
	case OPT_DPORT:
		return FARG_DPORT;
	case OPT_STATE:
		return FARG_STATE;
	case OPT_PID:
		return FARG_PID;
	case OPT_COMMAND:
		return FARG_COMMAND;
	default:
		return FARG_USER;
	}
}

/* Every filter takes at least one word of argv, so argc entries always suffice. */
static void add_filter_arg(struct options *o, int argc, enum filter_arg_kind kind, const char *text)
{
	if (o->filter_args == NULL)
		o->filter_args = xreallocarray(NULL, (size_t)argc, sizeof(*o->filter_args));
	o->filter_args[o->n_filter_args++] = (struct filter_arg){kind, text};
}

/* The positional words from argv[first] on, joined by spaces (allocated). */
static char *join_words(int argc, char **argv, int first)
{
	size_t len = 1, pos = 0;
	char *s;
	int i;

	for (i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xmalloc(len);
	for (i = first; i < argc; i++) {
		size_t n = strlen(argv[i]);

		memcpy(s + pos, argv[i], n);
		pos += n;
		s[pos++] = ' ';
	}
	s[pos > 0 ? pos - 1 : 0] = '\0';
	return s;
}

void options_free(struct options *o)
{
	free(o->ss_expr);
	o->ss_expr = NULL;
	free(o->filter_args);
	o->filter_args = NULL;
	o->n_filter_args = 0;
	free(o->netns_args);
	o->netns_args = NULL;
	o->n_netns_args = 0;
}

/* The protocols whose ports bind() can find taken. */
#define TAKEN_PROTOS ((1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_UDPLITE))

/*
 * --taken [PROTO/]PORTS: the local ports (a --sport list, so service names
 * and ranges work) and the protocols asked about.  Given once: two would
 * mix one's protocol with the other's ports.
 */
static bool parse_taken(struct options *o, int argc, const char *arg, char *msg, size_t msglen)
{
	static const struct {
		const char *name;
		unsigned proto;
	} protos[] = {{"tcp", PROTO_TCP}, {"udp", PROTO_UDP}, {"udplite", PROTO_UDPLITE}};
	const char *slash = strchr(arg, '/');
	size_t i;

	if (o->taken_protos != 0) {
		(void)snprintf(msg, msglen, "--taken is given once");
		return false;
	}
	if (slash == NULL) {
		o->taken_protos = TAKEN_PROTOS;
		add_filter_arg(o, argc, FARG_TAKEN, arg);
		return true;
	}
	for (i = 0; i < nitems(protos); i++)
		if (strlen(protos[i].name) == (size_t)(slash - arg) &&
		    memcmp(protos[i].name, arg, (size_t)(slash - arg)) == 0)
			o->taken_protos = 1u << protos[i].proto;
	if (o->taken_protos == 0) {
		(void)snprintf(msg, msglen,
			       "invalid protocol for --taken: '%.*s' (tcp, udp, udplite)",
			       (int)(slash - arg), arg);
		return false;
	}
	add_filter_arg(o, argc, FARG_TAKEN, slash + 1);
	return true;
}

/* --taken lists every state of its protocols; -l or another protocol would narrow it silently. */
static bool finish_taken(struct options *o, char *msg, size_t msglen)
{
	if (o->listening) {
		(void)snprintf(msg, msglen,
			       "--taken lists every state: -l cannot be combined with it");
		return false;
	}
	if (o->protos != 0 && (o->protos & ~o->taken_protos) != 0) {
		(void)snprintf(msg, msglen,
			       "--taken asks about TCP, UDP and UDP-Lite ports: -t, -u, -U "
			       "may narrow it, other protocols cannot be combined with it");
		return false;
	}
	if (o->protos == 0)
		o->protos = o->taken_protos;
	o->all = true;
	return true;
}

static const char *option_name(int argc, char **argv)
{
	/* optind points past the offending word, or at it for a short-option cluster. */
	int i = optind - 1;

	if (i >= 0 && i < argc)
		return argv[i];
	return "?";
}

/* An option portstat lacks; netstat's and ss's get the command to use instead. */
static enum options_result unknown_option(int argc, char **argv, char *msg, size_t msglen)
{
	char letter[3] = {'-', (char)optopt, '\0'};
	const char *word = optopt != 0 ? letter : option_name(argc, argv);
	const char *hint = NULL;

	if (optopt != 0)
		hint = foreign_option_hint(optopt, NULL);
	else if (strncmp(word, "--", 2) == 0)
		hint = foreign_option_hint(0, word + 2);
	if (hint != NULL) /* the option's name, without its "=VALUE" */
		(void)snprintf(msg, msglen, "'%.*s' is not a portstat option; %s",
			       (int)strcspn(word, "="), word, hint);
	else
		(void)snprintf(msg, msglen, "unknown option '%s'", word);
	return OPTIONS_ERROR;
}

/* One output format per run: a second, different one is refused. */
static bool set_output(struct options *o, enum output_format f, const char *name,
		       const char **given, char *msg, size_t msglen)
{
	if (*given != NULL && o->output != f) {
		(void)snprintf(msg, msglen, "%s cannot be combined with %s", *given, name);
		return false;
	}
	o->output = f;
	*given = name;
	return true;
}

/* Whether an ss expression (or NULL) begins with state words; they can only come first. */
static bool ss_expr_has_state_words(const char *expr)
{
	const char *p;
	size_t n;

	if (expr == NULL)
		return false;
	p = expr + strspn(expr, " \t\n");
	n = strcspn(p, " \t\n()");
	return (n == 5 && memcmp(p, "state", 5) == 0) || (n == 7 && memcmp(p, "exclude", 7) == 0) ||
	       (n == 4 && memcmp(p, "excl", 4) == 0);
}

/* Whether the filters hold one of this kind (--state, --pid, ...). */
static bool has_filter_kind(const struct options *o, enum filter_arg_kind kind)
{
	size_t i;

	for (i = 0; i < o->n_filter_args; i++)
		if (o->filter_args[i].kind == kind)
			return true;
	return false;
}

/* -K and -E act on this host's kernel, now; -K only on what a FILTER chose. */
static bool check_actions(const struct options *o, char *msg, size_t msglen)
{
	const char *clash = o->from_netlink != NULL ? "--from-netlink"
			    : o->proc_root_given    ? "--proc-root"
			    : o->published	    ? "--published"
			    : o->summary	    ? "-s"
			    : o->continuous	    ? "-c"
						    : NULL;

	if (o->dry_run && !o->kill) {
		(void)snprintf(msg, msglen, "--dry-run needs -K");
		return false;
	}
	if (o->kill && o->events) {
		(void)snprintf(msg, msglen, "-K cannot be combined with -E");
		return false;
	}
	if ((o->kill || o->events) && clash != NULL) {
		(void)snprintf(msg, msglen, "%s cannot be combined with %s", o->kill ? "-K" : "-E",
			       clash);
		return false;
	}
	if (o->kill && o->n_filter_args == 0) {
		/* -t or -l alone would close every TCP connection or every server. */
		(void)snprintf(
		    msg, msglen,
		    "-K needs a FILTER (ADDR, :PORT, --sport, --dport, --state, --pid, "
		    "--command, --user, an ss expression): it never closes every socket");
		return false;
	}
	/* The kernel's notification of a closed socket carries no uid (its file
	 * is gone), one closed between two owner scans has no known owner, and
	 * a notification no service class: such a filter would drop it unseen. */
	if (o->events && (has_filter_kind(o, FARG_PID) || has_filter_kind(o, FARG_COMMAND) ||
			  has_filter_kind(o, FARG_USER) || has_filter_kind(o, FARG_CONTAINER) ||
			  o->classes != 0)) {
		(void)snprintf(
		    msg, msglen,
		    "-E takes no --pid, --command, --user, --container or --class: a socket "
		    "that closes may have no known owner or user; filter by address, "
		    "port or state");
		return false;
	}
	if (o->events && o->output != OUTPUT_TABLE && o->output != OUTPUT_JSONL) {
		(void)snprintf(msg, msglen, "-E prints a table or --jsonl");
		return false;
	}
	return true;
}

static enum options_result parse(int argc, char **argv, struct options *o, char *msg, size_t msglen)
{
	const char *format_given = NULL; /* the output format option seen, for the clash message */
	int ch;

	defaults(o);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (ch) {
		case '4':
			o->inet4 = true;
			break;
		case '6':
			o->inet6 = true;
			break;
		case 'H':
			o->no_header = true;
			break;
		case 'O':
			o->columns = optarg;
			break;
		case 'U':
			o->protos |= 1u << PROTO_UDPLITE;
			break;
		case 'V':
			return OPTIONS_VERSION;
		case 'W':
			o->wide = true;
			break;
		case 'a':
			o->all = true;
			break;
		case 'c':
			o->continuous = true;
			/* A following number is the interval, even one out of range. */
			if (optarg == NULL && optind < argc && looks_like_seconds(argv[optind]))
				optarg = argv[optind++];
			if (optarg != NULL && !parse_interval(optarg, &o->interval_ms)) {
				(void)snprintf(
				    msg, msglen,
				    "invalid interval for -c: '%s' (0.1 to 86400 seconds, "
				    "at most 3 decimals)",
				    optarg);
				return OPTIONS_ERROR;
			}
			break;
		case 'e':
			o->extend = true;
			break;
		case 'E':
			o->events = true;
			break;
		case 'K':
			o->kill = true;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case 'h':
			return OPTIONS_HELP;
		case 'l':
			o->listening = true;
			break;
		case 'n':
			o->numeric_hosts = o->numeric_ports = o->numeric_users = true;
			break;
		case 'o':
			o->timers = true;
			break;
		case 'i':
			o->info = true;
			break;
		case 'm':
			o->memory = true;
			break;
		case 't':
			o->protos |= 1u << PROTO_TCP;
			break;
		case 'u':
			o->protos |= 1u << PROTO_UDP;
			break;
		case 'w':
			o->protos |= 1u << PROTO_RAW;
			break;
		case 'x':
			o->protos |= 1u << PROTO_UNIX;
			break;
		case OPT_ICMP:
			o->protos |= 1u << PROTO_ICMP;
			break;
		case OPT_TAKEN:
			if (!parse_taken(o, argc, optarg, msg, msglen))
				return OPTIONS_ERROR;
			break;
		case OPT_NUMERIC_HOSTS:
			o->numeric_hosts = true;
			break;
		case OPT_NUMERIC_PORTS:
			o->numeric_ports = true;
			break;
		case OPT_NUMERIC_USERS:
			o->numeric_users = true;
			break;
		case OPT_PROC_ROOT:
			if (*optarg == '\0') {
				(void)snprintf(msg, msglen, "--proc-root needs a directory");
				return OPTIONS_ERROR;
			}
			o->proc_root = optarg;
			o->proc_root_given = true;
			break;
		case OPT_SERVICES:
			o->services_file = optarg;
			o->services_given = true;
			break;
		case OPT_RESOLVE_TIMEOUT:
			if (!parse_seconds(optarg, 60, &o->resolve_timeout_ms)) {
				(void)snprintf(msg, msglen,
					       "invalid time for --resolve-timeout: '%s' (0 to 60 "
					       "seconds, at most 3 decimals)",
					       optarg);
				return OPTIONS_ERROR;
			}
			break;
		case OPT_CLASS:
			if (filter_parse_classes(optarg, &o->classes) != 0) {
				(void)snprintf(msg, msglen,
					       "invalid class for --class: '%s' (well-known, "
					       "registered, dynamic, ephemeral)",
					       optarg);
				return OPTIONS_ERROR;
			}
			break;
		case OPT_SOURCE:
			if (strcmp(optarg, "auto") == 0)
				o->source = SOURCE_AUTO;
			else if (strcmp(optarg, "netlink") == 0)
				o->source = SOURCE_NETLINK;
			else if (strcmp(optarg, "proc") == 0)
				o->source = SOURCE_PROC;
			else {
				(void)snprintf(
				    msg, msglen,
				    "invalid value for --source: '%s' (auto, netlink, proc)",
				    optarg);
				return OPTIONS_ERROR;
			}
			break;
		case OPT_CONSISTENT:
			o->consistent = true;
			break;
		case OPT_DUMP_NETLINK:
			o->dump_netlink = optarg;
			break;
		case OPT_FROM_NETLINK:
			o->from_netlink = optarg;
			break;
		case 'N':
			/* Each -N takes a word of argv: argc entries always suffice. */
			if (o->netns_args == NULL)
				o->netns_args =
				    xreallocarray(NULL, (size_t)argc, sizeof(*o->netns_args));
			o->netns_args[o->n_netns_args++] = optarg;
			break;
		case OPT_ALL_NETNS:
			o->all_netns = true;
			break;
		case OPT_PUBLISHED:
			o->published = true;
			break;
		case OPT_NAT:
			o->nat = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case OPT_JSON:
			if (!set_output(o, OUTPUT_JSON, "--json", &format_given, msg, msglen))
				return OPTIONS_ERROR;
			break;
		case OPT_JSONL:
			if (!set_output(o, OUTPUT_JSONL, "--jsonl", &format_given, msg, msglen))
				return OPTIONS_ERROR;
			break;
		case OPT_CSV:
			if (!set_output(o, OUTPUT_CSV, "--csv", &format_given, msg, msglen))
				return OPTIONS_ERROR;
			break;
		case OPT_TSV:
			if (!set_output(o, OUTPUT_TSV, "--tsv", &format_given, msg, msglen))
				return OPTIONS_ERROR;
			break;
		case OPT_OPENMETRICS:
			if (!set_output(o, OUTPUT_OPENMETRICS, "--openmetrics", &format_given, msg,
					msglen))
				return OPTIONS_ERROR;
			break;
		case OPT_TEXTFILE:
			if (!set_output(o, OUTPUT_OPENMETRICS, "--textfile", &format_given, msg,
					msglen))
				return OPTIONS_ERROR;
			o->textfile = optarg;
			break;
		case OPT_CSV_SAFE:
			o->csv_safe = true;
			break;
		case OPT_COLOR:
			/* "--color never": a word no FILTER can be is the value, as with "=". */
			if (optarg == NULL && optind < argc &&
			    colour_parse_mode(argv[optind], &o->colour))
				optind++;
			else if (optarg == NULL)
				o->colour = COLOUR_ALWAYS;
			else if (!colour_parse_mode(optarg, &o->colour)) {
				(void)snprintf(
				    msg, msglen,
				    "invalid value for --color: '%s' (auto, always, never)",
				    optarg);
				return OPTIONS_ERROR;
			}
			break;
		case 'p':
			o->owners = true;
			break;
		case OPT_PROGRAMS:
			o->owners = true;
			/* "--program nginx" from habit: the word is then a FILTER that will
			 * not parse, and its error names --command (run_configure.c). */
			if (optind < argc)
				o->after_program = argv[optind];
			break;
		case 'q':
			o->quiet = true;
			break;
		case 's':
			o->summary = true;
			break;
		case OPT_TOP:
			if (!parse_top(optarg, &o->top)) {
				(void)snprintf(msg, msglen,
					       "invalid count for --top: '%s' (1 to 1000000)",
					       optarg);
				return OPTIONS_ERROR;
			}
			break;
		case OPT_UNIT:
			o->units = o->owners = true;
			break;
		case OPT_COMMAND:
			/* "--command -p" or ":80": an option or a FILTER, not a name. */
			if (*optarg == '-' || *optarg == ':') {
				(void)snprintf(msg, msglen,
					       "invalid value for --command: '%s' (a program name, "
					       "not an option or a filter)",
					       optarg);
				return OPTIONS_ERROR;
			}
			add_filter_arg(o, argc, FARG_COMMAND, optarg);
			break;
		case OPT_CONTAINER:
			o->container_given = true;
			add_filter_arg(o, argc, FARG_CONTAINER, optarg);
			break;
		case OPT_SPORT:
		case OPT_DPORT:
		case OPT_STATE:
		case OPT_PID:
		case OPT_USER:
			add_filter_arg(o, argc, filter_kind(ch), optarg);
			break;
		case ':':
			(void)snprintf(msg, msglen, "option '%s' needs an argument",
				       option_name(argc, argv));
			return OPTIONS_ERROR;
		case '?':
		default:
			if (optopt == OPT_PROGRAMS) {
				(void)snprintf(
				    msg, msglen,
				    "'%s': --program takes no value (it is netstat's -p); "
				    "the process-name filter is --command NAME",
				    option_name(argc, argv));
				return OPTIONS_ERROR;
			}
			return unknown_option(argc, argv, msg, msglen);
		}
	}
	/* Words left over are positional FILTERs (getopt moved them to the end),
	 * or one ss filter expression when the first is one of ss's keywords. */
	if (optind < argc && ss_expr_starts(argv[optind])) {
		o->ss_expr = join_words(argc, argv, optind);
		add_filter_arg(o, argc, FARG_SS_EXPR, o->ss_expr);
		optind = argc;
	}
	for (; optind < argc; optind++) {
		/* Read as an address it would be "bad address": say what is wrong. */
		if (ss_expr_starts(argv[optind])) {
			(void)snprintf(msg, msglen,
				       "bad filter '%s': an ss expression comes before portstat's "
				       "own filter words, not after them",
				       argv[optind]);
			return OPTIONS_ERROR;
		}
		add_filter_arg(o, argc, FARG_ENDPOINT, argv[optind]);
	}
	if (o->listening && has_filter_kind(o, FARG_STATE)) {
		/* Both choose states: an intersection would be empty for all but
		 * listening, a union would make -l mean more than servers. */
		(void)snprintf(
		    msg, msglen,
		    "-l cannot be combined with --state (add 'listen' to the --state list)");
		return OPTIONS_ERROR;
	}
	if (o->listening && ss_expr_has_state_words(o->ss_expr)) {
		(void)snprintf(msg, msglen,
			       "-l cannot be combined with ss's state and exclude words (add "
			       "'state listen')");
		return OPTIONS_ERROR;
	}
	if (o->proc_root_given && o->source == SOURCE_NETLINK) {
		/* A saved tree has no netlink: reading the live kernel instead
		 * would print another host's sockets as the tree's. */
		(void)snprintf(msg, msglen, "--source=netlink cannot be combined with --proc-root");
		return OPTIONS_ERROR;
	}
	if (o->proc_root_given)
		o->source = SOURCE_PROC;
	if (o->from_netlink != NULL && (o->proc_root_given || o->dump_netlink != NULL)) {
		(void)snprintf(msg, msglen, "--from-netlink cannot be combined with %s",
			       o->proc_root_given ? "--proc-root" : "--dump-netlink");
		return OPTIONS_ERROR;
	}
	if (o->published && (o->from_netlink != NULL || o->proc_root_given || o->summary ||
			     o->output == OUTPUT_CSV || o->output == OUTPUT_TSV || o->columns)) {
		/* The rules, proxies and addresses are this host's, now. */
		(void)snprintf(msg, msglen, "--published cannot be combined with %s",
			       o->from_netlink != NULL ? "--from-netlink"
			       : o->proc_root_given    ? "--proc-root"
			       : o->summary	       ? "-s"
			       : o->columns	       ? "-O"
						       : "--csv or --tsv");
		return OPTIONS_ERROR;
	}
	/* Every listener of every namespace: what a published port reaches. */
	if (o->published) {
		o->listening = true;
		o->owners = true;
		if (o->n_netns_args == 0)
			o->all_netns = true;
	}
	if (o->nat && (o->from_netlink != NULL || o->proc_root_given || o->published)) {
		/* Connection tracking is this host's, now. */
		(void)snprintf(msg, msglen, "--nat cannot be combined with %s",
			       o->from_netlink != NULL ? "--from-netlink"
			       : o->proc_root_given    ? "--proc-root"
						       : "--published");
		return OPTIONS_ERROR;
	}
	if (o->container_given && (o->from_netlink != NULL || o->proc_root_given)) {
		/* The runtimes' files and the processes are this host's. */
		(void)snprintf(msg, msglen, "--container cannot be combined with %s",
			       o->from_netlink != NULL ? "--from-netlink" : "--proc-root");
		return OPTIONS_ERROR;
	}
	/* A container's sockets are in its own namespace: read them all. */
	if (o->container_given && o->n_netns_args == 0)
		o->all_netns = true;
	if ((o->n_netns_args > 0 || o->all_netns) &&
	    (o->from_netlink != NULL || o->proc_root_given ||
	     (o->n_netns_args > 0 && o->all_netns))) {
		/* A recording or a saved tree is another host's: its namespaces are not here. */
		(void)snprintf(msg, msglen, "%s cannot be combined with %s",
			       o->all_netns ? "--all-netns" : "-N",
			       o->from_netlink != NULL ? "--from-netlink"
			       : o->proc_root_given    ? "--proc-root"
						       : "-N");
		return OPTIONS_ERROR;
	}
	if (o->csv_safe && o->output != OUTPUT_CSV && o->output != OUTPUT_TSV) {
		(void)snprintf(msg, msglen, "--csv-safe needs --csv or --tsv");
		return OPTIONS_ERROR;
	}
	if (o->summary && (o->output == OUTPUT_CSV || o->output == OUTPUT_TSV || o->columns)) {
		(void)snprintf(msg, msglen, "-s cannot be combined with %s",
			       o->columns		 ? "-O"
			       : o->output == OUTPUT_CSV ? "--csv"
							 : "--tsv");
		return OPTIONS_ERROR;
	}
	if (o->output == OUTPUT_OPENMETRICS && (o->summary || o->columns || o->published)) {
		/* One format of its own: the summary's figures are in it already. */
		(void)snprintf(msg, msglen, "%s cannot be combined with %s",
			       o->textfile != NULL ? "--textfile" : "--openmetrics",
			       o->summary   ? "-s"
			       : o->columns ? "-O"
					    : "--published");
		return OPTIONS_ERROR;
	}
	/* Metrics count every socket, as -s does, unless -l narrows them. */
	if (o->output == OUTPUT_OPENMETRICS && !o->listening)
		o->all = true;
	/* Internet sockets only: a unix socket has no port, class or address to label. */
	if (o->output == OUTPUT_OPENMETRICS && o->protos == 0)
		o->protos = (1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_UDPLITE) |
			    (1u << PROTO_RAW) | (1u << PROTO_ICMP);
	if (o->taken_protos != 0 && !finish_taken(o, msg, msglen))
		return OPTIONS_ERROR;
	if (!check_actions(o, msg, msglen))
		return OPTIONS_ERROR;
	/* A summary counts servers too, as ss -s does, unless -l narrows it. */
	if (o->summary && !o->listening)
		o->all = true;
	if (o->protos == 0) {
		o->protos = (1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_UDPLITE) |
			    (1u << PROTO_RAW) | (1u << PROTO_ICMP);
		/* -4/-6 name Internet families: alone, they leave UNIX sockets out. */
		if (!o->inet4 && !o->inet6)
			o->protos |= 1u << PROTO_UNIX;
	}
	if (!o->inet4 && !o->inet6)
		o->inet4 = o->inet6 = true;
	if (o->columns != NULL && strcmp(o->columns, "help") == 0)
		return OPTIONS_COLUMN_HELP;
	if (o->columns != NULL && column_set_parse(&o->column_set, o->columns, msg, msglen) != 0)
		return OPTIONS_ERROR;
	return OPTIONS_OK;
}

enum options_result options_parse(int argc, char **argv, struct options *o, char *msg,
				  size_t msglen)
{
	enum options_result r = parse(argc, argv, o, msg, msglen);

	if (r != OPTIONS_OK)
		options_free(o); /* the caller only frees what a successful parse returns */
	return r;
}
