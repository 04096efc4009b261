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

#include "conntable.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_without_limit),
		cmocka_unit_test(test_pool),
		cmocka_unit_test(test_sort_order_and_stability),
		cmocka_unit_test(test_listening),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
