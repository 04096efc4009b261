/*
 * options.c - getopt_long table and the --help text, kept side by side.
 */
#include "lib/compat.h"

#include <getopt.h>
#include <stdio.h>

#include "model/conntable.h"
#include "filter/query.h"
#include "filter/select.h"
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
	OPT_FROM_NETLINK,
	OPT_JSON,
	OPT_JSONL,
	OPT_CSV,
	OPT_TSV,
	OPT_COLOR,
	OPT_UNIT,
	OPT_SPORT,
	OPT_DPORT,
	OPT_STATE,
	OPT_PID,
	OPT_COMMAND,
	OPT_PROGRAMS,
	OPT_USER,
	OPT_TOP,
};

static const char short_opts[] = ":46HO:UVWac::ehlnopqstuvwx";

static const struct option long_opts[] = {
    {"all", no_argument, NULL, 'a'},
    {"class", required_argument, NULL, OPT_CLASS},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"columns", required_argument, NULL, 'O'},
    {"command", required_argument, NULL, OPT_COMMAND},
    {"continuous", optional_argument, NULL, 'c'},
    {"csv", no_argument, NULL, OPT_CSV},
    {"dport", required_argument, NULL, OPT_DPORT},
    {"dump-netlink", required_argument, NULL, OPT_DUMP_NETLINK},
    {"extend", no_argument, NULL, 'e'},
    {"from-netlink", required_argument, NULL, OPT_FROM_NETLINK},
    {"help", no_argument, NULL, 'h'},
    {"inet", no_argument, NULL, '4'},
    {"inet6", no_argument, NULL, '6'},
    {"json", no_argument, NULL, OPT_JSON},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"listening", no_argument, NULL, 'l'},
    {"no-header", no_argument, NULL, 'H'},
    {"numeric", no_argument, NULL, 'n'},
    {"numeric-hosts", no_argument, NULL, OPT_NUMERIC_HOSTS},
    {"numeric-ports", no_argument, NULL, OPT_NUMERIC_PORTS},
    {"numeric-users", no_argument, NULL, OPT_NUMERIC_USERS},
    {"pid", required_argument, NULL, OPT_PID},
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
    "usage: portstat [-46aehHlnopqstuUvwWx] [-c [SECONDS]] [--proc-root DIR] [--services FILE]\n"
    "                [-O LIST] [--json | --jsonl | --csv | --tsv] [--color[=WHEN]]\n"
    "                [--unit] [--sport P] [--dport P] [--state LIST] [--pid PID]\n"
    "                [--command NAME] [--user USER] [FILTER...]\n"
    "\n"
    "List sockets like netstat -an, with the service, port class and direction\n"
    "of every pair.\n"
    "\n"
    "Selection:\n"
    "  -a, --all             servers and established sockets\n"
    "  -l, --listening       servers only (default: established only)\n"
    "  -t, --tcp             TCP            -u, --udp       UDP\n"
    "  -U, --udplite         UDP-Lite       -w, --raw       raw IP\n"
    "  -x, --unix            UNIX domain    (none of these: all of them)\n"
    "  -4, --inet            IPv4 only      -6, --inet6     IPv6 only\n"
    "      --class LIST      service port class: well-known, registered, dynamic;\n"
    "                        ephemeral: local port in the host's ephemeral range\n"
    "\n"
    "Queries (AND across kinds, OR within one; lists are comma-separated):\n"
    "  FILTER                :PORT, :SERVICE, :LOW-HIGH, ADDR, ADDR/PREFIX, ADDR:PORT,\n"
    "                        [IPv6]:PORT; matches the local or the remote end\n"
    "      --sport P         local port, range or service   --dport P  remote one\n"
    "      --state LIST      established, syn-sent, syn-recv, fin-wait-1, fin-wait-2,\n"
    "                        time-wait, closed, close-wait, last-ack, listening,\n"
    "                        closing, all, connected, synchronized, listen, bucket, big,\n"
    "                        bound-inactive\n"
    "      --pid PID         held by this process   --command NAME  by this program\n"
    "                        (its name as shown, or in full where the kernel cut it)\n"
    "      --user USER       created by this user (name or uid)\n"
    "\n"
    "Output:\n"
    "  -n, --numeric         numeric hosts, ports and users\n"
    "      --numeric-hosts   --numeric-ports   --numeric-users\n"
    "      --resolve-timeout SECONDS  wait at most this for host names (default 2)\n"
    "  -e, --extend          add User and Inode\n"
    "  -o, --timers          add netstat's Timer column\n"
    "  -p, --processes       add PID/Program name (first owner by PID, +N more;\n"
    "                        ? = hidden from this user, +? = maybe more hidden,\n"
    "                        - = no process); also --program, --programs\n"
    "      --unit            add the owner's systemd unit or container (implies -p)\n"
    "  -q, --quiet           print nothing; only the exit status tells\n"
    "  -W, --wide            accepted for netstat; output is never truncated\n"
    "  -H, --no-header       no section titles or column headers\n"
    "  -c, --continuous [N]  print again every N seconds (default 1)\n"
    "  -s, --summary         counts by protocol, state and class, busiest services\n"
    "                        and ephemeral-port pressure per destination (as ss -s;\n"
    "                        all states unless -l or --state); -c adds the change\n"
    "      --top N           rows per summary list (default 10)\n"
    "  -O, --columns LIST    choose and order the columns (-O help lists them)\n"
    "      --json            one JSON document        --jsonl   one JSON object a line\n"
    "      --csv             CSV with a header row    --tsv     tab-separated values\n"
    "      --color[=WHEN]    colour states and classes: auto, always, never\n"
    "\n"
    "Sources:\n"
    "      --source=KIND     auto (netlink, /proc per protocol where it cannot\n"
    "                        serve), netlink or proc\n"
    "      --proc-root DIR   read DIR/net/* instead of /proc (a saved tree)\n"
    "      --dump-netlink F  also save the raw netlink replies to F\n"
    "      --from-netlink F  read sockets from such a file instead of the kernel\n"
    "  -v, --verbose         say on stderr which source served each protocol\n"
    "      --services FILE   services database (default /etc/services)\n"
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

