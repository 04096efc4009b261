/*
 * format_summary.c - the summary (-s) as text and as the JSON "summary" object.
 *
 * Prints only what summary_build counted; reads nothing else.  Addresses
 * and ports are always numeric here (the service name has its own
 * column): a summary is for counting, and a name per row would cost a
 * lookup per peer.  With a previous round (-c), every count gets its
 * change beside it.
 */
#define _GNU_SOURCE /* qsort_r */
#include "lib/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "output/addrfmt.h"
#include "output/columns.h"
#include "output/grid.h"
#include "lib/escape.h"
#include "lib/xmalloc.h"
#include "model/proto_names.h"
#include "output/format.h"
#include "aggregate/summary.h"
#include "model/netns.h"

/* The summary's protocol names: "udplite" (model/proto_names.h). */
static const char *proto_name(unsigned proto)
{
	return proto_spellings[proto].name;
}

/* The name of a state slot (summary.h): netstat's names, "UNCONNECTED" for unix. */
static const char *state_name(unsigned proto, unsigned slot)
{
	struct conn c;

	if (proto == PROTO_UNIX)
		return slot == SUMMARY_UNIX_LISTENING ? unix_state_name(US_UNCONNECTED, true)
						      : unix_state_name(slot, false);
	memset(&c, 0, sizeof(c));
	c.proto = (uint8_t)proto;
	c.state = (uint8_t)slot;
	return format_state_name(&c);
}

static const char *flag_name(int flag)
{
	return flag == 2 ? "high" : flag == 1 ? "warn" : NULL;
}

/* "+3", "-1", "0". */
static void put_delta(char *buf, size_t cap, uint32_t now, uint32_t before)
{
	long long d = (long long)now - (long long)before;

	(void)snprintf(buf, cap, d > 0 ? "+%lld" : "%lld", d);
}

static void add_delta(struct grid *cols, uint32_t now, uint32_t before)
{
	char buf[24];

	put_delta(buf, sizeof(buf), now, before);
	grid_add_str(cols, buf);
}

/* "ESTABLISHED=75,TIME_WAIT=10": one word, for awk. */
static void add_states(struct grid *cols, unsigned proto, const uint32_t *states)
{
	char buf[512];
	size_t len = 0;
	unsigned k;

	buf[0] = '\0';
	for (k = 0; k < SUMMARY_STATES; k++) {
		int n;

		if (states[k] == 0)
			continue;
		n = snprintf(buf + len, sizeof(buf) - len, "%s%s=%u", len ? "," : "",
			     state_name(proto, k), states[k]);
		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			break;
		len += (size_t)n;
	}
	grid_add_str(cols, len ? buf : "-");
}

static void add_service(struct grid *cols, const char *name)
{
	char esc[ESCAPE_BOUND(64)];

	if (name == NULL || strlen(name) > 64) {
		grid_add_str(cols, name == NULL ? "-" : "?");
		return;
	}
	(void)escape_text(esc, name, strlen(name));
	grid_add_str(cols, esc);
}

static void endpoint_text(char *buf, size_t cap, const struct summary_key *k)
{
	struct endpoint e;

	memset(&e, 0, sizeof(e));
	memcpy(e.addr, k->addr, sizeof(e.addr));
	e.port = k->port;
	(void)addrfmt_endpoint(buf, cap, k->family, &e, NULL, NULL);
}

/* "85.0" from per mille. */
static void add_permille(struct grid *cols, uint32_t pm)
{
	char buf[24];

	(void)snprintf(buf, sizeof(buf), "%u.%u", pm / 10, pm % 10);
	grid_add_str(cols, buf);
}

static void print_table(struct grid *cols, struct outbuf *out, const char *title)
{
	if (title == NULL || title[0] != ';')
		outbuf_putc(out, '\n'); /* ';' continues the line above instead */
	if (title != NULL) {
		outbuf_puts(out, title);
		outbuf_putc(out, '\n');
	}
	grid_print(cols, out, true);
	grid_free(cols);
}

