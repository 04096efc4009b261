/*
 * source_netlink.c - the NETLINK_SOCK_DIAG source, the only file that
 * includes libmnl.
 *
 * Live dumps and replay files go through the same decoder, netlink_parse,
 * which reads every header, struct and attribute by copying it into a
 * zeroed local: a buffer may be unaligned (a replay file, a fuzzer), a
 * kernel struct may be shorter than ours (old kernels: zero-padded) or
 * longer (new kernels: the rest is ignored).  A length that runs past the
 * buffer is an error, never a guess.
 *
 * What netlink cannot give is documented where the record is filled
 * (fill_unix): the reference count of unix sockets is an estimate.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "source/netlink.h"
#include "source/nlmsg.h"
#include "model/tcp_info.h"
#include "lib/procfile.h"
#include "lib/xmalloc.h"

#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE 136
#endif
/* Message types of the pre-3.3 interface (linux/inet_diag.h: TCPDIAG_GETSOCK). */
#define NL_TYPE_TCPDIAG_GETSOCK	 18
#define NL_TYPE_DCCPDIAG_GETSOCK 19

#define NL_DUMP_TRIES 4		  /* first attempt plus three retries after NLM_F_DUMP_INTR */
#define NL_RECV_SIZE  (64 * 1024) /* the kernel fills at most 32 KiB per datagram */

/* tcp_info: the two fields -o reads (INET_DIAG_INFO), by offset; -i decodes the rest
 * (model/tcp_info.c). */
#define TCPI_RETRANSMITS_OFF 2
#define TCPI_PROBES_OFF	     3

void netlink_parser_init(struct netlink_parser *p, struct conntable *t, int proto)
{
	memset(p, 0, sizeof(*p));
	p->table = t;
	p->proto = proto;
	p->source = SRC_NETLINK;
}

uint32_t netlink_proc_bit(int proto, int family)
{
	if (proto < 0 || proto >= PROTO_COUNT)
		return 0;
	return 1u << (2 * proto + (family == AF_INET6 ? 1 : 0));
}

/* Copies up to dst_len bytes of src into a zeroed dst: short kernel structs are padded. */
static void copy_padded(void *dst, size_t dst_len, const uint8_t *src, size_t src_len)
{
	memset(dst, 0, dst_len);
	memcpy(dst, src, src_len < dst_len ? src_len : dst_len);
}

typedef void attr_fn(void *ctx, unsigned type, const uint8_t *data, size_t len);

