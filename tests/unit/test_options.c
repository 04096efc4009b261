/*
 * test_options.c - netstat-compatible flags, defaults and usage errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/conntable.h"
#include "app/options.h"
#include "filter/query.h"
#include "source/source.h"

static enum options_result parse(struct options *o, char *msg, int argc, ...)
{
	char *argv[16];
	va_list ap;
	int i;

	va_start(ap, argc);
	argv[0] = "portstat";
	for (i = 1; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	return options_parse(argc, argv, o, msg, 256);
}

/* -N as in ss, repeatable (each word may list several); --all-netns; neither with a replay. */
static void test_netns(void **state)
{
	struct options o;
	char msg[256];
	(void)state;

	assert_int_equal(parse(&o, msg, 5, "-N", "a", "--netns=b,pid:1", "-tl"), OPTIONS_OK);
	assert_int_equal(o.n_netns_args, 2);
	assert_string_equal(o.netns_args[0], "a");
	assert_string_equal(o.netns_args[1], "b,pid:1");
	assert_false(o.all_netns);
	options_free(&o);

	assert_int_equal(parse(&o, msg, 2, "--all-netns"), OPTIONS_OK);
	assert_true(o.all_netns);
	assert_int_equal(o.n_netns_args, 0);
	options_free(&o);

	assert_int_equal(parse(&o, msg, 4, "--all-netns", "-N", "a"), OPTIONS_ERROR);
	assert_string_equal(msg, "--all-netns cannot be combined with -N");
	assert_int_equal(parse(&o, msg, 4, "-N", "a", "--from-netlink=f"), OPTIONS_ERROR);
	assert_string_equal(msg, "-N cannot be combined with --from-netlink");
	assert_int_equal(parse(&o, msg, 3, "--all-netns", "--proc-root=/tmp"), OPTIONS_ERROR);
	assert_string_equal(msg, "--all-netns cannot be combined with --proc-root");
	assert_int_equal(parse(&o, msg, 2, "-N"), OPTIONS_ERROR);
}

static void test_defaults(void **state)
{
	struct options o;
	char msg[256];
	(void)state;

	assert_int_equal(parse(&o, msg, 1), OPTIONS_OK);
	assert_false(o.all);
	assert_true(o.inet4 && o.inet6);
	assert_true(o.protos & (1u << PROTO_UNIX));
	assert_true(o.protos & (1u << PROTO_UDPLITE));
	assert_string_equal(o.proc_root, "/proc");
	assert_int_equal(o.interval_ms, 1000);
}

static void test_flags(void **state)
{
	struct options o;
	char msg[256];
	(void)state;

	assert_int_equal(parse(&o, msg, 3, "-antuwxUeWHo", "--proc-root=/tmp/x"), OPTIONS_OK);
	assert_true(o.all && o.numeric_hosts && o.numeric_ports && o.numeric_users);
	assert_true(o.extend && o.wide && o.no_header && o.timers);
	assert_int_equal(o.protos, (1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_RAW) |
				       (1u << PROTO_UNIX) | (1u << PROTO_UDPLITE));
	assert_string_equal(o.proc_root, "/tmp/x");
	assert_true(o.proc_root_given);

	assert_int_equal(parse(&o, msg, 2, "-4"), OPTIONS_OK);
	assert_true(o.inet4 && !o.inet6);
	assert_false(o.protos & (1u << PROTO_UNIX)); /* -4 alone: Internet only */
	assert_int_equal(parse(&o, msg, 3, "-c", "5"), OPTIONS_OK);
	assert_true(o.continuous);
	assert_int_equal(o.interval_ms, 5000);
	assert_int_equal(parse(&o, msg, 2, "--continuous=3"), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 3000);
	assert_int_equal(parse(&o, msg, 2, "-c"), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 1000);
	assert_int_equal(parse(&o, msg, 2, "--numeric-ports"), OPTIONS_OK);
	assert_true(o.numeric_ports && !o.numeric_hosts);
}

static void test_errors(void **state)
{
	struct options o;
	char msg[256];
	(void)state;

	assert_int_equal(parse(&o, msg, 2, "-j"), OPTIONS_ERROR);
	assert_string_equal(msg, "unknown option '-j'");
	assert_int_equal(parse(&o, msg, 2, "--bogus"), OPTIONS_ERROR);
	assert_string_equal(msg, "unknown option '--bogus'");
	assert_int_equal(parse(&o, msg, 2, "--proc-root"), OPTIONS_ERROR);
	assert_string_equal(msg, "option '--proc-root' needs an argument");
	assert_int_equal(parse(&o, msg, 3, "--proc-root=/tmp/t", "--source=netlink"),
			 OPTIONS_ERROR);
	assert_string_equal(msg, "--source=netlink cannot be combined with --proc-root");
	assert_int_equal(parse(&o, msg, 3, "--source=proc", "--proc-root=/tmp/t"), OPTIONS_OK);
	assert_int_equal(o.source, SOURCE_PROC);
	options_free(&o);
	assert_int_equal(parse(&o, msg, 2, "--proc-root=/tmp/t"), OPTIONS_OK);
	assert_int_equal(o.source, SOURCE_PROC);
	options_free(&o);
	assert_int_equal(parse(&o, msg, 2, "--continuous=0"), OPTIONS_ERROR);
	assert_non_null(strstr(msg, "invalid interval"));
	assert_int_equal(parse(&o, msg, 2, "-h"), OPTIONS_HELP);
	assert_int_equal(parse(&o, msg, 2, "--version"), OPTIONS_VERSION);
}

