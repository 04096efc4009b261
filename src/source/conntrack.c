/*
 * conntrack.c - the translated flows of a namespace from a CTNETLINK dump
 * (source/conntrack.h).
 *
 * An IPCTNL_MSG_CT_NEW message is an nfgenmsg (the family), then
 * attributes: CTA_TUPLE_ORIG and CTA_TUPLE_REPLY, each nesting CTA_TUPLE_IP
 * (the two addresses) and CTA_TUPLE_PROTO (the protocol number and the two
 * ports, network byte order), and CTA_STATUS (big-endian IPS_* bits).  The
 * decoder copies every header into a zeroed local, as addresses.c does (a
 * buffer may be unaligned), checks each length against what encloses it,
 * and skips an entry it cannot read whole instead of guessing.
 */
#include "lib/compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/xmalloc.h"
#include "source/conntrack.h"
#include "source/nfnl.h"
#include "source/nlmsg.h"

#define CT_TRIES     4 /* a dump interrupted by a change is retried this often in all */
#define CT_RECV_SIZE (64 * 1024)

void conntrack_parser_init(struct conntrack_parser *p, struct nat_flow_table *t, unsigned netns)
{
	memset(p, 0, sizeof(*p));
	p->table = t;
	p->netns = netns;
}

/* One attribute of a run of them. */
struct attr {
	unsigned type; /* without NLA_F_NESTED and NLA_F_NET_BYTEORDER */
	const uint8_t *data;
	size_t len;
};

/*
 * The next attribute of the run *p, *len: 1 and *a, 0 at the end, -1 for
 * one whose length is shorter than its header or runs past the run.
 */
static int next_attr(const uint8_t **p, size_t *len, struct attr *a)
{
	struct nlattr h;
	size_t step;

	if (*len < sizeof(h))
		return *len == 0 ? 0 : -1;
	memcpy(&h, *p, sizeof(h));
	if (h.nla_len < NLA_HDRLEN || h.nla_len > *len)
		return -1;
	a->type = h.nla_type & NLA_TYPE_MASK;
	a->data = *p + NLA_HDRLEN;
	a->len = h.nla_len - NLA_HDRLEN;
	step = NLA_ALIGN(h.nla_len);
	if (step >= *len) {
		*p += *len;
		*len = 0;
	} else {
		*p += step;
		*len -= step;
	}
	return 1;
}

/* CTA_TUPLE_IP: both addresses of the family, exactly its size; false otherwise. */
static bool read_ips(const uint8_t *p, size_t len, int family, struct nat_tuple *t)
{
	unsigned want_src = family == AF_INET ? CTA_IP_V4_SRC : CTA_IP_V6_SRC;
	unsigned want_dst = family == AF_INET ? CTA_IP_V4_DST : CTA_IP_V6_DST;
	size_t size = family == AF_INET ? 4 : 16;
	bool src = false, dst = false;
	struct attr a;
	int r;

	while ((r = next_attr(&p, &len, &a)) > 0) {
		if (a.type == CTA_IP_V4_SRC || a.type == CTA_IP_V4_DST || a.type == CTA_IP_V6_SRC ||
		    a.type == CTA_IP_V6_DST) {
			/* An address of the other family, or of a wrong size: not this entry's. */
			if ((a.type != want_src && a.type != want_dst) || a.len != size)
				return false;
			memcpy(a.type == want_src ? t->src.addr : t->dst.addr, a.data, size);
			*(a.type == want_src ? &src : &dst) = true;
		}
	}
	return r == 0 && src && dst;
}

static bool read_port(const struct attr *a, uint16_t *port)
{
	uint16_t be;

	if (a->len != sizeof(be))
		return false;
	memcpy(&be, a->data, sizeof(be));
	*port = ntohs(be);
	return true;
}

