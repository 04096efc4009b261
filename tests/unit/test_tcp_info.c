/*
 * test_tcp_info.c - -i and -m: INET_DIAG_INFO, INET_DIAG_CONG,
 * INET_DIAG_SKMEMINFO and UNIX_DIAG_MEMINFO decoded by netlink_parse into
 * the side table (model/tcp_info.h), with a full and a shorter tcp_info (an
 * older kernel's: the later fields absent, never 0), hostile lengths, and
 * what the table, CSV and JSON make of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "fmt_capture.h"
#include "model/conntable.h"
#include "model/tcp_info.h"
#include "output/columns.h"
#include "output/format.h"
#include "source/netlink.h"

struct stream {
	uint8_t bytes[4096];
	size_t len;
};

static uint8_t *msg_begin(struct stream *s)
{
	struct nlmsghdr h = {.nlmsg_len = NLMSG_HDRLEN,
			     .nlmsg_type = SOCK_DIAG_BY_FAMILY,
			     .nlmsg_flags = NLM_F_MULTI};
	uint8_t *at = s->bytes + s->len;

	memcpy(at, &h, sizeof(h));
	s->len += NLMSG_HDRLEN;
	return at;
}

static void msg_add(struct stream *s, uint8_t *msg, const void *data, size_t n)
{
	struct nlmsghdr h;

	assert_true(s->len + n <= sizeof(s->bytes));
	memcpy(s->bytes + s->len, data, n);
	s->len += n;
	memcpy(&h, msg, sizeof(h));
	h.nlmsg_len += (uint32_t)n;
	memcpy(msg, &h, sizeof(h));
}

/* An attribute; nla_len may claim more than the bytes that follow (hostile). */
static void msg_attr_len(struct stream *s, uint8_t *msg, uint16_t type, const void *data, size_t n,
			 uint16_t claimed)
{
	struct nlattr a = {.nla_len = claimed, .nla_type = type};
	static const uint8_t zero[4];

	msg_add(s, msg, &a, sizeof(a));
	msg_add(s, msg, data, n);
	if (NLA_ALIGN(n) != n)
		msg_add(s, msg, zero, NLA_ALIGN(n) - n);
}

static void msg_attr(struct stream *s, uint8_t *msg, uint16_t type, const void *data, size_t n)
{
	msg_attr_len(s, msg, type, data, n, (uint16_t)(sizeof(struct nlattr) + n));
}

static uint8_t *add_tcp(struct stream *s, uint32_t inode, uint16_t sport)
{
	struct inet_diag_msg d;
	uint8_t *m = msg_begin(s);

	memset(&d, 0, sizeof(d));
	d.idiag_family = AF_INET;
	d.idiag_state = CS_ESTABLISHED;
	assert_int_equal(inet_pton(AF_INET, "10.0.0.1", d.id.idiag_src), 1);
	assert_int_equal(inet_pton(AF_INET, "10.0.0.2", d.id.idiag_dst), 1);
	d.id.idiag_sport = htons(sport);
	d.id.idiag_dport = htons(5001);
	d.idiag_inode = inode;
	msg_add(s, m, &d, sizeof(d));
	return m;
}

static void full_info(struct tcp_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->tcpi_retransmits = 2;
	ti->tcpi_options = TCPI_OPT_ECN | TCPI_OPT_SACK;
	ti->tcpi_snd_wscale = 7;
	ti->tcpi_rcv_wscale = 9;
	ti->tcpi_rtt = 12345;
	ti->tcpi_rttvar = 678;
	ti->tcpi_min_rtt = 1000;
	ti->tcpi_snd_mss = 1448;
	ti->tcpi_snd_cwnd = 10;
	ti->tcpi_snd_ssthresh = 7;
	ti->tcpi_unacked = 3;
	ti->tcpi_retrans = 1;
	ti->tcpi_total_retrans = 42;
	ti->tcpi_lost = 4;
	ti->tcpi_sacked = 5;
	ti->tcpi_bytes_sent = 5000000;
	ti->tcpi_bytes_acked = 4000001;
	ti->tcpi_bytes_received = 77;
	ti->tcpi_bytes_retrans = 60000;
	ti->tcpi_delivery_rate = 625000; /* bytes/s: 5 Mbit/s */
	ti->tcpi_pacing_rate = ~0ULL;	 /* unlimited */
	ti->tcpi_busy_time = 900000;
	ti->tcpi_rwnd_limited = 11;
	ti->tcpi_sndbuf_limited = 22;
	ti->tcpi_last_data_sent = 250;
	ti->tcpi_last_data_recv = 260;
}