/* Decimal values: ranges, no sign, no junk; -c takes a following number. */
static void test_numbers(void **state)
{
	static const char *const bad[] = {
	    "--top=0",
	    "--top=1000001",
	    "--top=+5",
	    "--top= 5",
	    "--top=",
	    "--top=99999999999999999999",
	    "--continuous=86401",
	    "--continuous=+1",
	    "--continuous=0.099",
	    "--continuous=0.5555",
	    "--continuous=86400.5",
	    "--continuous=",
	    "--resolve-timeout=61",
	    "--resolve-timeout=60.001",
	    "--resolve-timeout=1.2345",
	    "--resolve-timeout=-1",
	    "--resolve-timeout=.5",
	    "--resolve-timeout=1.x",
	    "--resolve-timeout=+1",
	    "--resolve-timeout=",
	    "--resolve-timeout=.",
	};
	struct options o;
	char msg[256];
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&o, msg, 2, bad[i]), OPTIONS_ERROR);
		assert_null(strchr(msg, '\n'));
	}
	assert_int_equal(parse(&o, msg, 2, "--top=1000000"), OPTIONS_OK);
	assert_int_equal(o.top, 1000000);
	assert_int_equal(parse(&o, msg, 2, "--top=007"), OPTIONS_OK);
	assert_int_equal(o.top, 7);
	assert_int_equal(parse(&o, msg, 3, "-c", "86400"), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 86400000);
	/* A number after -c is its interval, and a bad one an error, not a filter. */
	assert_int_equal(parse(&o, msg, 3, "-c", "99999999999"), OPTIONS_ERROR);
	assert_non_null(strstr(msg, "invalid interval"));
	/* Fractions of a second, in every spelling of the optional argument. */
	assert_int_equal(parse(&o, msg, 3, "-c", "0.5"), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 500);
	assert_int_equal(o.n_filter_args, 0);
	options_free(&o);
	assert_int_equal(parse(&o, msg, 2, "-c0.25"), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 250);
	assert_int_equal(parse(&o, msg, 2, "--continuous=0.1"), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 100);
	assert_int_equal(parse(&o, msg, 3, "--continuous", "2."), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 2000);
	assert_int_equal(parse(&o, msg, 3, "-c", "0.05"), OPTIONS_ERROR);
	assert_non_null(strstr(msg, "invalid interval"));
	/* An address after -c stays a FILTER. */
	assert_int_equal(parse(&o, msg, 3, "-c", "10.0.0.1"), OPTIONS_OK);
	assert_int_equal(o.interval_ms, 1000);
	assert_int_equal(o.n_filter_args, 1);
	options_free(&o);
	assert_int_equal(parse(&o, msg, 2, "--resolve-timeout=60"), OPTIONS_OK);
	assert_int_equal(o.resolve_timeout_ms, 60000);
	assert_int_equal(parse(&o, msg, 2, "--resolve-timeout=0.5"), OPTIONS_OK);
	assert_int_equal(o.resolve_timeout_ms, 500);
	assert_int_equal(parse(&o, msg, 2, "--resolve-timeout=1.25"), OPTIONS_OK);
	assert_int_equal(o.resolve_timeout_ms, 1250);
	assert_int_equal(parse(&o, msg, 2, "--resolve-timeout=0.001"), OPTIONS_OK);
	assert_int_equal(o.resolve_timeout_ms, 1);
	assert_int_equal(parse(&o, msg, 2, "--resolve-timeout=5."), OPTIONS_OK);
	assert_int_equal(o.resolve_timeout_ms, 5000);
}

/* netstat's and ss's options portstat lacks: each names what to use instead. */
static void test_foreign_options(void **state)
{
	static const struct {
		const char *arg, *hint;
	} cases[] = {
	    {"-r", "'ip route'"},
	    {"-g", "'ip maddr'"},
	    {"-M", "'conntrack -L'"},
	    {"-Z", "'ss -Z'"},
	    {"-C", "'ip route show cache'"},
	    {"-F", "'ip route'"},
	    {"-S", "'ss -S'"},
	    {"--statistics", "'nstat -a'"},
	    {"-b", "'ss -b'"},
	    {"-tr", "'ip route'"},
	    {"--route", "'ip route'"},
	};
	struct options o;
	char msg[256], want[64];
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *letter = cases[i].arg[1] == '-' ? cases[i].arg : cases[i].arg + 1;

		assert_int_equal(parse(&o, msg, 2, cases[i].arg), OPTIONS_ERROR);
		if (cases[i].arg[1] == '-')
			(void)snprintf(want, sizeof(want), "'%.*s' is not a portstat option; ",
				       (int)strcspn(letter, "="), letter);
		else
			(void)snprintf(want, sizeof(want), "'-%c' is not a portstat option; ",
				       letter[strlen(letter) - 1]);
		assert_true(strncmp(msg, want, strlen(want)) == 0);
		assert_non_null(strstr(msg, cases[i].hint));
		assert_null(strchr(msg, '\n'));
	}
}

