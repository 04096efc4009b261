/*
 * nat_rules.c - the nftables rule dump over NETLINK_NETFILTER and its
 * decoder (source/nat_rules.h); each rule's expressions are read by
 * nat_rules_expr.c, with libmnl (why not libnftnl: see there).
 *
 * One NFT_MSG_GETRULE dump with family NFPROTO_UNSPEC returns the rules of
 * every table of every family; the ip, ip6 and inet ones are decoded (only
 * they hold NAT chains that reach a socket).  Each message is checked
 * against the buffer, and each attribute against its message or nest,
 * before anything is read from it.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <endian.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/procfile.h"
#include "lib/xmalloc.h"
#include "source/nat_rules.h"
#include "source/nat_rules_expr.h"
#include "source/nat_rules_paths.h"
#include "source/nlmsg.h"

/* A dump's replies: large rules (long names, many expressions) fit with room. */
#define NAT_RECV_SIZE (64 * 1024)
/* A dump interrupted by a changing ruleset is tried again, this many times in all. */
#define NAT_TRIES 3

void nat_rules_result_init(struct nat_rules_result *r)
{
	memset(r, 0, sizeof(*r));
	nat_map_init(&r->map);
}

void nat_rules_result_free(struct nat_rules_result *r)
{
	nat_map_free(&r->map);
	nat_paths_free(r->paths);
	nat_rules_result_init(r);
}

void nat_rules_parser_init(struct nat_rules_parser *p, struct nat_rules_result *res)
{
	memset(p, 0, sizeof(*p));
	p->res = res;
}

/* A string attribute that holds its terminating NUL. */
static bool attr_string_ok(const struct nlattr *a)
{
	uint16_t n = mnl_attr_get_payload_len(a);

	return n > 0 && memchr(mnl_attr_get_payload(a), 0, n) != NULL;
}

/* A rule message's attributes into r: false when one is not what it must be. */
static bool rule_read(const struct nlmsghdr *h, uint8_t family, struct nat_rule_msg *r)
{
	const struct nlattr *a;

	memset(r, 0, sizeof(*r));
	r->family = family;
	r->table = r->chain = "";
	/* The walk stops at the first attribute that does not fit, as mnl's does. */
	mnl_attr_for_each(a, h, sizeof(struct nfgenmsg))
	{
		switch (mnl_attr_get_type(a)) {
		case NFTA_RULE_TABLE:
		case NFTA_RULE_CHAIN:
			if (!attr_string_ok(a))
				return false;
			if (mnl_attr_get_type(a) == NFTA_RULE_TABLE)
				r->table = mnl_attr_get_payload(a);
			else
				r->chain = mnl_attr_get_payload(a);
			break;
		case NFTA_RULE_HANDLE: {
			uint64_t v;

			if (mnl_attr_get_payload_len(a) != sizeof(v))
				return false;
			memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
			r->handle = be64toh(v);
			break;
		}
		case NFTA_RULE_EXPRESSIONS:
			r->exprs = a;
			break;
		default:
			break;
		}
	}
	return true;
}

/* Decodes one rule message. */
static void decode_rule(struct nat_rules_parser *p, const struct nlmsghdr *h)
{
	struct nat_rule_msg r;
	struct nfgenmsg g;
	uint8_t fam;

	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(g)) {
		p->res->undecoded++;
		return;
	}
	memcpy(&g, (const uint8_t *)h + NLMSG_HDRLEN, sizeof(g));
	fam = g.nfgen_family;
	if (fam != NFPROTO_IPV4 && fam != NFPROTO_IPV6 && fam != NFPROTO_INET) {
		p->res->skipped++; /* bridge, arp, netdev: no NAT that reaches a socket */
		return;
	}
	if (!rule_read(h, fam, &r)) {
		p->res->undecoded++;
		return;
	}
	p->res->rules++;
	nat_rule_decode(&r, p->res);
}

/* One message of the stream (nlmsg_fn). */
static int parse_one(void *ctx, const struct nlmsghdr *h, const uint8_t *msg)
{
	struct nat_rules_parser *p = ctx;

	if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
		int e, r = nlmsg_end_of_dump(h, msg, &e);

		if (r < 0)
			e = r; /* an NLMSG_ERROR cut short: ends the dump as a protocol error */
		if (e < 0 && p->kernel_error == 0)
			p->kernel_error = e == -EBADMSG || e == -EPROTO ? -EPROTO : e;
		/* An NLMSG_ERROR with 0 is an acknowledgement, not the end.  At the
		 * end every rule of the dump is here: the jumps can be followed. */
		if (r != NLMSG_ACK) {
			p->done = true;
			nat_paths_resolve(p->res->paths, p->res);
		}
	} else if (h->nlmsg_type == ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE)) {
		/* The attributes are read in place: an aligned copy of the message,
		 * zero-padded to 4 bytes, since libmnl's attribute walk ends at the
		 * aligned end (a length that is not a multiple of 4 is legal). */
		uint8_t *copy = xcalloc(1, NLMSG_ALIGN((size_t)h->nlmsg_len));

		memcpy(copy, msg, h->nlmsg_len);
		decode_rule(p, (const struct nlmsghdr *)copy);
		free(copy);
	} else {
		p->res->skipped++;
	}
	return p->done && p->stop_at_done ? 1 : 0;
}