static int parse(struct stream *s, struct conntable *t)
{
	struct netlink_parser p;

	netlink_parser_init(&p, t, PROTO_TCP);
	return netlink_parse(&p, s->bytes, s->len);
}

static void setup(struct conntable *t, struct sock_internals *in, bool info, bool memory)
{
	conntable_init(t);
	sock_internals_init(in);
	in->want_info = info;
	in->want_memory = memory;
	t->internals = in;
}

static void teardown(struct conntable *t, struct sock_internals *in)
{
	conntable_free(t);
	sock_internals_free(in);
}

/* A whole tcp_info: every field, with its unit (bytes/s become bits/s). */
static void test_full_tcp_info(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct tcp_info ti;
	const struct sock_internals_entry *e;
	uint8_t *m;
	(void)state;

	setup(&t, &in, true, false);
	s.len = 0;
	full_info(&ti);
	m = add_tcp(&s, 100, 40000);
	msg_attr(&s, m, INET_DIAG_INFO, &ti, sizeof(ti));
	msg_attr(&s, m, INET_DIAG_CONG, "cubic", 6);
	assert_int_equal(parse(&s, &t), 0);
	assert_int_equal(t.len, 1);
	assert_int_equal(t.conns[0].retransmits, 2); /* -o's field still read */
	e = sock_internals_lookup(&in, &t.conns[0]);
	assert_non_null(e);
	assert_true(e->has_tcp_info);
	assert_false(e->has_memory);
	assert_string_equal(e->tcp.cong, "cubic");
	assert_int_equal(e->tcp.present, (1u << TCPI_COUNT) - 1);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_RTT_US), 12345);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_RTTVAR_US), 678);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_MIN_RTT_US), 1000);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_MSS), 1448);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_CWND), 10);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_SSTHRESH), 7);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_UNACKED), 3);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_RETRANS), 1);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_TOTAL_RETRANS), 42);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_LOST), 4);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_SACKED), 5);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_BYTES_SENT), 5000000);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_BYTES_ACKED), 4000001);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_BYTES_RECEIVED), 77);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_BYTES_RETRANS), 60000);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_DELIVERY_RATE_BPS), 5000000);
	assert_true(tcp_info_value(&e->tcp, TCPI_PACING_RATE_BPS) == UINT64_MAX);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_BUSY_TIME_US), 900000);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_RWND_LIMITED_US), 11);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_SNDBUF_LIMITED_US), 22);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_SND_WSCALE), 7);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_RCV_WSCALE), 9);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_ECN), 1);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_ECN_SEEN), 0);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_LAST_DATA_SENT_MS), 250);
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_LAST_DATA_RECV_MS), 260);
	teardown(&t, &in);
}

/*
 * Linux 4.9's tcp_info ends after tcpi_delivery_rate: busy_time came in
 * 4.10, bytes_sent and bytes_retrans in 4.19.  Cut there, those are
 * absent, the rest present.
 */
static void test_short_tcp_info(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct tcp_info ti;
	const struct sock_internals_entry *e;
	size_t cut = offsetof(struct tcp_info, tcpi_busy_time);
	uint8_t *m;
	(void)state;

	setup(&t, &in, true, false);
	s.len = 0;
	full_info(&ti);
	m = add_tcp(&s, 101, 40001);
	msg_attr(&s, m, INET_DIAG_INFO, &ti, cut);
	assert_int_equal(parse(&s, &t), 0);
	e = sock_internals_lookup(&in, &t.conns[0]);
	assert_non_null(e);
	assert_string_equal(e->tcp.cong, ""); /* no INET_DIAG_CONG */
	assert_true(tcp_info_has(&e->tcp, TCPI_RTT_US));
	assert_true(tcp_info_has(&e->tcp, TCPI_DELIVERY_RATE_BPS));
	assert_true(tcp_info_has(&e->tcp, TCPI_BYTES_ACKED));
	assert_true(tcp_info_has(&e->tcp, TCPI_LAST_DATA_RECV_MS));
	assert_false(tcp_info_has(&e->tcp, TCPI_BUSY_TIME_US));
	assert_false(tcp_info_has(&e->tcp, TCPI_RWND_LIMITED_US));
	assert_false(tcp_info_has(&e->tcp, TCPI_SNDBUF_LIMITED_US));
	assert_false(tcp_info_has(&e->tcp, TCPI_BYTES_SENT));
	assert_false(tcp_info_has(&e->tcp, TCPI_BYTES_RETRANS));
	assert_int_equal(tcp_info_value(&e->tcp, TCPI_BYTES_SENT), 0);
	teardown(&t, &in);
}

