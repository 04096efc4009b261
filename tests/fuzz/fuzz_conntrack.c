/*
 * fuzz_conntrack.c - the CTNETLINK reply decoder (conntrack_parse) on a
 * byte stream of netlink messages, then the table's lookups from both
 * sides for every flow it took.
 *
 * Input: an options byte (bit 0: check sequence numbers as a live dump
 * does, the expected one being the first message's; bits 1..7: the
 * namespace index the flows are recorded under), then the messages,
 * copied to an exact-size allocation.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz_util.h"
#include "model/nat_flows.h"
#include "source/conntrack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conntrack_parser p;
	struct nat_flow_table t;
	uint8_t *buf;
	size_t len, i;
	int r;

	if (size == 0)
		return 0;
	len = size - 1;
	buf = (uint8_t *)fuzz_copy(data + 1, len);
	nat_flow_table_init(&t);
	conntrack_parser_init(&p, &t, data[0] >> 1);
	p.check_ids = data[0] & 1;
	if (p.check_ids)
		fuzz_first_ids(buf, len, &p.seq, &p.portid);
	r = conntrack_parse(&p, buf, len);
	fuzz_check_parse(r, p.kernel_error);
	if (p.added != t.len)
		abort();
	for (i = 0; i < t.len; i++) {
		const struct nat_flow *f = &t.v[i];
		const struct nat_flow *s, *c;

		if (f->netns != data[0] >> 1 || (f->family != AF_INET && f->family != AF_INET6) ||
		    (f->proto != IPPROTO_TCP && f->proto != IPPROTO_UDP) || f->nat > 3)
			abort();
		/* Only translated flows are kept. */
		if (f->nat == 0 && nat_flow_is_mirror(f))
			abort();
		/* Each is found from both sides: itself or an earlier flow with the same tuple. */
		s = nat_flow_find_server(&t, f->netns, f->proto, f->family, &f->reply.src,
					 &f->reply.dst);
		c = nat_flow_find_client(&t, NAT_FLOW_ANY_NETNS, f->proto, f->family, &f->orig.src,
					 &f->orig.dst);
		if (s == NULL || c == NULL || s > f || c > f)
			abort();
	}
	nat_flow_table_free(&t);
	free(buf);
	return 0;
}