/* Calls fn for each well-formed attribute; stops at the first that is not. */
static void walk_attrs(const uint8_t *p, size_t len, attr_fn *fn, void *ctx)
{
	while (len >= sizeof(struct nlattr)) {
		struct nlattr a;
		size_t step;

		memcpy(&a, p, sizeof(a));
		if (a.nla_len < sizeof(a) || a.nla_len > len)
			return;
		fn(ctx, a.nla_type & NLA_TYPE_MASK, p + sizeof(a), a.nla_len - sizeof(a));
		step = NLA_ALIGN(a.nla_len);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

static int proto_from_ipproto(unsigned ipproto)
{
	switch (ipproto) {
	case IPPROTO_TCP:
		return PROTO_TCP;
	case IPPROTO_UDP:
		return PROTO_UDP;
	case IPPROTO_UDPLITE:
		return PROTO_UDPLITE;
	case IPPROTO_RAW:
		return PROTO_RAW;
	default:
		return -1;
	}
}

/* What an attribute of one record is decoded into. */
struct record_attrs {
	struct conntable *t;
	struct conn *c;
	struct sock_internals_entry *entry; /* the record's, once added */
};

/* The side table's entry of the record when it records this kind (-i, -m), else NULL. */
static struct sock_internals_entry *internals_of(struct record_attrs *a, bool info)
{
	struct sock_internals *s = a->t->internals;

	if (s == NULL || !(info ? s->want_info : s->want_memory))
		return NULL;
	/* Nothing else is added while one record's attributes are read. */
	if (a->entry == NULL)
		a->entry = sock_internals_add(s, a->c);
	return a->entry;
}

/* INET_DIAG_SKMEMINFO and UNIX_DIAG_MEMINFO: the same u32 words. */
static void memory_attr(struct record_attrs *a, const uint8_t *data, size_t len)
{
	struct sock_internals_entry *e = internals_of(a, false);

	if (e == NULL)
		return;
	sock_internals_set_memory(a->t->internals, e, data, len);
}

static void inet_attr(void *ctx, unsigned type, const uint8_t *data, size_t len)
{
	struct record_attrs *a = ctx;
	struct conn *c = a->c;
	struct sock_internals_entry *e;
	uint8_t info[TCPI_PROBES_OFF + 1];

	if (type == INET_DIAG_SKMEMINFO) {
		memory_attr(a, data, len);
		return;
	}
	if ((type != INET_DIAG_INFO && type != INET_DIAG_CONG) || c->proto != PROTO_TCP)
		return;
	e = internals_of(a, true);
	if (type == INET_DIAG_CONG) {
		if (e != NULL)
			tcp_info_decode_cong(&e->tcp, data, len);
		return;
	}
	/* tcp_info: icsk_retransmits and icsk_probes_out, as /proc prints them. */
	copy_padded(info, sizeof(info), data, len);
	c->retransmits = info[TCPI_RETRANSMITS_OFF];
	c->probes = info[TCPI_PROBES_OFF];
	if (e != NULL) {
		tcp_info_decode(&e->tcp, data, len);
		e->has_tcp_info = true;
	}
}

static void fill_inet(struct netlink_parser *p, int proto, const uint8_t *pl, size_t len)
{
	struct inet_diag_msg m;
	struct record_attrs a;
	struct conn *c;
	size_t alen;

	copy_padded(&m, sizeof(m), pl, len);
	if (m.idiag_family != AF_INET && m.idiag_family != AF_INET6) {
		p->skipped++;
		return;
	}
	c = conntable_append(p->table);
	c->proto = (uint8_t)proto;
	c->source = p->source;
	c->netns = p->netns;
	c->family = m.idiag_family;
	c->state = m.idiag_state < CS_MAX ? m.idiag_state : CS_NONE;
	/* AF_INET: only the first 4 bytes mean anything (2.6 kernels leave garbage after them). */
	alen = m.idiag_family == AF_INET ? 4 : 16;
	memcpy(c->local.addr, m.id.idiag_src, alen);
	memcpy(c->remote.addr, m.id.idiag_dst, alen);
	c->local.port = ntohs(m.id.idiag_sport);
	c->remote.port = ntohs(m.id.idiag_dport);
	if (proto == PROTO_RAW)
		c->remote.port = 0; /* the local "port" is the IP protocol, as in /proc/net/raw */
	/* The bound device: SO_BINDTODEVICE or a link-local address's scope id. */
	c->scope = conntable_add_scope(p->table, p->netns, m.id.idiag_if);
	c->recv_q = m.idiag_rqueue;
	c->send_q = m.idiag_wqueue;
	c->uid = m.idiag_uid;
	c->inode = m.idiag_inode;
	c->timer = m.idiag_timer <= TIMER_PROBE ? m.idiag_timer : TIMER_OFF;
	c->timer_ms = c->timer == TIMER_OFF ? 0 : m.idiag_expires;
	/* idiag_retrans holds retransmits for the retransmit timer and probes for
	 * the keepalive and zero-window timers; INET_DIAG_INFO (asked for with -o)
	 * then gives both exactly. */
	if (c->timer == TIMER_ON)
		c->retransmits = m.idiag_retrans;
	else if (c->timer == TIMER_KEEPALIVE || c->timer == TIMER_PROBE)
		c->probes = m.idiag_retrans;
	a.t = p->table;
	a.c = c;
	a.entry = NULL;
	if (len > NLMSG_ALIGN(sizeof(m)))
		walk_attrs(pl + NLMSG_ALIGN(sizeof(m)), len - NLMSG_ALIGN(sizeof(m)), inet_attr,
			   &a);
	p->records++;
}

static void unix_attr(void *ctx, unsigned type, const uint8_t *data, size_t len)
{
	struct record_attrs *u = ctx;
	struct conn *c = u->c;
	uint32_t v[2];

	switch (type) {
	case UNIX_DIAG_NAME:
		/* Path names come with their terminating NUL (strip it); abstract
		 * names start with NUL and are kept byte for byte. */
		if (len > 0 && data[0] != '\0' && data[len - 1] == '\0')
			len--;
		if (len == 0 || len > UINT32_MAX)
			return;
		c->path = conntable_intern(u->t, (const char *)data, len);
		c->path_len = c->path != 0 ? (uint32_t)len : 0;
		break;
	case UNIX_DIAG_PEER:
		copy_padded(v, sizeof(v[0]), data, len);
		c->unix_peer = v[0];
		break;
	case UNIX_DIAG_RQLEN:
		copy_padded(v, sizeof(v), data, len);
		c->recv_q = v[0];
		c->send_q = v[1];
		break;
	case UNIX_DIAG_UID:
		copy_padded(v, sizeof(v[0]), data, len);
		c->uid = v[0];
		break;
	case UNIX_DIAG_MEMINFO:
		memory_attr(u, data, len);
		break;
	default:
		break; /* UNIX_DIAG_VFS and newer attributes: no slot in the model */
	}
}

/*
 * /proc/net/unix prints SS_* states derived from sk_state and whether the
 * socket has a struct socket (its inode is 0 when not, e.g. an embryo not
 * yet accepted); unix_diag gives sk_state and that inode, so the mapping is
 * exact.  Listeners are SS_UNCONNECTED with __SO_ACCEPTCON.
 */
static void unix_state(struct conn *c, unsigned sk_state)
{
	bool has_socket = c->inode != 0;

	if (sk_state == CS_LISTEN)
		c->unix_flags |= UNIX_FLAG_ACCEPTCON;
	if (sk_state == CS_ESTABLISHED)
		c->state = has_socket ? US_CONNECTED : US_CONNECTING;
	else
		c->state = has_socket ? US_UNCONNECTED : US_DISCONNECTING;
}

static void fill_unix(struct netlink_parser *p, const uint8_t *pl, size_t len)
{
	struct unix_diag_msg m;
	struct record_attrs u;
	struct conn *c;

	copy_padded(&m, sizeof(m), pl, len);
	c = conntable_append(p->table);
	c->proto = PROTO_UNIX;
	c->source = p->source;
	c->netns = p->netns;
	c->family = AF_UNIX;
	/* UNIX_DIAG_UID exists from Linux 5.3 on: without it the uid is unknown, not 0. */
	c->uid = CONN_UID_UNKNOWN;
	c->unix_type = m.udiag_type;
	c->inode = m.udiag_ino;
	unix_state(c, m.udiag_state);
	u.t = p->table;
	u.c = c;
	u.entry = NULL;
	if (len > NLMSG_ALIGN(sizeof(m)))
		walk_attrs(pl + NLMSG_ALIGN(sizeof(m)), len - NLMSG_ALIGN(sizeof(m)), unix_attr,
			   &u);
	/*
	 * unix_diag does not report the reference count.  This is the count
	 * /proc shows for a quiet socket: one for the socket, one for its
	 * file, one held by a connected peer.  References that come and go
	 * (messages in flight, several datagram clients) are not visible.
	 */
	c->unix_refcnt = (c->inode != 0 ? 2u : 1u) + (c->unix_peer != 0 ? 1u : 0u);
	p->records++;
}

/* A request in a replay file says which protocol the replies after it belong to. */
static void note_request(struct netlink_parser *p, const uint8_t *pl, size_t len)
{
	uint8_t head[2];

	copy_padded(head, sizeof(head), pl, len);
	if (head[0] == AF_INET || head[0] == AF_INET6)
		p->proto = proto_from_ipproto(head[1]);
}

/* NLMSG_DONE and NLMSG_ERROR end a dump segment. */
static int end_of_dump(struct netlink_parser *p, const struct nlmsghdr *h, const uint8_t *msg)
{
	int r = nlmsg_dump_done(h, msg, &p->kernel_error);

	if (r < 0)
		return r;
	p->done = true;
	p->segments++;
	return 0;
}

/* The protocol of a NETLINK_MARK_PROC payload, or -1. */
static int marked_proto(const struct netlink_mark_proc *m)
{
	if (m->family == AF_UNIX)
		return m->protocol == 0 ? PROTO_UNIX : -1;
	if (m->family != AF_INET && m->family != AF_INET6)
		return -1;
	if (m->protocol == (m->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6))
		return PROTO_ICMP;
	return proto_from_ipproto(m->protocol);
}

/* "This protocol was read from /proc while recording" (a replay file). */
static void note_mark(struct netlink_parser *p, const uint8_t *pl, size_t len)
{
	struct netlink_mark_proc m;
	int proto;

	if (len < sizeof(m)) {
		p->skipped++;
		return;
	}
	memcpy(&m, pl, sizeof(m));
	proto = marked_proto(&m);
	if (proto < 0) {
		p->skipped++;
		return;
	}
	p->from_proc |= netlink_proc_bit(proto, m.family);
}

/*
 * "The replies that follow come from this namespace" (a replay file): its
 * index in the replay's table, added when new.  Without a table (a live
 * dump, a fuzzer) or past NETNS_MAX the mark is skipped.
 */
static void note_netns(struct netlink_parser *p, const uint8_t *pl, size_t len)
{
	struct netlink_mark_netns m;
	char name[256];
	struct netns *ns;
	size_t index;

	if (len < sizeof(m) || p->netns_table == NULL) {
		p->skipped++;
		return;
	}
	memcpy(&m, pl, sizeof(m));
	if (m.name_len > len - sizeof(m)) {
		p->skipped++;
		return;
	}
	ns = netns_table_add(p->netns_table, m.inode, &index);
	if (ns == NULL) {
		p->skipped++;
		return;
	}
	/* A name with a NUL in it is cut there; outputs escape the rest. */
	memcpy(name, pl + sizeof(m), m.name_len);
	name[m.name_len] = '\0';
	netns_set_name(ns, name);
	p->netns = (unsigned)index;
}

static int decode_one(struct netlink_parser *p, const struct nlmsghdr *h, const uint8_t *msg)
{
	const uint8_t *pl = msg + NLMSG_HDRLEN;
	size_t len = h->nlmsg_len - NLMSG_HDRLEN;

	switch (h->nlmsg_type) {
	case NLMSG_NOOP:
		return 0;
	case NLMSG_DONE:
	case NLMSG_ERROR:
		return end_of_dump(p, h, msg);
	case NLMSG_OVERRUN:
		if (p->kernel_error == 0)
			p->kernel_error = -ENOBUFS;
		p->done = true;
		return 0;
	case NL_TYPE_TCPDIAG_GETSOCK:
		/* A request in a replay file (the AF_UNSPEC TCP dump) is not a socket. */
		if (h->nlmsg_flags & NLM_F_REQUEST)
			return 0;
		fill_inet(p, PROTO_TCP, pl, len);
		return 0;
	case SOCK_DIAG_BY_FAMILY:
		if (h->nlmsg_flags & NLM_F_REQUEST) {
			note_request(p, pl, len);
			return 0;
		}
		if (len >= 1 && pl[0] == AF_UNIX)
			fill_unix(p, pl, len);
		else if (p->proto >= 0 && p->proto != PROTO_UNIX)
			/* An inet reply inside a unix dump (a hostile replay file)
			 * must not become a unix record: the union would alias. */
			fill_inet(p, p->proto, pl, len);
		else
			p->skipped++;
		return 0;
	case NETLINK_MARK_PROC:
		note_mark(p, pl, len);
		return 0;
	case NETLINK_MARK_NETNS:
		note_netns(p, pl, len);
		return 0;
	case NL_TYPE_DCCPDIAG_GETSOCK:
	default:
		p->skipped++; /* unknown types are ignored, as unknown attributes are */
		return 0;
	}
}

/* One message (nlmsg_fn): decoded, then the walk stops at the end of a live dump. */
static int parse_one(void *ctx, const struct nlmsghdr *h, const uint8_t *msg)
{
	struct netlink_parser *p = ctx;
	int r = decode_one(p, h, msg);

	if (r < 0)
		return r;
	return p->done && p->stop_at_done ? 1 : 0;
}

int netlink_parse(struct netlink_parser *p, const void *buf, size_t len)
{
	struct nlmsg_walk w = {p->check_ids, p->seq, p->portid, &p->interrupted};
	int r = nlmsg_walk(buf, len, &w, parse_one, p);

	return r < 0 ? r : 0;
}

/* ---- live dumps ---- */

static uint32_t unix_states(unsigned hint)
{
	uint32_t m = 0;

	if (hint == 0)
		return UINT32_MAX;
	if (hint & (1u << CS_LISTEN))
		m |= 1u << CS_LISTEN;
	if (hint & (1u << CS_ESTABLISHED))
		m |= ~(1u << CS_LISTEN);
	return m;
}

static uint32_t dgram_states(unsigned hint)
{
	uint32_t m = 0;

	if (hint == 0)
		return UINT32_MAX;
	if (hint & (1u << CS_LISTEN))
		m |= ~(1u << CS_ESTABLISHED); /* servers: unconnected sockets */
	if (hint & (1u << CS_ESTABLISHED))
		m |= 1u << CS_ESTABLISHED;
	return m;
}

static unsigned ipproto_of(int proto)
{
	switch (proto) {
	case PROTO_TCP:
		return IPPROTO_TCP;
	case PROTO_UDP:
		return IPPROTO_UDP;
	case PROTO_UDPLITE:
		return IPPROTO_UDPLITE;
	default:
		return IPPROTO_RAW;
	}
}

/*
 * The attributes asked of inet_diag: tcp_info for -o (its retransmits and
 * probes) and -i, with the congestion control's name for -i; the socket's
 * memory for -m, in every protocol.  UDP's INET_DIAG_INFO holds nothing
 * -i shows.
 */
static unsigned inet_extensions(const struct source_cfg *cfg, int proto)
{
	unsigned ext = 0;

	if (proto == PROTO_TCP && (cfg->timers || cfg->info))
		ext |= 1u << (INET_DIAG_INFO - 1);
	if (proto == PROTO_TCP && cfg->info)
		ext |= 1u << (INET_DIAG_CONG - 1);
	if (cfg->memory)
		ext |= 1u << (INET_DIAG_SKMEMINFO - 1);
	return ext;
}

/*
 * TCP over both families in one request: the pre-3.3 TCPDIAG_GETSOCK
 * message with family AF_UNSPEC.  The kernel then walks its TCP hash tables
 * once instead of once per family, and replies carry the same
 * inet_diag_msg (type TCPDIAG_GETSOCK), so the parser needs nothing new.
 */
static void put_tcp_any_family(struct nlmsghdr *nlh, const struct source_cfg *cfg)
{
	struct inet_diag_req *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

	nlh->nlmsg_type = NL_TYPE_TCPDIAG_GETSOCK;
	r->idiag_family = AF_UNSPEC;
	r->idiag_states = cfg->states != 0 ? cfg->states : UINT32_MAX;
	r->idiag_ext = (uint8_t)inet_extensions(cfg, PROTO_TCP);
}

/* Builds the dump request for one protocol and family (AF_UNSPEC: TCP, both). */
static struct nlmsghdr *build_request(void *buf, const struct source_cfg *cfg, int proto,
				      int family, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (proto == PROTO_TCP && family == AF_UNSPEC) {
		put_tcp_any_family(nlh, cfg);
	} else if (proto == PROTO_UNIX) {
		struct unix_diag_req *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

		r->sdiag_family = AF_UNIX;
		r->udiag_states = unix_states(cfg->states);
		r->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER |
				UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID |
				(cfg->memory ? UDIAG_SHOW_MEMINFO : 0);
	} else {
		struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

		r->sdiag_family = (uint8_t)family;
		r->sdiag_protocol = (uint8_t)ipproto_of(proto);
		if (proto == PROTO_TCP) {
			r->idiag_states = cfg->states != 0 ? cfg->states : UINT32_MAX;
		} else {
			r->idiag_states = dgram_states(cfg->states);
		}
		r->idiag_ext = (uint8_t)inet_extensions(cfg, proto);
		if (proto == PROTO_RAW)
			r->pad = IPPROTO_RAW; /* sdiag_raw_protocol: any */
	}
	/* The query's ports and addresses (filter/bytecode.h): the kernel still
	 * walks its tables but fills no message for a socket that cannot match. */
	if (proto != PROTO_UNIX && cfg->bytecode != NULL)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, cfg->bytecode_len, cfg->bytecode);
	return nlh;
}

struct dump_io {
	struct mnl_socket *nl;
	uint8_t *buf;
	struct netlink_error *err;
};

/* Receives and decodes until the dump ends. */
static int receive_dump(struct dump_io *io, const struct source_cfg *cfg, struct netlink_parser *p)
{
	while (!p->done) {
		ssize_t n = mnl_socket_recvfrom(io->nl, io->buf, NL_RECV_SIZE);
		int r;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			if (e == ENOSPC) {
				io->err->why = "a reply did not fit the receive buffer (truncated)";
				return -EMSGSIZE;
			}
			io->err->why = e == ENOBUFS ? "the kernel dropped replies (ENOBUFS)"
						    : "receiving the dump failed";
			return -e;
		}
		if (n == 0) {
			io->err->why = "the dump ended without NLMSG_DONE";
			return -EPROTO;
		}
		if (cfg->dump_fd >= 0 &&
		    (r = nlmsg_write_all(cfg->dump_fd, io->buf, (size_t)n)) < 0) {
			io->err->why = "cannot write the --dump-netlink file";
			io->err->kind = NL_DUMP_WRITE;
			return r;
		}
		r = netlink_parse(p, io->buf, (size_t)n);
		if (r < 0) {
			io->err->why = r == -EPROTO
					   ? "a reply had a foreign sequence number or port id"
					   : "a reply was truncated or malformed";
			return r;
		}
	}
	if (p->kernel_error < 0) {
		io->err->why = "the kernel refused the dump";
		return p->kernel_error;
	}
	return 0;
}

