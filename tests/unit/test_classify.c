/*
 * test_classify.c - direction, service port, name and class of socket pairs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "enrich/classify.h"
#include "model/netns.h"
#include "conn_builder.h"
#include "filter/select.h"
#include "support/name_tables.h"

static const struct port_range linux_range = {32768, 60999, false};

static void run(struct conntable *t, struct services *s)
{
	struct classify_ctx ctx = {s, NULL, &linux_range, NULL, NULL};

	classify_enrich(t, &ctx);
}

static void expect(const struct conn *c, int dir, uint16_t port, int cls, const char *name)
{
	assert_int_equal(c->direction, dir);
	assert_int_equal(conn_service_port(c), port);
	assert_int_equal(c->service_class, cls);
	if (name == NULL)
		assert_null(c->service);
	else
		assert_string_equal(c->service, name);
}

/* Listeners decide TCP: in on the server side, out on the client side. */
static void test_tcp_with_listeners(void **state)
{
	struct services *s = services_load_builtin();
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&t, PROTO_TCP, AF_INET, "0.0.0.0", 22, "0.0.0.0", 0, CS_LISTEN);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 22, "10.0.0.9", 51000, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 40000, "192.0.2.7", 443, CS_ESTABLISHED);
	/* A client whose port is low and whose peer's is high: still out. */
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 1023, "192.0.2.7", 2049, CS_SYN_SENT);
	/* A listener on another address does not cover this one. */
	add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 5432, "0.0.0.0", 0, CS_LISTEN);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 5432, "192.0.2.7", 80, CS_ESTABLISHED);
	/* A dual-stack [::] listener covers v4-mapped connections. */
	add_inet(&t, PROTO_TCP, AF_INET6, "::", 8080, "::", 0, CS_LISTEN);
	add_inet(&t, PROTO_TCP, AF_INET6, "::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 45000,
		 CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 8080, "127.0.0.1", 45001, CS_TIME_WAIT);
	/* An IPv4 wildcard covers v4-mapped, not native IPv6. */
	add_inet(&t, PROTO_TCP, AF_INET, "0.0.0.0", 3306, "0.0.0.0", 0, CS_LISTEN);
	add_inet(&t, PROTO_TCP, AF_INET6, "::ffff:10.0.0.1", 3306, "::ffff:10.0.0.2", 50000,
		 CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET6, "2001:db8::1", 3306, "2001:db8::2", 1500, CS_ESTABLISHED);
	run(&t, s);

	expect(&t.conns[0], DIR_LISTEN, 22, PC_WELL_KNOWN, "ssh");
	expect(&t.conns[1], DIR_IN, 22, PC_WELL_KNOWN, "ssh");
	expect(&t.conns[2], DIR_OUT, 443, PC_WELL_KNOWN, "https");
	expect(&t.conns[3], DIR_OUT, 2049, PC_REGISTERED, "nfs");
	expect(&t.conns[4], DIR_LISTEN, 5432, PC_REGISTERED, "postgresql");
	expect(&t.conns[5], DIR_OUT, 80, PC_WELL_KNOWN, "http");
	expect(&t.conns[6], DIR_LISTEN, 8080, PC_REGISTERED, "http-alt");
	expect(&t.conns[7], DIR_IN, 8080, PC_REGISTERED, "http-alt");
	expect(&t.conns[8], DIR_IN, 8080, PC_REGISTERED, "http-alt");
	expect(&t.conns[10], DIR_IN, 3306, PC_REGISTERED, "mysql");
	expect(&t.conns[11], DIR_OUT, 1500, PC_REGISTERED, NULL);
	conntable_free(&t);
	services_free(s);
}

/* No listener information: the lower class wins, ephemeral ports lose ties. */
static void test_rule_without_listeners(void **state)
{
	(void)state;
	assert_true(classify_local_is_service(22, 40000, &linux_range));
	assert_false(classify_local_is_service(40000, 22, &linux_range));
	assert_true(classify_local_is_service(8080, 50000, &linux_range));
	assert_false(classify_local_is_service(50000, 1023, &linux_range));
	/* registered vs registered: the ephemeral one loses. */
	assert_true(classify_local_is_service(40000, 30000, &linux_range) == false);
	assert_true(classify_local_is_service(30000, 40000, &linux_range));
	/* dynamic vs dynamic: 62000 is outside the range, 55000 inside. */
	assert_true(classify_local_is_service(62000, 55000, &linux_range));
	assert_false(classify_local_is_service(55000, 62000, &linux_range));
	/* Exactly one ephemeral port: the other is the service, whatever the classes. */
	assert_false(classify_local_is_service(41000, 62000, &linux_range));
	assert_true(classify_local_is_service(62000, 41000, &linux_range));
	/* Both ephemeral: the local one, which nothing listens on, is the kernel's choice. */
	assert_false(classify_local_is_service(41000, 51820, &linux_range));
	assert_false(classify_local_is_service(51820, 41000, &linux_range));
	/* A full tie: the lower number. */
	assert_true(classify_local_is_service(5000, 6000, &linux_range));
	assert_false(classify_local_is_service(6000, 5000, &linux_range));
}

