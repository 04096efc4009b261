/*
 * column_set.c - the column registry: names, headers and cell rendering.
 *
 * The table, CSV and TSV formatters all take their cells from here, so a
 * column looks the same in every text format and escaping happens in one
 * place.  Depends on the model, addrfmt, escape and the services database.
 */
#include "lib/compat.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "output/addrfmt.h"
#include "output/columns.h"
#include "lib/escape.h"
#include "output/format.h"
#include "model/netns.h"
#include "model/tcp_info.h"
#include "lib/xmalloc.h"

#define UNIX_FLAG_WAITDATA (1u << 17)
#define UNIX_FLAG_NOSPACE  (1u << 18)

static const struct column_info registry[COL_COUNT] = {
    [COL_PROTO] = {"proto", "Proto", "Proto", ALIGN_LEFT,
		   "protocol: tcp, tcp6, udp, udpl6, raw, unix"},
    [COL_RECV_Q] = {"recv_q", "Recv-Q", "Recv-Q", ALIGN_RIGHT, "bytes queued for the application"},
    [COL_SEND_Q] = {"send_q", "Send-Q", "Send-Q", ALIGN_RIGHT, "bytes not yet acknowledged"},
    [COL_LOCAL] = {"local", "Local Address", "Local Address", ALIGN_LEFT,
		   "local ADDR:PORT (unix: the path)"},
    [COL_REMOTE] = {"remote", "Foreign Address", "Foreign Address", ALIGN_LEFT, "remote ADDR:PORT"},
    [COL_STATE] = {"state", "State", "State", ALIGN_LEFT, "socket state"},
    [COL_SERVICE] = {"service", "Service", "Service", ALIGN_LEFT, "service name of the pair"},
    [COL_CLASS] = {"class", "Class", "Class", ALIGN_LEFT,
		   "IANA class of the service port: well-known, registered, dynamic"},
    [COL_DIR] = {"dir", "Dir", "Dir", ALIGN_LEFT, "direction: listen, in, out"},
    [COL_USER] = {"user", "User", "User", ALIGN_LEFT, "owning user name (uid if unknown)"},
    [COL_UID] = {"uid", "UID", "UID", ALIGN_RIGHT, "owning user id"},
    [COL_INODE] = {"inode", "Inode", "I-Node", ALIGN_LEFT, "socket inode"},
    [COL_TIMER] = {"timer", "Timer", "Timer", ALIGN_LEFT,
		   "netstat's timer: kind (secs/retrans/probes)"},
    [COL_OWNER] = {"owner", "PID/Program name", "PID/Program name", ALIGN_LEFT,
		   "first owner PID/program, +N more; ? hidden, +? maybe more hidden"},
    [COL_PID] = {"pid", "PID", "PID", ALIGN_RIGHT, "PID of the first owner"},
    [COL_PROGRAM] = {"program", "Program", "Program", ALIGN_LEFT, "program of the first owner"},
    [COL_UNIT] = {"unit", "Unit", "Unit", ALIGN_LEFT,
		  "systemd unit or container of the first owner"},
    [COL_LOCAL_ADDR] = {"local_addr", "Local-Addr", "Local-Addr", ALIGN_LEFT,
			"local address, numeric"},
    [COL_LOCAL_PORT] = {"local_port", "Local-Port", "Local-Port", ALIGN_RIGHT,
			"local port, numeric"},
    [COL_REMOTE_ADDR] = {"remote_addr", "Remote-Addr", "Remote-Addr", ALIGN_LEFT,
			 "remote address, numeric"},
    [COL_REMOTE_PORT] = {"remote_port", "Remote-Port", "Remote-Port", ALIGN_RIGHT,
			 "remote port, numeric"},
    [COL_FAMILY] = {"family", "Family", "Family", ALIGN_LEFT, "inet, inet6 or unix"},
    [COL_REFCNT] = {"refcnt", "RefCnt", "RefCnt", ALIGN_LEFT, "unix reference count"},
    [COL_FLAGS] = {"flags", "Flags", "Flags", ALIGN_LEFT, "unix flags as netstat prints them"},
    [COL_TYPE] = {"type", "Type", "Type", ALIGN_LEFT, "socket type: STREAM, DGRAM, SEQPACKET, RAW"},
    [COL_PATH] = {"path", "Path", "Path", ALIGN_LEFT, "unix path or @abstract name"},
    [COL_PEER] = {"peer", "Peer", "Peer", ALIGN_LEFT, "unix peer inode"},
    [COL_NETNS] = {"netns", "Netns", "Netns", ALIGN_LEFT,
		   "network namespace: its ip netns name, else its container, else net:[INODE]"},
    [COL_EXPOSURE] = {"exposure", "Exposure", "Exposure", ALIGN_LEFT,
		      "a listener's reach: loopback, local, any, namespace, published HOST:PORT"},
    [COL_NAT] = {"nat", "NAT", "NAT", ALIGN_LEFT,
		 "--nat: the endpoint the client dialled -> the one reached (conntrack)"},
    [COL_CONG] = {"cong", "cong", "cong", ALIGN_LEFT, "-i: TCP congestion control (cubic, bbr...)"},
/* The names carry their units, so the header is the name. */
#define TCPI_COLUMN(id, name, help) [COL_TCPI_##id] = {name, name, name, ALIGN_RIGHT, "-i: " help},
    TCP_INFO_FIELDS(TCPI_COLUMN)
#undef TCPI_COLUMN
#define SKMEM_COLUMN(id, name, help)                                                               \
	[COL_SKMEM_##id] = {name, name, name, ALIGN_RIGHT, "-m: " help},
	SK_MEMINFO_FIELDS(SKMEM_COLUMN)
#undef SKMEM_COLUMN
};

_Static_assert(COL_COUNT <= UINT8_MAX, "column_set.ids holds a column in a byte");
_Static_assert(COL_SKMEM_FIRST == COL_TCPI_FIRST + TCPI_COUNT, "tcp_info columns are in order");

const struct column_info *column_info(enum column_id id)
{
	return &registry[id < COL_COUNT ? id : COL_PROTO];
}

static int column_lookup(const char *name, size_t len)
{
	size_t i;

	/* "foreign" is netstat's word for the remote side. */
	if (len == 7 && memcmp(name, "foreign", 7) == 0)
		return COL_REMOTE;
	for (i = 0; i < COL_COUNT; i++)
		if (strlen(registry[i].name) == len && memcmp(registry[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* The name is shown raw (its first 64 bytes): main.c's reporter escapes
 * the whole message, once. */
static int parse_error(char *msg, size_t msglen, const char *what, const char *name, size_t len)
{
	(void)snprintf(msg, msglen, "%s column '%.*s' (-O help lists the names)", what,
		       (int)(len < 64 ? len : 64), name);
	return -EINVAL;
}

int column_set_parse(struct column_set *s, const char *list, char *msg, size_t msglen)
{
	const char *p = list;

	s->n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int id = column_lookup(p, len);
		size_t i;

		if (len == 0) {
			(void)snprintf(msg, msglen, "empty column name in -O list");
			return -EINVAL;
		}
		if (id < 0)
			return parse_error(msg, msglen, "unknown", p, len);
		for (i = 0; i < s->n; i++)
			if (s->ids[i] == id)
				return parse_error(msg, msglen, "repeated", p, len);
		if (s->n == GRID_MAX_COLS) {
			(void)snprintf(msg, msglen, "too many columns in -O list");
			return -EINVAL;
		}
		s->ids[s->n++] = (uint8_t)id;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

size_t column_set_help(char *buf, size_t len)
{
	size_t i, off = 0;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < COL_COUNT; i++) {
		int n = snprintf(off < len ? buf + off : NULL, off < len ? len - off : 0,
				 "%-17s %s\n", registry[i].name, registry[i].help);

		if (n > 0)
			off += (size_t)n;
	}
	return off;
}

static void add(struct column_set *s, enum column_id id)
{
	if (s->n < GRID_MAX_COLS)
		s->ids[s->n++] = (uint8_t)id;
}

/* What -i and -m add: a few telling numbers each; -O chooses among all. */
static void add_internals(struct column_set *s, const struct format_ctx *o)
{
	static const uint8_t info[] = {COL_CONG,
				       COL_TCPI_RTT_US,
				       COL_TCPI_RTTVAR_US,
				       COL_TCPI_CWND,
				       COL_TCPI_SSTHRESH,
				       COL_TCPI_RETRANS,
				       COL_TCPI_TOTAL_RETRANS,
				       COL_TCPI_DELIVERY_RATE_BPS};
	static const uint8_t memory[] = {COL_SKMEM_RMEM_ALLOC, COL_SKMEM_RCVBUF,
					 COL_SKMEM_WMEM_ALLOC, COL_SKMEM_SNDBUF, COL_SKMEM_DROPS};
	size_t i;

	for (i = 0; o->show.info && i < sizeof(info); i++)
		add(s, info[i]);
	for (i = 0; o->show.memory && i < sizeof(memory); i++)
		add(s, memory[i]);
}

static void add_extras(struct column_set *s, const struct format_ctx *o)
{
	if (o->show.extend) {
		add(s, COL_USER);
		add(s, COL_INODE);
	}
	if (o->show.timers)
		add(s, COL_TIMER);
	if (o->show.owners)
		add(s, COL_OWNER);
	if (o->show.owners && o->show.units)
		add(s, COL_UNIT);
	if (o->show.nat)
		add(s, COL_NAT);
	add_internals(s, o);
}

/* More than one namespace listed (-N, --all-netns): which one comes first. */
static void start(struct column_set *s, const struct format_ctx *o, const uint8_t *base, size_t n)
{
	s->n = 0;
	if (o->show.netns)
		add(s, COL_NETNS);
	memcpy(s->ids + s->n, base, n);
	s->n += n;
}

void column_set_default_inet(struct column_set *s, const struct format_ctx *o)
{
	static const uint8_t base[] = {COL_PROTO,  COL_RECV_Q, COL_SEND_Q,  COL_LOCAL,
				       COL_REMOTE, COL_STATE,  COL_SERVICE, COL_CLASS};

	start(s, o, base, sizeof(base));
	if (o->show.extend)
		add(s, COL_DIR);
	add_extras(s, o);
}

void column_set_default_unix(struct column_set *s, const struct format_ctx *o)
{
	static const uint8_t base[] = {COL_PROTO, COL_REFCNT, COL_FLAGS,
				       COL_TYPE,  COL_STATE,  COL_INODE};

	start(s, o, base, sizeof(base));
	if (o->show.owners)
		add(s, COL_OWNER);
	if (o->show.owners && o->show.units)
		add(s, COL_UNIT);
	if (o->show.memory) {
		struct format_ctx memory_only = *o;

		memory_only.show.info = false; /* unix sockets have no tcp_info */
		add_internals(s, &memory_only);
	}
	add(s, COL_PATH);
}

void column_set_default_flat(struct column_set *s, const struct format_ctx *o)
{
	/* The Internet layout serves every socket: a unix socket's name is its
	 * local endpoint, so one header fits all rows. */
	column_set_default_inet(s, o);
}

void cellbuf_free(struct cellbuf *cb)
{
	free(cb->p);
	cb->p = NULL;
	cb->cap = 0;
}

static char *reserve(struct cellbuf *cb, size_t n)
{
	if (n > cb->cap) {
		size_t cap = cb->cap ? cb->cap : 512;

		while (cap < n)
			cap *= 2;
		cb->p = xreallocarray(cb->p, cap, 1);
		cb->cap = cap;
	}
	return cb->p;
}

static size_t put_str(struct cellbuf *cb, const char *s)
{
	size_t n = strlen(s);

	memcpy(reserve(cb, n + 1), s, n + 1);
	return n;
}

static size_t put_u64(struct cellbuf *cb, unsigned long long v)
{
	return addrfmt_u64(reserve(cb, ADDRFMT_U64_MAX), v);
}

/* Text from the system: escaped, never raw. */
static size_t put_escaped(struct cellbuf *cb, const char *s, size_t n)
{
	return escape_text(reserve(cb, ESCAPE_BOUND(n)), s, n);
}

/*
 * The name enrichment gave the port, or NULL.  Enrichment names no port
 * ephemeral where it was seen; names are one per port, so with several
 * namespaces a port ephemeral in this row's (ip_local_port_range is per
 * namespace) but named for another's stays a number.
 */
static const char *port_name(const struct conntable *t, const struct format_ctx *o,
			     const struct conn *c, uint16_t port)
{
	if (o->show.numeric_ports || port == 0 || !conn_has_ports(c))
		return NULL;
	if (t->netns != NULL) {
		const struct port_range *range = netns_range_of(t->netns, c->netns, o->ephemeral);

		if (range != NULL && portclass_is_ephemeral(port, range))
			return NULL;
	}
	return conntable_port_label(t, c->proto, port);
}

/* The zone text of an endpoint into zone (ADDRFMT_ZONE_MAX bytes), or NULL when it has none. */
static const char *endpoint_zone(char *zone, const struct conntable *t, const struct conn *c,
				 const struct endpoint *e)
{
	const struct conn_scope *s = conntable_endpoint_scope(t, c, e == &c->remote);

	if (s == NULL)
		return NULL;
	(void)addrfmt_zone(zone, t, s);
	return zone;
}

static size_t put_addr(struct cellbuf *cb, const struct conntable *t, const struct conn *c,
		       const struct endpoint *e)
{
	char zone[ADDRFMT_ZONE_MAX];

	if (!conn_is_inet(c))
		return 0;
	return addrfmt_ip_zone(reserve(cb, ADDRFMT_MAX), ADDRFMT_MAX, c->family, e->addr,
			       endpoint_zone(zone, t, c, e));
}

static size_t put_timer(struct cellbuf *cb, const struct conn *c)
{
	int n;

	if (!conn_is_inet(c))
		return 0;
	n = snprintf(reserve(cb, 64), 64, "%s (%.2f/%u/%u)", format_timer_name(c->timer),
		     c->timer == TIMER_OFF ? 0.0 : c->timer_ms / 1000.0, c->retransmits, c->probes);
	return n > 0 ? (size_t)n : 0;
}

static size_t put_unix_flags(struct cellbuf *cb, const struct conn *c)
{
	char *p = reserve(cb, 32);

	if (c->proto != PROTO_UNIX)
		return 0;
	(void)strlcpy(p, "[ ", 32);
	if (c->unix_flags & UNIX_FLAG_ACCEPTCON)
		(void)strlcat(p, "ACC ", 32);
	if (c->unix_flags & UNIX_FLAG_WAITDATA)
		(void)strlcat(p, "W ", 32);
	if (c->unix_flags & UNIX_FLAG_NOSPACE)
		(void)strlcat(p, "N ", 32);
	return strlcat(p, "]", 32);
}

static size_t put_path(struct cellbuf *cb, const struct conntable *t, const struct conn *c)
{
	if (c->proto != PROTO_UNIX || c->path_len == 0)
		return 0;
	return escape_unix_name(reserve(cb, ESCAPE_BOUND((size_t)c->path_len)),
				conntable_str(t, c->path), c->path_len);
}

static size_t put_user(struct cellbuf *cb, const struct conntable *t, const struct conn *c)
{
	const char *user = conntable_str(t, c->user);

	if (c->user == 0)
		return c->uid == CONN_UID_UNKNOWN ? 0 : put_u64(cb, c->uid);
	return put_escaped(cb, user, strlen(user));
}

/* The owner shown in a table cell: the lowest PID, as netstat and issue 5 define it. */
const struct owner *column_first_owner(const struct conntable *t, const struct conn *c)
{
	const struct owner *best = NULL;
	uint32_t i;

	for (i = 0; i < c->owner_count; i++) {
		const struct owner *w = &t->owners[c->owner_first + i];

		if (best == NULL || w->pid < best->pid)
			best = w;
	}
	return best;
}

static size_t put_owner(struct cellbuf *cb, const struct conntable *t, const struct conn *c,
			enum column_id id)
{
	const struct owner *w = column_first_owner(t, c);
	const char *s;
	size_t n;
	char *p;

	if (w == NULL)
		return c->owners_hidden ? put_str(cb, "?") : 0;
	switch (id) {
	case COL_PID:
		return put_u64(cb, (unsigned long long)w->pid);
	case COL_PROGRAM:
		s = conntable_str(t, w->comm);
		return put_escaped(cb, s, strlen(s));
	case COL_UNIT:
		s = conntable_str(t, w->unit);
		return put_escaped(cb, s, strlen(s));
	default:
		break;
	}
	s = conntable_str(t, w->comm);
	p = reserve(cb, 48 + ESCAPE_BOUND(strlen(s)));
	/* PID/program+N: by hand, not snprintf, as every cell of a large -p table. */
	if (w->pid >= 0)
		n = addrfmt_u64(p, (uint64_t)w->pid);
	else
		n = (size_t)snprintf(p, 24, "%lld", (long long)w->pid);
	p[n++] = '/';
	n += escape_text(p + n, s, strlen(s));
	if (c->owner_count > 1) {
		p[n++] = '+';
		n += addrfmt_u64(p + n, c->owner_count - 1);
	}
	/* "+?": a process this user cannot read may hold it too (owners.h). */
	if (c->owners_hidden) {
		p[n++] = '+';
		p[n++] = '?';
	}
	return n;
}

/* The namespace's name (escaped: a file name under /run/netns), or net:[INODE]; none without -N. */
static size_t put_netns(struct cellbuf *cb, const struct conntable *t, const struct conn *c)
{
	char label[300];

	if (t->netns == NULL || c->netns >= t->netns->len)
		return 0;
	(void)netns_label(&t->netns->v[c->netns], label, sizeof(label));
	return put_escaped(cb, label, strlen(label));
}

/* At most this many host endpoints in a cell; the rest are counted. */
#define EXPOSURE_SHOWN 4

/* "published HOST:PORT,HOST:PORT": the host endpoints that reach the listener. */
static size_t put_published(struct cellbuf *cb, const struct published_table *p, uint64_t inode)
{
	char *out = reserve(cb, 32 + (EXPOSURE_SHOWN + 1) * (ADDRFMT_MAX + 16));
	size_t n = (size_t)snprintf(out, 16, "published"), shown = 0, more = 0, i;

	for (i = 0; p != NULL && i < p->len; i++) {
		if (p->v[i].listener_inode != inode)
			continue;
		if (shown == EXPOSURE_SHOWN) {
			more++;
			continue;
		}
		out[n++] = shown++ == 0 ? ' ' : ',';
		n += format_published_host(out + n, ADDRFMT_MAX + 16, &p->v[i]);
	}
	if (more > 0)
		n += (size_t)snprintf(out + n, 32, ",+%zu", more);
	return n;
}

/* A listener's exposure word (with -O exposure); nothing for other sockets. */
static size_t put_exposure(struct cellbuf *cb, const struct conntable *t, const struct conn *c)
{
	enum exposure e = socket_notes_exposure(t->notes, c->inode);

	if (e == EXPOSURE_PUBLISHED)
		return put_published(cb, t->notes->published, c->inode);
	return e == EXPOSURE_NONE ? 0 : put_str(cb, exposure_name(e));
}

/* -i, -m: a tcp_info or memory number, or the congestion control; none when not given. */
static size_t put_internal(struct cellbuf *cb, const struct conntable *t, const struct conn *c,
			   enum column_id id)
{
	const struct sock_internals_entry *e = sock_internals_of(t, c);
	const struct sk_meminfo *m;
	unsigned f;

	if (e == NULL)
		return 0;
	if (id == COL_CONG)
		return e->tcp.cong[0] != '\0' ? put_escaped(cb, e->tcp.cong, strlen(e->tcp.cong))
					      : 0;
	if (id >= COL_SKMEM_FIRST) {
		f = (unsigned)(id - COL_SKMEM_FIRST);
		m = sock_internals_memory(t->internals, e);
		return m != NULL && sk_meminfo_has(m, f) ? put_u64(cb, m->v[f]) : 0;
	}
	f = (unsigned)(id - COL_TCPI_FIRST);
	return e->has_tcp_info && tcp_info_has(&e->tcp, f) ? put_u64(cb, tcp_info_value(&e->tcp, f))
							   : 0;
}

/* --nat: "DIALED->REACHED" for a socket a destination NAT translated. */
static size_t put_nat(struct cellbuf *cb, const struct conntable *t, const struct conn *c)
{
	const struct socket_note *n = socket_notes_get(t->notes, c->inode);
	char *p;
	size_t len;

	if (n == NULL || n->nat_family == 0)
		return 0;
	p = reserve(cb, 2 * ADDRFMT_MAX + 4);
	len = addrfmt_endpoint(p, ADDRFMT_MAX, n->nat_family, &n->dialed, NULL, NULL);
	p[len++] = '-';
	p[len++] = '>';
	len += addrfmt_endpoint(p + len, ADDRFMT_MAX, n->nat_family, &n->reached, NULL, NULL);
	p[len] = '\0';
	return len;
}

const char *column_direction_name(unsigned direction)
{
	switch (direction) {
	case DIR_LISTEN:
		return "listen";
	case DIR_IN:
		return "in";
	case DIR_OUT:
		return "out";
	default:
		return NULL;
	}
}

const char *column_family_name(int family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	case AF_UNIX:
		return "unix";
	default:
		return NULL;
	}
}

static const char *type_name(const struct conn *c)
{
	switch (c->proto) {
	case PROTO_UNIX:
		return format_unix_type_name(c->unix_type);
	case PROTO_TCP:
		return "STREAM";
	case PROTO_RAW:
		return "RAW";
	default:
		return "DGRAM";
	}
}

static size_t copy_name(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n + 1 > cap)
		return COLUMN_NO_FIT;
	memcpy(dst, s, n + 1);
	return n;
}

static size_t copy_u64(char *dst, size_t cap, uint64_t v)
{
	return cap < ADDRFMT_U64_MAX ? COLUMN_NO_FIT : addrfmt_u64(dst, v);
}

/* An optional name (NULL: no value). */
static size_t copy_opt_name(char *dst, size_t cap, const char *s)
{
	return s != NULL ? copy_name(dst, cap, s) : 0;
}

static size_t copy_escaped(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	return ESCAPE_BOUND(n) > cap ? COLUMN_NO_FIT : escape_text(dst, s, n);
}

/* The host part of an endpoint cell: a resolved name, or the numeric text
 * (from the memo when there is one and no zone goes inside its brackets;
 * NULL lets addrfmt write it). */
static const char *endpoint_host(const struct conntable *t, const struct format_ctx *o,
				 struct addrfmt_memo *memo, const struct conn *c,
				 const struct endpoint *e, const char *zone)
{
	const char *host =
	    o->show.numeric_hosts ? NULL : conntable_host_label(t, c->family, e->addr);

	if (host == NULL && memo != NULL && zone == NULL)
		host = addrfmt_memo_host(memo, c->family, e->addr);
	return host;
}

static size_t copy_endpoint(char *dst, size_t cap, const struct conntable *t,
			    const struct format_ctx *o, struct addrfmt_memo *memo,
			    const struct conn *c, const struct endpoint *e)
{
	char zone_buf[ADDRFMT_ZONE_MAX];
	const char *zone = endpoint_zone(zone_buf, t, c, e);

	if (cap < ADDRFMT_MAX)
		return COLUMN_NO_FIT;
	return addrfmt_endpoint_zone(dst, ADDRFMT_MAX, c->family, e,
				     endpoint_host(t, o, memo, c, e, zone), zone,
				     port_name(t, o, c, e->port));
}

bool column_renders_into(enum column_id id, bool unix_rows)
{
	switch (id) {
	case COL_LOCAL: /* a unix socket's is its path, which has no small bound */
		return !unix_rows;
	case COL_PROTO:
	case COL_RECV_Q:
	case COL_SEND_Q:
	case COL_REMOTE:
	case COL_STATE:
	case COL_SERVICE:
	case COL_CLASS:
	case COL_DIR:
	case COL_UID:
	case COL_INODE:
	case COL_LOCAL_PORT:
	case COL_REMOTE_PORT:
	case COL_FAMILY:
		return true;
	default:
		return false;
	}
}

size_t column_render_into(enum column_id id, const struct conntable *t, const struct conn *c,
			  const struct format_ctx *o, struct addrfmt_memo *memo, char *dst,
			  size_t cap)
{
	bool inet = conn_is_inet(c);

	(void)t;
	switch (id) {
	case COL_PROTO:
		return copy_name(dst, cap, format_proto_name(c));
	case COL_RECV_Q:
		return copy_u64(dst, cap, c->recv_q);
	case COL_SEND_Q:
		return copy_u64(dst, cap, c->send_q);
	case COL_LOCAL:
		return inet ? copy_endpoint(dst, cap, t, o, memo, c, &c->local) : COLUMN_NO_FIT;
	case COL_REMOTE:
		return inet ? copy_endpoint(dst, cap, t, o, memo, c, &c->remote) : 0;
	case COL_STATE:
		return copy_name(dst, cap, format_state_name(c));
	case COL_SERVICE:
		return c->service != NULL ? copy_escaped(dst, cap, c->service) : 0;
	case COL_CLASS:
		if (!inet || c->service_class == PC_NONE)
			return 0;
		return copy_name(dst, cap, format_class_name(c->service_class));
	case COL_DIR:
		return copy_opt_name(dst, cap, column_direction_name(c->direction));
	case COL_UID:
		return c->uid == CONN_UID_UNKNOWN ? 0 : copy_u64(dst, cap, c->uid);
	case COL_INODE:
		return copy_u64(dst, cap, c->inode);
	case COL_LOCAL_PORT:
		return inet ? copy_u64(dst, cap, c->local.port) : 0;
	case COL_REMOTE_PORT:
		return inet ? copy_u64(dst, cap, c->remote.port) : 0;
	case COL_FAMILY:
		return copy_opt_name(dst, cap, column_family_name(c->family));
	default:
		return COLUMN_NO_FIT;
	}
}

static enum colour_role cell_role(enum column_id id, const struct conn *c)
{
	if (id == COL_STATE)
		return colour_role_state(c);
	if (id == COL_CLASS && conn_is_inet(c) && c->service_class != PC_NONE)
		return colour_role_class(c->service_class);
	return COLOUR_ROLE_NONE;
}

size_t column_render(enum column_id id, const struct conntable *t, const struct conn *c,
		     const struct format_ctx *o, struct cellbuf *cb, enum colour_role *role)
{
	size_t n;

	if (role != NULL)
		*role = cell_role(id, c);
	/* The bounded cells first, written in place; the rest below. */
	n = column_render_into(id, t, c, o, NULL, reserve(cb, COLUMN_CELL_MAX), COLUMN_CELL_MAX);
	if (n != COLUMN_NO_FIT)
		return n;
	switch (id) {
	case COL_LOCAL:
		return put_path(cb, t, c);
	case COL_SERVICE: /* a name too long for the bound */
		return put_escaped(cb, c->service, strlen(c->service));
	case COL_USER:
		return put_user(cb, t, c);
	case COL_TIMER:
		return put_timer(cb, c);
	case COL_OWNER:
	case COL_PID:
	case COL_PROGRAM:
	case COL_UNIT:
		return put_owner(cb, t, c, id);
	case COL_LOCAL_ADDR:
		return put_addr(cb, t, c, &c->local);
	case COL_REMOTE_ADDR:
		return put_addr(cb, t, c, &c->remote);
	case COL_REFCNT:
		return c->proto == PROTO_UNIX ? put_u64(cb, c->unix_refcnt) : 0;
	case COL_FLAGS:
		return put_unix_flags(cb, c);
	case COL_TYPE:
		return put_str(cb, type_name(c));
	case COL_PATH:
		return put_path(cb, t, c);
	case COL_PEER:
		return c->proto == PROTO_UNIX && c->unix_peer != 0 ? put_u64(cb, c->unix_peer) : 0;
	case COL_NETNS:
		return put_netns(cb, t, c);
	case COL_EXPOSURE:
		return put_exposure(cb, t, c);
	case COL_NAT:
		return put_nat(cb, t, c);
	default:
		if (id >= COL_CONG && id < COL_COUNT)
			return put_internal(cb, t, c, id);
		return 0;
	}
}

size_t column_width(enum column_id id, const struct conntable *t, const struct conn *c,
		    const struct format_ctx *o, struct addrfmt_memo *memo, struct cellbuf *cb)
{
	bool inet = conn_is_inet(c);
	const struct endpoint *e;
	char zone_buf[ADDRFMT_ZONE_MAX];
	const char *zone;
	size_t n;

	switch (id) {
	case COL_PROTO:
		return strlen(format_proto_name(c));
	case COL_SERVICE:
		if (c->service == NULL)
			return 0;
		n = escape_unchanged_len(c->service);
		if (n != (size_t)-1)
			return n;
		break;
	case COL_CLASS:
		if (!inet || c->service_class == PC_NONE)
			return 0;
		return strlen(format_class_name(c->service_class));
	case COL_RECV_Q:
		return addrfmt_u64_len(c->recv_q);
	case COL_SEND_Q:
		return addrfmt_u64_len(c->send_q);
	case COL_STATE:
		return strlen(format_state_name(c));
	case COL_UID:
		return c->uid == CONN_UID_UNKNOWN ? 0 : addrfmt_u64_len(c->uid);
	case COL_INODE:
		return addrfmt_u64_len(c->inode);
	case COL_LOCAL:
	case COL_REMOTE:
		if (!inet)
			break;
		e = id == COL_LOCAL ? &c->local : &c->remote;
		zone = endpoint_zone(zone_buf, t, c, e);
		/* As copy_endpoint, with the same host, zone and port names. */
		return addrfmt_endpoint_zone_len(ADDRFMT_MAX, c->family, e,
						 endpoint_host(t, o, memo, c, e, zone), zone,
						 port_name(t, o, c, e->port));
	default:
		break;
	}
	return column_render(id, t, c, o, cb, NULL);
}

bool column_may_be_wide(enum column_id id, const struct conntable *t, const struct conn *c,
			const struct format_ctx *o)
{
	switch (id) {
	case COL_PROTO:
	case COL_CLASS:
	case COL_RECV_Q:
	case COL_SEND_Q:
	case COL_STATE:
	case COL_UID:
	case COL_INODE:
		return false; /* the program's own words and numbers */
	case COL_CONG:
		return true; /* the kernel's word */
	case COL_LOCAL:
	case COL_REMOTE:
		/* Numeric, an inet endpoint is digits and punctuation; an
		 * interface name ("%eth0") may be any bytes. */
		return !conn_is_inet(c) || !o->show.numeric_hosts || !o->show.numeric_ports ||
		       conntable_endpoint_scope(t, c, id == COL_REMOTE) != NULL;
	default:
		return id < COL_TCPI_FIRST; /* -i and -m numbers are digits */
	}
}

bool column_set_has(const struct column_set *s, enum column_id id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return true;
	return false;
}