struct mnl_socket *source_netlink_socket_open(int *err)
{
	return nlmsg_socket_open(NETLINK_SOCK_DIAG, err, NULL);
}

void source_netlink_socket_close(struct mnl_socket *nl)
{
	nlmsg_socket_close(nl);
}

/* One dump attempt on a fresh socket, or the namespace's; *interrupted tells whether to retry. */
static int dump_once(const struct source_cfg *cfg, int proto, int family, uint32_t seq,
		     struct conntable *t, bool *interrupted, struct netlink_error *err)
{
	uint8_t *req = NULL;
	struct nlmsghdr *nlh;
	struct netlink_parser p;
	struct dump_io io = {NULL, NULL, err};
	bool bind_failed;
	int r;

	io.buf = xmalloc(NL_RECV_SIZE);
	if (cfg->diag_sock != NULL) {
		io.nl = cfg->diag_sock;
		/* Replies a failed dump left queued would carry a foreign
		 * sequence number into this one. */
		nlmsg_drain(io.nl, io.buf, NL_RECV_SIZE);
	} else if ((io.nl = nlmsg_socket_open(NETLINK_SOCK_DIAG, &r, &bind_failed)) == NULL) {
		err->why = bind_failed ? "cannot bind the netlink socket"
				       : "cannot open a NETLINK_SOCK_DIAG socket";
		if (!bind_failed)
			err->kind = NL_SOCKET_REFUSED;
		free(io.buf);
		return r;
	}
	/* Room for the headers and the bytecode attribute (at most 64 KiB). */
	req = xcalloc(1, 256 + (cfg->bytecode != NULL ? MNL_ALIGN(cfg->bytecode_len) : 0));
	nlh = build_request(req, cfg, proto, family, seq);
	if (mnl_socket_sendto(io.nl, nlh, nlh->nlmsg_len) < 0) {
		r = -errno;
		err->why = "the request was refused";
		goto out;
	}
	if (cfg->dump_fd >= 0 && (r = nlmsg_write_all(cfg->dump_fd, nlh, nlh->nlmsg_len)) < 0) {
		err->why = "cannot write the --dump-netlink file";
		err->kind = NL_DUMP_WRITE;
		goto out;
	}
	netlink_parser_init(&p, t, proto);
	p.seq = seq;
	p.portid = mnl_socket_get_portid(io.nl);
	p.check_ids = true;
	p.stop_at_done = true;
	p.netns = cfg->netns_index;
	r = receive_dump(&io, cfg, &p);
	*interrupted = p.interrupted;
out:
	free(io.buf);
	free(req);
	if (io.nl != cfg->diag_sock)
		(void)mnl_socket_close(io.nl);
	return r;
}

