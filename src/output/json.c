/*
 * format_json.c - JSON (one document) and JSON Lines (one socket per line).
 *
 * The schema is documented in docs/json-schema.md and portstat(8); any
 * change to a key or its meaning bumps JSON_SCHEMA.  Numbers are numbers,
 * addresses are always numeric, a field that does not apply is null, and
 * nothing depends on -n or on the table's display rules.
 *
 * Strings keep their exact bytes where they are valid UTF-8; control
 * characters, DEL, C1 controls and U+2028/2029 are \u-escaped, so no line
 * holds a raw control byte.  Bytes that are not UTF-8 cannot be carried by a
 * JSON string: they become U+FFFD, and a sibling "KEY_hex" field carries
 * the exact bytes in hex.
 */
#include "lib/compat.h"

#include <stdio.h>
#include <sys/socket.h>

#include "output/addrfmt.h"
#include "output/columns.h"
#include "lib/escape.h"
#include "model/proto_names.h"
#include "output/format.h"
#include "model/container.h"
#include "model/netns.h"
#include "model/tcp_info.h"

#include "portstat_version.h"

/* 2: each socket's "netns" (-N, --all-netns).  4: "tcp_info" and "memory" (-i, -m). */
#define JSON_SCHEMA 4

static const char hexdigits[] = "0123456789abcdef";

static void put_u64(struct outbuf *out, unsigned long long v)
{
	char buf[ADDRFMT_U64_MAX];

	/* Several numbers per socket: the same hand-written digits as the table. */
	outbuf_write(out, buf, addrfmt_u64(buf, v));
}

static void put_uescape(struct outbuf *out, unsigned cp)
{
	char buf[7] = {'\\',
		       'u',
		       hexdigits[(cp >> 12) & 0xf],
		       hexdigits[(cp >> 8) & 0xf],
		       hexdigits[(cp >> 4) & 0xf],
		       hexdigits[cp & 0xf],
		       '\0'};

	outbuf_write(out, buf, 6);
}

/* One byte below 0x80 as JSON string content. */
static void put_ascii(struct outbuf *out, unsigned char ch)
{
	switch (ch) {
	case '"':
		outbuf_puts(out, "\\\"");
		return;
	case '\\':
		outbuf_puts(out, "\\\\");
		return;
	case '\n':
		outbuf_puts(out, "\\n");
		return;
	case '\t':
		outbuf_puts(out, "\\t");
		return;
	case '\r':
		outbuf_puts(out, "\\r");
		return;
	case '\b':
		outbuf_puts(out, "\\b");
		return;
	case '\f':
		outbuf_puts(out, "\\f");
		return;
	default:
		if (ch < 0x20 || ch == 0x7f)
			put_uescape(out, ch);
		else
			outbuf_putc(out, (char)ch);
	}
}

/* Bytes a JSON string holds as they are: printable ASCII but '"' and '\\'. */
static bool json_plain(unsigned char ch)
{
	return ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\';
}

/* Writes s[0..n) as a JSON string; returns false when a byte was not UTF-8. */
static bool put_string(struct outbuf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	bool exact = true;
	uint32_t hidden;
	size_t i = 0;

	outbuf_putc(out, '"');
	while (i < n) {
		size_t len;

		if (json_plain(u[i])) {
			/* A run of plain bytes (usually the whole string) in one write. */
			for (len = 1; i + len < n && json_plain(u[i + len]); len++)
				;
			outbuf_write(out, s + i, len);
			i += len;
			continue;
		}
		if (u[i] < 0x80) {
			put_ascii(out, u[i++]);
			continue;
		}
		len = escape_utf8_len(s + i, n - i);
		if (len > 0 && (hidden = escape_hidden_char(s + i, len)) != 0) {
			/* The same string, but no raw bidi control, invisible
			 * character or line separator for a terminal or a reader
			 * (all are below U+10000: one \uXXXX each). */
			put_uescape(out, hidden);
		} else if (len > 0) {
			outbuf_write(out, s + i, len);
		} else if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
			len = 2; /* a C1 control: valid, but terminals act on it */
			put_uescape(out, u[i + 1]);
		} else {
			len = 1;
			exact = false;
			put_uescape(out, 0xfffd);
		}
		i += len;
	}
	outbuf_putc(out, '"');
	return exact;
}

