/*
 * test_resolver.c - the resolver's cache and deadline, with a lookup
 * function of the test's own (resolver_new_with): no query leaves the
 * machine, and a lookup can be made slower than the round's deadline.
 *
 * Names are "v4-<address>" and "v6-<address>" so that a test can tell
 * which family a name was looked up for.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <cmocka.h>

#include "enrich/resolver.h"
#include "model/conntable.h"

/* What the fake lookup does; it outlives the resolver, so it is static. */
struct fake {
	unsigned delay_ms;
	atomic_uint started;
	atomic_uint finished;
};

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

static int fake_lookup(void *arg, int family, const uint8_t addr[16], char *host, size_t cap)
{
	struct fake *f = arg;
	char text[INET6_ADDRSTRLEN];

	atomic_fetch_add(&f->started, 1);
	if (f->delay_ms > 0)
		sleep_ms(f->delay_ms);
	if (inet_ntop(family, addr, text, sizeof(text)) == NULL)
		abort();
	(void)snprintf(host, cap, "%s-%s", family == AF_INET ? "v4" : "v6", text);
	atomic_fetch_add(&f->finished, 1);
	return 0;
}

/* Waits until every lookup started has finished (they run detached). */
static void wait_lookups(struct fake *f)
{
	unsigned i;

	for (i = 0; i < 500 && atomic_load(&f->finished) < atomic_load(&f->started); i++)
		sleep_ms(10);
	assert_int_equal(atomic_load(&f->finished), atomic_load(&f->started));
}

static void add_pair(struct conntable *t, int family, const uint8_t remote[16])
{
	struct conn *c = conntable_append(t);

	c->proto = PROTO_TCP;
	c->family = (uint8_t)family;
	c->state = CS_ESTABLISHED;
	c->local.port = 40000;
	memcpy(c->remote.addr, remote, family == AF_INET ? 4 : 16);
	c->remote.port = 443;
}

static void v4(uint8_t a[16], unsigned n)
{
	memset(a, 0, 16);
	a[0] = 10;
	a[1] = (uint8_t)(n >> 16);
	a[2] = (uint8_t)(n >> 8);
	a[3] = (uint8_t)n;
}

/* One round whose table has the one address a. */
static void round_of_one(struct resolver *r, struct conntable *t, int family, const uint8_t a[16])
{
	conntable_reset(t);
	add_pair(t, family, a);
	assert_int_equal(resolver_run(r, t, 5000), 0);
}

/* Frees what a test made, and waits for its lookups: they use f. */
static void finish(struct resolver *r, struct conntable *t, struct fake *f)
{
	conntable_free(t);
	resolver_free(r);
	wait_lookups(f);
}

static const char *name_of(const struct resolver *r, int family, const uint8_t a[16])
{
	const char *name = resolver_name(r, family, a);

	return name != NULL ? name : "(none)";
}

/*
 * Continuous mode: every round brings addresses never seen before.  The
 * cache holds at most the addresses of the last two rounds, and every
 * address of the current round still has its name.
 */
#define ROUNDS	  60
#define PER_ROUND 100

/* How many of the addresses of rounds 0..last still have a name in the cache. */
static unsigned names_held(const struct resolver *r, unsigned last)
{
	unsigned n = 0, i;
	uint8_t a[16];

	for (i = 1; i <= (last + 1) * PER_ROUND; i++) {
		v4(a, i);
		n += resolver_name(r, AF_INET, a) != NULL;
	}
	return n;
}

static void test_cache_bounded_over_rounds(void **state)
{
	static struct fake f;
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	uint8_t a[16];
	char want[64];
	unsigned round, i;
	(void)state;

	conntable_init(&t);
	for (round = 0; round < ROUNDS; round++) {
		conntable_reset(&t);
		for (i = 0; i < PER_ROUND; i++) {
			v4(a, round * PER_ROUND + i + 1);
			add_pair(&t, AF_INET, a);
		}
		assert_int_equal(resolver_run(r, &t, 5000), 0);
		assert_int_equal(names_held(r, round), round == 0 ? PER_ROUND : 2 * PER_ROUND);
		for (i = 0; i < PER_ROUND; i++) {
			v4(a, round * PER_ROUND + i + 1);
			(void)snprintf(want, sizeof(want), "v4-10.%u.%u.%u", a[1], a[2], a[3]);
			assert_string_equal(name_of(r, AF_INET, a), want);
		}
	}
	/* Each address was looked up once: the bound does not cost lookups. */
	assert_int_equal(atomic_load(&f.started), ROUNDS * PER_ROUND);
	finish(r, &t, &f);
}

