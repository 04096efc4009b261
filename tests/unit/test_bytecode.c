/*
 * test_diag_bytecode.c - the inet_diag program: exact bytes for small
 * filters, the kernel's audit rules, and the same verdict as the
 * user-space filter on many sockets.
 *
 * support/inet_diag_vm.h restates the kernel's inet_diag_bc_run() and
 * inet_diag_bc_audit() (net/ipv4/inet_diag.c) for the ops the builder
 * emits, so a program this test accepts is one the kernel accepts and
 * evaluates the same way.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "filter/bytecode.h"
#include "filter/query.h"
#include "support/inet_diag_vm.h"

static void build(struct query *f, struct diag_bytecode *bc, const char *const *words)
{
	char msg[256];
	static const char kinds[] = "esd";

	query_init(f);
	for (; *words != NULL; words++) {
		const char *k = strchr(kinds, (*words)[0]);

		assert_non_null(k);
		assert_int_equal(query_add(f, (enum filter_arg_kind)(k - kinds), *words + 2, NULL,
					   msg, sizeof(msg)),
				 0);
	}
	assert_int_equal(diag_bytecode_build(f, bc), 0);
	assert_int_equal(vm_audit(bc->bytes, (int)bc->len), 0);
}

static void test_exact_port(void **state)
{
	struct query f;
	struct diag_bytecode bc;
	const char *words[] = {"e::80", NULL};
	/* (sport 80..80) OR (dport 80..80); failure jumps past the end (36 + 4). */
	const struct inet_diag_bc_op want[] = {
	    {INET_DIAG_BC_S_GE, 8, 20},
	    {0, 0, 80},
	    {INET_DIAG_BC_S_LE, 8, 12},
	    {0, 0, 80},
	    {INET_DIAG_BC_JMP, 4, 20},
	    {INET_DIAG_BC_D_GE, 8, 20},
	    {0, 0, 80},
	    {INET_DIAG_BC_D_LE, 8, 12},
	    {0, 0, 80},
	};
	(void)state;

	build(&f, &bc, words);
	assert_int_equal(bc.len, sizeof(want));
	assert_memory_equal(bc.bytes, want, sizeof(want));
	diag_bytecode_free(&bc);
	query_free(&f);
}

static void test_exact_host(void **state)
{
	struct query f;
	struct diag_bytecode bc;
	const char *words[] = {"s:1024-65535", "e:10.0.0.0/8", NULL};
	uint8_t want[4 + 8 + 4 + 16 + 4 + 16 + 4];
	struct inet_diag_bc_op op;
	struct inet_diag_hostcond cond;
	size_t n = 0;
	(void)state;

	memset(&cond, 0, sizeof(cond)); /* the builder zeroes the padding */
	cond.family = AF_INET;
	cond.prefix_len = 8;
	cond.port = -1;

	/* --sport 1024-65535: one S_GE (no upper bound); then S_COND OR D_COND. */
	op = (struct inet_diag_bc_op){INET_DIAG_BC_S_GE, 8, 48};
	memcpy(want + n, &op, 4), n += 4;
	op = (struct inet_diag_bc_op){0, 0, 1024};
	memcpy(want + n, &op, 4), n += 4;
	op = (struct inet_diag_bc_op){INET_DIAG_BC_S_COND, 16, 20};
	memcpy(want + n, &op, 4), n += 4;
	memcpy(want + n, &cond, 8), n += 8;
	want[n++] = 10, want[n++] = 0, want[n++] = 0, want[n++] = 0;
	op = (struct inet_diag_bc_op){INET_DIAG_BC_JMP, 4, 20};
	memcpy(want + n, &op, 4), n += 4;
	op = (struct inet_diag_bc_op){INET_DIAG_BC_D_COND, 16, 20};
	memcpy(want + n, &op, 4), n += 4;
	memcpy(want + n, &cond, 8), n += 8;
	want[n++] = 10, want[n++] = 0, want[n++] = 0, want[n++] = 0;

	build(&f, &bc, words);
	assert_int_equal(bc.len, n);
	assert_memory_equal(bc.bytes, want, n);
	diag_bytecode_free(&bc);
	query_free(&f);
}