/* ,"key": -- in one piece, as every field of every socket starts so. */
static void put_key(struct outbuf *out, const char *key)
{
	size_t n = strlen(key);
	char *p = outbuf_room(out, n + 4);

	if (p == NULL) { /* no room that large, or a write error */
		outbuf_putc(out, ',');
		(void)put_string(out, key, n);
		outbuf_putc(out, ':');
		return;
	}
	p[0] = ',';
	p[1] = '"';
	memcpy(p + 2, key, n);
	p[n + 2] = '"';
	p[n + 3] = ':';
	outbuf_commit(out, n + 4);
}

static void put_key_str(struct outbuf *out, const char *key, const char *value)
{
	put_key(out, key);
	if (value == NULL)
		outbuf_puts(out, "null");
	else
		(void)put_string(out, value, strlen(value));
}

static void put_key_u64(struct outbuf *out, const char *key, unsigned long long v)
{
	put_key(out, key);
	put_u64(out, v);
}

/* Text from the system: "key":"text", plus "key_hex" when it is not UTF-8. */
static void put_key_sys(struct outbuf *out, const char *key, const char *s, size_t n)
{
	size_t i;

	put_key(out, key);
	if (put_string(out, s, n))
		return;
	outbuf_puts(out, ",\"");
	outbuf_puts(out, key);
	outbuf_puts(out, "_hex\":\"");
	for (i = 0; i < n; i++) {
		outbuf_putc(out, hexdigits[(unsigned char)s[i] >> 4]);
		outbuf_putc(out, hexdigits[(unsigned char)s[i] & 0xf]);
	}
	outbuf_putc(out, '"');
}

static const char *json_proto(const struct conn *c)
{
	return c->proto < PROTO_COUNT ? proto_spellings[c->proto].name : "unknown";
}

/* Unix states get names of their own here: the table leaves some blank. */
static const char *json_state(const struct conn *c)
{
	if (c->proto != PROTO_UNIX)
		return format_state_name(c);
	return unix_state_name(c->state, (c->unix_flags & UNIX_FLAG_ACCEPTCON) != 0);
}

static const char *json_type(const struct conn *c)
{
	switch (c->proto) {
	case PROTO_TCP:
		return "stream";
	case PROTO_UDP:
	case PROTO_UDPLITE:
	case PROTO_ICMP:
		return "dgram";
	case PROTO_RAW:
		return "raw";
	default:
		switch (c->unix_type) {
		case SOCK_STREAM:
			return "stream";
		case SOCK_DGRAM:
			return "dgram";
		case SOCK_SEQPACKET:
			return "seqpacket";
		default:
			return NULL;
		}
	}
}

static const char *json_class(unsigned port_class)
{
	return port_class == PC_NONE ? NULL : format_class_name(port_class);
}