/* Small habits: --color WORD, one output format, -l with --state. */
static void test_habits(void **state)
{
	struct options o;
	char msg[256];
	(void)state;

	assert_int_equal(parse(&o, msg, 3, "--color", "never"), OPTIONS_OK);
	assert_int_equal(o.colour, COLOUR_NEVER);
	assert_int_equal(o.n_filter_args, 0);
	options_free(&o);
	assert_int_equal(parse(&o, msg, 3, "--colour", "always"), OPTIONS_OK);
	assert_int_equal(o.colour, COLOUR_ALWAYS);
	options_free(&o);
	/* A word that is no colour mode stays a FILTER; --color alone is always. */
	assert_int_equal(parse(&o, msg, 3, "--color", ":22"), OPTIONS_OK);
	assert_int_equal(o.colour, COLOUR_ALWAYS);
	assert_int_equal(o.n_filter_args, 1);
	options_free(&o);
	assert_int_equal(parse(&o, msg, 3, "--json", "--csv"), OPTIONS_ERROR);
	assert_string_equal(msg, "--json cannot be combined with --csv");
	assert_int_equal(parse(&o, msg, 3, "--tsv", "--jsonl"), OPTIONS_ERROR);
	assert_string_equal(msg, "--tsv cannot be combined with --jsonl");
	assert_int_equal(parse(&o, msg, 3, "--csv", "--csv"), OPTIONS_OK);
	options_free(&o);
	assert_int_equal(parse(&o, msg, 3, "-l", "--state=time-wait"), OPTIONS_ERROR);
	assert_string_equal(
	    msg, "-l cannot be combined with --state (add 'listen' to the --state list)");
	assert_int_equal(parse(&o, msg, 2, "--state=listen,time-wait"), OPTIONS_OK);
	options_free(&o);
}

/* --taken [PROTO/]PORTS: every state of TCP, UDP and UDP-Lite (or PROTO), the ports as
 * local-port filters; --icmp selects ping sockets, which the default includes. */
static void test_taken_and_icmp(void **state)
{
	struct options o;
	char msg[256];
	(void)state;

	assert_int_equal(parse(&o, msg, 3, "--taken", "7777"), OPTIONS_OK);
	assert_true(o.all);
	assert_int_equal(o.protos, (1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_UDPLITE));
	assert_int_equal(o.n_filter_args, 1);
	assert_int_equal(o.filter_args[0].kind, FARG_TAKEN);
	assert_string_equal(o.filter_args[0].text, "7777");
	options_free(&o);
	assert_int_equal(parse(&o, msg, 2, "--taken=udp/domain"), OPTIONS_OK);
	assert_int_equal(o.protos, 1u << PROTO_UDP);
	assert_string_equal(o.filter_args[0].text, "domain");
	options_free(&o);
	assert_int_equal(parse(&o, msg, 3, "-t", "--taken=80"), OPTIONS_OK);
	assert_int_equal(o.protos, 1u << PROTO_TCP); /* -t narrows it */
	options_free(&o);
	assert_int_equal(parse(&o, msg, 2, "--taken=sctp/80"), OPTIONS_ERROR);
	assert_string_equal(msg, "invalid protocol for --taken: 'sctp' (tcp, udp, udplite)");
	assert_int_equal(parse(&o, msg, 3, "-l", "--taken=80"), OPTIONS_ERROR);
	assert_non_null(strstr(msg, "-l cannot be combined"));
	assert_int_equal(parse(&o, msg, 3, "-u", "--taken=tcp/80"), OPTIONS_ERROR);
	assert_int_equal(parse(&o, msg, 3, "-x", "--taken=80"), OPTIONS_ERROR);
	assert_int_equal(parse(&o, msg, 3, "--taken=80", "--taken=81"), OPTIONS_ERROR);
	assert_string_equal(msg, "--taken is given once");

	assert_int_equal(parse(&o, msg, 2, "--icmp"), OPTIONS_OK);
	assert_int_equal(o.protos, 1u << PROTO_ICMP);
	assert_int_equal(parse(&o, msg, 1), OPTIONS_OK);
	assert_true(o.protos & (1u << PROTO_ICMP));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),	    cmocka_unit_test(test_flags),
	    cmocka_unit_test(test_errors),	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_foreign_options), cmocka_unit_test(test_habits),
	    cmocka_unit_test(test_netns),	    cmocka_unit_test(test_taken_and_icmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
