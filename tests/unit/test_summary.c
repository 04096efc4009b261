/*
 * test_summary.c - the summary's counts on saved /proc trees, the reserved
 * port list, and the pressure thresholds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "enrich/classify.h"
#include "source/source.h"
#include "aggregate/summary.h"
#include "enrich/port_ranges.h"
#include "support/name_tables.h"
#include "conn_builder.h"
#include "model/netns.h"

/* Reads tests/golden/trees/NAME (tcp, tcp6, udp) and classifies it, as main does. */
static void load_tree(const char *name, struct conntable *t, struct port_space *sr, int reserved_rc)
{
	const char *src = getenv("PORTSTAT_SOURCE_DIR");
	static char root[4096];
	struct port_range range;
	struct source_cfg cfg;
	struct warnings w;
	struct services *svc = services_load_builtin();
	struct classify_ctx ctx = {svc, NULL, &range, NULL, NULL};

	assert_non_null(src);
	(void)snprintf(root, sizeof(root), "%s/tests/golden/trees/%s", src, name);
	memset(&cfg, 0, sizeof(cfg));
	cfg.proc_root = root;
	cfg.inet4 = cfg.inet6 = true;
	warnings_init(&w);
	conntable_init(t);
	assert_int_equal(source_proc_read(&cfg, PROTO_TCP, AF_INET, t, &w), 0);
	assert_int_equal(source_proc_read(&cfg, PROTO_TCP, AF_INET6, t, &w), 0);
	assert_int_equal(source_proc_read(&cfg, PROTO_UDP, AF_INET, t, &w), 0);
	assert_int_equal(w.len, 0);
	warnings_free(&w);
	assert_int_equal(port_range_read(root, &range, NULL), 0);
	assert_int_equal(port_space_read(root, &range, sr, NULL), reserved_rc);
	classify_enrich(t, &ctx);
	services_free(svc);
}

static const struct summary_entry *remote(const struct summary *s, const char *addr, uint16_t port)
{
	struct summary_key k;

	memset(&k, 0, sizeof(k));
	k.proto = PROTO_TCP;
	k.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	k.port = port;
	assert_int_equal(inet_pton(k.family, addr, k.addr), 1);
	return summary_find(&s->remote, &k);
}

/* The port space of connections from src to dst:port, or NULL. */
static const struct summary_entry *pair(const struct summary *s, const char *src, const char *dst,
					uint16_t port)
{
	struct summary_key k;

	memset(&k, 0, sizeof(k));
	k.proto = PROTO_TCP;
	k.family = strchr(dst, ':') ? AF_INET6 : AF_INET;
	k.port = port;
	assert_int_equal(inet_pton(k.family, dst, k.addr), 1);
	assert_int_equal(inet_pton(k.family, src, k.source), 1);
	return summary_find(&s->pairs, &k);
}