/* An address seen again in the next round keeps its name without a new lookup. */
static void test_recent_address_kept(void **state)
{
	static struct fake f;
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	uint8_t a[16], b[16];
	(void)state;

	conntable_init(&t);
	v4(a, 1);
	v4(b, 2);
	round_of_one(r, &t, AF_INET, a);
	round_of_one(r, &t, AF_INET, b);
	round_of_one(r, &t, AF_INET, a);
	assert_string_equal(name_of(r, AF_INET, a), "v4-10.0.0.1");
	assert_int_equal(atomic_load(&f.started), 2);
	finish(r, &t, &f);
}

/*
 * IPv6: the whole 16 bytes are the key, and an IPv4 address whose bytes
 * start an IPv6 one is another entry.  Wildcards are never looked up.
 */
static void test_ipv6(void **state)
{
	static struct fake f;
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	uint8_t doc[16], doc2[16], mapped[16], four[16], any[16];
	(void)state;

	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", doc), 1);
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::2", doc2), 1);
	assert_int_equal(inet_pton(AF_INET6, "::ffff:192.0.2.7", mapped), 1);
	memset(four, 0, sizeof(four));
	memcpy(four, doc, 4); /* 32.1.13.184 */
	conntable_init(&t);
	add_pair(&t, AF_INET6, doc);
	add_pair(&t, AF_INET6, doc2);
	add_pair(&t, AF_INET6, mapped);
	add_pair(&t, AF_INET, four);
	assert_int_equal(resolver_run(r, &t, 5000), 0);
	assert_string_equal(name_of(r, AF_INET6, doc), "v6-2001:db8::1");
	assert_string_equal(name_of(r, AF_INET6, doc2), "v6-2001:db8::2");
	assert_string_equal(name_of(r, AF_INET6, mapped), "v6-::ffff:192.0.2.7");
	assert_string_equal(name_of(r, AF_INET, four), "v4-32.1.13.184");
	/* The locals are :: and 0.0.0.0: not looked up. */
	memset(any, 0, sizeof(any));
	assert_null(resolver_name(r, AF_INET6, any));
	assert_null(resolver_name(r, AF_INET, any));
	assert_int_equal(atomic_load(&f.started), 4);
	finish(r, &t, &f);
}

/*
 * A lookup slower than the round's deadline: the round ends without its
 * name, the lookup finishes in the background, and the next round shows
 * the name without asking again.  Then a resolver freed while a lookup
 * runs: the lookup ends on its own (ASan sees no use after free).
 */
static void test_lookup_outlives_round(void **state)
{
	static struct fake f = {.delay_ms = 300};
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	uint8_t a[16];
	(void)state;

	assert_int_equal(inet_pton(AF_INET6, "2001:db8::53", a), 1);
	conntable_init(&t);
	add_pair(&t, AF_INET6, a);
	assert_int_equal(resolver_run(r, &t, 20), 1);
	assert_null(resolver_name(r, AF_INET6, a));
	wait_lookups(&f);
	assert_int_equal(resolver_run(r, &t, 20), 0);
	assert_string_equal(name_of(r, AF_INET6, a), "v6-2001:db8::53");
	assert_int_equal(atomic_load(&f.started), 1);

	/* Freed while a lookup runs, after a round that no longer lists it. */
	conntable_reset(&t);
	v4(a, 9);
	add_pair(&t, AF_INET, a);
	assert_int_equal(resolver_run(r, &t, 20), 1);
	conntable_reset(&t);
	assert_int_equal(resolver_run(r, &t, 20), 0);
	assert_int_equal(atomic_load(&f.finished), 1);
	resolver_free(r);
	wait_lookups(&f);
	assert_int_equal(atomic_load(&f.started), 2);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cache_bounded_over_rounds),
	    cmocka_unit_test(test_recent_address_kept),
	    cmocka_unit_test(test_ipv6),
	    cmocka_unit_test(test_lookup_outlives_round),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