static void print_totals(const struct summary *s, const struct summary *p, struct outbuf *out)
{
	char buf[256];
	int n;

	n = snprintf(buf, sizeof(buf), "Total: %u", s->total);
	outbuf_write(out, buf, n > 0 ? (size_t)n : 0);
	if (p != NULL) {
		put_delta(buf, sizeof(buf), s->total, p->total);
		outbuf_puts(out, " (");
		outbuf_puts(out, buf);
		outbuf_putc(out, ')');
	}
	n = snprintf(buf, sizeof(buf),
		     "\nTCP:   %u (estab %u, closed %u, orphaned %u, timewait %u)", s->tcp_total,
		     s->tcp_estab, s->tcp_closed, s->tcp_orphaned, s->tcp_timewait);
	outbuf_write(out, buf, n > 0 ? (size_t)n : 0);
	if (p != NULL) {
		char d[5][24];

		put_delta(d[0], sizeof(d[0]), s->tcp_total, p->tcp_total);
		put_delta(d[1], sizeof(d[1]), s->tcp_estab, p->tcp_estab);
		put_delta(d[2], sizeof(d[2]), s->tcp_closed, p->tcp_closed);
		put_delta(d[3], sizeof(d[3]), s->tcp_orphaned, p->tcp_orphaned);
		put_delta(d[4], sizeof(d[4]), s->tcp_timewait, p->tcp_timewait);
		n = snprintf(buf, sizeof(buf),
			     " change %s (estab %s, closed %s, orphaned %s, timewait %s)", d[0],
			     d[1], d[2], d[3], d[4]);
		outbuf_write(out, buf, n > 0 ? (size_t)n : 0);
	}
	outbuf_putc(out, '\n');
}

/* Busiest first, then in the table's order (the caller's namespace first). */
static int by_total(const void *pa, const void *pb, void *arg)
{
	const struct summary_netns *n = arg;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	if (n[a].total != n[b].total)
		return n[a].total > n[b].total ? -1 : 1;
	return (a > b) - (a < b);
}

/* -N, --all-netns with more than one namespace: the --top busiest, with their totals. */
static void print_netns(const struct summary *s, const struct summary *p,
			const struct format_ctx *o, struct outbuf *out)
{
	static const struct grid_column spec[] = {
	    {"Netns", ALIGN_LEFT},  {"Total", ALIGN_RIGHT},    {"TCP", ALIGN_RIGHT},
	    {"Estab", ALIGN_RIGHT}, {"TimeWait", ALIGN_RIGHT}, {"Ephemeral", ALIGN_RIGHT},
	    {"Change", ALIGN_RIGHT}};
	bool change = p != NULL && p->netns_len == s->netns_len;
	size_t len, n, i;
	struct grid cols;
	char label[300], esc[ESCAPE_BOUND(sizeof(label))], title[128];
	uint32_t *order;

	if (s->netns_len == 0 || s->netns_table == NULL)
		return;
	len = s->netns_len < s->netns_table->len ? s->netns_len : s->netns_table->len;
	n = len < o->show.top ? len : o->show.top;
	order = xreallocarray(NULL, len + 1, sizeof(*order));
	for (i = 0; i < len; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, len, sizeof(*order), by_total, s->netns);
	grid_init(&cols, spec, change ? 7 : 6);
	for (i = 0; i < n; i++) {
		const struct summary_netns *ns = &s->netns[order[i]];

		(void)netns_label(&s->netns_table->v[order[i]], label, sizeof(label));
		esc[escape_text(esc, label, strlen(label))] = '\0';
		grid_add_str(&cols, esc);
		grid_add_u64(&cols, ns->total);
		grid_add_u64(&cols, ns->tcp_total);
		grid_add_u64(&cols, ns->tcp_estab);
		grid_add_u64(&cols, ns->tcp_timewait);
		grid_add_u64(&cols, ns->ephemeral_local);
		if (change)
			add_delta(&cols, ns->total, p->netns[order[i]].total);
	}
	free(order);
	(void)snprintf(title, sizeof(title), "Busiest network namespaces (%zu of %zu)", n, len);
	print_table(&cols, out, title);
}