static void put_endpoint(struct outbuf *out, const char *key, const struct conntable *t,
			 const struct conn *c, const struct endpoint *e, const struct format_ctx *o)
{
	char addr[ADDRFMT_MAX];
	size_t addr_len = addrfmt_ip(addr, sizeof(addr), c->family, e->addr);
	bool has_port = conn_has_ports(c) && e->port != 0;
	const struct port_range *range = netns_range_of(t->netns, c->netns, o->ephemeral);
	bool ephemeral = has_port && range != NULL && portclass_is_ephemeral(e->port, range);

	const struct conn_scope *s = conntable_endpoint_scope(t, c, e == &c->remote);
	const char *ifname = s != NULL ? conntable_str(t, s->name) : "";

	put_key(out, key);
	outbuf_puts(out, "{\"address\":");
	(void)put_string(out, addr, addr_len);
	/* The interface stays out of the address string, which stays RFC 5952. */
	put_key(out, "ifindex");
	if (s != NULL)
		put_u64(out, s->ifindex);
	else
		outbuf_puts(out, "null");
	if (*ifname != '\0')
		put_key_sys(out, "interface", ifname, strlen(ifname));
	else
		put_key_str(out, "interface", NULL);
	put_key(out, "port");
	if (c->proto == PROTO_RAW)
		outbuf_puts(out, "null");
	else
		put_u64(out, e->port);
	/* Enrichment names no port ephemeral in its row's namespace (enrich/display_names.c);
	 * a name is one per port, so one ephemeral here but named for another stays a number. */
	put_key_str(out, "service",
		    has_port && !ephemeral ? conntable_port_label(t, c->proto, e->port) : NULL);
	put_key_str(out, "class", has_port ? json_class(portclass_of(e->port)) : NULL);
	put_key(out, "ephemeral");
	outbuf_puts(out, ephemeral ? "true" : "false");
	outbuf_putc(out, '}');
}

static void put_timer(struct outbuf *out, const struct conn *c)
{
	put_key(out, "timer");
	if (!conn_is_inet(c)) {
		outbuf_puts(out, "null");
		return;
	}
	outbuf_puts(out, "{\"kind\":");
	(void)put_string(out, format_timer_name(c->timer), strlen(format_timer_name(c->timer)));
	put_key_u64(out, "expires_ms", c->timer == TIMER_OFF ? 0 : c->timer_ms);
	put_key_u64(out, "retransmits", c->retransmits);
	put_key_u64(out, "probes", c->probes);
	outbuf_putc(out, '}');
}

/* A string of a container: null when empty (not known). */
static void put_key_known(struct outbuf *out, const char *key, const char *s)
{
	if (s[0] == '\0')
		put_key_str(out, key, NULL);
	else
		put_key_sys(out, key, s, strlen(s));
}

/*
 * "container": null, or {runtime, id, name, pod_name, pod_namespace,
 * container_name}; the Kubernetes fields are null elsewhere, a name
 * the runtime's files do not give is null.
 */
static void put_container(struct outbuf *out, const struct container_info *info)
{
	put_key(out, "container");
	if (info == NULL) {
		outbuf_puts(out, "null");
		return;
	}
	outbuf_puts(out, "{\"runtime\":");
	(void)put_string(out, container_runtime_name(info->runtime),
			 strlen(container_runtime_name(info->runtime)));
	put_key_known(out, "id", info->id);
	put_key_known(out, "name", info->name);
	put_key_known(out, "pod_name", info->pod_name);
	put_key_known(out, "pod_namespace", info->pod_namespace);
	put_key_known(out, "container_name", info->container_name);
	outbuf_putc(out, '}');
}

static void put_owners(struct outbuf *out, const struct conntable *t, const struct conn *c,
		       const struct format_ctx *o)
{
	uint32_t i;

	put_key(out, "owners");
	if (!o->show.owners) {
		outbuf_puts(out, "null");
	} else {
		outbuf_putc(out, '[');
		for (i = 0; i < c->owner_count; i++) {
			const struct owner *w = &t->owners[c->owner_first + i];
			const char *comm = conntable_str(t, w->comm);
			const char *unit = conntable_str(t, w->unit);

			if (i > 0)
				outbuf_putc(out, ',');
			outbuf_puts(out, "{\"pid\":");
			put_u64(out, (unsigned long long)w->pid);
			put_key_sys(out, "program", comm, strlen(comm));
			if (w->unit != 0)
				put_key_sys(out, "unit", unit, strlen(unit));
			else
				put_key_str(out, "unit", NULL);
			put_container(out, w->container);
			outbuf_putc(out, '}');
		}
		outbuf_putc(out, ']');
	}
	put_key(out, "owners_hidden");
	outbuf_puts(out, o->show.owners && c->owners_hidden ? "true" : "false");
}