static bool parse_interval(const char *s, unsigned *out)
{
	long long v;

	if (!parse_count(s, 1, 86400, &v))
		return false;
	*out = (unsigned)v;
	return true;
}

static bool parse_top(const char *s, size_t *out)
{
	long long v;

	if (!parse_count(s, 1, 1000000, &v))
		return false;
	*out = (size_t)v;
	return true;
}

/* SECONDS with up to three decimals ("2", "0.25", "5."), 0 to 60, into milliseconds. */
static bool parse_timeout(const char *s, unsigned *ms)
{
	const char *dot = strchr(s, '.');
	size_t wlen = dot != NULL ? (size_t)(dot - s) : strlen(s);
	size_t flen = dot != NULL ? strlen(dot + 1) : 0;
	long long whole, frac = 0;

	if (number_parse(s, wlen, 0, 60, &whole) != 0 || flen > 3)
		return false;
	if (flen > 0 && number_parse(dot + 1, flen, 0, 999, &frac) != 0)
		return false;
	for (; flen < 3; flen++) /* "0.5" is 500 ms */
		frac *= 10;
	if (whole == 60 && frac > 0)
		return false;
	*ms = (unsigned)(whole * 1000 + frac);
	return true;
}

static void defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->interval = 1;
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

void options_free(struct options *o)
{
	free(o->filter_args);
	o->filter_args = NULL;
	o->n_filter_args = 0;
}

static const char *option_name(int argc, char **argv)
{
	/* optind points past the offending word, or at it for a short-option cluster. */
	int i = optind - 1;

	if (i >= 0 && i < argc)
		return argv[i];
	return "?";
}

static enum options_result parse(int argc, char **argv, struct options *o, char *msg, size_t msglen)
{
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
			if (optarg == NULL && optind < argc &&
			    number_is_decimal(argv[optind], strlen(argv[optind])))
				optarg = argv[optind++];
			if (optarg != NULL && !parse_interval(optarg, &o->interval)) {
				(void)snprintf(msg, msglen,
					       "invalid interval for -c: '%s' (1 to 86400 seconds)",
					       optarg);
				return OPTIONS_ERROR;
			}
			break;
		case 'e':
			o->extend = true;
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
			break;
		case OPT_RESOLVE_TIMEOUT:
			if (!parse_timeout(optarg, &o->resolve_timeout_ms)) {
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
		case OPT_DUMP_NETLINK:
			o->dump_netlink = optarg;
			break;
		case OPT_FROM_NETLINK:
			o->from_netlink = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case OPT_JSON:
			o->output = OUTPUT_JSON;
			break;
		case OPT_JSONL:
			o->output = OUTPUT_JSONL;
			break;
		case OPT_CSV:
			o->output = OUTPUT_CSV;
			break;
		case OPT_TSV:
			o->output = OUTPUT_TSV;
			break;
		case OPT_COLOR:
			if (optarg == NULL)
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
			 * not parse, and its error names --command (pipeline.c). */
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
			if (optopt == OPT_PROGRAMS)
				(void)snprintf(
				    msg, msglen,
				    "'%s': --program takes no value (it is netstat's -p); "
				    "the process-name filter is --command NAME",
				    option_name(argc, argv));
			else if (optopt != 0)
				(void)snprintf(msg, msglen, "unknown option '-%c'", optopt);
			else
				(void)snprintf(msg, msglen, "unknown option '%s'",
					       option_name(argc, argv));
			return OPTIONS_ERROR;
		}
	}
	/* Words left over are positional FILTERs (getopt moved them to the end). */
	for (; optind < argc; optind++)
		add_filter_arg(o, argc, FARG_ENDPOINT, argv[optind]);
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
	if (o->summary && (o->output == OUTPUT_CSV || o->output == OUTPUT_TSV || o->columns)) {
		(void)snprintf(msg, msglen, "-s cannot be combined with %s",
			       o->columns		 ? "-O"
			       : o->output == OUTPUT_CSV ? "--csv"
							 : "--tsv");
		return OPTIONS_ERROR;
	}
	/* A summary counts servers too, as ss -s does, unless -l narrows it. */
	if (o->summary && !o->listening)
		o->all = true;
	if (o->protos == 0) {
		o->protos = (1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_UDPLITE) |
			    (1u << PROTO_RAW);
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