static void truncate_table(struct conntable *t, size_t len)
{
	while (t->len > len)
		conntable_drop_last(t);
}

int source_netlink_read(const struct source_cfg *cfg, int proto, int family, struct conntable *t,
			struct netlink_error *err)
{
	uint32_t seq = (uint32_t)time(NULL);
	int attempt;

	err->why = "";
	err->kind = NL_FAILED;
	for (attempt = 0; attempt < NL_DUMP_TRIES; attempt++) {
		size_t before = t->len;
		off_t mark = cfg->dump_fd >= 0 ? lseek(cfg->dump_fd, 0, SEEK_CUR) : -1;
		bool interrupted = false;
		int r =
		    dump_once(cfg, proto, family, seq + (uint32_t)attempt, t, &interrupted, err);

		if (r == 0 && !interrupted)
			return 0;
		/* Nothing of a failed or inconsistent attempt stays: not in the
		 * table, not in the dump file (when it is a regular file). */
		truncate_table(t, before);
		if (mark >= 0 && ftruncate(cfg->dump_fd, mark) == 0)
			(void)lseek(cfg->dump_fd, mark, SEEK_SET);
		if (r < 0)
			return r;
	}
	err->why = "the dump was interrupted by changes every time (NLM_F_DUMP_INTR)";
	return -EINTR;
}