static void print_transports(const struct summary *s, const struct summary *p, struct outbuf *out)
{
	static const struct grid_column spec[] = {{"Transport", ALIGN_LEFT},
						  {"Total", ALIGN_RIGHT},
						  {"IPv4", ALIGN_RIGHT},
						  {"IPv6", ALIGN_RIGHT},
						  {"Change", ALIGN_RIGHT}};
	struct grid cols;
	unsigned i;

	grid_init(&cols, spec, p != NULL ? 5 : 4);
	for (i = 0; i < PROTO_COUNT; i++) {
		grid_add_str(&cols, proto_spellings[i].upper);
		grid_add_u64(&cols, s->proto_total[i]);
		if (i == PROTO_UNIX) {
			grid_add_str(&cols, "-");
			grid_add_str(&cols, "-");
		} else {
			grid_add_u64(&cols, s->proto_v4[i]);
			grid_add_u64(&cols, s->proto_v6[i]);
		}
		if (p != NULL)
			add_delta(&cols, s->proto_total[i], p->proto_total[i]);
	}
	print_table(&cols, out, NULL);
}

static void print_states(const struct summary *s, const struct summary *p, struct outbuf *out)
{
	static const struct grid_column spec[] = {{"Proto", ALIGN_LEFT},
						  {"State", ALIGN_LEFT},
						  {"Sockets", ALIGN_RIGHT},
						  {"Change", ALIGN_RIGHT}};
	struct grid cols;
	unsigned i, k;

	grid_init(&cols, spec, p != NULL ? 4 : 3);
	for (i = 0; i < PROTO_COUNT; i++)
		for (k = 0; k < SUMMARY_STATES; k++) {
			if (s->states[i][k] == 0 && (p == NULL || p->states[i][k] == 0))
				continue;
			grid_add_str(&cols, proto_name(i));
			grid_add_str(&cols, state_name(i, k));
			grid_add_u64(&cols, s->states[i][k]);
			if (p != NULL)
				add_delta(&cols, s->states[i][k], p->states[i][k]);
		}
	if (grid_rows(&cols) == 0) {
		grid_free(&cols);
		return;
	}
	print_table(&cols, out, "Sockets by state");
}

static void print_classes(const struct summary *s, struct outbuf *out)
{
	static const struct grid_column spec[] = {{"Class", ALIGN_LEFT},   {"Sockets", ALIGN_RIGHT},
						  {"Listen", ALIGN_RIGHT}, {"In", ALIGN_RIGHT},
						  {"Out", ALIGN_RIGHT},	   {"Other", ALIGN_RIGHT}};
	struct grid cols;
	unsigned k;

	grid_init(&cols, spec, 6);
	for (k = PC_WELL_KNOWN; k <= PC_DYNAMIC + 1; k++) {
		unsigned cls = k <= PC_DYNAMIC ? k : PC_NONE; /* no class (raw) last */
		const uint32_t *d = s->classes[cls];

		grid_add_str(&cols, format_class_name(cls));
		grid_add_u64(&cols,
			     (uint64_t)d[DIR_UNKNOWN] + d[DIR_LISTEN] + d[DIR_IN] + d[DIR_OUT]);
		grid_add_u64(&cols, d[DIR_LISTEN]);
		grid_add_u64(&cols, d[DIR_IN]);
		grid_add_u64(&cols, d[DIR_OUT]);
		grid_add_u64(&cols, d[DIR_UNKNOWN]);
	}
	print_table(&cols, out, "Internet sockets by service port class");
}

/* The busiest local services (listening port) or remote ones (peer address and port). */
/*
 * With several namespaces (s->netns_len), a list's rows start with a
 * Netns column: the same address and port in two namespaces are two rows.
 * Copies spec (n columns) behind it into dst; returns the columns.
 */
static size_t netns_spec(const struct summary *s, struct grid_column *dst,
			 const struct grid_column *spec, size_t n)
{
	static const struct grid_column netns = {"Netns", ALIGN_LEFT};
	size_t k = 0;

	if (s->netns_len > 0 && s->netns_table != NULL)
		dst[k++] = netns;
	memcpy(dst + k, spec, n * sizeof(*spec));
	return k + n;
}

