/*
 * test_published.c - published ports joined to listeners and each
 * listener's exposure (enrich/published.h), and --published's filter on
 * the host side (query_match_published).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "enrich/published.h"
#include "filter/query.h"

/* A TCP listener in namespace ns on ADDR:port with this inode. */
static void listener(struct conntable *t, unsigned ns, const char *addr, uint16_t port,
		     uint64_t inode)
{
	struct conn *c = conntable_append(t);

	memset(c, 0, sizeof(*c));
	c->proto = PROTO_TCP;
	c->family = AF_INET;
	c->state = CS_LISTEN;
	c->netns = (uint16_t)ns;
	c->inode = inode;
	c->local.port = port;
	assert_int_equal(inet_pton(AF_INET, addr, c->local.addr), 1);
}

static struct published dnat(unsigned ns, uint16_t host_port, const char *to, uint16_t to_port)
{
	struct published e;

	memset(&e, 0, sizeof(e));
	e.proto = PROTO_TCP;
	e.via = PUBLISHED_DNAT;
	e.host_family = AF_INET;
	e.host_port_lo = e.host_port_hi = host_port;
	e.netns = (uint16_t)ns;
	e.target_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, to, e.target_addr), 1);
	e.target_port_lo = e.target_port_hi = to_port;
	e.target_netns = -1;
	return e;
}

static void add_addr(struct addr_table *a, unsigned ns, const char *text)
{
	uint8_t addr[16] = {0};

	assert_int_equal(inet_pton(AF_INET, text, addr), 1);
	assert_int_equal(addr_table_add(a, ns, AF_INET, addr, 24, 2), 0);
}

/*
 * Namespace 0 is the host, 1 a container at 10.9.0.2 (listening on *:80
 * and *:7004), 2 another at 10.9.1.2 that is also held by 3 (ambiguous).
 */
static void test_join_and_exposure(void **state)
{
	struct published_table p;
	struct addr_table a;
	struct conntable t;
	struct socket_notes m;
	struct published e;
	(void)state;

	published_table_init(&p);
	addr_table_init(&a);
	conntable_init(&t);
	socket_notes_init(&m);
	add_addr(&a, 1, "10.9.0.2");
	add_addr(&a, 2, "10.9.1.2");
	add_addr(&a, 3, "10.9.1.2");
	listener(&t, 1, "0.0.0.0", 80, 101);
	listener(&t, 1, "0.0.0.0", 7004, 102);
	listener(&t, 0, "127.0.0.1", 7001, 103);
	listener(&t, 0, "10.9.0.1", 7002, 104);
	listener(&t, 0, "0.0.0.0", 7003, 105);
	listener(&t, 0, "127.0.0.1", 9000, 106);
	e = dnat(0, 8080, "10.9.0.2", 80);
	(void)published_table_add(&p, &e);
	e = dnat(0, 8081, "10.9.0.2", 81);
	(void)published_table_add(&p, &e); /* nothing on 81 */
	e = dnat(0, 8082, "10.9.1.2", 80);
	(void)published_table_add(&p, &e); /* two namespaces */
	e = dnat(0, 8083, "127.0.0.1", 9000);
	(void)published_table_add(&p, &e); /* its own lo */
	e = dnat(0, 8084, "0.0.0.0", 7003);
	e.via = PUBLISHED_REDIRECT;
	e.target_family = AF_UNSPEC;
	(void)published_table_add(&p, &e);

	published_join(&p, &a, &t);
	assert_int_equal(p.v[0].target_netns, 1);
	assert_int_equal(p.v[0].listener_inode, 101);
	assert_int_equal(p.v[1].target_netns, 1);
	assert_int_equal(p.v[1].listener_inode, 0);
	assert_int_equal(p.v[2].target_netns, ADDR_OWNER_AMBIGUOUS);
	assert_int_equal(p.v[2].listener_inode, 0);
	assert_int_equal(p.v[3].target_netns, 0);
	assert_int_equal(p.v[3].listener_inode, 106);
	assert_int_equal(p.v[4].target_netns, 0);
	assert_int_equal(p.v[4].listener_inode, 105);

	exposure_enrich(&m, &t, &p, 0);
	assert_int_equal(socket_notes_exposure(&m, 101), EXPOSURE_PUBLISHED);
	assert_int_equal(socket_notes_exposure(&m, 102), EXPOSURE_NAMESPACE);
	assert_int_equal(socket_notes_exposure(&m, 103), EXPOSURE_LOOPBACK);
	assert_int_equal(socket_notes_exposure(&m, 104), EXPOSURE_LOCAL);
	assert_int_equal(socket_notes_exposure(&m, 105), EXPOSURE_PUBLISHED); /* redirected to */
	assert_int_equal(socket_notes_exposure(&m, 106), EXPOSURE_PUBLISHED);
	assert_int_equal(socket_notes_exposure(&m, 999), EXPOSURE_NONE);
	assert_int_equal(socket_notes_exposure(NULL, 101), EXPOSURE_NONE);

	socket_notes_free(&m);
	conntable_free(&t);
	addr_table_free(&a);
	published_table_free(&p);
}

/* A listener on one address answers only for it; a wildcard for any. */
static void test_join_specific_address(void **state)
{
	struct published_table p;
	struct addr_table a;
	struct conntable t;
	struct published e;
	(void)state;

	published_table_init(&p);
	addr_table_init(&a);
	conntable_init(&t);
	add_addr(&a, 1, "10.9.0.2");
	add_addr(&a, 1, "10.9.0.3");
	listener(&t, 1, "10.9.0.3", 80, 201);
	listener(&t, 1, "10.9.0.2", 80, 202);
	e = dnat(0, 8080, "10.9.0.2", 80);
	(void)published_table_add(&p, &e);
	published_join(&p, &a, &t);
	assert_int_equal(p.v[0].listener_inode, 202);
	conntable_free(&t);
	addr_table_free(&a);
	published_table_free(&p);
}

/* --published: FILTERs by the host side; other kinds are refused. */
static void test_query_published(void **state)
{
	struct query_names names = {NULL, NULL, NULL};
	struct published e = dnat(0, 8080, "10.9.0.2", 80);
	struct query q;
	char msg[256];
	(void)state;

	query_init(&q);
	assert_int_equal(query_add(&q, FARG_ENDPOINT, ":8080", &names, msg, sizeof(msg)), 0);
	assert_true(query_published_ok(&q));
	assert_true(query_match_published(&q, &e)); /* a rule on any address */
	e.host_port_lo = 8000;
	e.host_port_hi = 8010;
	assert_false(query_match_published(&q, &e));
	query_free(&q);

	query_init(&q);
	assert_int_equal(query_add(&q, FARG_ENDPOINT, "10.0.0.1:8005", &names, msg, sizeof(msg)),
			 0);
	assert_true(query_match_published(&q, &e)); /* 0.0.0.0: every address */
	e.host_prefix = 32;
	assert_int_equal(inet_pton(AF_INET, "10.0.0.2", e.host_addr), 1);
	assert_false(query_match_published(&q, &e));
	assert_int_equal(inet_pton(AF_INET, "10.0.0.1", e.host_addr), 1);
	assert_true(query_match_published(&q, &e));
	query_free(&q);

	query_init(&q);
	assert_int_equal(query_add(&q, FARG_PID, "1", &names, msg, sizeof(msg)), 0);
	assert_false(query_published_ok(&q));
	query_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_join_and_exposure),
	    cmocka_unit_test(test_join_specific_address),
	    cmocka_unit_test(test_query_published),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