static unsigned ipproto_marked(int proto, int family)
{
	if (proto == PROTO_UNIX)
		return 0;
	if (proto == PROTO_ICMP)
		return family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	return ipproto_of(proto);
}

int source_netlink_mark_proc(const struct source_cfg *cfg, int proto, int family)
{
	struct {
		struct nlmsghdr h;
		struct netlink_mark_proc m;
	} msg;

	if (cfg->dump_fd < 0)
		return 0;
	memset(&msg, 0, sizeof(msg));
	msg.h.nlmsg_len = (uint32_t)sizeof(msg);
	msg.h.nlmsg_type = NETLINK_MARK_PROC;
	msg.m.family = (uint8_t)family;
	msg.m.protocol = (uint8_t)ipproto_marked(proto, family);
	return nlmsg_write_all(cfg->dump_fd, &msg, sizeof(msg));
}

int source_netlink_mark_netns(const struct source_cfg *cfg, uint64_t inode, const char *name)
{
	struct {
		struct nlmsghdr h;
		struct netlink_mark_netns m;
		char name[256];
	} msg;
	size_t n = name != NULL ? strnlen(name, 255) : 0;

	if (cfg->dump_fd < 0)
		return 0;
	memset(&msg, 0, sizeof(msg));
	msg.h.nlmsg_len = (uint32_t)(sizeof(msg.h) + sizeof(msg.m) + n);
	msg.h.nlmsg_type = NETLINK_MARK_NETNS;
	msg.m.inode = inode;
	msg.m.name_len = (uint8_t)n;
	memcpy(msg.name, name != NULL ? name : "", n);
	/* Padded to the netlink alignment, as every message in the file. */
	return nlmsg_write_all(cfg->dump_fd, &msg, NLMSG_ALIGN(msg.h.nlmsg_len));
}

