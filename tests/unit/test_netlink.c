/*
 * test_netlink.c - the sock_diag decoder (netlink_parse) on hand-made
 * message streams, malformed ones included, and on the real dumps in
 * ../shared/fixtures (iproute2's ss1.dump, elastic/gosigar's 2.6.32 dump).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "model/conntable.h"
#include "source/netlink.h"

/* A message stream under construction; 8 bytes of slack allow an unaligned start. */
struct stream {
	uint8_t bytes[4096 + 8];
	size_t start;
	size_t len;
};

static uint8_t *msg_begin(struct stream *s, uint16_t type, uint16_t flags)
{
	struct nlmsghdr h = {.nlmsg_len = NLMSG_HDRLEN,
			     .nlmsg_type = type,
			     .nlmsg_flags = flags,
			     .nlmsg_seq = 7,
			     .nlmsg_pid = 0};
	uint8_t *at = s->bytes + s->start + s->len;

	memcpy(at, &h, sizeof(h));
	s->len += NLMSG_HDRLEN;
	return at;
}

static void msg_add(struct stream *s, uint8_t *msg, const void *data, size_t n)
{
	struct nlmsghdr h;

	memcpy(s->bytes + s->start + s->len, data, n);
	s->len += n;
	memcpy(&h, msg, sizeof(h));
	h.nlmsg_len += (uint32_t)n;
	memcpy(msg, &h, sizeof(h));
}

static void msg_pad(struct stream *s, uint8_t *msg)
{
	struct nlmsghdr h;

	memcpy(&h, msg, sizeof(h));
	s->len = (size_t)(msg - s->bytes) - s->start + NLMSG_ALIGN(h.nlmsg_len);
}

static void msg_attr(struct stream *s, uint8_t *msg, uint16_t type, const void *data, size_t n)
{
	struct nlattr a = {.nla_len = (uint16_t)(sizeof(a) + n), .nla_type = type};
	static const uint8_t zero[4];

	msg_add(s, msg, &a, sizeof(a));
	msg_add(s, msg, data, n);
	if (NLA_ALIGN(n) != n)
		msg_add(s, msg, zero, NLA_ALIGN(n) - n);
}

static void add_done(struct stream *s, int32_t err)
{
	uint8_t *m = msg_begin(s, NLMSG_DONE, NLM_F_MULTI);

	msg_add(s, m, &err, sizeof(err));
}

static void add_inet(struct stream *s, uint16_t flags, uint8_t family, uint8_t state,
		     const char *src, uint16_t sport)
{
	struct inet_diag_msg d;
	uint8_t *m = msg_begin(s, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI | flags);

	memset(&d, 0, sizeof(d));
	d.idiag_family = family;
	d.idiag_state = state;
	assert_int_equal(inet_pton(family, src, d.id.idiag_src), 1);
	d.id.idiag_sport = htons(sport);
	d.idiag_inode = 4242;
	d.idiag_uid = 1000;
	msg_add(s, m, &d, sizeof(d));
}

static int parse(struct stream *s, struct conntable *t, struct netlink_parser *p)
{
	netlink_parser_init(p, t, PROTO_TCP);
	return netlink_parse(p, s->bytes + s->start, s->len);
}

static void test_inet_and_done(void **state)
{
	struct stream s = {.start = 1}; /* unaligned on purpose */
	struct netlink_parser p;
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&s, 0, AF_INET, CS_LISTEN, "127.0.0.1", 22);
	add_inet(&s, 0, AF_INET6, CS_ESTABLISHED, "::1", 80);
	add_done(&s, 0);
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_true(p.done);
	assert_int_equal(p.kernel_error, 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.conns[0].proto, PROTO_TCP);
	assert_int_equal(t.conns[0].state, CS_LISTEN);
	assert_memory_equal(t.conns[0].local.addr, "\x7f\0\0\x01", 4);
	assert_int_equal(t.conns[0].local.port, 22);
	assert_int_equal(t.conns[0].inode, 4242);
	assert_int_equal(t.conns[0].uid, 1000);
	assert_int_equal(t.conns[1].family, AF_INET6);
	assert_int_equal(t.conns[1].local.addr[15], 1);
	conntable_free(&t);
}