/* The Netns cell of a row, when netns_spec added the column. */
static void add_netns(struct grid *cols, const struct summary *s, unsigned index)
{
	char label[300], esc[ESCAPE_BOUND(sizeof(label))];

	if (s->netns_len == 0 || s->netns_table == NULL)
		return;
	if (index >= s->netns_table->len) {
		grid_add_str(cols, "-");
		return;
	}
	(void)netns_label(&s->netns_table->v[index], label, sizeof(label));
	esc[escape_text(esc, label, strlen(label))] = '\0';
	grid_add_str(cols, esc);
}

static void print_services(const struct summary *s, const struct summary *p,
			   const struct format_ctx *o, struct outbuf *out, bool remote)
{
	static const struct grid_column local_spec[] = {
	    {"Proto", ALIGN_LEFT},  {"Port", ALIGN_RIGHT}, {"Service", ALIGN_LEFT},
	    {"Listen", ALIGN_LEFT}, {"In", ALIGN_RIGHT},   {"States", ALIGN_LEFT},
	    {"Change", ALIGN_RIGHT}};
	static const struct grid_column remote_spec[] = {
	    {"Proto", ALIGN_LEFT}, {"Remote Address", ALIGN_LEFT}, {"Service", ALIGN_LEFT},
	    {"Out", ALIGN_RIGHT},  {"States", ALIGN_LEFT},	   {"Change", ALIGN_RIGHT}};
	const struct summary_list *l = remote ? &s->remote : &s->local;
	size_t n = l->len < o->show.top ? l->len : o->show.top, i, ncols = remote ? 6 : 7;
	struct grid_column spec[8];
	struct grid cols;
	char title[128], addr[ADDRFMT_MAX];

	if (l->len == 0)
		return;
	ncols = netns_spec(s, spec, remote ? remote_spec : local_spec, ncols);
	grid_init(&cols, spec, p != NULL ? ncols : ncols - 1);
	for (i = 0; i < n; i++) {
		const struct summary_entry *e = &l->v[i];
		const struct summary_entry *was =
		    p != NULL ? summary_find(remote ? &p->remote : &p->local, &e->key) : NULL;

		add_netns(&cols, s, e->key.netns);
		grid_add_str(&cols, proto_name(e->key.proto));
		if (remote) {
			endpoint_text(addr, sizeof(addr), &e->key);
			grid_add_str(&cols, addr);
		} else {
			grid_add_u64(&cols, e->key.port);
		}
		add_service(&cols, e->service);
		if (!remote)
			grid_add_str(&cols, e->listening ? "yes" : "no");
		grid_add_u64(&cols, e->conns);
		add_states(&cols, e->key.proto, e->states);
		if (p != NULL)
			add_delta(&cols, e->conns, was != NULL ? was->conns : 0);
	}
	(void)snprintf(title, sizeof(title), "Busiest %s services (%zu of %zu)",
		       remote ? "remote" : "local", n, l->len);
	print_table(&cols, out, title);
}