/* CTA_TUPLE_PROTO: the protocol, and both ports when it is TCP or UDP. */
static bool read_proto(const uint8_t *p, size_t len, struct nat_tuple *t, uint8_t *proto)
{
	bool num = false, sport = false, dport = false;
	struct attr a;
	int r;

	while ((r = next_attr(&p, &len, &a)) > 0) {
		if (a.type == CTA_PROTO_NUM) {
			if (a.len != 1)
				return false;
			*proto = a.data[0];
			num = true;
		} else if (a.type == CTA_PROTO_SRC_PORT) {
			if (!read_port(&a, &t->src.port))
				return false;
			sport = true;
		} else if (a.type == CTA_PROTO_DST_PORT) {
			if (!read_port(&a, &t->dst.port))
				return false;
			dport = true;
		}
	}
	if (r != 0 || !num)
		return false;
	return (*proto != IPPROTO_TCP && *proto != IPPROTO_UDP) || (sport && dport);
}

/* CTA_TUPLE_ORIG or CTA_TUPLE_REPLY: addresses and protocol, both present. */
static bool read_tuple(const uint8_t *p, size_t len, int family, struct nat_tuple *t,
		       uint8_t *proto)
{
	bool ips = false, pr = false;
	struct attr a;
	int r;

	while ((r = next_attr(&p, &len, &a)) > 0) {
		if (a.type == CTA_TUPLE_IP) {
			if (!read_ips(a.data, a.len, family, t))
				return false;
			ips = true;
		} else if (a.type == CTA_TUPLE_PROTO) {
			if (!read_proto(a.data, a.len, t, proto))
				return false;
			pr = true;
		}
	}
	return r == 0 && ips && pr;
}

/* One IPCTNL_MSG_CT_NEW: added when translated, counted as plain or skipped otherwise. */
static void new_entry(struct conntrack_parser *p, const uint8_t *pl, size_t len)
{
	struct nfgenmsg g;
	struct nat_flow f;
	uint8_t orig_proto = 0, reply_proto = 0;
	bool orig = false, reply = false;
	uint32_t status = 0;
	struct attr a;
	size_t off = NLMSG_ALIGN(sizeof(g));
	int r;

	if (len < sizeof(g)) {
		p->skipped++;
		return;
	}
	memcpy(&g, pl, sizeof(g));
	if (g.nfgen_family != AF_INET && g.nfgen_family != AF_INET6) {
		p->skipped++;
		return;
	}
	memset(&f, 0, sizeof(f));
	pl += off < len ? off : len;
	len -= off < len ? off : len;
	while ((r = next_attr(&pl, &len, &a)) > 0) {
		if (a.type == CTA_TUPLE_ORIG) {
			orig = read_tuple(a.data, a.len, g.nfgen_family, &f.orig, &orig_proto);
			if (!orig)
				break;
		} else if (a.type == CTA_TUPLE_REPLY) {
			reply = read_tuple(a.data, a.len, g.nfgen_family, &f.reply, &reply_proto);
			if (!reply)
				break;
		} else if (a.type == CTA_STATUS) {
			uint32_t be;

			if (a.len != sizeof(be)) {
				r = -1;
				break;
			}
			memcpy(&be, a.data, sizeof(be));
			status = ntohl(be);
		}
	}
	if (r != 0 || !orig || !reply || orig_proto != reply_proto ||
	    (orig_proto != IPPROTO_TCP && orig_proto != IPPROTO_UDP)) {
		p->skipped++;
		return;
	}
	f.family = g.nfgen_family;
	f.proto = orig_proto;
	f.netns = (uint16_t)p->netns;
	f.nat = (uint8_t)(((status & IPS_SRC_NAT) ? NAT_FLOW_SNAT : 0) |
			  ((status & IPS_DST_NAT) ? NAT_FLOW_DNAT : 0));
	if (f.nat == 0 && nat_flow_is_mirror(&f)) {
		p->plain++;
		return;
	}
	if (nat_flow_table_add(p->table, &f) != 0) {
		p->skipped++;
		return;
	}
	p->added++;
}

/* One message of the reply (nlmsg_fn). */
static int parse_one(void *ctx, const struct nlmsghdr *h, const uint8_t *msg)
{
	struct conntrack_parser *p = ctx;
	int r;

	if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
		r = nlmsg_dump_done(h, msg, &p->kernel_error);
		p->done = r == 0;
		return r < 0 ? r : 1;
	}
	if (h->nlmsg_type == ((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW))
		new_entry(p, msg + NLMSG_HDRLEN, h->nlmsg_len - NLMSG_HDRLEN);
	else if (h->nlmsg_type != NLMSG_NOOP)
		p->skipped++;
	return 0;
}

