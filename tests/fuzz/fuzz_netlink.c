/*
 * fuzz_netlink.c - the sock_diag decoder (netlink_parse) on a byte stream
 * of netlink messages, as a live dump or a --from-netlink file supplies it.
 *
 * Input: an options byte (bit 0: check sequence numbers as a live dump
 * does, bit 1: stop at NLMSG_DONE, bits 2..4: the protocol inet replies
 * are taken as), then the messages.  When ids are checked, the expected
 * sequence number is the first message's, so the rest of the stream is
 * still reached.  The stream is copied to an exact-size allocation.
 * Whatever was decoded is then sorted (the packed-key sort must keep every
 * record) and printed as the table and as JSON into /dev/null, so that the
 * formatters' in-place cell writing meets hostile records too.
 * NETLINK_MARK_PROC messages (a replay file's "read from /proc") are decoded
 * too, and with bit 5 of the options byte NETLINK_MARK_NETNS ones (a
 * recording of several namespaces) into a namespace table, which the
 * table's Netns column and JSON's "netns" then print.  With bit 6 the
 * records' tcp_info, congestion control and socket memory attributes
 * (-i, -m) are decoded into a side table too, which the table's -i/-m
 * columns and JSON's "tcp_info" and "memory" then print.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/conntable.h"
#include "model/netns.h"
#include "model/tcp_info.h"
#include "output/format.h"
#include "fuzz_util.h"
#include "lib/outbuf.h"
#include "source/netlink.h"

static struct outbuf sink; /* 64 KiB: not on the stack */

/* A sum that a permutation of the records keeps. */
static uint64_t table_sum(const struct conntable *t)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < t->len; i++)
		sum += t->conns[i].inode * 31 + t->conns[i].recv_q + t->conns[i].proto;
	return sum;
}

static void print_all(const struct conntable *t, bool netns, bool internals)
{
	struct format_ctx o;
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		abort();
	memset(&o, 0, sizeof(o));
	o.show.show_inet = o.show.show_unix = o.show.all = true;
	o.show.numeric_hosts = o.show.numeric_ports = true;
	o.show.netns = netns;
	o.show.info = o.show.memory = internals;
	outbuf_init(&sink, fd);
	format_table(t, &o, &sink);
	format_json(t, &o, NULL, &sink);
	if (outbuf_flush(&sink) != 0)
		abort();
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netlink_parser p;
	struct netns_table ns;
	struct sock_internals in;
	struct conntable t;
	uint8_t *buf;
	uint64_t sum;
	size_t len, i, records;
	int r;

	if (size == 0)
		return 0;
	len = size - 1;
	buf = (uint8_t *)fuzz_copy(data + 1, len);
	conntable_init(&t);
	netns_table_init(&ns);
	sock_internals_init(&in);
	if (data[0] & 64) {
		in.want_info = in.want_memory = true;
		t.internals = &in;
	}
	netlink_parser_init(&p, &t, ((data[0] >> 2) & 7) % PROTO_COUNT);
	if (data[0] & 32)
		p.netns_table = &ns;
	p.check_ids = data[0] & 1;
	p.stop_at_done = data[0] & 2;
	if (p.check_ids)
		fuzz_first_ids(buf, len, &p.seq, &p.portid);
	r = netlink_parse(&p, buf, len);
	fuzz_check_parse(r, p.kernel_error);
	if (p.records != t.len)
		abort();
	/* NETLINK_MARK_PROC: a bit per protocol and family, none past them. */
	if (p.from_proc >> (2 * PROTO_COUNT) != 0)
		abort();
	for (i = 0; i < t.len; i++) {
		const struct conn *c = &t.conns[i];

		if (c->proto >= PROTO_COUNT)
			abort();
		/* NETLINK_MARK_NETNS: every record names a namespace of the table (0 without one).
		 */
		if (ns.len > NETNS_MAX || (ns.len == 0 ? c->netns != 0 : c->netns >= ns.len))
			abort();
		/* path is the unix arm of the record's union: inet records have none. */
		if (c->proto == PROTO_UNIX && c->path != 0 &&
		    (size_t)c->path + c->path_len >= t.pool_len)
			abort();
	}
	sum = table_sum(&t);
	records = t.len;
	conntable_sort(&t);
	if (t.len != records || table_sum(&t) != sum)
		abort();
	if (ns.len > 0)
		t.netns = &ns;
	/* Every side-table entry is present bits within its fields. */
	for (i = 0; i < in.len; i++)
		if (in.v[i].tcp.present >> TCPI_COUNT != 0 ||
		    (in.mem != NULL && in.mem[i].present >> SKMEM_COUNT != 0) ||
		    in.v[i].tcp.cong[TCP_CONG_NAME_SIZE - 1] != '\0')
			abort();
	print_all(&t, ns.len > 0, t.internals != NULL);
	conntable_free(&t);
	sock_internals_free(&in);
	netns_table_free(&ns);
	free(buf);
	return 0;
}
