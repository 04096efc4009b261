/*
 * fuzz_netlink.c - the sock_diag decoder (netlink_parse) on a byte stream
 * of netlink messages, as a live dump or a --from-netlink file supplies it.
 *
 * Input: an options byte (bit 0: check sequence numbers as a live dump
 * does, bit 1: stop at NLMSG_DONE, bits 2..4: the protocol inet replies
 * are taken as), then the messages.  When ids are checked, the expected
 * sequence number is the first message's, so the rest of the stream is
 * still reached.  The stream is copied to an exact-size allocation.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>

#include "conntable.h"
#include "fuzz_util.h"
#include "source_netlink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netlink_parser p;
	struct conntable t;
	uint8_t *buf;
	size_t len, i;
	int r;

	if (size == 0)
		return 0;
	len = size - 1;
	buf = (uint8_t *)fuzz_copy(data + 1, len);
	conntable_init(&t);
	netlink_parser_init(&p, &t, ((data[0] >> 2) & 7) % PROTO_COUNT);
	p.check_ids = data[0] & 1;
	p.stop_at_done = data[0] & 2;
	if (p.check_ids && len >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;

		memcpy(&h, buf, sizeof(h));
		p.seq = h.nlmsg_seq;
		p.portid = h.nlmsg_pid;
	}
	r = netlink_parse(&p, buf, len);
	if (r != 0 && r != -EBADMSG && r != -EPROTO)
		abort();
	if (p.records != t.len || p.kernel_error > 0)
		abort();
	for (i = 0; i < t.len; i++) {
		const struct conn *c = &t.conns[i];

		if (c->proto >= PROTO_COUNT)
			abort();
		/* path is the unix arm of the record's union: inet records have none. */
		if (c->proto == PROTO_UNIX && c->path != 0 &&
		    (size_t)c->path + c->path_len >= t.pool_len)
			abort();
	}
	conntable_free(&t);
	free(buf);
	return 0;
}
