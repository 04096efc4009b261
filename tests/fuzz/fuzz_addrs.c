/*
 * fuzz_addrs.c - the RTM_GETADDR reply decoder (addrs_parse) on a byte
 * stream of netlink messages, then the table's owner lookup for every
 * address it took.
 *
 * Input: an options byte (bit 0: check sequence numbers as a live dump
 * does, the expected one being the first message's; bits 1..7: the
 * namespace index the addresses are recorded under), then the messages,
 * copied to an exact-size allocation.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz_util.h"
#include "model/addrs.h"
#include "source/addresses.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addrs_parser p;
	struct addr_table t;
	uint8_t *buf;
	size_t len, i;
	int r;

	if (size == 0)
		return 0;
	len = size - 1;
	buf = (uint8_t *)fuzz_copy(data + 1, len);
	addr_table_init(&t);
	addrs_parser_init(&p, &t, data[0] >> 1);
	p.check_ids = data[0] & 1;
	if (p.check_ids)
		fuzz_first_ids(buf, len, &p.seq, &p.portid);
	r = addrs_parse(&p, buf, len);
	fuzz_check_parse(r, p.kernel_error);
	if (p.added != t.len)
		abort();
	for (i = 0; i < t.len; i++) {
		const struct ns_addr *a = &t.v[i];
		int owner;

		if (a->netns != data[0] >> 1 || (a->family != AF_INET && a->family != AF_INET6) ||
		    a->prefix_len > (a->family == AF_INET ? 32 : 128))
			abort();
		/* IPv4 keeps its 4 bytes and zeros. */
		if (a->family == AF_INET &&
		    memcmp(a->addr + 4, "\0\0\0\0\0\0\0\0\0\0\0\0", 12) != 0)
			abort();
		owner = addr_table_owner(&t, a->family, a->addr);
		if (owner != ADDR_OWNER_NONE && owner != a->netns)
			abort();
		if (owner == ADDR_OWNER_NONE && !addr_is_loopback(a->family, a->addr) &&
		    !addr_is_link_local(a->family, a->addr))
			abort();
	}
	addr_table_free(&t);
	free(buf);
	return 0;
}