static void print_pressure(const struct summary *s, const struct summary *p,
			   const struct format_ctx *o, struct outbuf *out)
{
	static const struct grid_column spec[] = {
	    {"Proto", ALIGN_LEFT},	 {"Source", ALIGN_LEFT},  {"Destination", ALIGN_LEFT},
	    {"Used", ALIGN_RIGHT},	 {"Usable", ALIGN_RIGHT}, {"Use%", ALIGN_RIGHT},
	    {"TIME_WAIT%", ALIGN_RIGHT}, {"Flag", ALIGN_LEFT},	  {"Change", ALIGN_RIGHT}};
	/* One namespace read: its own range; several: each row's (Usable). */
	bool several = s->ranges != NULL && s->ranges->len > 1;
	struct port_space space = summary_space_of(s, 0);
	size_t n = s->pressure_len < o->show.top ? s->pressure_len : o->show.top, i;
	struct grid_column cspec[10];
	size_t ncols = netns_spec(s, cspec, spec, 9);
	struct grid cols;
	char title[256], addr[ADDRFMT_MAX];

	if (several)
		(void)snprintf(title, sizeof(title),
			       "Ephemeral port pressure (each namespace's own range: Usable)\n"
			       "%u sockets use an ephemeral local port",
			       s->ephemeral_local);
	else
		(void)snprintf(
		    title, sizeof(title),
		    "Ephemeral port pressure (range %u-%u%s: %u ports, %u reserved, %u usable)\n"
		    "%u sockets use an ephemeral local port",
		    space.low, space.high, space.is_default ? " assumed" : "", space.ports,
		    space.reserved, summary_usable(&space), s->ephemeral_local);
	outbuf_putc(out, '\n');
	outbuf_puts(out, title); /* the next line completes it */
	if (s->pressure_len == 0) {
		outbuf_puts(out, "; no connection out uses one\n");
		return;
	}
	grid_init(&cols, cspec, p != NULL ? ncols : ncols - 1);
	for (i = 0; i < n; i++) {
		const struct summary_entry *e = s->pressure[i];
		const struct summary_entry *was =
		    p != NULL ? summary_find(&p->pairs, &e->key) : NULL;
		struct port_space row = summary_space_of(s, e->key.netns);
		uint32_t usable = summary_usable(&row);
		const char *flag = flag_name(summary_flag(e->ephemeral, usable));

		add_netns(&cols, s, e->key.netns);
		grid_add_str(&cols, proto_name(e->key.proto));
		(void)addrfmt_ip(addr, sizeof(addr), e->key.family, e->key.source);
		grid_add_str(&cols, addr);
		endpoint_text(addr, sizeof(addr), &e->key);
		grid_add_str(&cols, addr);
		grid_add_u64(&cols, e->ephemeral);
		grid_add_u64(&cols, usable);
		add_permille(&cols, summary_permille(e->ephemeral, usable));
		add_permille(&cols, summary_permille(e->ephemeral_tw, e->ephemeral));
		grid_add_str(&cols, flag != NULL ? flag : "-");
		if (p != NULL)
			add_delta(&cols, e->ephemeral, was != NULL ? was->ephemeral : 0);
	}
	(void)snprintf(
	    title, sizeof(title),
	    "; per source and destination (%zu of %zu), warn above %d%%, high above %d%%", n,
	    s->pressure_len, SUMMARY_WARN_PERCENT, SUMMARY_HIGH_PERCENT);
	print_table(&cols, out, title);
}

void format_summary(const struct format_ctx *o, const struct summary *s, const struct summary *prev,
		    struct outbuf *out)
{
	if (o->show.redraw)
		outbuf_puts(out, "\033[H\033[2J"); /* a terminal redraws in place */
	print_totals(s, prev, out);
	print_netns(s, prev, o, out);
	print_transports(s, prev, out);
	print_states(s, prev, out);
	print_classes(s, out);
	print_services(s, prev, o, out, false);
	print_services(s, prev, o, out, true);
	print_pressure(s, prev, o, out);
}

/* JSON */

static void put_u(struct outbuf *out, const char *key, unsigned long long v, bool comma)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%s\"%s\":%llu", comma ? "," : "", key, v);

	outbuf_write(out, buf, n > 0 ? (size_t)n : 0);
}

static void put_percent(struct outbuf *out, const char *key, uint32_t pm)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), ",\"%s\":%u.%u", key, pm / 10, pm % 10);

	outbuf_write(out, buf, n > 0 ? (size_t)n : 0);
}

static void put_name(struct outbuf *out, const char *key, const char *value)
{
	outbuf_puts(out, ",\"");
	outbuf_puts(out, key);
	outbuf_puts(out, "\":");
	if (value == NULL)
		outbuf_puts(out, "null");
	else
		format_json_string(out, value);
}

static void put_states(struct outbuf *out, unsigned proto, const uint32_t *states)
{
	bool first = true;
	unsigned k;

	outbuf_putc(out, '{');
	for (k = 0; k < SUMMARY_STATES; k++) {
		if (states[k] == 0)
			continue;
		put_u(out, state_name(proto, k), states[k], !first);
		first = false;
	}
	outbuf_putc(out, '}');
}

