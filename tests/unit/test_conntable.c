/*
 * test_conntable.c - storage, string pool, ordering and predicates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "model/conntable.h"

static struct conn *add_tcp(struct conntable *t, int family, uint8_t a, uint16_t lport,
			    uint16_t rport, uint64_t inode)
{
	struct conn *c = conntable_append(t);

	c->proto = PROTO_TCP;
	c->family = (uint8_t)family;
	c->local.addr[0] = a;
	c->local.port = lport;
	c->remote.port = rport;
	c->inode = inode;
	return c;
}

static void test_grows_without_limit(void **state)
{
	struct conntable t;
	size_t i;
	(void)state;

	conntable_init(&t);
	for (i = 0; i < 100000; i++)
		add_tcp(&t, AF_INET, 1, (uint16_t)i, 0, i);
	assert_int_equal(t.len, 100000);
	assert_int_equal(t.conns[99999].inode, 99999);
	conntable_free(&t);
	assert_int_equal(t.len, 0);
}

static void test_pool(void **state)
{
	struct conntable t;
	uint32_t a, b;
	(void)state;

	conntable_init(&t);
	assert_string_equal(conntable_str(&t, 0), "");
	a = conntable_intern(&t, "alpha", 5);
	b = conntable_intern(&t, "be\0ta", 5);
	assert_true(a != 0 && b != 0 && a != b);
	assert_string_equal(conntable_str(&t, a), "alpha");
	assert_memory_equal(t.pool + b, "be\0ta", 5);
	conntable_reset(&t);
	assert_int_equal(t.len, 0);
	conntable_free(&t);
}

static void test_sort_order_and_stability(void **state)
{
	struct conntable t;
	struct conn *u;
	(void)state;

	conntable_init(&t);
	add_tcp(&t, AF_INET6, 0, 22, 0, 1);
	add_tcp(&t, AF_INET, 2, 80, 0, 2);
	add_tcp(&t, AF_INET, 1, 443, 0, 3);
	add_tcp(&t, AF_INET, 1, 22, 5000, 4);
	add_tcp(&t, AF_INET, 1, 22, 5000, 5); /* equal key: keeps source order */
	add_tcp(&t, AF_INET, 1, 22, 4000, 6);
	u = conntable_append(&t);
	u->proto = PROTO_UDP;
	u->family = AF_INET;
	u->inode = 7;
	conntable_sort(&t);
	assert_int_equal(t.conns[0].inode, 6);
	assert_int_equal(t.conns[1].inode, 4);
	assert_int_equal(t.conns[2].inode, 5);
	assert_int_equal(t.conns[3].inode, 3);
	assert_int_equal(t.conns[4].inode, 2);
	assert_int_equal(t.conns[5].inode, 1); /* tcp6 after tcp */
	assert_int_equal(t.conns[6].inode, 7); /* udp after tcp */
	conntable_free(&t);
}

/* The order the sort must produce, written out the slow way. */
static int ref_cmp(const struct conntable *t, size_t ia, size_t ib)
{
	const struct conn *a = &t->conns[ia], *b = &t->conns[ib];
	int r;

	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->family != b->family) {
		int ra = a->family == AF_INET ? 0 : a->family + 1;
		int rb = b->family == AF_INET ? 0 : b->family + 1;

		return ra < rb ? -1 : 1;
	}
	if (a->proto == PROTO_UNIX) {
		size_t n = a->path_len < b->path_len ? a->path_len : b->path_len;

		r = memcmp(conntable_str(t, a->path), conntable_str(t, b->path), n);
		if (r != 0)
			return r;
		if (a->path_len != b->path_len)
			return a->path_len < b->path_len ? -1 : 1;
		if (a->inode != b->inode)
			return a->inode < b->inode ? -1 : 1;
		return 0;
	}
	r = memcmp(a->local.addr, b->local.addr, 16);
	if (r == 0 && a->local.port != b->local.port)
		r = a->local.port < b->local.port ? -1 : 1;
	if (r == 0)
		r = memcmp(a->remote.addr, b->remote.addr, 16);
	if (r == 0 && a->remote.port != b->remote.port)
		r = a->remote.port < b->remote.port ? -1 : 1;
	return r;
}

/* Random tables with few distinct values (many ties) and with many: the
 * packed keys give exactly the comparator's order, ties in source order. */
static void test_sort_matches_reference(void **state)
{
	/* Embedded NULs are legal in abstract names: "/run/a\0b" is 8 bytes. */
	static const char *const paths[] = {"/run/a", "/run/ab", "@x", "/run/a\0b", "/r"};
	static const size_t lens[] = {6, 7, 2, 8, 2};
	unsigned round, seed = 1;
	(void)state;

	for (round = 0; round < 40; round++) {
		struct conntable t;
		size_t n = round < 20 ? 300 : 5000, i;
		unsigned spread = round % 2 ? 3 : 1000;

		conntable_init(&t);
		for (i = 0; i < n; i++) {
			struct conn *c = conntable_append(&t);
			unsigned k;

			seed = seed * 1103515245u + 12345u;
			c->proto = (uint8_t)((seed >> 8) % PROTO_COUNT);
			c->family = c->proto == PROTO_UNIX  ? AF_UNIX
				    : (seed >> 12) % 3 == 0 ? AF_INET6
							    : AF_INET;
			for (k = 0; k < 16; k++) {
				seed = seed * 1103515245u + 12345u;
				if (k < 4 || c->family == AF_INET6) {
					c->local.addr[k] = (uint8_t)((seed >> 16) % spread);
					c->remote.addr[k] = (uint8_t)((seed >> 20) % spread);
				}
			}
			c->local.port = (uint16_t)((seed >> 3) % (spread * 7));
			c->remote.port = (uint16_t)((seed >> 5) % (spread * 5));
			c->inode = (seed >> 7) % spread + ((uint64_t)(seed % 3) << 40);
			c->recv_q = (uint32_t)i; /* source order, to check ties */
			if (c->proto == PROTO_UNIX && (seed >> 9) % 4 != 0) {
				unsigned which = (seed >> 11) % 5;

				c->path = conntable_intern(&t, paths[which], lens[which]);
				c->path_len = (uint32_t)lens[which];
			}
		}
		conntable_sort(&t);
		for (i = 1; i < n; i++) {
			int r = ref_cmp(&t, i - 1, i);

			assert_true(r < 0 || (r == 0 && t.conns[i - 1].recv_q < t.conns[i].recv_q));
		}
		conntable_free(&t);
	}
}