/* The pressure tree: a 10-port range with 2 reserved, 7 ports to one peer. */
static void test_pressure_tree(void **state)
{
	struct conntable t;
	struct port_space sr;
	struct summary s;
	const struct summary_entry *e;
	(void)state;

	load_tree("pressure", &t, &sr, 0);
	assert_int_equal(sr.low, 40000);
	assert_int_equal(sr.high, 40009);
	assert_int_equal(sr.ports, 10);
	assert_int_equal(sr.reserved, 2); /* 40008-40009; 50000 lies outside */
	assert_int_equal(summary_usable(&sr), 8);

	summary_init(&s);
	summary_build(&s, &t, &sr);
	/* ss -s's line: estab counts CLOSE_WAIT; the FIN_WAIT1 without inode is an orphan. */
	assert_int_equal(s.total, 24);
	assert_int_equal(s.tcp_total, 22);
	assert_int_equal(s.tcp_estab, 16);
	assert_int_equal(s.tcp_closed, 1);
	assert_int_equal(s.tcp_orphaned, 1);
	assert_int_equal(s.tcp_timewait, 2);
	assert_int_equal(s.proto_v4[PROTO_TCP], 20);
	assert_int_equal(s.proto_v6[PROTO_TCP], 2);
	assert_int_equal(s.states[PROTO_TCP][CS_ESTABLISHED], 15);
	assert_int_equal(s.states[PROTO_TCP][CS_LISTEN], 2);
	assert_int_equal(s.states[PROTO_UDP][CS_CLOSE], 1); /* UNCONN */
	assert_int_equal(s.classes[PC_WELL_KNOWN][DIR_OUT], 11);
	assert_int_equal(s.classes[PC_WELL_KNOWN][DIR_IN], 3);
	assert_int_equal(s.classes[PC_REGISTERED][DIR_UNKNOWN], 1); /* the bound socket */
	assert_int_equal(s.ephemeral_local, 16);

	/* Local services: ssh first (3 in), the idle UDP listener after. */
	assert_int_equal(s.local.len, 2);
	assert_int_equal(s.local.v[0].key.port, 22);
	assert_true(s.local.v[0].listening);
	assert_int_equal(s.local.v[0].conns, 3);
	assert_int_equal(s.local.v[1].key.port, 68);
	assert_int_equal(s.local.v[1].conns, 0);

	/* 10.0.0.5:443: 8 out, 7 on ephemeral ports (33000 is outside), 2 of them TIME_WAIT. */
	e = remote(&s, "10.0.0.5", 443);
	assert_non_null(e);
	assert_ptr_equal(e, &s.remote.v[0]);
	assert_int_equal(e->conns, 8);
	assert_int_equal(e->states[CS_TIME_WAIT], 2);
	e = pair(&s, "192.168.1.2", "10.0.0.5", 443);
	assert_non_null(e);
	assert_int_equal(e->ephemeral, 7);
	assert_int_equal(e->ephemeral_tw, 2);
	assert_int_equal(summary_permille(e->ephemeral, 8), 875);
	assert_int_equal(summary_flag(e->ephemeral, 8), 2);
	e = pair(&s, "192.168.1.2", "10.0.0.6", 5432);
	assert_non_null(e);
	assert_int_equal(e->ephemeral, 6);
	assert_int_equal(summary_flag(e->ephemeral, 8), 1);
	assert_non_null(pair(&s, "2001:db8::2", "2001:db8::1", 443));
	assert_non_null(remote(&s, "2001:db8::1", 443));
	assert_null(remote(&s, "10.0.0.9", 443));

	/* Pressure order: most ports first, then by key. */
	assert_int_equal(s.pressure_len, 5);
	assert_int_equal(s.pressure[0]->ephemeral, 7);
	assert_int_equal(s.pressure[1]->ephemeral, 6);
	assert_int_equal(s.pressure[2]->key.port, 80);

	/* A second round in the same memory counts the same, not twice. */
	summary_build(&s, &t, &sr);
	assert_int_equal(s.total, 24);
	assert_int_equal(remote(&s, "10.0.0.5", 443)->conns, 8);
	assert_int_equal(s.local.len, 2);
	summary_free(&s);
	conntable_free(&t);
}

/* The basic tree has no reserved-ports file: nothing reserved, an error said. */
static void test_basic_tree(void **state)
{
	struct conntable t;
	struct port_space sr;
	struct summary s;
	(void)state;

	load_tree("basic", &t, &sr, -ENOENT);
	assert_int_equal(sr.reserved, 0);
	assert_int_equal(summary_usable(&sr), 60999 - 32768 + 1);
	summary_init(&s);
	summary_build(&s, &t, &sr);
	assert_int_equal(s.tcp_total, 14);
	assert_int_equal(s.tcp_estab, 8);
	assert_int_equal(s.tcp_orphaned, 0);
	assert_int_equal(s.local.len, 7); /* 6 TCP listeners, UDP 53 (udp6 not read) */
	assert_int_equal(s.remote.len, 5);
	summary_free(&s);
	conntable_free(&t);
}