/* A tcp_info of 7 bytes holds the window scales and options but no rtt. */
static void test_tiny_tcp_info(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct tcp_info ti;
	const struct sock_internals_entry *e;
	uint8_t *m;
	(void)state;

	setup(&t, &in, true, false);
	s.len = 0;
	full_info(&ti);
	m = add_tcp(&s, 102, 40002);
	msg_attr(&s, m, INET_DIAG_INFO, &ti, 7);
	assert_int_equal(parse(&s, &t), 0);
	e = sock_internals_lookup(&in, &t.conns[0]);
	assert_non_null(e);
	assert_int_equal(e->tcp.present, (1u << TCPI_SND_WSCALE) | (1u << TCPI_RCV_WSCALE) |
					     (1u << TCPI_ECN) | (1u << TCPI_ECN_SEEN));
	teardown(&t, &in);
}

/*
 * Hostile attributes: an INET_DIAG_INFO whose nla_len runs past the
 * message is not decoded (nor anything after it); a congestion name
 * without a NUL, longer than the kernel's 16 bytes, is cut at 15.
 */
static void test_hostile_lengths(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct tcp_info ti;
	const struct sock_internals_entry *e;
	uint8_t *m;
	(void)state;

	setup(&t, &in, true, true);
	s.len = 0;
	full_info(&ti);
	m = add_tcp(&s, 103, 40003);
	msg_attr(&s, m, INET_DIAG_CONG, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 32);
	msg_attr_len(&s, m, INET_DIAG_INFO, &ti, 16, 4000);
	assert_int_equal(parse(&s, &t), 0);
	assert_int_equal(t.len, 1);
	e = sock_internals_lookup(&in, &t.conns[0]);
	assert_non_null(e);
	assert_string_equal(e->tcp.cong, "AAAAAAAAAAAAAAA");
	assert_false(e->has_tcp_info);
	assert_int_equal(e->tcp.present, 0);
	teardown(&t, &in);
}

/* -o asks for INET_DIAG_INFO too: without -i nothing is kept for it. */
static void test_not_asked(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct tcp_info ti;
	uint32_t mem[SK_MEMINFO_VARS] = {0};
	uint8_t *m;
	(void)state;

	setup(&t, &in, false, false);
	s.len = 0;
	full_info(&ti);
	m = add_tcp(&s, 104, 40004);
	msg_attr(&s, m, INET_DIAG_INFO, &ti, sizeof(ti));
	msg_attr(&s, m, INET_DIAG_SKMEMINFO, mem, sizeof(mem));
	assert_int_equal(parse(&s, &t), 0);
	assert_int_equal(t.conns[0].retransmits, 2);
	assert_int_equal(in.len, 0);
	assert_null(sock_internals_lookup(&in, &t.conns[0]));
	teardown(&t, &in);
}

/* INET_DIAG_SKMEMINFO in full and as an older kernel's 8 words (no drops). */
static void test_skmeminfo(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	uint32_t mem[SK_MEMINFO_VARS];
	const struct sock_internals_entry *e;
	uint8_t *m;
	unsigned i;
	(void)state;

	for (i = 0; i < SK_MEMINFO_VARS; i++)
		mem[i] = 1000 + i;
	setup(&t, &in, false, true);
	s.len = 0;
	m = add_tcp(&s, 105, 40005);
	msg_attr(&s, m, INET_DIAG_SKMEMINFO, mem, sizeof(mem));
	m = add_tcp(&s, 106, 40006);
	msg_attr(&s, m, INET_DIAG_SKMEMINFO, mem, 8 * sizeof(uint32_t));
	m = add_tcp(&s, 107, 40007);
	msg_attr(&s, m, INET_DIAG_SKMEMINFO, mem, 3); /* not one whole word */
	assert_int_equal(parse(&s, &t), 0);
	assert_int_equal(t.len, 3);
	e = sock_internals_lookup(&in, &t.conns[0]);
	assert_non_null(e);
	assert_true(e->has_memory);
	assert_false(e->has_tcp_info);
	assert_int_equal(sock_internals_memory(&in, e)->present, (1u << SKMEM_COUNT) - 1);
	assert_int_equal(sock_internals_memory(&in, e)->v[SKMEM_RMEM_ALLOC],
			 1000 + SK_MEMINFO_RMEM_ALLOC);
	assert_int_equal(sock_internals_memory(&in, e)->v[SKMEM_SNDBUF], 1000 + SK_MEMINFO_SNDBUF);
	assert_int_equal(sock_internals_memory(&in, e)->v[SKMEM_DROPS], 1000 + SK_MEMINFO_DROPS);
	e = sock_internals_lookup(&in, &t.conns[1]);
	assert_non_null(e);
	assert_true(sk_meminfo_has(sock_internals_memory(&in, e), SKMEM_BACKLOG));
	assert_false(sk_meminfo_has(sock_internals_memory(&in, e), SKMEM_DROPS));
	e = sock_internals_lookup(&in, &t.conns[2]);
	assert_non_null(e);
	assert_int_equal(sock_internals_memory(&in, e)->present, 0);
	teardown(&t, &in);
}