static void test_nothing_to_push(void **state)
{
	struct query f;
	struct diag_bytecode bc;
	const char *none[] = {NULL};
	const char *all_ports[] = {"e::0-65535", NULL};
	(void)state;

	build(&f, &bc, none);
	assert_int_equal(bc.len, 0);
	query_free(&f);
	build(&f, &bc, all_ports); /* always true: no program needed */
	assert_int_equal(bc.len, 0);
	query_free(&f);
}

static void test_too_big(void **state)
{
	struct query f;
	struct diag_bytecode bc;
	char msg[256];
	int i;
	(void)state;

	query_init(&f);
	for (i = 0; i < 2000; i++)
		assert_int_equal(
		    query_add(&f, FARG_ENDPOINT, "[2001:db8::1]:1-2", NULL, msg, sizeof(msg)), 0);
	assert_int_equal(diag_bytecode_build(&f, &bc), -E2BIG);
	assert_int_equal(bc.len, 0);
	query_free(&f);
}

/* A small deterministic generator, so failures reproduce. */
static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void random_endpoint(uint32_t *s, struct conn *c, struct endpoint *e)
{
	static const char *const v4[] = {"10.0.0.1",  "10.0.0.2",    "10.200.1.1",
					 "127.0.0.1", "192.168.1.5", "0.0.0.0"};
	static const char *const v6[] = {"::1",	   "2001:db8::1",     "2001:db8:0:1::7",
					 "::",	   "::ffff:10.0.0.1", "::ffff:192.168.1.5",
					 "fe80::1"};
	static const uint16_t ports[] = {0, 22, 80, 443, 1023, 1024, 8080, 8443, 50000, 65535};

	memset(e->addr, 0, sizeof(e->addr));
	if (c->family == AF_INET)
		assert_int_equal(inet_pton(AF_INET, v4[rnd(s) % 6], e->addr), 1);
	else
		assert_int_equal(inet_pton(AF_INET6, v6[rnd(s) % 7], e->addr), 1);
	e->port = ports[rnd(s) % 10];
}

static void test_same_verdict(void **state)
{
	static const char *const filters[][4] = {
	    {"e::80", NULL},
	    {"e::22", "e::8000-8999", NULL},
	    {"s:1024-65535", "d:443", NULL},
	    {"e:10.0.0.0/8", NULL},
	    {"e:10.0.0.1", "e:192.168.1.5:80", NULL},
	    {"e:[2001:db8::]/32:443", "e::22", NULL},
	    {"e:::1", "e:127.0.0.1", NULL},
	    {"e:0.0.0.0/0", "s:0-1023", NULL},
	    {"e:[::]/0", NULL},
	    {"e:10.0.0.1:80-8080", "e:[fe80::1]:22", "d:0", NULL},
	    {"e:192.168.1.0/24", "e::8443", "s:8443,22", NULL},
	};
	uint32_t seed = 42;
	size_t i, k;
	(void)state;

	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		struct query f;
		struct diag_bytecode bc;
		size_t hits = 0;

		build(&f, &bc, filters[i]);
		for (k = 0; k < 4000; k++) {
			struct conn c;
			bool user, kernel;

			memset(&c, 0, sizeof(c));
			c.proto = PROTO_TCP;
			c.family = rnd(&seed) % 2 ? AF_INET : AF_INET6;
			random_endpoint(&seed, &c, &c.local);
			random_endpoint(&seed, &c, &c.remote);
			user = query_match_endpoints(&f, &c);
			kernel = bc.len == 0 || vm_run(bc.bytes, (int)bc.len, &c) == 1;
			if (user != kernel)
				fail_msg("filter %zu, socket %zu: user %d, bytecode %d", i, k, user,
					 kernel);
			hits += user;
		}
		/* Every filter selects some sockets and rejects others: the test can fail. */
		assert_true(hits > 0 && hits < 4000);
		diag_bytecode_free(&bc);
		query_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_port),	    cmocka_unit_test(test_exact_host),
	    cmocka_unit_test(test_nothing_to_push), cmocka_unit_test(test_too_big),
	    cmocka_unit_test(test_same_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