static void test_reserved_parse(void **state)
{
	struct port_range r = {40000, 40099, false};
	uint32_t n = 99;
	(void)state;

	assert_int_equal(port_space_parse_reserved("\n", &r, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(port_space_parse_reserved("40000", &r, &n), 0);
	assert_int_equal(n, 1);
	/* Overlaps count once; ports outside the range do not count. */
	assert_int_equal(port_space_parse_reserved("39990-40004,40002-40010,50000\n", &r, &n), 0);
	assert_int_equal(n, 11);
	assert_int_equal(port_space_parse_reserved("1-65535", &r, &n), 0);
	assert_int_equal(n, 100);
	assert_int_equal(port_space_parse_reserved("40010-40001", &r, &n), -EINVAL);
	assert_int_equal(port_space_parse_reserved("65536", &r, &n), -EINVAL);
	assert_int_equal(port_space_parse_reserved("80,x", &r, &n), -EINVAL);
	assert_int_equal(port_space_parse_reserved("80-", &r, &n), -EINVAL);
}

/* "Above 50%" and "above 80%" are strict; an empty range never divides by zero. */
static void test_thresholds(void **state)
{
	(void)state;
	assert_int_equal(summary_flag(50, 100), 0);
	assert_int_equal(summary_flag(51, 100), 1);
	assert_int_equal(summary_flag(80, 100), 1);
	assert_int_equal(summary_flag(81, 100), 2);
	assert_int_equal(summary_flag(85, 100), 2);
	assert_int_equal(summary_flag(1, 0), 2);
	assert_int_equal(summary_permille(1, 3), 333);
	assert_int_equal(summary_permille(2, 3), 667);
	assert_int_equal(summary_permille(5, 0), 0);
}

/* Many destinations: the hash grows and every one is found again. */
static void test_many_destinations(void **state)
{
	struct port_space sr = {32768, 60999, 28232, 0, false};
	struct conntable t;
	struct summary s;
	struct summary_key k;
	unsigned i;
	(void)state;

	conntable_init(&t);
	for (i = 0; i < 5000; i++) {
		struct conn *c = conntable_append(&t);

		c->proto = PROTO_TCP;
		c->family = AF_INET;
		c->state = CS_ESTABLISHED;
		c->inode = i + 1;
		c->direction = DIR_OUT;
		c->service_class = PC_REGISTERED;
		c->local.port = (uint16_t)(33000 + i % 7);
		c->remote.port = 8080;
		c->remote.addr[0] = 10;
		c->remote.addr[2] = (uint8_t)(i / 2 / 256);
		c->remote.addr[3] = (uint8_t)(i / 2 % 256);
	}
	summary_init(&s);
	summary_build(&s, &t, &sr);
	assert_int_equal(s.remote.len, 2500);
	assert_int_equal(s.pressure_len, 2500);
	memset(&k, 0, sizeof(k));
	k.proto = PROTO_TCP;
	k.family = AF_INET;
	k.port = 8080;
	k.addr[0] = 10;
	for (i = 0; i < 2500; i++) {
		k.addr[2] = (uint8_t)(i / 256);
		k.addr[3] = (uint8_t)(i % 256);
		assert_non_null(summary_find(&s.remote, &k));
		assert_int_equal(summary_find(&s.remote, &k)->conns, 2);
	}
	summary_free(&s);
	conntable_free(&t);
}

/* An orphan is what the kernel counts (ss -s): a socket its process closed
 * that lingers, not one waiting in an accept queue without a file yet. */
static void test_orphans(void **state)
{
	static const struct {
		uint8_t state, timer;
		uint64_t inode;
	} socks[] = {
	    {CS_ESTABLISHED, TIMER_OFF, 0},	/* accept queue */
	    {CS_ESTABLISHED, TIMER_OFF, 0},	/* accept queue */
	    {CS_CLOSE_WAIT, TIMER_OFF, 0},	/* accept queue, the peer closed */
	    {CS_FIN_WAIT1, TIMER_ON, 0},	/* orphan */
	    {CS_LAST_ACK, TIMER_ON, 0},		/* orphan */
	    {CS_CLOSING, TIMER_ON, 0},		/* orphan */
	    {CS_FIN_WAIT2, TIMER_KEEPALIVE, 0}, /* orphan: a full socket on its fin timeout */
	    {CS_FIN_WAIT2, TIMER_TIMEWAIT, 0},	/* a time-wait minisocket: not one */
	    {CS_FIN_WAIT1, TIMER_ON, 7},	/* shut down, still owned */
	};
	struct port_space sr = {32768, 60999, 28232, 0, false};
	struct conntable t;
	struct summary s;
	size_t i;
	(void)state;

	conntable_init(&t);
	for (i = 0; i < sizeof(socks) / sizeof(socks[0]); i++) {
		struct conn *c = conntable_append(&t);

		c->proto = PROTO_TCP;
		c->family = AF_INET;
		c->state = socks[i].state;
		c->timer = socks[i].timer;
		c->inode = socks[i].inode;
		c->local.port = 22;
		c->remote.port = (uint16_t)(40000 + i);
		c->direction = DIR_IN;
		c->service_class = PC_WELL_KNOWN;
	}
	summary_init(&s);
	summary_build(&s, &t, &sr);
	assert_int_equal(s.tcp_total, 9);
	assert_int_equal(s.tcp_orphaned, 4);
	summary_free(&s);
	conntable_free(&t);
}

static void add_out(struct conntable *t, int family, const char *src, uint16_t sport,
		    const char *dst, uint16_t dport)
{
	struct conn *c = conntable_append(t);

	c->proto = PROTO_TCP;
	c->family = (uint8_t)family;
	c->state = CS_ESTABLISHED;
	c->inode = 1;
	c->direction = DIR_OUT;
	c->service_class = PC_WELL_KNOWN;
	assert_int_equal(inet_pton(family, src, c->local.addr), 1);
	assert_int_equal(inet_pton(family, dst, c->remote.addr), 1);
	c->local.port = sport;
	c->remote.port = dport;
}

/*
 * Port pressure is per (source address, destination): each source has its
 * own ports.  72 of 90 from one source and 10 + 5 (v4-mapped, the same
 * IPv4 port space) from another are 80 % and 16.7 %, not 97 %.
 */
static void test_pressure_per_source(void **state)
{
	struct port_space sr = {40000, 40089, 90, 0, false};
	struct conntable t;
	struct summary s;
	uint16_t i;
	(void)state;

	conntable_init(&t);
	for (i = 0; i < 72; i++)
		add_out(&t, AF_INET, "192.168.1.2", (uint16_t)(40000 + i), "10.0.0.5", 443);
	for (i = 0; i < 10; i++)
		add_out(&t, AF_INET, "192.168.1.3", (uint16_t)(40000 + i), "10.0.0.5", 443);
	for (i = 10; i < 15; i++)
		add_out(&t, AF_INET6, "::ffff:192.168.1.3", (uint16_t)(40000 + i),
			"::ffff:10.0.0.5", 443);
	summary_init(&s);
	summary_build(&s, &t, &sr);
	assert_int_equal(s.pressure_len, 2);
	assert_int_equal(s.pressure[0]->ephemeral, 72);
	assert_int_equal(summary_flag(s.pressure[0]->ephemeral, summary_usable(&sr)), 1);
	assert_int_equal(s.pressure[1]->ephemeral, 15);
	assert_int_equal(s.pressure[1]->key.family, AF_INET);
	assert_ptr_equal(s.pressure[0], pair(&s, "192.168.1.2", "10.0.0.5", 443));
	assert_ptr_equal(s.pressure[1], pair(&s, "192.168.1.3", "10.0.0.5", 443));
	assert_int_equal(s.remote.len, 2); /* the remote services stay per family */
	summary_free(&s);
	conntable_free(&t);
}

/*
 * -N, --all-netns: each namespace's totals; the same peer and source seen
 * from two namespaces are two port spaces; each namespace's own range
 * decides which local ports are ephemeral.
 */
static void test_per_namespace(void **state)
{
	static const struct port_space space = {32768, 60999, 28232, 0, false};
	struct netns_table ns;
	struct conntable t;
	struct summary s;
	struct conn *c;
	size_t index;
	int i;
	(void)state;

	netns_table_init(&ns);
	assert_non_null(netns_table_add(&ns, 11, &index));
	assert_non_null(netns_table_add(&ns, 22, &index));
	ns.v[1].range = (struct port_range){1000, 2000, false};
	conntable_init(&t);
	t.netns = &ns;
	for (i = 0; i < 2; i++) {
		/* 127.0.0.1:40000 -> 127.0.0.1:443 in each: ephemeral only in namespace 0. */
		c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 40000, "127.0.0.1", 443,
			     CS_ESTABLISHED);
		c->direction = DIR_OUT;
		c->service_class = PC_WELL_KNOWN;
		c->netns = (uint16_t)i;
	}
	c = add_inet(&t, PROTO_TCP, AF_INET, "127.0.0.1", 1500, "127.0.0.1", 443, CS_TIME_WAIT);
	c->direction = DIR_OUT;
	c->service_class = PC_WELL_KNOWN;
	c->netns = 1;
	summary_init(&s);
	summary_build(&s, &t, &space);
	assert_int_equal(s.netns_len, 2);
	assert_ptr_equal(s.netns_table, &ns);
	assert_int_equal(s.netns[0].total, 1);
	assert_int_equal(s.netns[0].ephemeral_local, 1);
	assert_int_equal(s.netns[1].total, 2);
	assert_int_equal(s.netns[1].tcp_estab, 1);
	assert_int_equal(s.netns[1].tcp_timewait, 1);
	assert_int_equal(s.netns[1].ephemeral_local, 1); /* 1500 in 1000-2000; 40000 not */
	assert_int_equal(s.ephemeral_local, 2);
	/* Two remote services and two port spaces: one per namespace. */
	assert_int_equal(s.remote.len, 2);
	assert_int_equal(s.pairs.len, 2);
	summary_free(&s);

	/* One namespace: no per-namespace totals. */
	t.netns = NULL;
	summary_init(&s);
	summary_build(&s, &t, &space);
	assert_int_equal(s.netns_len, 0);
	summary_free(&s);
	conntable_free(&t);
	netns_table_free(&ns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_per_namespace), cmocka_unit_test(test_pressure_tree),
	    cmocka_unit_test(test_basic_tree),	  cmocka_unit_test(test_reserved_parse),
	    cmocka_unit_test(test_thresholds),	  cmocka_unit_test(test_many_destinations),
	    cmocka_unit_test(test_orphans),	  cmocka_unit_test(test_pressure_per_source),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