static void put_user(struct outbuf *out, const struct conntable *t, const struct conn *c,
		     const struct format_ctx *o)
{
	const char *user = conntable_str(t, c->user);
	char num[ADDRFMT_U64_MAX];

	/* users.c stores the number for a uid without a name: that is no name. */
	(void)addrfmt_u64(num, c->uid);
	if (c->user == 0 || o->show.numeric_users || strcmp(user, num) == 0)
		put_key_str(out, "user", NULL);
	else
		put_key_sys(out, "user", user, strlen(user));
}

static void put_unix(struct outbuf *out, const struct conntable *t, const struct conn *c)
{
	bool is_unix = c->proto == PROTO_UNIX;
	bool named = is_unix && c->path_len != 0;

	if (named)
		put_key_sys(out, "path", conntable_str(t, c->path), c->path_len);
	else
		put_key_str(out, "path", NULL);
	put_key(out, "abstract");
	outbuf_puts(out, !is_unix ? "null" : named && t->pool[c->path] == '\0' ? "true" : "false");
	put_key(out, "peer_inode");
	if (is_unix && c->unix_peer != 0)
		put_u64(out, c->unix_peer);
	else
		outbuf_puts(out, "null");
	put_key(out, "refcnt");
	if (is_unix)
		put_u64(out, c->unix_refcnt);
	else
		outbuf_puts(out, "null");
}

/*
 * "netns": the socket's network namespace, null when the run read only its
 * own (no -N, --all-netns).  "container" is the container behind it (of
 * a process in it), null when none is known.
 */
static void put_netns(struct outbuf *out, const struct conntable *t, const struct conn *c)
{
	const struct netns *ns;

	put_key(out, "netns");
	if (t->netns == NULL || c->netns >= t->netns->len) {
		outbuf_puts(out, "null");
		return;
	}
	ns = &t->netns->v[c->netns];
	outbuf_puts(out, "{\"inode\":");
	if (ns->inode != 0)
		put_u64(out, ns->inode);
	else
		outbuf_puts(out, "null");
	if (ns->name != NULL)
		put_key_sys(out, "name", ns->name, strlen(ns->name));
	else
		put_key_str(out, "name", NULL);
	put_container(out, ns->container);
	outbuf_putc(out, '}');
}

/*
 * "exposure": null, or a listener's {"kind": loopback, local, any,
 * namespace or published, "published": the host endpoints that reach it}
 * when exposure was computed (-O exposure, -l with JSON, --published).
 */
static void put_exposure(struct outbuf *out, const struct conntable *t, const struct conn *c)
{
	enum exposure e = socket_notes_exposure(t->notes, c->inode);
	const struct published_table *p;
	char host[ADDRFMT_MAX + 16];
	bool first = true;
	size_t i;

	put_key(out, "exposure");
	if (e == EXPOSURE_NONE) {
		outbuf_puts(out, "null");
		return;
	}
	outbuf_puts(out, "{\"kind\":");
	(void)put_string(out, exposure_name(e), strlen(exposure_name(e)));
	outbuf_puts(out, ",\"published\":[");
	p = t->notes->published;
	for (i = 0; p != NULL && i < p->len; i++) {
		if (p->v[i].listener_inode != c->inode)
			continue;
		if (!first)
			outbuf_putc(out, ',');
		first = false;
		(void)put_string(out, host, format_published_host(host, sizeof(host), &p->v[i]));
	}
	outbuf_puts(out, "]}");
}

/* {"address": ADDR, "port": PORT}, numeric. */
static void put_plain_endpoint(struct outbuf *out, int family, const struct endpoint *e)
{
	char addr[ADDRFMT_MAX];

	outbuf_puts(out, "{\"address\":");
	(void)put_string(out, addr, addrfmt_ip(addr, sizeof(addr), family, e->addr));
	put_key_u64(out, "port", e->port);
	outbuf_putc(out, '}');
}

/*
 * "nat": with --nat, for a socket a destination NAT translated, the
 * endpoint the client dialled and the one reached ({"dialed", "reached"});
 * null otherwise.
 */
