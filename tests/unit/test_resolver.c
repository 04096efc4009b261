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
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include <cmocka.h>

#include "enrich/resolver.h"
#include "model/conntable.h"

/* What the fake lookup does; it outlives the resolver, so it is static. */
struct fake {
	unsigned delay_ms;
	atomic_uint started;
	atomic_uint finished;
	atomic_bool hold;	/* lookups wait while set: a dead name server */
	atomic_uint running;	/* lookups under way now */
	atomic_uint peak;	/* the most ever under way at once */
	atomic_uchar *per_addr; /* NULL, or lookups per 10.0.x.y address (65536) */
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

	unsigned now = atomic_fetch_add(&f->running, 1) + 1, peak = atomic_load(&f->peak);

	while (now > peak && !atomic_compare_exchange_weak(&f->peak, &peak, now))
		;
	if (f->per_addr != NULL && family == AF_INET)
		atomic_fetch_add(&f->per_addr[addr[2] << 8 | addr[3]], 1);
	atomic_fetch_add(&f->started, 1);
	if (f->delay_ms > 0)
		sleep_ms(f->delay_ms);
	while (atomic_load(&f->hold))
		sleep_ms(1);
	if (inet_ntop(family, addr, text, sizeof(text)) == NULL)
		abort();
	(void)snprintf(host, cap, "%s-%s", family == AF_INET ? "v4" : "v6", text);
	atomic_fetch_sub(&f->running, 1);
	atomic_fetch_add(&f->finished, 1);
	return 0;
}

/* Waits until every lookup started has finished (they run detached). */
static void wait_lookups(struct fake *f)
{
	unsigned i;

	for (i = 0; i < 1000 && atomic_load(&f->finished) < atomic_load(&f->started); i++)
		sleep_ms(10);
	assert_int_equal(atomic_load(&f->finished), atomic_load(&f->started));
}

/*
 * Waits (10 s at most) until n lookups have started: the workers take jobs
 * on their own time, and on a busy machine a round's few milliseconds may
 * pass before any did -- wait_lookups alone would then see none to wait for.
 */
