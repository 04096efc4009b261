/*
 * test_conntrack.c - translated flows: the CTNETLINK reply decoder
 * (source/conntrack.h) on dumps recorded from real NATed flows
 * (tests/fixtures/conntrack/, made by tests/support/record_conntrack.sh:
 * IPv4 DNAT of TCP and UDP, a masquerade, an untranslated flow, IPv6
 * DNAT), on entries built here with wrong sizes, bad nesting and missing
 * parts, on truncated and garbage buffers, kernel errors and what they
 * mean; and the model's table (model/nat_flows.h) looked up from the
 * server's and the client's socket.
 */
#define _GNU_SOURCE /* unshare */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "model/nat_flows.h"
#include "model/netns.h"
#include "source/conntrack.h"
#include "source/netns.h"
#include "fixtures.h"

#define SEQ 9

/* A recorded dump, read whole. */
struct blob {
	uint8_t *b;
	size_t len;
};

static struct blob load(const char *name)
{
	char rel[128], path[1200];
	struct blob r = {NULL, 0};
	FILE *f;
	long n;

	(void)snprintf(rel, sizeof(rel), "tests/fixtures/conntrack/%s", name);
	fixture_path(path, sizeof(path), "PORTSTAT_SOURCE_DIR", rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	/* Exactly its size: ASan sees any read past it. */
	r.b = malloc((size_t)n);
	assert_non_null(r.b);
	assert_int_equal(fread(r.b, 1, (size_t)n, f), (size_t)n);
	(void)fclose(f);
	r.len = (size_t)n;
	return r;
}

static struct endpoint ep(int family, const char *addr, uint16_t port)
{
	struct endpoint e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(inet_pton(family, addr, e.addr), 1);
	e.port = port;
	return e;
}

static void assert_ep(const struct endpoint *e, int family, const char *addr, uint16_t port)
{
	struct endpoint want = ep(family, addr, port);

	assert_memory_equal(e->addr, want.addr, 16);
	assert_int_equal(e->port, want.port);
}

/* Parses a recording as a live dump would check it (its own sequence and port id). */
static void parse_recorded(const char *name, struct nat_flow_table *t, unsigned netns,
			   struct conntrack_parser *p)
{
	struct blob d = load(name);
	struct nlmsghdr h;