static void test_udp_and_tcp_without_listeners(void **state)
{
	struct services *s = services_load_builtin();
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&t, PROTO_UDP, AF_INET, "0.0.0.0", 53, "0.0.0.0", 0, CS_CLOSE);
	add_inet(&t, PROTO_UDP, AF_INET, "127.0.0.1", 40000, "127.0.0.1", 53, CS_ESTABLISHED);
	add_inet(&t, PROTO_UDPLITE, AF_INET6, "::1", 53, "::1", 45000, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 22, "10.0.0.9", 51000, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 51001, "10.0.0.9", 22, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 4000, "0.0.0.0", 0, CS_CLOSE);
	run(&t, s);
	expect(&t.conns[0], DIR_LISTEN, 53, PC_WELL_KNOWN, "domain");
	expect(&t.conns[1], DIR_OUT, 53, PC_WELL_KNOWN, "domain");
	expect(&t.conns[2], DIR_IN, 53, PC_WELL_KNOWN, "domain");
	expect(&t.conns[3], DIR_IN, 22, PC_WELL_KNOWN, "ssh");
	expect(&t.conns[4], DIR_OUT, 22, PC_WELL_KNOWN, "ssh");
	expect(&t.conns[5], DIR_UNKNOWN, 4000, PC_REGISTERED, NULL);
	conntable_free(&t);
	services_free(s);
}

/*
 * When exactly one port of a pair lies in the ephemeral range, the other is
 * the service, whatever their classes; when both do, a local port that
 * nothing listens on was chosen by the kernel: out.
 */
static void test_ephemeral_side_never_service(void **state)
{
	struct services *s = services_load_builtin();
	struct conntable t;
	(void)state;

	conntable_init(&t);
	/* Connected UDP clients: kernel-chosen local port, a dynamic service port. */
	add_inet(&t, PROTO_UDP, AF_INET, "127.0.0.1", 41000, "127.0.0.1", 51820, CS_ESTABLISHED);
	add_inet(&t, PROTO_UDP, AF_INET, "127.0.0.1", 55000, "127.0.0.1", 60000, CS_ESTABLISHED);
	add_inet(&t, PROTO_UDP, AF_INET, "127.0.0.1", 41001, "192.0.2.7", 62000, CS_ESTABLISHED);
	/* A server-side TIME_WAIT whose listener has exited, beside another listener. */
	add_inet(&t, PROTO_TCP, AF_INET, "0.0.0.0", 22, "0.0.0.0", 0, CS_LISTEN);
	add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 8080, "127.0.0.1", 45000, CS_TIME_WAIT);
	add_inet(&t, PROTO_TCP, AF_INET6, "::1", 61000, "::1", 41002, CS_TIME_WAIT);
	/* Both ends ephemeral, no listener on the local port: the client side. */
	add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 50001, "127.0.0.1", 45001, CS_ESTABLISHED);
	/* A connected UDP socket on the port of an unconnected one: a server's. */
	add_inet(&t, PROTO_UDP, AF_INET, "0.0.0.0", 50500, "0.0.0.0", 0, CS_CLOSE);
	add_inet(&t, PROTO_UDP, AF_INET, "10.0.0.1", 50500, "192.0.2.7", 40000, CS_ESTABLISHED);
	run(&t, s);
	expect(&t.conns[0], DIR_OUT, 51820, PC_DYNAMIC, NULL);
	expect(&t.conns[1], DIR_OUT, 60000, PC_DYNAMIC, NULL);
	expect(&t.conns[2], DIR_OUT, 62000, PC_DYNAMIC, NULL);
	expect(&t.conns[4], DIR_IN, 8080, PC_REGISTERED, "http-alt");
	expect(&t.conns[5], DIR_IN, 61000, PC_DYNAMIC, NULL);
	expect(&t.conns[6], DIR_OUT, 45001, PC_REGISTERED, NULL);
	expect(&t.conns[8], DIR_IN, 50500, PC_DYNAMIC, NULL);
	conntable_free(&t);
	services_free(s);
}