int conntrack_parse(struct conntrack_parser *p, const void *buf, size_t len)
{
	struct nlmsg_walk w = {p->check_ids, p->seq, p->portid, &p->interrupted};
	int r;

	if (p->done)
		return 0;
	r = nlmsg_walk(buf, len, &w, parse_one, p);
	return r < 0 ? r : 0;
}

int conntrack_error(int err)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		return CONNTRACK_ENOPRIV;
	case -EOPNOTSUPP:
	case -ENOENT:
	case -EPROTONOSUPPORT:
		return CONNTRACK_ENOTRACK;
	default:
		return err;
	}
}

/* conntrack_parse for nlmsg_receive_dump. */
static int parse_datagram(void *p, const void *buf, size_t len)
{
	return conntrack_parse(p, buf, len);
}

/* One dump of one family into t; *interrupted says whether the table changed meanwhile. */
static int dump_once(struct mnl_socket *nl, uint8_t *buf, uint32_t seq, int family, unsigned netns,
		     struct nat_flow_table *t, bool *interrupted)
{
	uint8_t req[MNL_ALIGN(sizeof(struct nlmsghdr)) + MNL_ALIGN(sizeof(struct nfgenmsg))];
	struct nlmsghdr *nlh;
	struct nfgenmsg *g;
	struct conntrack_parser p;
	int r;

	memset(req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = (uint8_t)family; /* the kernel dumps this family's entries only */
	g->version = NFNETLINK_V0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	conntrack_parser_init(&p, t, netns);
	p.seq = seq;
	p.portid = mnl_socket_get_portid(nl);
	p.check_ids = true;
	r = nlmsg_receive_dump(nl, buf, CT_RECV_SIZE, parse_datagram, &p, &p.done);
	if (r < 0)
		return r;
	*interrupted = p.interrupted;
	return p.kernel_error;
}

/* Both families into all, each retried while a change interrupts it. */
static int dump_all(struct mnl_socket *nl, bool drain_first, unsigned netns,
		    struct nat_flow_table *all)
{
	static const int families[] = {AF_INET, AF_INET6};
	struct nat_flow_table fam;
	uint8_t *buf = xmalloc(CT_RECV_SIZE);
	uint32_t seq = (uint32_t)time(NULL);
	size_t f, i;
	int r = 0, tries;

	nat_flow_table_init(&fam);
	for (f = 0; f < sizeof(families) / sizeof(families[0]) && r == 0; f++) {
		for (tries = 0; tries < CT_TRIES; tries++) {
			bool interrupted = false;

			if (drain_first || tries > 0 || f > 0)
				nlmsg_drain(nl, buf, CT_RECV_SIZE);
			nat_flow_table_reset(&fam);
			seq++;
			r = dump_once(nl, buf, seq, families[f], netns, &fam, &interrupted);
			if (r != 0 || !interrupted)
				break;
			r = -EAGAIN;
		}
		for (i = 0; r == 0 && i < fam.len; i++)
			r = nat_flow_table_add(all, &fam.v[i]);
	}
	nat_flow_table_free(&fam);
	free(buf);
	return r;
}

int source_conntrack_read(struct mnl_socket *nfnl, unsigned netns, struct nat_flow_table *t)
{
	struct mnl_socket *own = NULL;
	struct nat_flow_table all;
	size_t i;
	int r = 0;

	if (nfnl == NULL && (own = source_nfnl_socket_open(&r)) == NULL)
		return conntrack_error(r);
	/* Parsed aside: a failure leaves t as it was (its index cannot drop records). */
	nat_flow_table_init(&all);
	r = dump_all(own != NULL ? own : nfnl, own == NULL, netns, &all);
	for (i = 0; r == 0 && i < all.len; i++)
		r = nat_flow_table_add(t, &all.v[i]);
	nat_flow_table_free(&all);
	source_nfnl_socket_close(own);
	return conntrack_error(r);
}