/* idiag_if (the bound device, a link-local address's scope) becomes the record's interface. */
static void test_inet_interface(void **state)
{
	struct stream s = {.start = 0};
	struct netlink_parser p;
	struct conntable t;
	struct inet_diag_msg d;
	uint8_t *m;
	const struct conn_scope *sc;
	(void)state;

	conntable_init(&t);
	m = msg_begin(&s, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	memset(&d, 0, sizeof(d));
	d.idiag_family = AF_INET6;
	d.idiag_state = CS_ESTABLISHED;
	assert_int_equal(inet_pton(AF_INET6, "fe80::1", d.id.idiag_src), 1);
	assert_int_equal(inet_pton(AF_INET6, "fe80::2", d.id.idiag_dst), 1);
	d.id.idiag_sport = htons(22);
	d.id.idiag_dport = htons(50000);
	d.id.idiag_if = 70000; /* past 16 bits: the table keeps the whole index */
	msg_add(&s, m, &d, sizeof(d));
	add_inet(&s, 0, AF_INET6, CS_LISTEN, "::", 22); /* idiag_if 0: none */
	add_done(&s, 0);
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_int_equal(t.len, 2);
	sc = conntable_endpoint_scope(&t, &t.conns[0], false);
	assert_non_null(sc);
	assert_int_equal(sc->ifindex, 70000);
	assert_ptr_equal(conntable_endpoint_scope(&t, &t.conns[0], true), sc);
	assert_null(conntable_endpoint_scope(&t, &t.conns[1], false));
	conntable_free(&t);
}

static void test_truncated_header(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&s, 0, AF_INET, CS_LISTEN, "127.0.0.1", 22);
	s.len += 10; /* ten stray bytes: less than a header */
	assert_int_equal(parse(&s, &t, &p), -EBADMSG);
	assert_int_equal(t.len, 1);
	conntable_free(&t);
}

static void test_length_past_buffer(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&s, 0, AF_INET, CS_LISTEN, "127.0.0.1", 22);
	s.len -= 8; /* the message says it is longer than the data */
	assert_int_equal(parse(&s, &t, &p), -EBADMSG);
	assert_int_equal(t.len, 0);
	conntable_free(&t);
}

static void test_length_below_header(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	struct nlmsghdr h = {.nlmsg_len = 4, .nlmsg_type = NLMSG_DONE};
	(void)state;

	conntable_init(&t);
	memcpy(s.bytes, &h, sizeof(h));
	s.len = sizeof(h);
	assert_int_equal(parse(&s, &t, &p), -EBADMSG);
	conntable_free(&t);
}

static void test_error_message(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	struct nlmsgerr e;
	uint8_t *m;
	(void)state;

	conntable_init(&t);
	memset(&e, 0, sizeof(e));
	e.error = -ENOENT; /* raw dump without raw_diag */
	m = msg_begin(&s, NLMSG_ERROR, 0);
	msg_add(&s, m, &e, sizeof(e));
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_true(p.done);
	assert_int_equal(p.kernel_error, -ENOENT);

	/* An error message too short for its error number is malformed. */
	s.len = 0;
	m = msg_begin(&s, NLMSG_ERROR, 0);
	msg_add(&s, m, "\x01\x02", 2);
	assert_int_equal(parse(&s, &t, &p), -EBADMSG);
	conntable_free(&t);
}

