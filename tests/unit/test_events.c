/*
 * test_events.c - -E's decoders (source/events.h): destroy notifications
 * laid out as the kernel multicasts them (an inet_diag_msg, then
 * INET_DIAG_PROTOCOL and, for TCP, INET_DIAG_INFO), malformed ones, and
 * the Drops column of /proc/net/netlink that says how many were lost.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "source/events.h"

struct stream {
	uint8_t bytes[4096];
	size_t len;
};

/* Appends one notification; info_len 0: no INET_DIAG_INFO (UDP). */
static void add_note(struct stream *s, int family, uint8_t ipproto, const char *src, uint16_t sport,
		     const char *dst, uint16_t dport, const struct tcp_info *ti, size_t info_len)
{
	struct nlmsghdr h = {.nlmsg_type = SOCK_DIAG_BY_FAMILY};
	struct inet_diag_msg m;
	struct nlattr a;
	uint8_t *start = s->bytes + s->len;
	size_t len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(m));

	memset(&m, 0, sizeof(m));
	m.idiag_family = (uint8_t)family;
	m.idiag_state = 7; /* TCP_CLOSE */
	m.idiag_rqueue = 1;
	assert_int_equal(inet_pton(family, src, m.id.idiag_src), 1);
	assert_int_equal(inet_pton(family, dst, m.id.idiag_dst), 1);
	m.id.idiag_sport = htons(sport);
	m.id.idiag_dport = htons(dport);
	memset(start, 0, 512);
	memcpy(start + NLMSG_HDRLEN, &m, sizeof(m));
	a.nla_len = sizeof(a) + 1;
	a.nla_type = INET_DIAG_PROTOCOL;
	memcpy(start + len, &a, sizeof(a));
	start[len + sizeof(a)] = ipproto;
	len += NLA_ALIGN(a.nla_len);
	if (info_len > 0) {
		a.nla_len = (uint16_t)(sizeof(a) + info_len);
		a.nla_type = INET_DIAG_INFO;
		memcpy(start + len, &a, sizeof(a));
		memcpy(start + len + sizeof(a), ti, info_len);
		len += NLA_ALIGN(a.nla_len);
	}
	h.nlmsg_len = (uint32_t)len;
	memcpy(start, &h, sizeof(h));
	s->len += NLMSG_ALIGN(len);
}

struct got {
	struct sock_event v[8];
	size_t n;
};

static void collect(void *ctx, const struct sock_event *e)
{
	struct got *g = ctx;

	if (g->n < 8)
		g->v[g->n++] = *e;
}