/* unix_diag's UNIX_DIAG_MEMINFO is the same words. */
static void test_unix_meminfo(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct unix_diag_msg d;
	uint32_t mem[SK_MEMINFO_VARS] = {0, 212992, 0, 212992, 0, 0, 0, 0, 3};
	const struct sock_internals_entry *e;
	uint8_t *m;
	(void)state;

	setup(&t, &in, true, true);
	s.len = 0;
	m = msg_begin(&s);
	memset(&d, 0, sizeof(d));
	d.udiag_family = AF_UNIX;
	d.udiag_type = SOCK_STREAM;
	d.udiag_state = CS_ESTABLISHED;
	d.udiag_ino = 555;
	msg_add(&s, m, &d, sizeof(d));
	msg_attr(&s, m, UNIX_DIAG_MEMINFO, mem, sizeof(mem));
	assert_int_equal(parse(&s, &t), 0);
	assert_int_equal(t.len, 1);
	e = sock_internals_lookup(&in, &t.conns[0]);
	assert_non_null(e);
	assert_true(e->has_memory);
	assert_false(e->has_tcp_info);
	assert_int_equal(sock_internals_memory(&in, e)->v[SKMEM_RCVBUF], 212992);
	assert_int_equal(sock_internals_memory(&in, e)->v[SKMEM_DROPS], 3);
	teardown(&t, &in);
}

/* Orphans (inode 0) are known by their endpoints; sorting keeps every entry found,
 * and so do the rows bound to the table. */
static void test_key_survives_sort(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct tcp_info ti;
	const struct sock_internals_entry *e;
	uint8_t *m;
	size_t i;
	(void)state;

	setup(&t, &in, true, false);
	s.len = 0;
	full_info(&ti);
	for (i = 0; i < 4; i++) {
		ti.tcpi_rtt = (uint32_t)(500 + i);
		m = add_tcp(&s, 0, (uint16_t)(50000 - i)); /* inode 0: orphans */
		msg_attr(&s, m, INET_DIAG_INFO, &ti, sizeof(ti));
	}
	assert_int_equal(parse(&s, &t), 0);
	assert_int_equal(in.len, 4);
	conntable_sort(&t);
	for (i = 0; i < t.len; i++) {
		e = sock_internals_lookup(&in, &t.conns[i]);
		assert_non_null(e);
		assert_int_equal(tcp_info_value(&e->tcp, TCPI_RTT_US),
				 500 + (50000 - t.conns[i].local.port));
	}
	/* The rows bound after the sort; and still right when the table moved since. */
	sock_internals_bind_rows(&in, &t);
	assert_int_equal(in.rows_len, t.len);
	for (i = 0; i < t.len; i++)
		assert_ptr_equal(sock_internals_of(&t, &t.conns[i]),
				 sock_internals_lookup(&in, &t.conns[i]));
	{
		struct conn tmp = t.conns[0];

		t.conns[0] = t.conns[3];
		t.conns[3] = tmp;
	}
	for (i = 0; i < t.len; i++) {
		e = sock_internals_of(&t, &t.conns[i]);
		assert_non_null(e);
		assert_int_equal(tcp_info_value(&e->tcp, TCPI_RTT_US),
				 500 + (50000 - t.conns[i].local.port));
	}
	teardown(&t, &in);
}

