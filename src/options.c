/*
 * options.c - getopt_long table and the --help text, kept side by side.
 */
#include "compat.h"

#include <getopt.h>
#include <stdio.h>

#include "conntable.h"
#include "options.h"

enum long_only {
	OPT_PROC_ROOT = 256,
	OPT_NUMERIC_HOSTS,
	OPT_NUMERIC_PORTS,
	OPT_NUMERIC_USERS,
	OPT_SERVICES,
};

static const char short_opts[] = ":46HUVWac::ehlnotuwx";

static const struct option long_opts[] = {
    {"all", no_argument, NULL, 'a'},
    {"continuous", optional_argument, NULL, 'c'},
    {"extend", no_argument, NULL, 'e'},
    {"help", no_argument, NULL, 'h'},
    {"inet", no_argument, NULL, '4'},
    {"inet6", no_argument, NULL, '6'},
    {"listening", no_argument, NULL, 'l'},
    {"no-header", no_argument, NULL, 'H'},
    {"numeric", no_argument, NULL, 'n'},
    {"numeric-hosts", no_argument, NULL, OPT_NUMERIC_HOSTS},
    {"numeric-ports", no_argument, NULL, OPT_NUMERIC_PORTS},
    {"numeric-users", no_argument, NULL, OPT_NUMERIC_USERS},
    {"proc-root", required_argument, NULL, OPT_PROC_ROOT},
    {"raw", no_argument, NULL, 'w'},
    {"services", required_argument, NULL, OPT_SERVICES},
    {"tcp", no_argument, NULL, 't'},
    {"timers", no_argument, NULL, 'o'},
    {"udp", no_argument, NULL, 'u'},
    {"udplite", no_argument, NULL, 'U'},
    {"unix", no_argument, NULL, 'x'},
    {"version", no_argument, NULL, 'V'},
    {"wide", no_argument, NULL, 'W'},
    {NULL, 0, NULL, 0},
};

static const char usage_text[] =
    "usage: portstat [-46aehHlnotuUwWx] [-c [SECONDS]] [--proc-root DIR] [--services FILE]\n"
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
    "\n"
    "Output:\n"
    "  -n, --numeric         numeric hosts, ports and users\n"
    "      --numeric-hosts   --numeric-ports   --numeric-users\n"
    "  -e, --extend          add User and Inode\n"
    "  -o, --timers          add netstat's Timer column\n"
    "  -W, --wide            accepted for netstat; output is never truncated\n"
    "  -H, --no-header       no section titles or column headers\n"
    "  -c, --continuous [N]  print again every N seconds (default 1)\n"
    "\n"
    "Sources:\n"
    "      --proc-root DIR   read DIR/net/* instead of /proc (a saved tree)\n"
    "      --services FILE   services database (default /etc/services)\n"
    "\n"
    "  -h, --help            this text        -V, --version   the version\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 no socket source could be read or\n"
    "output failed.  See portstat(8).\n";

const char *options_usage(void)
{
	return usage_text;
}

static bool parse_interval(const char *s, unsigned *out)
{
	const char *errstr = NULL;
	long long v = strtonum(s, 1, 86400, &errstr);

	if (errstr != NULL)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->interval = 1;
	o->proc_root = "/proc";
	o->services_file = "/etc/services";
}

static const char *option_name(int argc, char **argv)
{
	/* optind points past the offending word, or at it for a short-option cluster. */
	int i = optind - 1;

	if (i >= 0 && i < argc)
		return argv[i];
	return "?";
}

enum options_result options_parse(int argc, char **argv, struct options *o, char *msg,
				  size_t msglen)
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
			if (optarg == NULL && optind < argc && all_digits(argv[optind]))
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
		case ':':
			(void)snprintf(msg, msglen, "option '%s' needs an argument",
				       option_name(argc, argv));
			return OPTIONS_ERROR;
		case '?':
		default:
			if (optopt != 0)
				(void)snprintf(msg, msglen, "unknown option '-%c'", optopt);
			else
				(void)snprintf(msg, msglen, "unknown option '%s'",
					       option_name(argc, argv));
			return OPTIONS_ERROR;
		}
	}
	if (optind < argc) {
		(void)snprintf(msg, msglen, "unexpected argument '%s'", argv[optind]);
		return OPTIONS_ERROR;
	}
	if (o->protos == 0) {
		o->protos = (1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_UDPLITE) |
			    (1u << PROTO_RAW);
		/* -4/-6 name Internet families: alone, they leave UNIX sockets out. */
		if (!o->inet4 && !o->inet6)
			o->protos |= 1u << PROTO_UNIX;
	}
	if (!o->inet4 && !o->inet6)
		o->inet4 = o->inet6 = true;
	return OPTIONS_OK;
}