static void test_tcp_and_udp(void **state)
{
	struct stream s = {.len = 0};
	struct tcp_info ti;
	struct got g = {.n = 0};
	uint8_t lo[4] = {127, 0, 0, 1};
	(void)state;

	memset(&ti, 0, sizeof(ti));
	ti.tcpi_bytes_acked = 7;
	ti.tcpi_bytes_received = 2;
	ti.tcpi_bytes_sent = 5;
	ti.tcpi_segs_out = 4;
	ti.tcpi_total_retrans = 3;
	ti.tcpi_rtt = 21;
	add_note(&s, AF_INET, IPPROTO_TCP, "127.0.0.1", 40000, "127.0.0.1", 8000, &ti, sizeof(ti));
	add_note(&s, AF_INET6, IPPROTO_UDP, "::1", 53, "::1", 5353, NULL, 0);
	/* A kernel of an older tcp_info: what it lacks is zero, nothing is read past it. */
	add_note(&s, AF_INET, IPPROTO_TCP, "10.0.0.1", 1, "10.0.0.2", 2, &ti,
		 offsetof(struct tcp_info, tcpi_bytes_acked));
	assert_int_equal(events_parse(s.bytes, s.len, 3, collect, &g), 3);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.v[0].kind, SOCK_EVENT_CLOSED);
	assert_int_equal(g.v[0].conn.proto, PROTO_TCP);
	assert_int_equal(g.v[0].conn.family, AF_INET);
	assert_int_equal(g.v[0].conn.netns, 3);
	assert_int_equal(g.v[0].conn.state, CS_CLOSE);
	assert_int_equal(g.v[0].conn.local.port, 40000);
	assert_int_equal(g.v[0].conn.remote.port, 8000);
	assert_memory_equal(g.v[0].conn.local.addr, lo, 4);
	assert_int_equal(g.v[0].conn.recv_q, 1);
	assert_int_equal(g.v[0].conn.uid, CONN_UID_UNKNOWN);
	assert_true(g.v[0].counters);
	assert_int_equal(g.v[0].bytes_acked, 7);
	assert_int_equal(g.v[0].bytes_received, 2);
	assert_int_equal(g.v[0].bytes_sent, 5);
	assert_int_equal(g.v[0].segs_out, 4);
	assert_int_equal(g.v[0].total_retrans, 3);
	assert_int_equal(g.v[0].rtt_us, 21);
	assert_false(g.v[0].owner_known);
	assert_int_equal(g.v[1].conn.proto, PROTO_UDP);
	assert_int_equal(g.v[1].conn.family, AF_INET6);
	assert_int_equal(g.v[1].conn.local.port, 53);
	assert_false(g.v[1].counters);
	assert_true(g.v[2].counters);
	assert_int_equal(g.v[2].rtt_us, 21);
	assert_int_equal(g.v[2].bytes_acked, 0);
}

/* Other protocols, other types and cut messages: skipped or an error, never a read past. */
static void test_malformed(void **state)
{
	struct stream s = {.len = 0};
	struct got g = {.n = 0};
	struct nlmsghdr h = {.nlmsg_len = NLMSG_HDRLEN + 8, .nlmsg_type = SOCK_DIAG_BY_FAMILY};
	(void)state;

	add_note(&s, AF_INET, IPPROTO_ICMP, "127.0.0.1", 1, "127.0.0.1", 2, NULL, 0);
	assert_int_equal(events_parse(s.bytes, s.len, 0, collect, &g), 0);
	/* A payload shorter than inet_diag_msg: skipped. */
	memset(s.bytes, 0, sizeof(h) + 8);
	memcpy(s.bytes, &h, sizeof(h));
	assert_int_equal(events_parse(s.bytes, NLMSG_HDRLEN + 8, 0, collect, &g), 0);
	/* A length past the buffer, a header cut short. */
	assert_int_equal(events_parse(s.bytes, NLMSG_HDRLEN + 4, 0, collect, &g), -EBADMSG);
	assert_int_equal(events_parse(s.bytes, 6, 0, collect, &g), -EBADMSG);
	assert_int_equal(g.n, 0);
	/* Those before a broken message are delivered. */
	s.len = 0;
	add_note(&s, AF_INET, IPPROTO_UDP, "127.0.0.1", 1, "127.0.0.1", 2, NULL, 0);
	memcpy(s.bytes + s.len, &h, sizeof(h));
	assert_int_equal(events_parse(s.bytes, s.len + 10, 0, collect, &g), -EBADMSG);
	assert_int_equal(g.n, 1);
}

static void test_drops(void **state)
{
	static const char table[] =
	    "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    "
	    "Inode\n"
	    "00000000ad81958c 0   0          00000000 0        0        0     2        0        4 "
	    "      \n"
	    "000000008147e911 4   4242       0000000f 0        0        0     2        1234     "
	    "98765   \n";
	uint64_t d = 0;
	(void)state;

	assert_int_equal(events_netlink_drops(table, strlen(table), 98765, &d), 0);
	assert_int_equal(d, 1234);
	assert_int_equal(events_netlink_drops(table, strlen(table), 4, &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(events_netlink_drops(table, strlen(table), 5, &d), -ENOENT);
	/* A row cut short is no row. */
	assert_int_equal(events_netlink_drops(table, strlen(table) - 12, 98765, &d), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tcp_and_udp),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_drops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