/* An entry's keys; with several namespaces, "netns" is its namespace's inode (or null). */
static void put_entry_key(struct outbuf *out, const struct summary *s,
			  const struct summary_entry *e, bool remote)
{
	char addr[ADDRFMT_MAX];

	outbuf_puts(out, "{\"proto\":\"");
	outbuf_puts(out, proto_name(e->key.proto));
	outbuf_putc(out, '"');
	if (s->netns_table != NULL && e->key.netns < s->netns_table->len) {
		uint64_t ino = s->netns_table->v[e->key.netns].inode;

		if (ino != 0)
			put_u(out, "netns", ino, true);
		else
			outbuf_puts(out, ",\"netns\":null");
	}
	if (remote) {
		put_name(out, "family", column_family_name(e->key.family));
		(void)addrfmt_ip(addr, sizeof(addr), e->key.family, e->key.addr);
		put_name(out, "address", addr);
	}
	put_u(out, "port", e->key.port, true);
	put_name(out, "service", e->service);
}

static void json_totals(const struct summary *s, struct outbuf *out)
{
	unsigned i;

	put_u(out, "total", s->total, false);
	outbuf_puts(out, ",\"tcp\":{");
	put_u(out, "total", s->tcp_total, false);
	put_u(out, "estab", s->tcp_estab, true);
	put_u(out, "closed", s->tcp_closed, true);
	put_u(out, "orphaned", s->tcp_orphaned, true);
	put_u(out, "timewait", s->tcp_timewait, true);
	outbuf_puts(out, "},\"transports\":[");
	for (i = 0; i < PROTO_COUNT; i++) {
		outbuf_puts(out, i ? ",{\"proto\":\"" : "{\"proto\":\"");
		outbuf_puts(out, proto_name(i));
		outbuf_putc(out, '"');
		put_u(out, "total", s->proto_total[i], true);
		if (i == PROTO_UNIX) {
			outbuf_puts(out, ",\"ipv4\":null,\"ipv6\":null}");
			continue;
		}
		put_u(out, "ipv4", s->proto_v4[i], true);
		put_u(out, "ipv6", s->proto_v6[i], true);
		outbuf_putc(out, '}');
	}
	outbuf_puts(out, "],\"states\":{");
	for (i = 0; i < PROTO_COUNT; i++) {
		outbuf_puts(out, i ? ",\"" : "\"");
		outbuf_puts(out, proto_name(i));
		outbuf_puts(out, "\":");
		put_states(out, i, s->states[i]);
	}
	outbuf_puts(out, "},\"classes\":[");
	for (i = PC_WELL_KNOWN; i <= PC_DYNAMIC + 1; i++) {
		unsigned cls = i <= PC_DYNAMIC ? i : PC_NONE;
		const uint32_t *d = s->classes[cls];

		outbuf_puts(out, i > PC_WELL_KNOWN ? ",{\"class\":" : "{\"class\":");
		if (cls == PC_NONE)
			outbuf_puts(out, "null");
		else
			format_json_string(out, format_class_name(cls));
		put_u(out, "sockets", (uint64_t)d[0] + d[1] + d[2] + d[3], true);
		put_u(out, "listen", d[DIR_LISTEN], true);
		put_u(out, "in", d[DIR_IN], true);
		put_u(out, "out", d[DIR_OUT], true);
		put_u(out, "other", d[DIR_UNKNOWN], true);
		outbuf_putc(out, '}');
	}
	outbuf_putc(out, ']');
}

static void json_services(const struct summary *s, const struct format_ctx *o, struct outbuf *out)
{
	size_t i, n = s->local.len < o->show.top ? s->local.len : o->show.top;

	outbuf_puts(out, ",\"local_services\":[");
	for (i = 0; i < n; i++) {
		const struct summary_entry *e = &s->local.v[i];

		if (i > 0) /* no newline: JSON Lines holds it on one line */
			outbuf_putc(out, ',');
		put_entry_key(out, s, e, false);
		outbuf_puts(out, e->listening ? ",\"listening\":true" : ",\"listening\":false");
		put_u(out, "connections", e->conns, true);
		outbuf_puts(out, ",\"states\":");
		put_states(out, e->key.proto, e->states);
		outbuf_putc(out, '}');
	}
	outbuf_puts(out, "],\"remote_services\":[");
	n = s->remote.len < o->show.top ? s->remote.len : o->show.top;
	for (i = 0; i < n; i++) {
		const struct summary_entry *e = &s->remote.v[i];

		if (i > 0) /* no newline: JSON Lines holds it on one line */
			outbuf_putc(out, ',');
		put_entry_key(out, s, e, true);
		put_u(out, "connections", e->conns, true);
		outbuf_puts(out, ",\"states\":");
		put_states(out, e->key.proto, e->states);
		outbuf_putc(out, '}');
	}
	outbuf_putc(out, ']');
}

