/*
 * addresses.c - a namespace's addresses from an rtnetlink RTM_GETADDR
 * dump (source/addresses.h).
 *
 * The decoder reads every header, struct and attribute by copying it into
 * a zeroed local, as netlink.c's does: a buffer may be unaligned (a
 * fuzzer), the kernel's ifaddrmsg may grow.  A length that runs past the
 * buffer is an error, never a guess; a message whose address cannot be
 * read whole is skipped and counted.
 */
#include "lib/compat.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "source/addresses.h"
#include "source/nlmsg.h"

#define ADDRS_TRIES	4 /* a dump interrupted by a change is retried this often in all */
#define ADDRS_RECV_SIZE (64 * 1024)

void addrs_parser_init(struct addrs_parser *p, struct addr_table *t, unsigned netns)
{
	memset(p, 0, sizeof(*p));
	p->table = t;
	p->netns = netns;
}

/* The address attributes of one RTM_NEWADDR. */
struct addr_attrs {
	const uint8_t *local;	/* IFA_LOCAL: ours, when the interface has a peer */
	const uint8_t *address; /* IFA_ADDRESS: ours, or the peer's when IFA_LOCAL is given */
	size_t local_len, address_len;
};

/* Reads the attributes up to the first one that is not well formed. */
static void read_attrs(const uint8_t *p, size_t len, struct addr_attrs *a)
{
	while (len >= sizeof(struct nlattr)) {
		struct nlattr h;
		size_t step;

		memcpy(&h, p, sizeof(h));
		if (h.nla_len < sizeof(h) || h.nla_len > len)
			return;
		if ((h.nla_type & NLA_TYPE_MASK) == IFA_LOCAL) {
			a->local = p + NLA_HDRLEN;
			a->local_len = h.nla_len - NLA_HDRLEN;
		} else if ((h.nla_type & NLA_TYPE_MASK) == IFA_ADDRESS) {
			a->address = p + NLA_HDRLEN;
			a->address_len = h.nla_len - NLA_HDRLEN;
		}
		step = NLA_ALIGN(h.nla_len);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

static void new_addr(struct addrs_parser *p, const uint8_t *pl, size_t len)
{
	struct ifaddrmsg ifa;
	struct addr_attrs a;
	const uint8_t *addr;
	size_t want, addr_len;

	if (len < sizeof(ifa)) {
		p->skipped++;
		return;
	}
	memcpy(&ifa, pl, sizeof(ifa));
	want = ifa.ifa_family == AF_INET ? 4 : ifa.ifa_family == AF_INET6 ? 16 : 0;
	memset(&a, 0, sizeof(a));
	if (want != 0 && len > NLMSG_ALIGN(sizeof(ifa)))
		read_attrs(pl + NLMSG_ALIGN(sizeof(ifa)), len - NLMSG_ALIGN(sizeof(ifa)), &a);
	/* As ip-address(8): IFA_LOCAL when given (IPv4 always, IPv6 with a peer). */
	addr = a.local != NULL ? a.local : a.address;
	addr_len = a.local != NULL ? a.local_len : a.address_len;
	if (want == 0 || addr == NULL || addr_len != want ||
	    addr_table_add(p->table, p->netns, ifa.ifa_family, addr, ifa.ifa_prefixlen,
			   ifa.ifa_index) != 0) {
		p->skipped++;
		return;
	}
	p->added++;
}

/* One message of the reply (nlmsg_fn). */
static int parse_one(void *ctx, const struct nlmsghdr *h, const uint8_t *msg)
{
	struct addrs_parser *p = ctx;
	int r;

	switch (h->nlmsg_type) {
	case NLMSG_DONE:
	case NLMSG_ERROR:
		r = nlmsg_dump_done(h, msg, &p->kernel_error);
		p->done = r == 0;
		return r < 0 ? r : 1;
	case NLMSG_NOOP:
		return 0;
	case RTM_NEWADDR:
		new_addr(p, msg + NLMSG_HDRLEN, h->nlmsg_len - NLMSG_HDRLEN);
		return 0;
	default:
		p->skipped++;
		return 0;
	}
}

int addrs_parse(struct addrs_parser *p, const void *buf, size_t len)
{
	struct nlmsg_walk w = {p->check_ids, p->seq, p->portid, &p->interrupted};
	int r;

	if (p->done)
		return 0;
	r = nlmsg_walk(buf, len, &w, parse_one, p);
	return r < 0 ? r : 0;
}

struct mnl_socket *source_addrs_socket_open(int *err)
{
	return nlmsg_socket_open(NETLINK_ROUTE, err, NULL);
}

void source_addrs_socket_close(struct mnl_socket *nl)
{
	nlmsg_socket_close(nl);
}

/* addrs_parse for nlmsg_receive_dump. */
static int parse_datagram(void *p, const void *buf, size_t len)
{
	return addrs_parse(p, buf, len);
}

/* One dump into t; *interrupted says whether the addresses changed meanwhile. */
static int dump_once(struct mnl_socket *nl, uint8_t *buf, uint32_t seq, unsigned netns,
		     struct addr_table *t, bool *interrupted)
{
	uint8_t req[MNL_ALIGN(sizeof(struct nlmsghdr)) + MNL_ALIGN(sizeof(struct ifaddrmsg))];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct addrs_parser p;
	int r;

	memset(req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC; /* both families in one dump */
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	addrs_parser_init(&p, t, netns);
	p.seq = seq;
	p.portid = mnl_socket_get_portid(nl);
	p.check_ids = true;
	r = nlmsg_receive_dump(nl, buf, ADDRS_RECV_SIZE, parse_datagram, &p, &p.done);
	if (r < 0)
		return r;
	*interrupted = p.interrupted;
	return p.kernel_error;
}

int source_addrs_read(struct mnl_socket *nl, unsigned netns, struct addr_table *t)
{
	struct mnl_socket *own = NULL;
	size_t start = t->len;
	uint8_t *buf;
	uint32_t seq = (uint32_t)time(NULL);
	int r = -EAGAIN, tries;

	if (nl == NULL && (own = source_addrs_socket_open(&r)) == NULL)
		return r;
	buf = xmalloc(ADDRS_RECV_SIZE);
	for (tries = 0; tries < ADDRS_TRIES; tries++) {
		bool interrupted = false;

		if (nl != NULL)
			nlmsg_drain(nl, buf, ADDRS_RECV_SIZE);
		r = dump_once(own != NULL ? own : nl, buf, seq + (uint32_t)tries, netns, t,
			      &interrupted);
		if (r == 0 && !interrupted)
			break;
		t->len = start;
		if (r == 0)
			r = -EAGAIN;
		else
			break;
	}
	free(buf);
	nlmsg_socket_close(own);
	return r;
}