/* A table the packed keys refuse (a protocol out of range) is sorted by
 * the comparator, then permuted the same way. */
static void test_sort_comparator_fallback(void **state)
{
	struct conntable t;
	unsigned seed = 7;
	size_t i, n = 200;
	(void)state;

	conntable_init(&t);
	for (i = 0; i < n; i++) {
		struct conn *c = conntable_append(&t);

		seed = seed * 1103515245u + 12345u;
		c->proto = (uint8_t)(i == n / 2 ? PROTO_COUNT : (seed >> 8) % PROTO_RAW);
		c->family = (seed >> 12) % 2 ? AF_INET6 : AF_INET;
		c->local.addr[3] = (uint8_t)((seed >> 16) % 4);
		c->local.port = (uint16_t)((seed >> 3) % 5);
		c->remote.port = (uint16_t)((seed >> 5) % 3);
		c->recv_q = (uint32_t)i;
	}
	conntable_sort(&t);
	assert_int_equal(t.conns[n - 1].proto, PROTO_COUNT);
	for (i = 1; i < n; i++) {
		int r = ref_cmp(&t, i - 1, i);

		assert_true(r < 0 || (r == 0 && t.conns[i - 1].recv_q < t.conns[i].recv_q));
	}
	conntable_free(&t);
}

static void test_listening(void **state)
{
	struct conn c;
	(void)state;

	memset(&c, 0, sizeof(c));
	c.proto = PROTO_TCP;
	c.family = AF_INET;
	c.state = CS_LISTEN;
	assert_true(conn_is_listening(&c));
	c.state = CS_ESTABLISHED;
	assert_false(conn_is_listening(&c));
	c.proto = PROTO_UDP;
	c.state = CS_CLOSE;
	assert_true(conn_is_listening(&c));
	c.remote.port = 53;
	c.state = CS_ESTABLISHED;
	assert_false(conn_is_listening(&c));
	c.proto = PROTO_UNIX;
	c.unix_flags = UNIX_FLAG_ACCEPTCON;
	assert_true(conn_is_listening(&c));
}

/* Interfaces: one entry per index, kept across sorting, forgotten by reset;
 * a remote endpoint shows it only for a link-local address. */
static void test_scopes(void **state)
{
	struct conntable t;
	struct conn *c;
	uint16_t a, b;
	uint32_t i;
	(void)state;

	conntable_init(&t);
	assert_int_equal(conntable_add_scope(&t, 0, 0), 0);
	a = conntable_add_scope(&t, 0, 2);
	b = conntable_add_scope(&t, 0, 70000);
	assert_true(a != 0 && b != 0 && a != b);
	assert_int_equal(conntable_add_scope(&t, 0, 2), a);
	/* Index 2 of another namespace is another interface. */
	assert_true(conntable_add_scope(&t, 5, 2) != a);
	assert_int_equal(conntable_scope(&t, conntable_add_scope(&t, 5, 2))->netns, 5);
	assert_int_equal(conntable_scope(&t, b)->ifindex, 70000);
	assert_null(conntable_scope(&t, 0));
	assert_null(conntable_scope(&t, 99));
	c = conntable_append(&t);
	c->proto = PROTO_TCP;
	c->family = AF_INET6;
	c->local.addr[0] = 0xfe, c->local.addr[1] = 0x80, c->local.addr[15] = 1;
	c->remote.addr[0] = 0x20, c->remote.addr[1] = 0x01; /* 2001:: */
	c->scope = a;
	assert_int_equal(conntable_endpoint_scope(&t, c, false)->ifindex, 2);
	assert_null(conntable_endpoint_scope(&t, c, true)); /* a global address has no link */
	c->remote.addr[0] = 0xff, c->remote.addr[1] = 0x02; /* ff02:: */
	assert_int_equal(conntable_endpoint_scope(&t, c, true)->ifindex, 2);
	c->remote.addr[1] = 0x0e; /* ff0e:: is global */
	assert_null(conntable_endpoint_scope(&t, c, true));
	/* Many interfaces: all distinct, up to the 16-bit limit. */
	for (i = 1; i <= 1000; i++)
		assert_int_equal(
		    conntable_scope(&t, conntable_add_scope(&t, 0, 100000 + i))->ifindex,
		    100000 + i);
	conntable_reset(&t);
	assert_int_equal(t.scopes_len, 0);
	assert_int_equal(conntable_add_scope(&t, 0, 70000), 1);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grows_without_limit),
	    cmocka_unit_test(test_pool),
	    cmocka_unit_test(test_sort_order_and_stability),
	    cmocka_unit_test(test_sort_matches_reference),
	    cmocka_unit_test(test_sort_comparator_fallback),
	    cmocka_unit_test(test_listening),
	    cmocka_unit_test(test_scopes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