/* ---- the --dump-netlink file ---- */

int source_netlink_dump_open(const char *path, const char **why)
{
	struct stat st;
	int fd, r;

	/* O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of waiting;
	 * O_NOFOLLOW: a link planted where the file goes is not followed;
	 * no O_TRUNC: nothing is emptied before it is known to be ours. */
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	if (fd < 0) {
		r = -errno;
		*why = r == -ELOOP   ? "a symbolic link; not followed"
		       : r == -ENXIO ? "not a regular file"
				     : strerror(-r);
		return r;
	}
	if (fstat(fd, &st) != 0) {
		r = -errno;
		*why = strerror(-r);
	} else if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;
		*why = "not a regular file";
	} else if (st.st_uid != geteuid()) {
		r = -EPERM;
		*why = "an existing file of another user; not overwritten";
	} else {
		r = source_netlink_dump_rewind(fd);
		*why = r < 0 ? strerror(-r) : "";
	}
	if (r < 0) {
		(void)close(fd);
		return r;
	}
	return fd;
}

int source_netlink_dump_rewind(int fd)
{
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		return -errno;
	return 0;
}

/* ---- replay ---- */

/*
 * A replay file is read whole, so it is bounded: about 150 bytes a socket
 * make 256 MiB well over a million sockets.  A pipe is accepted (a dump
 * streamed from another host, "ssh host ss -D /dev/stdout | portstat
 * --from-netlink /dev/stdin"): it is cut at the same bound while read.
 * A device (/dev/zero) never ends and is refused before any read.
 */