static void test_done_with_error_and_segments(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&s, 0, AF_INET, CS_LISTEN, "127.0.0.1", 22);
	add_done(&s, 0);
	add_inet(&s, 0, AF_INET, CS_ESTABLISHED, "127.0.0.2", 23);
	add_done(&s, -ENOENT);
	/* A replay reads past every NLMSG_DONE... */
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_int_equal(p.segments, 2);
	assert_int_equal(t.len, 2);
	assert_int_equal(p.kernel_error, -ENOENT);
	/* ...a live dump stops at the first. */
	conntable_reset(&t);
	netlink_parser_init(&p, &t, PROTO_TCP);
	p.stop_at_done = true;
	assert_int_equal(netlink_parse(&p, s.bytes, s.len), 0);
	assert_int_equal(t.len, 1);
	assert_int_equal(p.kernel_error, 0);
	conntable_free(&t);
}

/*
 * An error number is at most 4095 (MAX_ERRNO); a crafted INT_MIN must not be
 * negated (undefined behaviour) nor reach strerror(-err) as INT_MIN.
 */
static void test_error_number_out_of_range(void **state)
{
	static const int32_t bad[] = {INT32_MIN, INT32_MAX, -4096, 4096};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct stream s = {0};
		struct netlink_parser p;
		struct conntable t;

		conntable_init(&t);
		add_done(&s, bad[i]);
		assert_int_equal(parse(&s, &t, &p), 0);
		assert_true(p.done);
		assert_int_equal(p.kernel_error, -EPROTO);
		conntable_free(&t);
	}
}

static void add_mark(struct stream *s, uint8_t family, uint8_t protocol, size_t len)
{
	struct netlink_mark_proc m = {family, protocol, {0, 0}};
	uint8_t *msg = msg_begin(s, NETLINK_MARK_PROC, 0);

	msg_add(s, msg, &m, len);
	msg_pad(s, msg);
}

/* A replay file's "read from /proc while recording": no socket, a bit per protocol and family. */
static void test_proc_marks(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_mark(&s, AF_INET, IPPROTO_ICMP, sizeof(struct netlink_mark_proc));
	add_mark(&s, AF_INET6, IPPROTO_RAW, sizeof(struct netlink_mark_proc));
	add_mark(&s, AF_UNIX, 0, sizeof(struct netlink_mark_proc));
	add_mark(&s, AF_INET6, IPPROTO_ICMP, sizeof(struct netlink_mark_proc)); /* no such pair */
	add_mark(&s, AF_INET, IPPROTO_TCP, 1);					/* short */
	add_inet(&s, 0, AF_INET, CS_LISTEN, "127.0.0.1", 22);
	add_done(&s, 0);
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_int_equal(t.len, 1);
	assert_int_equal(p.from_proc, netlink_proc_bit(PROTO_ICMP, AF_INET) |
					  netlink_proc_bit(PROTO_RAW, AF_INET6) |
					  netlink_proc_bit(PROTO_UNIX, AF_UNIX));
	assert_int_equal(p.skipped, 2);
	assert_int_equal(t.conns[0].source, SRC_NETLINK);
	conntable_free(&t);
}

static void add_netns_mark(struct stream *s, uint64_t inode, const char *name, uint8_t claimed)
{
	struct netlink_mark_netns m;
	uint8_t *msg = msg_begin(s, NETLINK_MARK_NETNS, 0);

	memset(&m, 0, sizeof(m));
	m.inode = inode;
	m.name_len = claimed;
	msg_add(s, msg, &m, sizeof(m));
	msg_add(s, msg, name, strlen(name));
	msg_pad(s, msg);
}

/*
 * A recording of several namespaces: each mark numbers the replies after
 * it; a namespace seen again keeps its number; a mark whose name runs past
 * it, or a parser without a table (a live dump), skips it.
 */