int nat_rules_parse(struct nat_rules_parser *p, const void *buf, size_t len)
{
	struct nlmsg_walk w = {p->check_ids, p->seq, p->portid, &p->interrupted};
	int r = nlmsg_walk(buf, len, &w, parse_one, p);

	return r < 0 ? r : 0;
}

struct mnl_socket *nat_rules_socket_open(int *err)
{
	return nlmsg_socket_open(NETLINK_NETFILTER, err, NULL);
}

void nat_rules_socket_close(struct mnl_socket *nl)
{
	nlmsg_socket_close(nl);
}

/* Sends one NFT_MSG_GETRULE dump request for every family. */
static int send_request(struct mnl_socket *nl, uint8_t *buf, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = NFPROTO_UNSPEC;
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	for (;;) {
		ssize_t n = mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);

		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 ? -errno : 0;
	}
}

/* One dump into res; *why on failure. */
static int dump_once(struct mnl_socket *nl, uint8_t *buf, int dump_fd, uint32_t seq,
		     struct nat_rules_result *res, bool *interrupted, const char **why)
{
	struct nat_rules_parser p;
	int r = send_request(nl, buf, seq);

	if (r < 0) {
		*why = "cannot send the rule dump request";
		return r;
	}
	nat_rules_parser_init(&p, res);
	p.check_ids = true;
	p.stop_at_done = true;
	p.seq = seq;
	p.portid = mnl_socket_get_portid(nl);
	while (!p.done) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, NAT_RECV_SIZE);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			*why = r == -ENOSPC ? "a reply did not fit the receive buffer"
					    : "receiving the rule dump failed";
			return r == -ENOSPC ? -EMSGSIZE : r;
		}
		if (n == 0) {
			*why = "the rule dump ended without NLMSG_DONE";
			return -EPROTO;
		}
		if (dump_fd >= 0 && (r = nlmsg_write_all(dump_fd, buf, (size_t)n)) < 0) {
			*why = "cannot write the recording";
			return r;
		}
		r = nat_rules_parse(&p, buf, (size_t)n);
		if (r < 0) {
			*why = r == -EPROTO ? "a reply had a foreign sequence number or port id"
					    : "a reply was truncated or malformed";
			return r;
		}
	}
	if (p.kernel_error < 0) {
		*why = p.kernel_error == -EPERM ? "reading the ruleset needs CAP_NET_ADMIN"
						: "the kernel refused the rule dump";
		return p.kernel_error;
	}
	*interrupted = p.interrupted;
	return 0;
}

/* Appends src's mappings and counts to dst; src is left empty. */
static void result_move(struct nat_rules_result *dst, struct nat_rules_result *src)
{
	size_t i;

	for (i = 0; i < src->map.len; i++) {
		const struct nat_mapping *m = &src->map.v[i];

		(void)nat_map_add(&dst->map, m, m->table, m->chain);
	}
	dst->rules += src->rules;
	dst->not_understood += src->not_understood;
	dst->undecoded += src->undecoded;
	dst->skipped += src->skipped;
	nat_rules_result_free(src);
}

int nat_rules_read(struct mnl_socket *nl, int dump_fd, struct nat_rules_result *res,
		   const char **why)
{
	struct mnl_socket *own = NULL;
	struct nat_rules_result tmp;
	uint8_t *buf;
	uint32_t seq = (uint32_t)time(NULL);
	int r = 0, tries;

	*why = "";
	if (nl == NULL) {
		own = nat_rules_socket_open(&r);
		if (own == NULL) {
			*why = "cannot open a NETLINK_NETFILTER socket";
			return r;
		}
		nl = own;
	}
	buf = xmalloc(NAT_RECV_SIZE);
	nat_rules_result_init(&tmp);
	for (tries = 0; tries < NAT_TRIES; tries++) {
		bool interrupted = false;

		nat_rules_result_free(&tmp);
		r = dump_once(nl, buf, dump_fd, seq + (uint32_t)tries, &tmp, &interrupted, why);
		if (r < 0 || !interrupted)
			break;
		r = -EINTR;
		*why = "the ruleset kept changing during the dump";
	}
	if (r == 0)
		result_move(res, &tmp);
	nat_rules_result_free(&tmp);
	free(buf);
	nat_rules_socket_close(own);
	return r;
}

/* Whether <proc_root>/net/NAME lists a table: 0 with *listed, or a negative errno. */
static int names_listed(const char *proc_root, const char *name, bool *listed)
{
	char buf[4096];
	size_t len = 0;
	int r = procfile_read(proc_root, name, buf, sizeof(buf), &len);

	*listed = false;
	if (r == -ENOENT)
		return 0; /* no ip_tables module: no legacy tables */
	if (r == -EFBIG) {
		*listed = true; /* more names than fit: certainly some */
		return 0;
	}
	if (r < 0)
		return r;
	*listed = len > 0;
	return 0;
}

int nat_rules_legacy_in_use(const char *proc_root, bool *in_use)
{
	bool v4, v6;
	int r = names_listed(proc_root, "net/ip_tables_names", &v4);

	*in_use = false;
	if (r < 0)
		return r;
	r = names_listed(proc_root, "net/ip6_tables_names", &v6);
	if (r < 0)
		return r;
	*in_use = v4 || v6;
	return 0;
}