static void wait_started(struct fake *f, unsigned n)
{
	unsigned i;

	for (i = 0; i < 1000 && atomic_load(&f->started) < n; i++)
		sleep_ms(10);
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

/* A round whose table has the addresses 10.0.x.y numbered first..first+n-1. */
static int round_of(struct resolver *r, struct conntable *t, unsigned first, unsigned n,
		    unsigned timeout_ms)
{
	uint8_t a[16];
	unsigned i;

	conntable_reset(t);
	for (i = 0; i < n; i++) {
		v4(a, first + i);
		add_pair(t, AF_INET, a);
	}
	return resolver_run(r, t, timeout_ms);
}

/* How many of the addresses first..first+n-1 have a name. */
static unsigned named(const struct resolver *r, unsigned first, unsigned n)
{
	uint8_t a[16];
	unsigned i, k = 0;

	for (i = 0; i < n; i++) {
		v4(a, first + i);
		k += resolver_name(r, AF_INET, a) != NULL;
	}
	return k;
}

/* Every address first..first+n-1 was looked up at most (exactly, with all) once. */
static void looked_up_once(const struct fake *f, unsigned first, unsigned n, bool all)
{
	unsigned i;

	for (i = first; i < first + n; i++) {
		unsigned k = atomic_load(&f->per_addr[i & 0xffff]);

		if (k > 1 || (all && k != 1))
			fail_msg("address %u looked up %u times", i, k);
	}
}

/*
 * A dead name server and peers that keep changing: every round brings 200
 * new addresses and every lookup hangs.  The lookups under way never pass
 * RESOLVER_MAX_THREADS (no worker is added for a stuck one), and the
 * addresses a round no longer has leave the queue: once the server
 * answers, only the stuck lookups and the last table's addresses are
 * looked up, each once.
 */
static void test_dead_server_bounded(void **state)
{
	static atomic_uchar counts[65536];
	static struct fake f = {.per_addr = counts};
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	unsigned round;
	(void)state;

	conntable_init(&t);
	atomic_store(&f.hold, true);
	for (round = 0; round < 20; round++)
		assert_int_equal(round_of(r, &t, 1 + round * 200, 200, 10), 200);
	wait_started(&f, RESOLVER_MAX_THREADS);
	assert_int_equal(atomic_load(&f.started), RESOLVER_MAX_THREADS);
	assert_int_equal(atomic_load(&f.peak), RESOLVER_MAX_THREADS);
	atomic_store(&f.hold, false);
	wait_started(&f, RESOLVER_MAX_THREADS + 200);
	wait_lookups(&f);
	/* The stuck ones and the queue of the last round (the one before it left). */
	assert_int_equal(atomic_load(&f.started), RESOLVER_MAX_THREADS + 200);
	assert_int_equal(atomic_load(&f.peak), RESOLVER_MAX_THREADS);
	looked_up_once(&f, 1, 20 * 200, false);
	looked_up_once(&f, 1 + 19 * 200, 200, true);
	/* The last table's names are there for its next round, without a new lookup. */
	assert_int_equal(round_of(r, &t, 1 + 19 * 200, 200, 5000), 0);
	assert_int_equal(named(r, 1 + 19 * 200, 200), 200);
	assert_int_equal(atomic_load(&f.started), RESOLVER_MAX_THREADS + 200);
	finish(r, &t, &f);
}

/*
 * More addresses than the queue holds: RESOLVER_QUEUE_MAX are queued, the
 * rest wait for a later round, and every address is looked up once; a
 * queued address that is still in the table keeps its place.
 */
static void test_queue_bounded(void **state)
{
	static atomic_uchar counts[65536];
	static struct fake f = {.per_addr = counts};
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	const unsigned n = 3 * RESOLVER_QUEUE_MAX;
	unsigned round;
	(void)state;

	conntable_init(&t);
	atomic_store(&f.hold, true);
	assert_int_equal(round_of(r, &t, 1, n, 10), n);
	assert_int_equal(round_of(r, &t, 1, n, 10), n);
	wait_started(&f, RESOLVER_MAX_THREADS);
	atomic_store(&f.hold, false);
	wait_started(&f, RESOLVER_QUEUE_MAX);
	wait_lookups(&f);
	assert_int_equal(atomic_load(&f.started), RESOLVER_QUEUE_MAX);
	for (round = 0; round < 4; round++)
		(void)round_of(r, &t, 1, n, 5000);
	assert_int_equal(named(r, 1, n), n);
	assert_int_equal(atomic_load(&f.started), n);
	looked_up_once(&f, 1, n, true);
	finish(r, &t, &f);
}

/*
 * A table with more addresses than the cache holds: never more than
 * RESOLVER_CACHE_MAX names (failures alike), and a new table's addresses
 * take the room of the last one's.
 */
static void test_cache_capped(void **state)
{
	static struct fake f;
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	const unsigned n = RESOLVER_CACHE_MAX + 2000;
	unsigned round;
	(void)state;

	conntable_init(&t);
	for (round = 0; round < 12; round++) {
		(void)round_of(r, &t, 1, n, 5000);
		assert_true(named(r, 1, n) <= RESOLVER_CACHE_MAX);
	}
	assert_int_equal(named(r, 1, n), RESOLVER_CACHE_MAX);
	for (round = 0; round < 12; round++) {
		(void)round_of(r, &t, 1 + n, n, 5000);
		assert_true(named(r, 1, 2 * n) <= RESOLVER_CACHE_MAX);
	}
	assert_int_equal(named(r, 1 + n, n), RESOLVER_CACHE_MAX);
	assert_int_equal(named(r, 1, n), 0);
	finish(r, &t, &f);
}

static uint64_t socket_inode(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return (uint64_t)st.st_ino;
}

static void add_socket_row(struct conntable *t, uint64_t inode, unsigned n)
{
	uint8_t a[16];

	v4(a, n);
	add_pair(t, AF_INET, a);
	t->conns[t->len - 1].inode = inode;
}

/*
 * The sockets the process opened while it runs (a lookup's) are removed
 * from a table of this host; one it held before the resolver existed (an
 * inherited stream) stays, and so do other sockets and rows without an
 * inode.  A table that is not this host's (NULL) is left alone.
 */
static void test_own_sockets_dropped(void **state)
{
	static struct fake f;
	int inherited = socket(AF_INET, SOCK_DGRAM, 0), mine;
	struct resolver *r = resolver_new_with(fake_lookup, &f);
	struct conntable t;
	(void)state;

	assert_true(inherited >= 0);
	mine = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(mine >= 0);
	conntable_init(&t);
	resolver_pause(r);
	add_socket_row(&t, socket_inode(inherited), 1);
	add_socket_row(&t, socket_inode(mine), 2);
	add_socket_row(&t, socket_inode(mine) + 1000000, 3);
	add_socket_row(&t, 0, 4);
	resolver_resume(r, &t);
	assert_int_equal(t.len, 3);
	assert_int_equal(t.conns[0].inode, socket_inode(inherited));
	assert_int_equal(t.conns[1].inode, socket_inode(mine) + 1000000);
	assert_int_equal(t.conns[2].inode, 0);
	/* Not this host's table: nothing is removed (and nothing breaks). */
	resolver_pause(r);
	resolver_resume(r, NULL);
	resolver_pause(NULL);
	resolver_resume(NULL, &t);
	assert_int_equal(t.len, 3);
	assert_int_equal(close(mine), 0);
	assert_int_equal(close(inherited), 0);
	finish(r, &t, &f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cache_bounded_over_rounds),
	    cmocka_unit_test(test_recent_address_kept),
	    cmocka_unit_test(test_ipv6),
	    cmocka_unit_test(test_lookup_outlives_round),
	    cmocka_unit_test(test_dead_server_bounded),
	    cmocka_unit_test(test_queue_bounded),
	    cmocka_unit_test(test_cache_capped),
	    cmocka_unit_test(test_own_sockets_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