	conntrack_parser_init(p, t, netns);
	memcpy(&h, d.b, sizeof(h));
	p->seq = h.nlmsg_seq;
	p->portid = h.nlmsg_pid;
	p->check_ids = true;
	assert_int_equal(conntrack_parse(p, d.b, d.len), 0);
	assert_true(p->done);
	assert_int_equal(p->kernel_error, 0);
	free(d.b);
}

/* ct4.bin: TCP DNAT 8080->80, masquerade to 9090, plain 7070, UDP DNAT 5353->53. */
static void test_recorded_v4(void **state)
{
	struct nat_flow_table t;
	struct conntrack_parser p;
	const struct nat_flow *f;
	size_t i;
	int seen = 0;
	(void)state;

	nat_flow_table_init(&t);
	parse_recorded("ct4.bin", &t, 3, &p);
	assert_int_equal(p.added, 3);
	assert_int_equal(p.plain, 1); /* 40003 -> 7070, dropped */
	assert_int_equal(t.len, 3);
	for (i = 0; i < t.len; i++) {
		f = &t.v[i];
		assert_int_equal(f->netns, 3);
		assert_int_equal(f->family, AF_INET);
		assert_ep(&f->orig.src, AF_INET, "10.0.1.2", f->orig.src.port);
		assert_int_not_equal(f->orig.src.port, 40003);
		if (f->orig.src.port == 40001) {
			assert_int_equal(f->proto, IPPROTO_TCP);
			assert_int_equal(f->nat, NAT_FLOW_DNAT);
			assert_ep(&f->orig.dst, AF_INET, "10.0.1.1", 8080);
			assert_ep(&f->reply.src, AF_INET, "10.0.2.2", 80);
			assert_ep(&f->reply.dst, AF_INET, "10.0.1.2", 40001);
			seen |= 1;
		} else if (f->orig.src.port == 40002) {
			assert_int_equal(f->proto, IPPROTO_TCP);
			assert_int_equal(f->nat, NAT_FLOW_SNAT);
			assert_ep(&f->orig.dst, AF_INET, "10.0.2.2", 9090);
			assert_ep(&f->reply.src, AF_INET, "10.0.2.2", 9090);
			assert_ep(&f->reply.dst, AF_INET, "10.0.2.1", 40002);
			seen |= 2;
		} else {
			assert_int_equal(f->orig.src.port, 40004);
			assert_int_equal(f->proto, IPPROTO_UDP);
			assert_int_equal(f->nat, NAT_FLOW_DNAT);
			assert_ep(&f->orig.dst, AF_INET, "10.0.1.1", 5353);
			assert_ep(&f->reply.src, AF_INET, "10.0.2.2", 53);
			seen |= 4;
		}
		assert_false(nat_flow_is_mirror(f));
	}
	assert_int_equal(seen, 7);
	nat_flow_table_free(&t);
}

static void test_recorded_v6(void **state)
{
	struct nat_flow_table t;
	struct conntrack_parser p;
	const struct nat_flow *f;
	(void)state;

	nat_flow_table_init(&t);
	parse_recorded("ct6.bin", &t, 0, &p);
	assert_int_equal(p.added, 1);
	assert_int_equal(t.len, 1);
	f = &t.v[0];
	assert_int_equal(f->family, AF_INET6);
	assert_int_equal(f->proto, IPPROTO_TCP);
	assert_int_equal(f->nat, NAT_FLOW_DNAT);
	assert_ep(&f->orig.src, AF_INET6, "fd00:1::2", 40006);
	assert_ep(&f->orig.dst, AF_INET6, "fd00:1::1", 8080);
	assert_ep(&f->reply.src, AF_INET6, "fd00:2::2", 80);
	assert_ep(&f->reply.dst, AF_INET6, "fd00:1::2", 40006);
	nat_flow_table_free(&t);
}

/* Every cut of a recording: an error or fewer flows, never a read past the cut. */
static void test_truncated(void **state)
{
	struct blob d = load("ct4.bin");
	size_t cut;
	(void)state;

	for (cut = 0; cut < d.len; cut++) {
		struct nat_flow_table t;
		struct conntrack_parser p;
		uint8_t *b = malloc(cut + 1);
		int r;

		assert_non_null(b);
		memcpy(b, d.b, cut);
		nat_flow_table_init(&t);
		conntrack_parser_init(&p, &t, 0);
		r = conntrack_parse(&p, b, cut);
		/* The last message (NLMSG_DONE) is 20 bytes: any shorter cut is mid-message. */
		if (cut == 0 || cut == 212 || cut == 376 || cut == 588 || cut == 800)
			assert_int_equal(r, 0);
		else
			assert_int_equal(r, -EBADMSG);
		assert_int_equal(t.len, p.added);
		assert_false(p.done);
		nat_flow_table_free(&t);
		free(b);
	}
	free(d.b);
}

/* Deterministic noise, and noise behind a valid header: never a crash. */
static void test_garbage(void **state)
{
	struct blob d = load("ct4.bin");
	uint64_t x = 0x9e3779b97f4a7c15u;
	int round;
	(void)state;

	for (round = 0; round < 3000; round++) {
		struct nat_flow_table t;
		struct conntrack_parser p;
		size_t len = (size_t)(round % 300) + 1, i;
		uint8_t *b = malloc(len);
		int r;

		assert_non_null(b);
		/* Half the rounds: the recording with some bytes flipped. */
		for (i = 0; i < len; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			b[i] = round % 2 && i < d.len ? d.b[i] : (uint8_t)x;
			if (round % 2 && x % 23 == 0)
				b[i] = (uint8_t)(x >> 8);
		}
		nat_flow_table_init(&t);
		conntrack_parser_init(&p, &t, 1);
		r = conntrack_parse(&p, b, len);
		assert_true(r == 0 || r == -EBADMSG || r == -EPROTO);
		assert_int_equal(t.len, p.added);
		assert_true(p.kernel_error <= 0 && p.kernel_error >= -4095);
		nat_flow_table_free(&t);
		free(b);
	}
	free(d.b);
}

/* A stream built here, as the kernel lays it out. */
struct stream {
	uint8_t buf[4096];
	size_t len;
};

static size_t nest_begin(struct stream *s, unsigned type)
{
	struct nlattr a = {.nla_len = 0, .nla_type = (uint16_t)(type | NLA_F_NESTED)};
	size_t at = s->len;

	memcpy(s->buf + at, &a, sizeof(a));
	s->len += NLA_HDRLEN;
	return at;
}

static void nest_end(struct stream *s, size_t at)
{
	uint16_t len = (uint16_t)(s->len - at);

	memcpy(s->buf + at, &len, sizeof(len));
}

static void put_attr(struct stream *s, unsigned type, const void *data, size_t len)
{
	struct nlattr a = {.nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = (uint16_t)type};

	memcpy(s->buf + s->len, &a, sizeof(a));
	memcpy(s->buf + s->len + NLA_HDRLEN, data, len);
	memset(s->buf + s->len + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	s->len += NLA_ALIGN(NLA_HDRLEN + len);
}

static size_t msg_begin(struct stream *s, unsigned type, int family)
{
	struct nlmsghdr h;
	struct nfgenmsg g = {.nfgen_family = (uint8_t)family, .version = NFNETLINK_V0};
	size_t at = s->len;

	memset(&h, 0, sizeof(h));
	h.nlmsg_type = (uint16_t)type;
	h.nlmsg_flags = NLM_F_MULTI;
	h.nlmsg_seq = SEQ;
	memcpy(s->buf + at, &h, sizeof(h));
	s->len += NLMSG_HDRLEN;
	memcpy(s->buf + s->len, &g, sizeof(g));
	s->len += NLMSG_ALIGN(sizeof(g));
	return at;
}

static void msg_end(struct stream *s, size_t at)
{
	uint32_t len = (uint32_t)(s->len - at);

	memcpy(s->buf + at, &len, sizeof(len));
}

/* How put_tuple spoils its tuple. */
enum spoil { OK, SHORT_ADDR, SHORT_PORT, NO_PROTO, NO_PORTS, ICMP, NEST_PAST, ADDR_V6_IN_V4 };

static void put_tuple(struct stream *s, unsigned which, const char *src, const char *dst,
		      uint16_t sport, uint16_t dport, enum spoil spoil)
{
	uint8_t a[4], b[4], proto = spoil == ICMP ? IPPROTO_ICMP : IPPROTO_TCP;
	uint16_t sp = htons(sport), dp = htons(dport);
	size_t t = nest_begin(s, which), ip, pr;

	assert_int_equal(inet_pton(AF_INET, src, a), 1);
	assert_int_equal(inet_pton(AF_INET, dst, b), 1);
	ip = nest_begin(s, CTA_TUPLE_IP);
	if (spoil == ADDR_V6_IN_V4) {
		uint8_t six[16] = {0};

		put_attr(s, CTA_IP_V6_SRC, six, 16);
		put_attr(s, CTA_IP_V6_DST, six, 16);
	} else {
		put_attr(s, CTA_IP_V4_SRC, a, spoil == SHORT_ADDR ? 3 : 4);
		put_attr(s, CTA_IP_V4_DST, b, 4);
	}
	nest_end(s, ip);
	if (spoil != NO_PROTO) {
		pr = nest_begin(s, CTA_TUPLE_PROTO);
		put_attr(s, CTA_PROTO_NUM, &proto, 1);
		if (spoil != NO_PORTS) {
			put_attr(s, CTA_PROTO_SRC_PORT, &sp, spoil == SHORT_PORT ? 1 : 2);
			put_attr(s, CTA_PROTO_DST_PORT, &dp, 2);
		}
		nest_end(s, pr);
	}
	nest_end(s, t);
	if (spoil == NEST_PAST) {
		/* The tuple claims more than the message holds. */
		uint16_t len = (uint16_t)(s->len - t + 64);

		memcpy(s->buf + t, &len, sizeof(len));
	}
}

/* An IPv4 TCP entry 10.9.0.2:1000 -> 10.9.0.1:8080, reply from 10.9.1.2:80. */
static void put_entry(struct stream *s, uint32_t status, enum spoil orig, enum spoil reply,
		      bool mirror)
{
	size_t at = msg_begin(s, (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW, AF_INET);
	uint32_t st = htonl(status);

	put_tuple(s, CTA_TUPLE_ORIG, "10.9.0.2", "10.9.0.1", 1000, 8080, orig);
	if (reply != NEST_PAST)
		put_attr(s, CTA_STATUS, &st, sizeof(st));
	if (mirror)
		put_tuple(s, CTA_TUPLE_REPLY, "10.9.0.1", "10.9.0.2", 8080, 1000, reply);
	else
		put_tuple(s, CTA_TUPLE_REPLY, "10.9.1.2", "10.9.0.2", 80, 1000, reply);
	msg_end(s, at);
}

static void put_error(struct stream *s, unsigned type, int32_t err)
{
	struct nlmsghdr h;

	memset(&h, 0, sizeof(h));
	h.nlmsg_len = NLMSG_HDRLEN + sizeof(err);
	h.nlmsg_type = (uint16_t)type;
	h.nlmsg_seq = SEQ;
	memcpy(s->buf + s->len, &h, sizeof(h));
	memcpy(s->buf + s->len + NLMSG_HDRLEN, &err, sizeof(err));
	s->len += h.nlmsg_len;
}

static size_t parse_stream(const struct stream *s, struct nat_flow_table *t,
			   struct conntrack_parser *p, int want)
{
	/* An exact-size copy: ASan sees any read past the end. */
	uint8_t *b = malloc(s->len);

	assert_non_null(b);
	memcpy(b, s->buf, s->len);
	conntrack_parser_init(p, t, 0);
	assert_int_equal(conntrack_parse(p, b, s->len), want);
	free(b);
	return t->len;
}

static void test_built_entries(void **state)
{
	struct nat_flow_table t;
	struct conntrack_parser p;
	struct stream s = {.len = 0};
	(void)state;

	/* Kept: the status says DNAT though the tuples mirror; tuples differ though no status. */
	put_entry(&s, IPS_DST_NAT | IPS_CONFIRMED, OK, OK, true);
	put_entry(&s, 0, OK, OK, false);
	/* Dropped as plain: mirror images, no NAT bits. */
	put_entry(&s, IPS_CONFIRMED | IPS_ASSURED, OK, OK, true);
	/* Skipped: malformed or not TCP/UDP. */
	put_entry(&s, IPS_DST_NAT, SHORT_ADDR, OK, false);
	put_entry(&s, IPS_DST_NAT, OK, SHORT_PORT, false);
	put_entry(&s, IPS_DST_NAT, NO_PROTO, OK, false);
	put_entry(&s, IPS_DST_NAT, OK, NO_PORTS, false);
	put_entry(&s, IPS_DST_NAT, ICMP, ICMP, false);
	put_entry(&s, IPS_DST_NAT, ADDR_V6_IN_V4, OK, false);
	put_entry(&s, IPS_DST_NAT, OK, NEST_PAST, false);
	put_error(&s, NLMSG_DONE, 0);
	/* After NLMSG_DONE: not read. */
	put_entry(&s, IPS_SRC_NAT, OK, OK, false);

	nat_flow_table_init(&t);
	assert_int_equal(parse_stream(&s, &t, &p, 0), 2);
	assert_int_equal(p.added, 2);
	assert_int_equal(p.plain, 1);
	assert_int_equal(p.skipped, 7);
	assert_true(p.done);
	assert_int_equal(t.v[0].nat, NAT_FLOW_DNAT);
	assert_true(nat_flow_is_mirror(&t.v[0]));
	assert_int_equal(t.v[1].nat, 0);
	assert_false(nat_flow_is_mirror(&t.v[1]));
	assert_ep(&t.v[1].reply.src, AF_INET, "10.9.1.2", 80);
	nat_flow_table_free(&t);
}

static void test_kernel_errors(void **state)
{
	struct nat_flow_table t;
	struct conntrack_parser p;
	struct stream s = {.len = 0};
	(void)state;

	nat_flow_table_init(&t);
	put_error(&s, NLMSG_ERROR, -EPERM);
	parse_stream(&s, &t, &p, 0);
	assert_int_equal(p.kernel_error, -EPERM);
	assert_true(p.done);

	s.len = 0;
	put_error(&s, NLMSG_ERROR, INT32_MIN);
	parse_stream(&s, &t, &p, 0);
	assert_int_equal(p.kernel_error, -EPROTO);

	/* A foreign sequence number in a live dump. */
	s.len = 0;
	put_entry(&s, IPS_DST_NAT, OK, OK, false);
	conntrack_parser_init(&p, &t, 0);
	p.check_ids = true;
	p.seq = SEQ + 1;
	assert_int_equal(conntrack_parse(&p, s.buf, s.len), -EPROTO);

	/* What the errors mean to --nat. */
	assert_int_equal(conntrack_error(-EPERM), CONNTRACK_ENOPRIV);
	assert_int_equal(conntrack_error(-EACCES), CONNTRACK_ENOPRIV);
	assert_int_equal(conntrack_error(-EOPNOTSUPP), CONNTRACK_ENOTRACK);
	assert_int_equal(conntrack_error(-ENOENT), CONNTRACK_ENOTRACK);
	assert_int_equal(conntrack_error(-EPROTONOSUPPORT), CONNTRACK_ENOTRACK);
	assert_int_equal(conntrack_error(-EBADMSG), -EBADMSG);
	assert_int_equal(conntrack_error(0), 0);
	assert_int_not_equal(CONNTRACK_ENOPRIV, CONNTRACK_ENOTRACK);
	nat_flow_table_free(&t);
}

/* The recorded flows, looked up as the server's and the client's sockets see them. */
static void test_lookups(void **state)
{
	struct nat_flow_table t;
	struct conntrack_parser p;
	const struct nat_flow *f;
	struct endpoint l, r;
	(void)state;

	nat_flow_table_init(&t);
	parse_recorded("ct4.bin", &t, 2, &p); /* the router is namespace 2 */
	parse_recorded("ct6.bin", &t, 2, &p);

	/* Server S: its socket 10.0.2.2:80 <- 10.0.1.2:40001: the client dialled 10.0.1.1:8080. */
	l = ep(AF_INET, "10.0.2.2", 80);
	r = ep(AF_INET, "10.0.1.2", 40001);
	f = nat_flow_find_server(&t, NAT_FLOW_ANY_NETNS, IPPROTO_TCP, AF_INET, &l, &r);
	assert_non_null(f);
	assert_ep(&f->orig.dst, AF_INET, "10.0.1.1", 8080);
	assert_ptr_equal(nat_flow_find_server(&t, 2, IPPROTO_TCP, AF_INET, &l, &r), f);
	assert_null(nat_flow_find_server(&t, 1, IPPROTO_TCP, AF_INET, &l, &r));
	assert_null(nat_flow_find_server(&t, 2, IPPROTO_UDP, AF_INET, &l, &r));
	/* The client's view is not the server's. */
	assert_null(nat_flow_find_client(&t, 2, IPPROTO_TCP, AF_INET, &l, &r));

	/* Client C: 10.0.1.2:40001 -> 10.0.1.1:8080 really went to 10.0.2.2:80. */
	l = ep(AF_INET, "10.0.1.2", 40001);
	r = ep(AF_INET, "10.0.1.1", 8080);
	f = nat_flow_find_client(&t, NAT_FLOW_ANY_NETNS, IPPROTO_TCP, AF_INET, &l, &r);
	assert_non_null(f);
	assert_ep(&f->reply.src, AF_INET, "10.0.2.2", 80);
	assert_null(nat_flow_find_server(&t, 2, IPPROTO_TCP, AF_INET, &l, &r));

	/* Masquerade: the server sees 10.0.2.1:40002, really 10.0.1.2:40002. */
	l = ep(AF_INET, "10.0.2.2", 9090);
	r = ep(AF_INET, "10.0.2.1", 40002);
	f = nat_flow_find_server(&t, 2, IPPROTO_TCP, AF_INET, &l, &r);
	assert_non_null(f);
	assert_ep(&f->orig.src, AF_INET, "10.0.1.2", 40002);

	/* UDP DNAT, both sides. */
	l = ep(AF_INET, "10.0.2.2", 53);
	r = ep(AF_INET, "10.0.1.2", 40004);
	f = nat_flow_find_server(&t, 2, IPPROTO_UDP, AF_INET, &l, &r);
	assert_non_null(f);
	assert_ep(&f->orig.dst, AF_INET, "10.0.1.1", 5353);
	assert_null(nat_flow_find_server(&t, 2, IPPROTO_TCP, AF_INET, &l, &r));

	/* An IPv6 socket of an IPv4 flow (::ffff:a.b.c.d) finds it. */
	l = ep(AF_INET6, "::ffff:10.0.2.2", 80);
	r = ep(AF_INET6, "::ffff:10.0.1.2", 40001);
	f = nat_flow_find_server(&t, 2, IPPROTO_TCP, AF_INET6, &l, &r);
	assert_non_null(f);
	assert_int_equal(f->family, AF_INET);

	/* IPv6 DNAT. */
	l = ep(AF_INET6, "fd00:2::2", 80);
	r = ep(AF_INET6, "fd00:1::2", 40006);
	f = nat_flow_find_server(&t, 2, IPPROTO_TCP, AF_INET6, &l, &r);
	assert_non_null(f);
	assert_ep(&f->orig.dst, AF_INET6, "fd00:1::1", 8080);
	l = ep(AF_INET6, "fd00:1::2", 40006);
	r = ep(AF_INET6, "fd00:1::1", 8080);
	f = nat_flow_find_client(&t, 2, IPPROTO_TCP, AF_INET6, &l, &r);
	assert_non_null(f);
	assert_ep(&f->reply.src, AF_INET6, "fd00:2::2", 80);

	/* The untranslated flow was never added. */
	l = ep(AF_INET, "10.0.1.2", 40003);
	r = ep(AF_INET, "10.0.2.2", 7070);
	assert_null(nat_flow_find_client(&t, NAT_FLOW_ANY_NETNS, IPPROTO_TCP, AF_INET, &l, &r));

	/* A new round forgets every flow. */
	nat_flow_table_reset(&t);
	l = ep(AF_INET, "10.0.2.2", 80);
	r = ep(AF_INET, "10.0.1.2", 40001);
	assert_null(nat_flow_find_server(&t, NAT_FLOW_ANY_NETNS, IPPROTO_TCP, AF_INET, &l, &r));
	parse_recorded("ct4.bin", &t, 0, &p);
	assert_non_null(nat_flow_find_server(&t, 0, IPPROTO_TCP, AF_INET, &l, &r));
	nat_flow_table_free(&t);
}

/* 100 000 flows, each found from both sides (a linear scan would take minutes here). */
static void test_many(void **state)
{
	struct nat_flow_table t;
	struct nat_flow f;
	uint32_t i, n = 100000;
	(void)state;

	nat_flow_table_init(&t);
	memset(&f, 0, sizeof(f));
	f.family = AF_INET;
	f.proto = IPPROTO_TCP;
	f.nat = NAT_FLOW_DNAT;
	for (i = 0; i < n; i++) {
		uint32_t c = htonl(0x0a000000u | i), s = htonl(0xc0a80001u), h = htonl(0xc0000201u);

		memcpy(f.orig.src.addr, &c, 4);
		f.orig.src.port = (uint16_t)(1024 + i % 50000);
		memcpy(f.orig.dst.addr, &h, 4);
		f.orig.dst.port = 8080;
		memcpy(f.reply.src.addr, &s, 4);
		f.reply.src.port = 80;
		f.reply.dst = f.orig.src;
		f.netns = (uint16_t)(i % 4);
		assert_int_equal(nat_flow_table_add(&t, &f), 0);
	}
	assert_int_equal(t.len, n);
	for (i = 0; i < n; i++) {
		const struct nat_flow *g = &t.v[i];

		assert_ptr_equal(nat_flow_find_server(&t, g->netns, IPPROTO_TCP, AF_INET,
						      &g->reply.src, &g->reply.dst),
				 g);
		assert_ptr_equal(nat_flow_find_client(&t, NAT_FLOW_ANY_NETNS, IPPROTO_TCP, AF_INET,
						      &g->orig.src, &g->orig.dst),
				 g);
	}
	nat_flow_table_free(&t);
}

static void test_add_refuses(void **state)
{
	struct nat_flow_table t;
	struct nat_flow f;
	(void)state;

	nat_flow_table_init(&t);
	memset(&f, 0, sizeof(f));
	f.family = AF_INET;
	f.proto = IPPROTO_ICMP;
	assert_int_equal(nat_flow_table_add(&t, &f), -EINVAL);
	f.proto = IPPROTO_UDP;
	f.family = AF_UNIX;
	assert_int_equal(nat_flow_table_add(&t, &f), -EINVAL);
	f.family = AF_INET6;
	f.netns = NETNS_MAX;
	assert_int_equal(nat_flow_table_add(&t, &f), -EINVAL);
	f.netns = NETNS_MAX - 1;
	assert_int_equal(nat_flow_table_add(&t, &f), 0);
	assert_int_equal(t.len, 1);
	/* An IPv6 flow between two IPv4-mapped addresses (in either direction):
	 * no socket can find it, since a socket with two such addresses talks
	 * IPv4, which conntrack tracks as an IPv4 flow (fuzz_conntrack found it). */
	memset(f.orig.src.addr + 10, 0xff, 2);
	memset(f.orig.dst.addr + 10, 0xff, 2);
	assert_int_equal(nat_flow_table_add(&t, &f), -EINVAL);
	memset(&f.orig, 0, sizeof(f.orig));
	memset(f.reply.src.addr + 10, 0xff, 2);
	memset(f.reply.dst.addr + 10, 0xff, 2);
	assert_int_equal(nat_flow_table_add(&t, &f), -EINVAL);
	memset(f.reply.dst.addr + 10, 0, 2); /* one mapped address: a socket sees it as IPv6 */
	assert_int_equal(nat_flow_table_add(&t, &f), 0);
	assert_int_equal(t.len, 2);
	nat_flow_table_free(&t);
}

/*
 * A live dump of the caller's namespace: as root it succeeds (whatever it
 * holds is translated TCP/UDP, recorded as namespace 7); without
 * CAP_NET_ADMIN it is CONNTRACK_ENOPRIV, nothing else.
 */
static void test_live_own(void **state)
{
	struct nat_flow_table t;
	size_t i;
	int r;
	(void)state;

	nat_flow_table_init(&t);
	r = source_conntrack_read(NULL, 7, &t);
	if (geteuid() == 0) {
		assert_int_equal(r, 0);
	} else {
		assert_int_equal(r, CONNTRACK_ENOPRIV);
		assert_int_equal(t.len, 0);
	}
	for (i = 0; i < t.len; i++) {
		assert_int_equal(t.v[i].netns, 7);
		assert_true(t.v[i].proto == IPPROTO_TCP || t.v[i].proto == IPPROTO_UDP);
	}
	nat_flow_table_free(&t);
}

/*
 * Another namespace, entered by netns_open with open_nfnl, is read through
 * the socket opened inside it, again and again as -c rounds do: a fresh
 * namespace tracks nothing, so every read succeeds and adds nothing.
 */
static void test_other_namespace(void **state)
{
	struct netns_set s;
	struct nat_flow_table t;
	char msg[256], word[64];
	int ready[2], hold[2], status, round;
	pid_t child;
	char c;
	(void)state;

	if (geteuid() != 0) {
		fixture_missing("needs root to make a network namespace");
		return;
	}
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(hold), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		(void)close(ready[0]);
		(void)close(hold[1]);
		if (unshare(CLONE_NEWNET) != 0 || write(ready[1], "x", 1) != 1)
			_exit(1);
		(void)read(hold[0], &c, 1); /* until the parent closes its end */
		_exit(0);
	}
	(void)close(ready[1]);
	(void)close(hold[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);

	netns_set_init(&s);
	s.open_nfnl = true;
	(void)snprintf(word, sizeof(word), "pid:%ld", (long)child);
	assert_int_equal(netns_add_arg(&s, "/proc", word, msg, sizeof(msg)), 0);
	netns_finish(&s, "/proc", false);
	assert_false(s.readers[0].own);
	assert_int_equal(netns_open(&s, NULL, NULL), 0);
	assert_int_equal(s.skipped, 0);
	assert_non_null(s.readers[0].nfnl);
	assert_null(s.readers[0].rtnl); /* open_rtnl was not asked for */

	nat_flow_table_init(&t);
	for (round = 0; round < 3; round++) {
		assert_int_equal(source_conntrack_read(s.readers[0].nfnl, 0, &t), 0);
		assert_int_equal(t.len, 0);
	}
	nat_flow_table_free(&t);
	netns_set_free(&s);

	(void)close(hold[1]);
	(void)close(ready[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_recorded_v4),	    cmocka_unit_test(test_recorded_v6),
	    cmocka_unit_test(test_truncated),	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_built_entries),   cmocka_unit_test(test_kernel_errors),
	    cmocka_unit_test(test_lookups),	    cmocka_unit_test(test_many),
	    cmocka_unit_test(test_add_refuses),	    cmocka_unit_test(test_live_own),
	    cmocka_unit_test(test_other_namespace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