/*
 * Servers the table does not hold (a filtered dump) still decide: they come
 * in ctx.listeners, and are not classified themselves.
 */
static void test_listeners_beside_table(void **state)
{
	struct services *s = services_load_builtin();
	struct classify_ctx ctx = {s, NULL, &linux_range, NULL, NULL};
	struct conntable t, servers;
	(void)state;

	conntable_init(&t);
	conntable_init(&servers);
	add_inet(&servers, PROTO_TCP, AF_INET, "0.0.0.0", 45000, "0.0.0.0", 0, CS_LISTEN);
	add_inet(&servers, PROTO_UDP, AF_INET6, "::", 50000, "::", 0, CS_CLOSE);
	/* Both ports ephemeral: only the listener says which side serves. */
	add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 45000, "127.0.0.1", 50001, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 50001, "127.0.0.1", 45000, CS_ESTABLISHED);
	/* A low client port: out, since TCP listeners are known. */
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 1023, "192.0.2.7", 2049, CS_SYN_SENT);
	/* A dual-stack UDP server covers a v4-mapped connected socket on its port. */
	add_inet(&t, PROTO_UDP, AF_INET6, "::ffff:10.0.0.1", 50000, "::ffff:192.0.2.7", 41000,
		 CS_ESTABLISHED);
	/* A TCP listener does not make a UDP socket on the same port incoming. */
	add_inet(&t, PROTO_UDP, AF_INET, "127.0.0.1", 45000, "127.0.0.1", 53, CS_ESTABLISHED);
	ctx.listeners = &servers;
	classify_enrich(&t, &ctx);
	expect(&t.conns[0], DIR_IN, 45000, PC_REGISTERED, NULL);
	expect(&t.conns[1], DIR_OUT, 45000, PC_REGISTERED, NULL);
	expect(&t.conns[2], DIR_OUT, 2049, PC_REGISTERED, "nfs");
	expect(&t.conns[3], DIR_IN, 50000, PC_DYNAMIC, NULL);
	expect(&t.conns[4], DIR_OUT, 53, PC_WELL_KNOWN, "domain");
	assert_int_equal(servers.conns[0].direction, DIR_UNKNOWN);
	/* Without them the same table reads otherwise. */
	ctx.listeners = NULL;
	classify_enrich(&t, &ctx);
	expect(&t.conns[0], DIR_OUT, 50001, PC_DYNAMIC, NULL);
	expect(&t.conns[2], DIR_IN, 1023, PC_WELL_KNOWN, NULL);
	conntable_free(&t);
	conntable_free(&servers);
	services_free(s);
}

/* Service names follow the socket's protocol: 512/tcp is exec, 512/udp biff. */
static void test_names_by_protocol(void **state)
{
	struct services *s = services_load_builtin();
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&t, PROTO_TCP, AF_INET, "0.0.0.0", 512, "0.0.0.0", 0, CS_LISTEN);
	add_inet(&t, PROTO_UDP, AF_INET, "0.0.0.0", 512, "0.0.0.0", 0, CS_CLOSE);
	add_inet(&t, PROTO_UDPLITE, AF_INET, "0.0.0.0", 512, "0.0.0.0", 0, CS_CLOSE);
	run(&t, s);
	assert_string_equal(t.conns[0].service, "exec");
	assert_string_equal(t.conns[1].service, "biff");
	assert_string_equal(t.conns[2].service, "biff");
	conntable_free(&t);
	services_free(s);
}

static void test_raw_protocol_names(void **state)
{
	struct protocols *p;
	struct conntable t;
	struct classify_ctx ctx = {NULL, NULL, &linux_range, NULL, NULL};
	(void)state;

	(void)protocols_load(&p, "/nonexistent"); /* the built-in names */
	ctx.protocols = p;
	conntable_init(&t);
	add_inet(&t, PROTO_RAW, AF_INET, "0.0.0.0", 1, "0.0.0.0", 0, CS_CLOSE);
	add_inet(&t, PROTO_RAW, AF_INET6, "::", 58, "::", 0, CS_CLOSE);
	add_inet(&t, PROTO_RAW, AF_INET, "0.0.0.0", 253, "0.0.0.0", 0, CS_CLOSE);
	classify_enrich(&t, &ctx);
	expect(&t.conns[0], DIR_LISTEN, 1, PC_NONE, "icmp");
	expect(&t.conns[1], DIR_LISTEN, 58, PC_NONE, "ipv6-icmp");
	expect(&t.conns[2], DIR_LISTEN, 253, PC_NONE, NULL);
	conntable_free(&t);
	protocols_free(p);
}