/* "ephemeral": the range of the one namespace read (each namespace's is in "netns"). */
static void json_pressure(const struct summary *s, const struct format_ctx *o, struct outbuf *out)
{
	struct port_space space = summary_space_of(s, 0);
	size_t i, n = s->pressure_len < o->show.top ? s->pressure_len : o->show.top;
	char addr[ADDRFMT_MAX];

	outbuf_puts(out, ",\"ephemeral\":{");
	put_u(out, "low", space.low, false);
	put_u(out, "high", space.high, true);
	put_u(out, "ports", space.ports, true);
	put_u(out, "reserved", space.reserved, true);
	put_u(out, "usable", summary_usable(&space), true);
	outbuf_puts(out, space.is_default ? ",\"assumed\":true" : ",\"assumed\":false");
	put_u(out, "sockets", s->ephemeral_local, true);
	put_u(out, "warn_percent", SUMMARY_WARN_PERCENT, true);
	put_u(out, "high_percent", SUMMARY_HIGH_PERCENT, true);
	outbuf_puts(out, "},\"pressure\":[");
	for (i = 0; i < n; i++) {
		const struct summary_entry *e = s->pressure[i];
		struct port_space row = summary_space_of(s, e->key.netns);
		uint32_t usable = summary_usable(&row);

		if (i > 0) /* no newline: JSON Lines holds it on one line */
			outbuf_putc(out, ',');
		put_entry_key(out, s, e, true);
		(void)addrfmt_ip(addr, sizeof(addr), e->key.family, e->key.source);
		put_name(out, "source", addr);
		put_u(out, "used", e->ephemeral, true);
		put_u(out, "usable", usable, true);
		put_percent(out, "percent", summary_permille(e->ephemeral, usable));
		put_u(out, "time_wait", e->ephemeral_tw, true);
		put_percent(out, "time_wait_percent",
			    summary_permille(e->ephemeral_tw, e->ephemeral));
		put_name(out, "flag", flag_name(summary_flag(e->ephemeral, usable)));
		outbuf_putc(out, '}');
	}
	outbuf_putc(out, ']');
}

/* "netns": each namespace's totals with -N, --all-netns and more than one; else null. */
static void json_netns(const struct summary *s, struct outbuf *out)
{
	size_t i;

	outbuf_puts(out, ",\"netns\":");
	if (s->netns_len == 0 || s->netns_table == NULL) {
		outbuf_puts(out, "null");
		return;
	}
	outbuf_putc(out, '[');
	for (i = 0; i < s->netns_len && i < s->netns_table->len; i++) {
		const struct netns *ns = &s->netns_table->v[i];
		const struct summary_netns *n = &s->netns[i];
		struct port_space space = summary_space_of(s, (unsigned)i);

		outbuf_puts(out, i > 0 ? ",{" : "{");
		if (ns->inode != 0)
			put_u(out, "inode", ns->inode, false);
		else
			outbuf_puts(out, "\"inode\":null");
		put_name(out, "name", ns->name);
		put_u(out, "total", n->total, true);
		put_u(out, "tcp", n->tcp_total, true);
		put_u(out, "estab", n->tcp_estab, true);
		put_u(out, "timewait", n->tcp_timewait, true);
		put_u(out, "ephemeral", n->ephemeral_local, true);
		put_u(out, "range_low", space.low, true);
		put_u(out, "range_high", space.high, true);
		put_u(out, "usable", summary_usable(&space), true);
		outbuf_putc(out, '}');
	}
	outbuf_putc(out, ']');
}

void format_summary_json(const struct format_ctx *o, const struct summary *s, struct outbuf *out)
{
	outbuf_putc(out, '{');
	json_totals(s, out);
	json_netns(s, out);
	put_u(out, "top", o->show.top, true);
	json_services(s, o, out);
	json_pressure(s, o, out);
	outbuf_putc(out, '}');
}