static void test_netns_marks(void **state)
{
	struct stream s = {.start = 3};
	struct netlink_parser p;
	struct netns_table ns;
	struct conntable t;
	(void)state;

	conntable_init(&t);
	netns_table_init(&ns);
	add_netns_mark(&s, 4026531840ull, "", 0);
	add_inet(&s, 0, AF_INET, CS_LISTEN, "127.0.0.1", 22);
	add_netns_mark(&s, 4026532177ull, "web", 3);
	add_inet(&s, 0, AF_INET, CS_LISTEN, "127.0.0.1", 8080);
	add_netns_mark(&s, 4026532178ull, "x", 200); /* the name runs past the message */
	add_netns_mark(&s, 4026531840ull, "", 0);
	add_inet(&s, 0, AF_INET6, CS_LISTEN, "::1", 23);
	add_done(&s, 0);
	netlink_parser_init(&p, &t, PROTO_TCP);
	p.netns_table = &ns;
	assert_int_equal(netlink_parse(&p, s.bytes + s.start, s.len), 0);
	assert_int_equal(t.len, 3);
	assert_int_equal(ns.len, 2);
	assert_int_equal(ns.v[0].inode, 4026531840ull);
	assert_null(ns.v[0].name);
	assert_string_equal(ns.v[1].name, "web");
	assert_int_equal(t.conns[0].netns, 0);
	assert_int_equal(t.conns[1].netns, 1);
	assert_int_equal(t.conns[2].netns, 0);
	assert_int_equal(p.skipped, 1);
	conntable_free(&t);

	/* Without a table (a live dump, an old reader): skipped, every record 0. */
	conntable_init(&t);
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_int_equal(t.len, 3);
	assert_int_equal(t.conns[1].netns, 0);
	assert_int_equal(p.skipped, 4);
	conntable_free(&t);
	netns_table_free(&ns);
}

static void test_interrupted_and_foreign(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	(void)state;

	conntable_init(&t);
	add_inet(&s, NLM_F_DUMP_INTR, AF_INET, CS_LISTEN, "127.0.0.1", 22);
	add_done(&s, 0);
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_true(p.interrupted);

	/* Live dumps reject a sequence number or port id that is not theirs. */
	conntable_reset(&t);
	netlink_parser_init(&p, &t, PROTO_TCP);
	p.check_ids = true;
	p.seq = 8;
	assert_int_equal(netlink_parse(&p, s.bytes, s.len), -EPROTO);
	p.seq = 7;
	p.portid = 99;
	assert_int_equal(netlink_parse(&p, s.bytes, s.len), -EPROTO);
	conntable_free(&t);
}

