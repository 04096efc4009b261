/*
 * fuzz_nat_rules.c - the nftables rule decoder (nat_rules_parse) on a byte
 * stream of netlink messages, as a live rule dump or a recording of one
 * (tests/fixtures/nat/) supplies it; the attribute walk runs on every
 * rule message the framing lets through, and at each NLMSG_DONE the jumps
 * that complete port-less NAT rules are followed (bounded work: hostile
 * graphs fan out and loop).
 *
 * Input: an options byte (bit 0: check sequence numbers as a live dump
 * does, the first message's being the expected one; bit 1: stop at
 * NLMSG_DONE), then the messages, copied to an exact-size allocation.
 * Every mapping decoded must be one portstat can show: TCP or UDP, IPv4 or
 * IPv6, ordered port ranges, a target address exactly for DNAT, names
 * terminated.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz_util.h"
#include "source/nat_rules.h"

static void check_addr(const struct nat_addr *a, uint8_t family)
{
	if (a->family == 0)
		return;
	if (a->family != family || a->prefix > (family == AF_INET ? 32 : 128))
		abort();
}

static void check(const struct nat_mapping *m)
{
	if (m->proto != IPPROTO_TCP && m->proto != IPPROTO_UDP)
		abort();
	if (m->family != AF_INET && m->family != AF_INET6)
		abort();
	if (m->dport_lo > m->dport_hi || m->to_port_lo > m->to_port_hi)
		abort();
	if (memchr(m->iif, 0, sizeof(m->iif)) == NULL)
		abort();
	if ((m->iif_negated || m->iif_prefix) && m->iif[0] == 0)
		abort();
	check_addr(&m->daddr, m->family);
	check_addr(&m->to, m->family);
	if (m->mechanism == NAT_DNAT ? m->to.family == 0
				     : m->mechanism != NAT_REDIRECT || m->to.family != 0)
		abort();
	if (!m->to_port_given && (m->to_port_lo != m->dport_lo || m->to_port_hi != m->dport_hi))
		abort();
	if (m->table == NULL || m->chain == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nat_rules_result res;
	struct nat_rules_parser p;
	uint8_t *buf;
	size_t len, i;
	int r;

	if (size == 0)
		return 0;
	len = size - 1;
	buf = (uint8_t *)fuzz_copy(data + 1, len);
	nat_rules_result_init(&res);
	nat_rules_parser_init(&p, &res);
	p.check_ids = data[0] & 1;
	p.stop_at_done = data[0] & 2;
	if (p.check_ids)
		fuzz_first_ids(buf, len, &p.seq, &p.portid);
	r = nat_rules_parse(&p, buf, len);
	fuzz_check_parse(r, p.kernel_error);
	/* Each rule adds at most two mappings (an inet redirect: both families). */
	if (res.map.len > 2 * res.rules || res.not_understood > res.rules)
		abort();
	for (i = 0; i < res.map.len; i++)
		check(&res.map.v[i]);
	nat_rules_result_free(&res);
	free(buf);
	return 0;
}
