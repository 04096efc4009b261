/*
 * test_ss_expr.c - ss's filter expressions: which words start one, every
 * valid form against a small table (through the query, as the pipeline
 * uses it), ss's left-to-right grouping, the state words, the kernel
 * program agreeing with user space on every socket, and every refusal.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conn_builder.h"
#include "filter/bytecode.h"
#include "filter/query.h"
#include "filter/ss_expr.h"
#include "model/state_names.h"
#include "support/inet_diag_vm.h"

/* Services for the tests: ssh is 22 on both, twoport 100/tcp and 200/udp. */
static int fake_port(const struct services *db, const char *name, int proto)
{
	(void)db;
	if (strcmp(name, "ssh") == 0)
		return 22;
	if (strcmp(name, "twoport") == 0)
		return proto == PROTO_TCP ? 100 : 200;
	return -ENOENT;
}

static const struct query_names names = {fake_port, NULL, NULL};

/*
 * Bit i: socket i.
 *  0 tcp 127.0.0.1:22     <- 127.0.0.1:40000  established (server side)
 *  1 tcp 127.0.0.1:40000  -> 127.0.0.1:22     established
 *  2 tcp 0.0.0.0:80          listening
 *  3 tcp6 [::1]:8080      <- [::1]:50000      established
 *  4 tcp6 [::ffff:10.1.2.3]:443 <- [::ffff:10.9.9.9]:50001 established
 *  5 udp 10.0.0.5:53         unconnected (a server)
 *  6 tcp 10.0.0.5:41000   -> 192.0.2.1:443    time-wait
 *  7 unix stream             connected
 */
#define ALL_INET 127u
#define ALL	 255u

static void fill(struct conntable *t)
{
	conntable_init(t);
	(void)add_inet(t, PROTO_TCP, AF_INET, "127.0.0.1", 22, "127.0.0.1", 40000, CS_ESTABLISHED);
	(void)add_inet(t, PROTO_TCP, AF_INET, "127.0.0.1", 40000, "127.0.0.1", 22, CS_ESTABLISHED);
	(void)add_inet(t, PROTO_TCP, AF_INET, "0.0.0.0", 80, "0.0.0.0", 0, CS_LISTEN);
	(void)add_inet(t, PROTO_TCP, AF_INET6, "::1", 8080, "::1", 50000, CS_ESTABLISHED);
	(void)add_inet(t, PROTO_TCP, AF_INET6, "::ffff:10.1.2.3", 443, "::ffff:10.9.9.9", 50001,
		       CS_ESTABLISHED);
	(void)add_inet(t, PROTO_UDP, AF_INET, "10.0.0.5", 53, "0.0.0.0", 0, CS_CLOSE);
	(void)add_inet(t, PROTO_TCP, AF_INET, "10.0.0.5", 41000, "192.0.2.1", 443, CS_TIME_WAIT);
	(void)add_unix_named(t, 1 /* SOCK_STREAM */, US_CONNECTED, "/run/x", 6);
}

/*
 * The sockets expr selects through query_match, after checking that the
 * kernel program passes the audit and selects exactly the Internet
 * sockets query_match_endpoints selects.
 */
static unsigned matches(const char *expr)
{
	struct query f;
	struct diag_bytecode bc;
	struct conntable t;
	char msg[512] = "";
	unsigned got = 0;
	size_t i;

	query_init(&f);
	if (query_add(&f, FARG_SS_EXPR, expr, &names, msg, sizeof(msg)) != 0)
		fail_msg("'%s' refused: %s", expr, msg);
	assert_int_equal(diag_bytecode_build(&f, &bc), 0);
	if (bc.len > 0 && vm_audit(bc.bytes, (int)bc.len) != 0)
		fail_msg("'%s': the kernel's audit refuses the program", expr);
	fill(&t);
	for (i = 0; i < t.len; i++) {
		const struct conn *c = &t.conns[i];

		if (query_match(&f, &t, c))
			got |= 1u << i;
		if (bc.len > 0 && conn_is_inet(c) &&
		    vm_run(bc.bytes, (int)bc.len, c) != (int)query_match_endpoints(&f, c))
			fail_msg("'%s': kernel and user space differ on socket %zu", expr, i);
	}
	conntable_free(&t);
	diag_bytecode_free(&bc);
	query_free(&f);
	return got;
}