static void put_nat(struct outbuf *out, const struct conntable *t, const struct conn *c)
{
	const struct socket_note *n = socket_notes_get(t->notes, c->inode);

	put_key(out, "nat");
	if (n == NULL || n->nat_family == 0) {
		outbuf_puts(out, "null");
		return;
	}
	outbuf_puts(out, "{\"dialed\":");
	put_plain_endpoint(out, n->nat_family, &n->dialed);
	outbuf_puts(out, ",\"reached\":");
	put_plain_endpoint(out, n->nat_family, &n->reached);
	outbuf_putc(out, '}');
}

/*
 * "tcp_info" (-i) and "memory" (-m): an object of named numbers, each null
 * where the kernel did not give it (a shorter tcp_info); the object is null
 * when not asked or not given (not TCP, read from /proc).
 */
static void put_internals(struct outbuf *out, const struct conntable *t, const struct conn *c,
			  const struct format_ctx *o)
{
	const struct sock_internals_entry *e =
	    o->show.info || o->show.memory ? sock_internals_of(t, c) : NULL;
	const struct sk_meminfo *m;
	unsigned f;

	put_key(out, "tcp_info");
	if (!o->show.info || e == NULL || !e->has_tcp_info) {
		outbuf_puts(out, "null");
	} else {
		outbuf_puts(out, "{\"cong\":");
		if (e->tcp.cong[0] != '\0')
			(void)put_string(out, e->tcp.cong, strlen(e->tcp.cong));
		else
			outbuf_puts(out, "null");
		for (f = 0; f < TCPI_COUNT; f++) {
			put_key(out, tcp_info_field_name(f));
			if (tcp_info_has(&e->tcp, f))
				put_u64(out, tcp_info_value(&e->tcp, f));
			else
				outbuf_puts(out, "null");
		}
		outbuf_putc(out, '}');
	}
	put_key(out, "memory");
	m = e != NULL ? sock_internals_memory(t->internals, e) : NULL;
	if (!o->show.memory || m == NULL) {
		outbuf_puts(out, "null");
		return;
	}
	for (f = 0; f < SKMEM_COUNT; f++) {
		outbuf_puts(out, f == 0 ? "{\"" : ",\"");
		outbuf_puts(out, sk_meminfo_field_name(f));
		outbuf_puts(out, "\":");
		if (sk_meminfo_has(m, f))
			put_u64(out, m->v[f]);
		else
			outbuf_puts(out, "null");
	}
	outbuf_putc(out, '}');
}

/* The socket's fields without the braces, "proto" first and without a comma. */
static void put_socket_fields(struct outbuf *out, const struct conntable *t, const struct conn *c,
			      const struct format_ctx *o)
{
	bool inet = conn_is_inet(c);
	bool has_service = inet && c->service_class != PC_NONE;

	outbuf_puts(out, "\"proto\":");
	(void)put_string(out, json_proto(c), strlen(json_proto(c)));
	put_key_str(out, "family", column_family_name(c->family));
	put_key_str(out, "type", json_type(c));
	put_key_str(out, "state", json_state(c));
	put_key_u64(out, "recv_q", c->recv_q);
	put_key_u64(out, "send_q", c->send_q);
	if (inet) {
		put_endpoint(out, "local", t, c, &c->local, o);
		put_endpoint(out, "remote", t, c, &c->remote, o);
	} else {
		put_key_str(out, "local", NULL);
		put_key_str(out, "remote", NULL);
	}
	put_key(out, "ip_protocol");
	if (c->proto == PROTO_RAW)
		put_u64(out, c->local.port);
	else
		outbuf_puts(out, "null");
	put_key_str(out, "direction", inet ? column_direction_name(c->direction) : NULL);
	if (c->service != NULL)
		put_key_sys(out, "service", c->service, strlen(c->service));
	else
		put_key_str(out, "service", NULL);
	put_key(out, "service_port");
	if (has_service)
		put_u64(out, conn_service_port(c));
	else
		outbuf_puts(out, "null");
	put_key_str(out, "class", inet ? json_class(c->service_class) : NULL);
	put_key(out, "uid");
	if (c->uid != CONN_UID_UNKNOWN)
		put_u64(out, c->uid);
	else
		outbuf_puts(out, "null"); /* /proc/net/unix gives none */
	put_user(out, t, c, o);
	put_key(out, "inode");
	if (c->inode != 0)
		put_u64(out, c->inode);
	else
		outbuf_puts(out, "null");
	put_timer(out, c);
	put_owners(out, t, c, o);
	put_unix(out, t, c);
	/* Where the row was read: /proc rows may be forged (unix names) and lack fields. */
	put_key_str(out, "source",
		    c->source == SRC_PROC     ? "proc"
		    : c->source == SRC_REPLAY ? "replay"
					      : "netlink");
	put_netns(out, t, c);
	put_exposure(out, t, c);
	put_nat(out, t, c);
	put_internals(out, t, c, o);
}