static void test_short_struct_and_unknown_attrs(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	struct inet_diag_msg d;
	uint8_t *m;
	uint8_t info[2] = {1, 0}; /* a tcp_info cut after two bytes */
	(void)state;

	conntable_init(&t);
	memset(&d, 0xff, sizeof(d));
	d.idiag_family = AF_INET;
	d.idiag_state = CS_ESTABLISHED;
	m = msg_begin(&s, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	msg_add(&s, m, &d, 8); /* family, state, timer, retrans, ports: nothing more */
	msg_pad(&s, m);
	m = msg_begin(&s, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	memset(&d, 0, sizeof(d));
	d.idiag_family = AF_INET;
	d.idiag_state = CS_ESTABLISHED;
	d.idiag_timer = TIMER_ON;
	d.idiag_retrans = 3;
	msg_add(&s, m, &d, sizeof(d));
	msg_attr(&s, m, 200, "whatever", 8);	  /* unknown: ignored */
	msg_attr(&s, m, INET_DIAG_INFO, info, 2); /* short: zero-padded */
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.conns[0].local.port, 0xffff);
	assert_int_equal(t.conns[0].inode, 0); /* beyond the short struct: zero */
	assert_memory_equal(t.conns[0].local.addr, "\0\0\0\0", 4);
	assert_int_equal(t.conns[1].retransmits, 0); /* tcp_info byte 2 is absent: 0 */
	assert_int_equal(t.conns[1].probes, 0);
	conntable_free(&t);
}

static void add_unix(struct stream *s, uint8_t type, uint8_t state, uint32_t ino, const char *name,
		     size_t name_len, uint32_t peer)
{
	struct unix_diag_msg d;
	uint32_t rq[2] = {5, 6};
	uint8_t *m = msg_begin(s, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);

	memset(&d, 0, sizeof(d));
	d.udiag_family = AF_UNIX;
	d.udiag_type = type;
	d.udiag_state = state;
	d.udiag_ino = ino;
	msg_add(s, m, &d, sizeof(d));
	if (name != NULL)
		msg_attr(s, m, UNIX_DIAG_NAME, name, name_len);
	if (peer != 0)
		msg_attr(s, m, UNIX_DIAG_PEER, &peer, sizeof(peer));
	msg_attr(s, m, UNIX_DIAG_RQLEN, rq, sizeof(rq));
}

static void test_unix(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	static const char evil[] = "\0evil\n0000: 00000002 00000000 00010000 0001 01 9 /x";
	(void)state;

	conntable_init(&t);
	add_unix(&s, SOCK_STREAM, CS_LISTEN, 10, "/run/a b", 9, 0); /* path with its NUL */
	add_unix(&s, SOCK_STREAM, CS_ESTABLISHED, 11, NULL, 0, 12);
	add_unix(&s, SOCK_STREAM, CS_ESTABLISHED, 0, NULL, 0, 11); /* embryo: no inode */
	add_unix(&s, SOCK_DGRAM, CS_CLOSE, 13, evil, sizeof(evil) - 1, 0);
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_int_equal(t.len, 4);
	assert_int_equal(t.conns[0].path_len, 8);
	assert_memory_equal(conntable_str(&t, t.conns[0].path), "/run/a b", 8);
	assert_int_equal(t.conns[0].state, US_UNCONNECTED);
	assert_true(t.conns[0].unix_flags & UNIX_FLAG_ACCEPTCON);
	assert_int_equal(t.conns[0].unix_refcnt, 2);
	assert_int_equal(t.conns[0].recv_q, 5);
	assert_int_equal(t.conns[0].send_q, 6);
	assert_int_equal(t.conns[1].state, US_CONNECTED);
	assert_int_equal(t.conns[1].unix_peer, 12);
	assert_int_equal(t.conns[1].unix_refcnt, 3);
	assert_int_equal(t.conns[1].path_len, 0);
	assert_int_equal(t.conns[2].state, US_CONNECTING);
	assert_int_equal(t.conns[3].state, US_UNCONNECTED);
	assert_int_equal(t.conns[3].unix_type, SOCK_DGRAM);
	assert_int_equal(t.conns[3].path_len, sizeof(evil) - 1); /* exact bytes, one record */
	assert_memory_equal(t.pool + t.conns[3].path, evil, sizeof(evil) - 1);
	conntable_free(&t);
}

static void test_request_sets_protocol(void **state)
{
	struct stream s = {0};
	struct netlink_parser p;
	struct conntable t;
	struct inet_diag_req_v2 r;
	uint8_t *m;
	(void)state;

	conntable_init(&t);
	memset(&r, 0, sizeof(r));
	r.sdiag_family = AF_INET;
	r.sdiag_protocol = IPPROTO_UDP;
	m = msg_begin(&s, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP);
	msg_add(&s, m, &r, sizeof(r));
	add_inet(&s, 0, AF_INET, CS_CLOSE, "0.0.0.0", 53);
	add_done(&s, 0);
	r.sdiag_protocol = IPPROTO_RAW;
	m = msg_begin(&s, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP);
	msg_add(&s, m, &r, sizeof(r));
	add_inet(&s, 0, AF_INET, CS_CLOSE, "0.0.0.0", 1);
	add_done(&s, 0);
	assert_int_equal(parse(&s, &t, &p), 0);
	assert_int_equal(t.len, 2);
	assert_int_equal(t.conns[0].proto, PROTO_UDP);
	assert_int_equal(t.conns[1].proto, PROTO_RAW);
	assert_int_equal(t.conns[1].local.port, 1); /* the IP protocol, as /proc/net/raw */
	conntable_free(&t);
}

/* Reads a file from ../shared/fixtures (fixtures.h: skips or fails without it). */
static size_t load_fixture(const char *rel, uint8_t *buf, size_t cap)
{
	char path[1024];
	FILE *f;
	size_t n;

	fixture_path(path, sizeof(path), "SHARED_FIXTURES", rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, cap, f);
	(void)fclose(f);
	return n;
}

static void test_fixture_iproute2_ss1(void **state)
{
	static uint8_t buf[65536];
	struct netlink_parser p;
	struct conntable t;
	size_t n = load_fixture("iproute2/ss1.dump", buf, sizeof(buf));
	(void)state;

	conntable_init(&t);
	netlink_parser_init(&p, &t, PROTO_TCP);
	assert_int_equal(netlink_parse(&p, buf, n), 0);
	/* ss -Htna shows the first segment (4 IPv4 sockets); a second follows. */
	assert_int_equal(p.segments, 2);
	assert_int_equal(t.len, 7);
	assert_int_equal(t.conns[0].state, CS_LISTEN);
	assert_int_equal(t.conns[0].local.port, 22);
	assert_int_equal(t.conns[0].send_q, 128);
	assert_int_equal(t.conns[1].state, CS_ESTABLISHED);
	assert_memory_equal(t.conns[1].remote.addr, "\x0a\0\0\x01", 4);
	assert_int_equal(t.conns[1].remote.port, 36266);
	assert_int_equal(t.conns[3].remote.port, 50312);
	assert_int_equal(t.conns[4].family, AF_INET6);
	conntable_free(&t);
}

static void test_fixture_gosigar_rhel6(void **state)
{
	static uint8_t buf[65536];
	struct netlink_parser p;
	struct conntable t;
	size_t n = load_fixture("elastic-gosigar/inet-dump-rhel6-2.6.32-504.3.3.el6.x86_64.bin",
				buf, sizeof(buf));
	size_t i, v4 = 0;
	(void)state;

	conntable_init(&t);
	netlink_parser_init(&p, &t, PROTO_TCP);
	assert_int_equal(netlink_parse(&p, buf, n), 0); /* TCPDIAG_GETSOCK, no attributes */
	assert_int_equal(t.len, 12);
	assert_int_equal(p.segments, 1);
	for (i = 0; i < t.len; i++) {
		const struct conn *c = &t.conns[i];

		if (c->family != AF_INET)
			continue;
		v4++;
		/* The garbage the old kernel left after the IPv4 address is dropped. */
		assert_memory_equal(c->local.addr + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
		assert_memory_equal(c->remote.addr + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
	}
	assert_int_equal(v4, 7);
	assert_int_equal(t.conns[1].local.port, 53);
	assert_memory_equal(t.conns[1].local.addr, "\x7f\0\0\x01", 4);
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inet_and_done),
	    cmocka_unit_test(test_inet_interface),
	    cmocka_unit_test(test_truncated_header),
	    cmocka_unit_test(test_length_past_buffer),
	    cmocka_unit_test(test_length_below_header),
	    cmocka_unit_test(test_error_message),
	    cmocka_unit_test(test_done_with_error_and_segments),
	    cmocka_unit_test(test_error_number_out_of_range),
	    cmocka_unit_test(test_proc_marks),
	    cmocka_unit_test(test_netns_marks),
	    cmocka_unit_test(test_interrupted_and_foreign),
	    cmocka_unit_test(test_short_struct_and_unknown_attrs),
	    cmocka_unit_test(test_unix),
	    cmocka_unit_test(test_request_sets_protocol),
	    cmocka_unit_test(test_fixture_iproute2_ss1),
	    cmocka_unit_test(test_fixture_gosigar_rhel6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