#define REPLAY_MAX_BYTES ((size_t)256 << 20)

/* The wanted protocols the recording read from /proc: not in the file, and said so. */
static void warn_from_proc(const struct source_cfg *cfg, uint32_t from_proc, struct warnings *w)
{
	static const int families[] = {AF_INET, AF_INET6};
	int proto;
	size_t i;

	for (proto = 0; proto < PROTO_COUNT; proto++) {
		if (!(cfg->protos & (1u << proto)))
			continue;
		for (i = 0; i < nitems(families); i++) {
			int family = proto == PROTO_UNIX ? AF_UNIX : families[i];

			if (proto != PROTO_UNIX && !(family == AF_INET ? cfg->inet4 : cfg->inet6))
				continue;
			if (from_proc & netlink_proc_bit(proto, family))
				warnings_add(w,
					     "%s: read from /proc while recording; not in this "
					     "replay",
					     proc_file_name(proto, family));
			if (proto == PROTO_UNIX)
				break;
		}
	}
}

int source_netlink_replay(const struct source_cfg *cfg, struct conntable *t, struct warnings *w)
{
	struct netlink_parser p;
	uint8_t *buf = NULL;
	size_t len = 0;
	int fd, r;

	fd = inputfile_open(cfg->replay_file); /* a FIFO without a writer reads as empty */
	if (fd < 0) {
		r = fd;
		warnings_add(w, "%s: %s", cfg->replay_file, strerror(-r));
		return r;
	}
	r = inputfile_check(fd, REPLAY_MAX_BYTES, true);
	if (r == 0)
		r = inputfile_read(fd, REPLAY_MAX_BYTES, &buf, &len);
	(void)close(fd);
	if (r < 0) {
		char why[64];

		warnings_add(w, "%s: %s", cfg->replay_file,
			     inputfile_strerror(r, REPLAY_MAX_BYTES, true, why, sizeof(why)));
		return r;
	}
	/* Files without requests (ss -D, older tools) hold TCP replies. */
	netlink_parser_init(&p, t, PROTO_TCP);
	p.source = SRC_REPLAY;
	p.netns_table = cfg->replay_netns;
	r = netlink_parse(&p, buf, len);
	free(buf);
	if (r < 0)
		warnings_add(w, "%s: malformed netlink data (%s); %zu sockets read before it",
			     cfg->replay_file, strerror(-r), p.records);
	if (p.kernel_error < 0)
		warnings_add(w, "%s: a recorded dump ended with an error: %s", cfg->replay_file,
			     strerror(-p.kernel_error));
	warn_from_proc(cfg, p.from_proc, w);
	if (cfg->verbose)
		warnings_add(w, "%s: %zu sockets from %zu dump segments (netlink replay)",
			     cfg->replay_file, p.records, p.segments);
	return r < 0 && p.records == 0 ? r : 0;
}