static void test_class_filter(void **state)
{
	struct conntable t;
	struct filter f = {0};
	unsigned classes;
	(void)state;

	conntable_init(&t);
	add_inet(&t, PROTO_TCP, AF_INET, "0.0.0.0", 22, "0.0.0.0", 0, CS_LISTEN);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 22, "10.0.0.9", 51000, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 40000, "192.0.2.7", 5432, CS_ESTABLISHED);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 50000, "192.0.2.7", 61000, CS_ESTABLISHED);
	run(&t, NULL);
	f.protos = 1u << PROTO_TCP;
	f.inet4 = f.inet6 = f.all = true;
	f.range = &linux_range;

	assert_int_equal(filter_parse_classes("well-known", &classes), 0);
	f.classes = classes;
	assert_true(filter_is_query(&f));
	assert_true(filter_match(&f, &t.conns[0]));
	assert_true(filter_match(&f, &t.conns[1]));
	assert_false(filter_match(&f, &t.conns[2]));
	assert_int_equal(filter_parse_classes("registered,dynamic", &classes), 0);
	f.classes = classes;
	assert_false(filter_match(&f, &t.conns[1]));
	assert_true(filter_match(&f, &t.conns[2]));
	assert_true(filter_match(&f, &t.conns[3]));
	/* ephemeral: the local port lies in the host's range. */
	assert_int_equal(filter_parse_classes("ephemeral", &classes), 0);
	f.classes = classes;
	assert_false(filter_match(&f, &t.conns[0]));
	assert_false(filter_match(&f, &t.conns[1]));
	assert_true(filter_match(&f, &t.conns[2]));
	assert_true(filter_match(&f, &t.conns[3]));
	assert_int_equal(filter_parse_classes("well-known,", &classes), -EINVAL);
	assert_int_equal(filter_parse_classes("private", &classes), -EINVAL);
	assert_int_equal(filter_parse_classes("", &classes), -EINVAL);
	conntable_free(&t);
}

/*
 * -N, --all-netns: a server makes a connection incoming only in its own
 * namespace, and each namespace's own ephemeral range decides the rest.
 */
static void test_per_namespace(void **state)
{
	struct netns_table ns;
	struct conntable t;
	struct classify_ctx ctx = {NULL, NULL, &linux_range, NULL, NULL};
	struct conn *c;
	size_t index;
	(void)state;

	netns_table_init(&ns);
	assert_non_null(netns_table_add(&ns, 11, &index));
	assert_non_null(netns_table_add(&ns, 22, &index));
	ns.v[0].range = linux_range;
	ns.v[1].range = (struct port_range){1000, 2000, false};
	ctx.netns = &ns;
	conntable_init(&t);
	/* A listener on 50000 in namespace 0 only. */
	(void)add_inet(&t, PROTO_TCP, AF_INET, "0.0.0.0", 50000, "0.0.0.0", 0, CS_LISTEN);
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 50000, "127.0.0.1", 50001,
		     CS_ESTABLISHED);
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 50000, "127.0.0.1", 50001,
		     CS_ESTABLISHED);
	c->netns = 1;
	/* 1500 -> 40000: namespace 1's range makes 1500 the kernel's choice. */
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 1500, "127.0.0.1", 40000, CS_ESTABLISHED);
	c->netns = 1;
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 1500, "127.0.0.1", 40000, CS_ESTABLISHED);
	classify_enrich(&t, &ctx);
	assert_int_equal(t.conns[1].direction, DIR_IN);	 /* its namespace's listener */
	assert_int_equal(t.conns[2].direction, DIR_OUT); /* none in namespace 1 */
	assert_int_equal(t.conns[3].direction, DIR_OUT);
	assert_int_equal(conn_service_port(&t.conns[3]), 40000);
	assert_int_equal(t.conns[4].direction, DIR_IN);
	assert_int_equal(conn_service_port(&t.conns[4]), 1500);
	conntable_free(&t);
	netns_table_free(&ns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_per_namespace),
	    cmocka_unit_test(test_tcp_with_listeners),
	    cmocka_unit_test(test_rule_without_listeners),
	    cmocka_unit_test(test_udp_and_tcp_without_listeners),
	    cmocka_unit_test(test_ephemeral_side_never_service),
	    cmocka_unit_test(test_listeners_beside_table),
	    cmocka_unit_test(test_names_by_protocol),
	    cmocka_unit_test(test_raw_protocol_names),
	    cmocka_unit_test(test_class_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