/* The table's cells and JSON: absent fields are "-"/empty and null. */
static void test_outputs(void **state)
{
	static struct stream s;
	struct sock_internals in;
	struct conntable t;
	struct tcp_info ti;
	struct format_ctx o;
	struct column_set set;
	char msg[128];
	struct outbuf *out;
	FILE *f;
	char *text;
	uint8_t *m;
	(void)state;

	setup(&t, &in, true, true);
	s.len = 0;
	full_info(&ti);
	m = add_tcp(&s, 108, 40008);
	msg_attr(&s, m, INET_DIAG_INFO, &ti, offsetof(struct tcp_info, tcpi_busy_time));
	msg_attr(&s, m, INET_DIAG_CONG, "bbr", 4);
	assert_int_equal(parse(&s, &t), 0);
	memset(&o, 0, sizeof(o));
	o.show.show_inet = o.show.all = true;
	o.show.numeric_hosts = o.show.numeric_ports = true;
	o.show.info = o.show.memory = true;

	out = capture_begin(&f);
	format_json(&t, &o, NULL, out);
	text = capture_end(f);
	assert_non_null(strstr(text, "\"tcp_info\":{\"cong\":\"bbr\",\"rtt_us\":12345,"
				     "\"rttvar_us\":678,\"min_rtt_us\":1000,\"mss\":1448,"));
	assert_non_null(strstr(text, "\"delivery_rate_bps\":5000000,"
				     "\"pacing_rate_bps\":18446744073709551615,"
				     "\"busy_time_us\":null,\"rwnd_limited_us\":null,"
				     "\"sndbuf_limited_us\":null,\"snd_wscale\":7,"));
	assert_non_null(strstr(text, "\"bytes_sent\":null,\"bytes_acked\":4000001,"));
	/* -m asked, but the kernel sent no memory: null. */
	assert_non_null(strstr(text, "\"last_data_recv_ms\":260},\"memory\":null}"));
	free(text);

	assert_int_equal(column_set_parse(&set,
					  "local_port,cong,rtt_us,bytes_sent,total_retrans,drops",
					  msg, sizeof(msg)),
			 0);
	o.columns = &set;
	out = capture_begin(&f);
	format_csv(&t, &o, out, ',');
	text = capture_end(f);
	assert_string_equal(text, "local_port,cong,rtt_us,bytes_sent,total_retrans,drops\n"
				  "40008,bbr,12345,,42,\n");
	free(text);

	/* Without -i the same table says null: only what was asked is shown. */
	o.show.info = o.show.memory = false;
	o.columns = NULL;
	out = capture_begin(&f);
	format_json(&t, &o, NULL, out);
	text = capture_end(f);
	assert_non_null(strstr(text, "\"tcp_info\":null,\"memory\":null}"));
	free(text);
	teardown(&t, &in);
}

/* -i and -m add their columns to the defaults on the same line. */
static void test_default_columns(void **state)
{
	struct format_ctx o;
	struct column_set set;
	(void)state;

	memset(&o, 0, sizeof(o));
	column_set_default_inet(&set, &o);
	assert_false(column_set_has(&set, COL_TCPI_RTT_US));
	o.show.info = true;
	column_set_default_inet(&set, &o);
	assert_true(column_set_has(&set, COL_CONG));
	assert_true(column_set_has(&set, COL_TCPI_RTT_US));
	assert_true(column_set_has(&set, COL_TCPI_DELIVERY_RATE_BPS));
	assert_false(column_set_has(&set, COL_SKMEM_DROPS));
	o.show.memory = true;
	column_set_default_unix(&set, &o);
	assert_false(column_set_has(&set, COL_TCPI_RTT_US));
	assert_true(column_set_has(&set, COL_SKMEM_RCVBUF));
	assert_true(column_set_has(&set, COL_SKMEM_DROPS));
	assert_string_equal(column_info(COL_TCPI_BYTES_ACKED)->name, "bytes_acked");
	assert_string_equal(column_info(COL_SKMEM_WMEM_QUEUED)->name, "wmem_queued");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_tcp_info), cmocka_unit_test(test_short_tcp_info),
	    cmocka_unit_test(test_tiny_tcp_info), cmocka_unit_test(test_hostile_lengths),
	    cmocka_unit_test(test_not_asked),	  cmocka_unit_test(test_skmeminfo),
	    cmocka_unit_test(test_unix_meminfo),  cmocka_unit_test(test_key_survives_sort),
	    cmocka_unit_test(test_outputs),	  cmocka_unit_test(test_default_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