static bool shown(const struct conn *c, const struct format_ctx *o)
{
	return c->proto == PROTO_UNIX ? o->show.show_unix : o->show.show_inet;
}

void format_json(const struct conntable *t, const struct format_ctx *o, const struct summary *s,
		 struct outbuf *out)
{
	bool first = true;
	size_t i;

	outbuf_puts(out, "{\"portstat\":\"" PORTSTAT_VERSION "\"");
	put_key_u64(out, "schema", JSON_SCHEMA);
	if (o->host != NULL)
		put_key_sys(out, "host", o->host, strlen(o->host));
	else
		put_key_str(out, "host", NULL);
	put_key(out, "ephemeral_range");
	if (o->ephemeral != NULL) {
		outbuf_putc(out, '[');
		put_u64(out, o->ephemeral->low);
		outbuf_putc(out, ',');
		put_u64(out, o->ephemeral->high);
		outbuf_putc(out, ']');
	} else {
		outbuf_puts(out, "null");
	}
	if (s != NULL) {
		/* -s: the counts instead of the sockets (docs/json-schema.md). */
		put_key(out, "summary");
		format_summary_json(o, s, out);
		outbuf_puts(out, "}\n");
		return;
	}
	put_key(out, "sockets");
	outbuf_putc(out, '[');
	for (i = 0; i < t->len; i++) {
		if (!shown(&t->conns[i], o))
			continue;
		outbuf_puts(out, first ? "\n" : ",\n");
		first = false;
		outbuf_putc(out, '{');
		put_socket_fields(out, t, &t->conns[i], o);
		outbuf_putc(out, '}');
	}
	outbuf_puts(out, first ? "]}\n" : "\n]}\n");
}

/* A JSON Lines object's first keys: round, time and schema. */
static void put_round(struct outbuf *out, unsigned long round, const char *stamp, int n)
{
	outbuf_puts(out, "{\"round\":");
	put_u64(out, round);
	put_key(out, "time");
	outbuf_write(out, stamp, n > 0 ? (size_t)n : 0);
	put_key_u64(out, "schema", JSON_SCHEMA);
}

void format_jsonl(const struct conntable *t, const struct format_ctx *o, const struct summary *s,
		  struct jsonl_state *st, long long now_ms, struct outbuf *out)
{
	char stamp[48];
	int n = snprintf(stamp, sizeof(stamp), "%lld.%03lld", now_ms / 1000, now_ms % 1000);
	unsigned long round = ++st->round;
	size_t i;

	if (s != NULL) {
		/* -s: one line a round holding the summary object. */
		put_round(out, round, stamp, n);
		put_key(out, "summary");
		format_summary_json(o, s, out);
		outbuf_puts(out, "}\n");
		return;
	}
	for (i = 0; i < t->len; i++) {
		if (!shown(&t->conns[i], o))
			continue;
		put_round(out, round, stamp, n);
		outbuf_putc(out, ',');
		put_socket_fields(out, t, &t->conns[i], o);
		outbuf_puts(out, "}\n");
	}
}

void format_json_string(struct outbuf *out, const char *s)
{
	(void)put_string(out, s, strlen(s));
}