#define assert_selects(expr, want)                                                                 \
	do {                                                                                       \
		unsigned got_ = matches(expr);                                                     \
		if (got_ != (unsigned)(want))                                                      \
			fail_msg("'%s' selects %#x, want %#x", expr, got_, (unsigned)(want));      \
	} while (0)

static void test_starts(void **state)
{
	static const char *const yes[] = {"state",
					  "exclude",
					  "excl",
					  "dst",
					  "src",
					  "dport",
					  "sport",
					  "not",
					  "!",
					  "(",
					  "(dport",
					  "( dport = :22 )",
					  "state established",
					  "dev",
					  "fwmark",
					  "cgroup",
					  "autobound",
					  "  src"};
	static const char *const no[] = {":22",	       "127.0.0.1", "[::1]:80", "::1",
					 "10.0.0.0/8", "*:22",	    "states",	"dstx",
					 "sportx",     "",	    "ssh"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!ss_expr_starts(yes[i]))
			fail_msg("'%s' should start an ss expression", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (ss_expr_starts(no[i]))
			fail_msg("'%s' should stay a positional filter", no[i]);
}

static void test_ports(void **state)
{
	(void)state;
	assert_selects("sport = :22", 1u << 0);
	assert_selects("sport :22", 1u << 0);
	assert_selects("sport 22", 1u << 0);
	assert_selects("sport == 22", 1u << 0);
	assert_selects("sport eq :ssh", 1u << 0);
	assert_selects("dport = :22", 1u << 1);
	assert_selects("dport != :22", ALL_INET & ~(1u << 1));
	assert_selects("sport neq 22", ALL_INET & ~1u);
	assert_selects("sport ne 22", ALL_INET & ~1u);
	assert_selects("sport < :80", (1u << 0) | (1u << 5));
	assert_selects("sport lt 80", (1u << 0) | (1u << 5));
	assert_selects("sport <= :80", (1u << 0) | (1u << 2) | (1u << 5));
	assert_selects("sport le 80", (1u << 0) | (1u << 2) | (1u << 5));
	assert_selects("sport leq 80", (1u << 0) | (1u << 2) | (1u << 5));
	assert_selects("sport > :8080", (1u << 1) | (1u << 6));
	assert_selects("sport gt 8080", (1u << 1) | (1u << 6));
	assert_selects("sport >= :8080", (1u << 1) | (1u << 3) | (1u << 6));
	assert_selects("sport ge 8080", (1u << 1) | (1u << 3) | (1u << 6));
	assert_selects("sport geq 8080", (1u << 1) | (1u << 3) | (1u << 6));
	assert_selects("sport = :40000-41000", (1u << 1) | (1u << 6));
	assert_selects("sport = :twoport", 0);
	assert_selects("sport < :0", 0);
	assert_selects("sport > :65535", 0);
	assert_selects("sport >= :0", ALL);
	/* "*" is any port; != * is nothing, UNIX sockets included. */
	assert_selects("sport = *", ALL);
	assert_selects("sport = :*", ALL);
	assert_selects("sport != *", 0);
}

static void test_hosts(void **state)
{
	(void)state;
	assert_selects("dst 127.0.0.1", (1u << 0) | (1u << 1));
	assert_selects("dst = 127.0.0.1", (1u << 0) | (1u << 1));
	assert_selects("dst != 127.0.0.1", ALL_INET & ~3u);
	/* An IPv4 prefix also matches v4-mapped IPv6 sockets, as in the kernel. */
	assert_selects("src 10.0.0.0/8", (1u << 4) | (1u << 5) | (1u << 6));
	assert_selects("src 10.0.0.5:53", 1u << 5);
	assert_selects("dst [::1]", 1u << 3);
	assert_selects("dst ::1", 1u << 3);
	assert_selects("src [::1]:8080", 1u << 3);
	assert_selects("src [::ffff:10.1.2.3]", 1u << 4);
	assert_selects("dst *:443", 1u << 6);
	assert_selects("src :443", 1u << 4);
	assert_selects("dst 192.0.2.1:*", 1u << 6);
	assert_selects("dst 192.0.2.0/24:443", 1u << 6);
	assert_selects("src 127.0.0.1:ssh", 1u << 0);
	assert_selects("dst *", ALL);
	assert_selects("dst *:*", ALL);
	assert_selects("dst :*", ALL);
}

static void test_grouping(void **state)
{
	(void)state;
	/* ss: left to right, "and" no tighter than "or". */
	assert_selects("sport = :22 or sport = :80 and dport = :0", 1u << 2);
	assert_selects("sport = :22 or ( sport = :80 and dport = :0 )", (1u << 0) | (1u << 2));
	assert_selects("dport = :0 and sport = :80 or sport = :22", (1u << 0) | (1u << 2));
	/* "not" takes one condition. */
	assert_selects("not sport = :22 or sport = :22", ALL_INET);
	assert_selects("not ( sport = :22 or sport = :80 )", ALL_INET & ~5u);
	assert_selects("! sport = :22", ALL_INET & ~1u);
	assert_selects("!sport = :22", ALL_INET & ~1u);
	assert_selects("not not sport = :22", 1u << 0);
	/* Juxtaposition is "and"; the symbols are the words. */
	assert_selects("src 127.0.0.1 dport = :22", 1u << 1);
	assert_selects("sport = :22 && dport = :40000", 1u << 0);
	assert_selects("sport = :22 & dport = :40000", 1u << 0);
	assert_selects("sport = :22 || sport = :80", 5u);
	assert_selects("sport = :22 | sport = :80", 5u);
	/* Parentheses apart or glued. */
	assert_selects("(sport = :22)", 1u << 0);
	assert_selects("((sport = :22))", 1u << 0);
	assert_selects("(sport = :22) or (sport = :80)", 5u);
	assert_selects("!(sport = :22)", ALL_INET & ~1u);
	assert_selects("( sport = :22 ) or ( sport = :80 )", 5u);
	assert_selects(" \tsport = :22\n", 1u << 0);
}

static void test_states(void **state)
{
	struct query f;
	char msg[256];

	(void)state;
	assert_selects("state established", 0x9bu);
	assert_selects("state listening", 1u << 2);
	assert_selects("state listen", (1u << 2) | (1u << 5));
	assert_selects("state time-wait", 1u << 6);
	assert_selects("state bucket", 1u << 6);
	assert_selects("state big", ALL & ~(1u << 6));
	assert_selects("state connected", 0xdbu);
	assert_selects("state synchronized", 0xdbu);
	assert_selects("state listening state time-wait", (1u << 2) | (1u << 6));
	assert_selects("exclude listening", ALL & ~(1u << 2));
	assert_selects("excl listening", ALL & ~(1u << 2));
	assert_selects("exclude listen", ALL & ~((1u << 2) | (1u << 5)));
	assert_selects("exclude listening exclude time-wait", ALL & ~((1u << 2) | (1u << 6)));
	assert_selects("state all exclude established", ALL & ~0x9bu);
	assert_selects("state established sport = :22", 1u << 0);
	assert_selects("state established ( sport = :ssh or dport = :ssh )", 3u);

	/* The state words are a --state mask, so the source asks only for those. */
	query_init(&f);
	assert_int_equal(query_add(&f, FARG_SS_EXPR, "state established", &names, msg, sizeof(msg)),
			 0);
	assert_int_equal(f.states, 1u << CS_ESTABLISHED);
	assert_false(query_has_endpoints(&f));
	assert_true(query_active(&f));
	query_free(&f);
	query_init(&f);
	assert_int_equal(query_add(&f, FARG_SS_EXPR, "dport = :22", &names, msg, sizeof(msg)), 0);
	assert_int_equal(f.states, 0);
	assert_true(query_has_endpoints(&f));
	query_free(&f);
}

/* With portstat's own filters: AND across kinds, one program for both. */
static void test_with_own_filters(void **state)
{
	struct query f;
	struct diag_bytecode bc;
	struct conntable t;
	char msg[256];
	size_t i;
	unsigned got = 0;

	(void)state;
	query_init(&f);
	assert_int_equal(query_add(&f, FARG_ENDPOINT, "127.0.0.1", &names, msg, sizeof(msg)), 0);
	assert_int_equal(query_add(&f, FARG_SS_EXPR, "not sport = :22", &names, msg, sizeof(msg)),
			 0);
	assert_int_equal(diag_bytecode_build(&f, &bc), 0);
	assert_int_equal(vm_audit(bc.bytes, (int)bc.len), 0);
	fill(&t);
	for (i = 0; i < t.len; i++) {
		if (query_match(&f, &t, &t.conns[i]))
			got |= 1u << i;
		if (conn_is_inet(&t.conns[i]))
			assert_int_equal(vm_run(bc.bytes, (int)bc.len, &t.conns[i]),
					 query_match_endpoints(&f, &t.conns[i]));
	}
	assert_int_equal(got, 1u << 1);
	conntable_free(&t);
	diag_bytecode_free(&bc);
	query_free(&f);
}

static void assert_refused(const char *expr, const char *want)
{
	struct query f;
	char msg[1024];

	query_init(&f);
	memset(msg, 0, sizeof(msg));
	assert_int_equal(query_add(&f, FARG_SS_EXPR, expr, &names, msg, sizeof(msg)), -EINVAL);
	if (strcmp(msg, want) != 0)
		fail_msg("'%s':\n  got  %s\n  want %s", expr, msg, want);
	assert_null(f.ss);
	query_free(&f);
}

static void test_errors(void **state)
{
	char known[512], want[1024];
	char *deep, *longx;
	size_t i;

	(void)state;
	assert_refused("dev lo",
		       "bad filter 'dev': ss's 'dev' condition is not supported (portstat has no "
		       "interface filter)");
	assert_refused("fwmark = 0x1", "bad filter 'fwmark': ss's 'fwmark' condition is not "
				       "supported (portstat does not read socket marks)");
	assert_refused("cgroup = /x",
		       "bad filter 'cgroup': ss's 'cgroup' condition is not supported (portstat "
		       "does not read socket cgroups; --unit shows the owner's unit)");
	assert_refused("sport = :22 and autobound",
		       "bad filter 'autobound': ss's 'autobound' condition is not supported "
		       "(portstat does not know which ports were bound automatically; --class "
		       "ephemeral is close)");
	assert_refused("src unix:/run/x", "bad filter 'unix:/run/x': family prefix 'unix:' is not "
					  "supported (-4, -6 and -x choose families)");
	assert_refused("dport = inet6::22", "bad filter 'inet6::22': family prefix 'inet6:' is not "
					    "supported (-4, -6 and -x choose families)");
	assert_refused("sport", "bad filter 'sport': a port must follow");
	assert_refused("sport = and", "bad filter 'sport': a port must follow");
	assert_refused("dst", "bad filter 'dst': an address must follow");
	assert_refused("dst ( 1.2.3.4 )", "bad filter 'dst': an address must follow");
	assert_refused("dst > 1.2.3.4",
		       "bad filter '>': compares ports: dst takes '=', '!=' or nothing");
	assert_refused("src le 1.2.3.4",
		       "bad filter 'le': compares ports: src takes '=', '!=' or nothing");
	assert_refused("sport = :99999", "bad filter ':99999': port out of range");
	assert_refused("sport = :", "bad filter ':': port missing");
	assert_refused("sport = :nosuch", "bad filter ':nosuch': unknown service name");
	assert_refused("dport = :9-1", "bad filter ':9-1': range is backwards");
	assert_refused("sport < *", "bad filter '*': '*' is any port: compare it with '=' or '!='");
	assert_refused(
	    "sport < :twoport",
	    "bad filter ':twoport': names two ports (TCP and UDP): compare with a number");
	assert_refused("sport >= :1-5",
		       "bad filter ':1-5': '>=' compares with one port, not a range");
	assert_refused("dst 300.1.1.1", "bad filter '300.1.1.1': bad address");
	assert_refused("dst localhost", "bad filter 'localhost': bad address");
	assert_refused("dst 10.0.0.0/33", "bad filter '10.0.0.0/33': bad prefix length");
	assert_refused("src 10.0.0.1:99999", "bad filter '10.0.0.1:99999': port out of range");
	assert_refused("( sport = :22", "bad filter '(': missing ')'");
	assert_refused("(sport = :22", "bad filter '(': missing ')'");
	assert_refused("sport = :22 )", "bad filter ')': no '(' to close");
	assert_refused("( )", "bad filter '(': empty parentheses");
	assert_refused("()", "bad filter '(': empty parentheses");
	assert_refused("not", "bad filter 'not': a condition must follow");
	assert_refused("( not )", "bad filter 'not': a condition must follow");
	assert_refused("sport = :22 or", "bad filter 'or': a condition must follow");
	assert_refused("( sport = :22 and )", "bad filter 'and': a condition must follow");
	assert_refused("( or sport = :22 )", "bad filter 'or': a condition must come before it");
	assert_refused("sport = :22 state established",
		       "bad filter 'state': state and exclude come first, before the conditions");
	assert_refused("state", "bad filter 'state': a state name must follow");
	assert_refused("exclude", "bad filter 'exclude': a state name must follow");
	assert_refused("state established exclude established",
		       "bad filter 'exclude established': no state is left to show");
	assert_refused("state established :22", "bad filter ':22': not a condition: dst, src, "
						"dport or sport comes before an address or port");
	assert_refused("sport = :22 = 5", "bad filter '=': compares nothing: dst, src, dport or "
					  "sport comes before it");
	assert_refused("   ", "bad filter '   ': empty ss expression");
	/* Raw here: main.c's reporter escapes the whole message, once. */
	assert_refused("dst 1.2.3.4\x1b[31m", "bad filter '1.2.3.4\x1b[31m': bad address");

	(void)state_names_join(known, sizeof(known), STATE_IN_HINT);
	(void)snprintf(want, sizeof(want), "bad filter 'state foo': unknown state (%s)", known);
	assert_refused("state foo", want);

	/* Bounded: nesting and length. */
	deep = calloc(1, 4 * (SS_EXPR_MAX_DEPTH + 1) + 16);
	assert_non_null(deep);
	for (i = 0; i <= SS_EXPR_MAX_DEPTH; i++)
		strcat(deep, "not ");
	strcat(deep, "sport = :1");
	(void)snprintf(want, sizeof(want),
		       "bad filter 'not': nested too deeply (at most %d levels)",
		       SS_EXPR_MAX_DEPTH);
	assert_refused(deep, want);
	free(deep);
	longx = calloc(1, 20 * SS_EXPR_MAX_NODES + 16);
	assert_non_null(longx);
	strcat(longx, "sport = :1");
	for (i = 0; i < SS_EXPR_MAX_NODES; i++)
		strcat(longx, " or sport = :2");
	(void)snprintf(want, sizeof(want),
		       "bad filter ':2': too long an ss expression (at most %d conditions)",
		       SS_EXPR_MAX_NODES - 2);
	assert_refused(longx, want);
	free(longx);
}

static void test_only_one(void **state)
{
	struct query f;
	char msg[256];

	(void)state;
	query_init(&f);
	assert_int_equal(query_add(&f, FARG_SS_EXPR, "sport = :1", &names, msg, sizeof(msg)), 0);
	assert_int_equal(query_add(&f, FARG_SS_EXPR, "sport = :2", &names, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "bad filter 'sport = :2': only one ss expression");
	query_free(&f);
}

/* A long but allowed expression still fits one kernel program the audit accepts. */
static void test_big_program(void **state)
{
	char *s = calloc(1, 40 * 300 + 16);
	size_t i;

	(void)state;
	assert_non_null(s);
	strcat(s, "dst 192.0.2.0/24");
	for (i = 0; i < 300; i++) /* 3 nodes each: within SS_EXPR_MAX_NODES */
		strcat(s, " or not dst [2001:db8::1]:443");
	assert_selects(s, ALL_INET);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_starts),	cmocka_unit_test(test_ports),
	    cmocka_unit_test(test_hosts),	cmocka_unit_test(test_grouping),
	    cmocka_unit_test(test_states),	cmocka_unit_test(test_with_own_filters),
	    cmocka_unit_test(test_errors),	cmocka_unit_test(test_only_one),
	    cmocka_unit_test(test_big_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
