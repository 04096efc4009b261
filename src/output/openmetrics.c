/*
 * openmetrics.c - --openmetrics: one snapshot in the OpenMetrics text
 * format, which is also valid Prometheus 0.0.4 text (what node_exporter's
 * textfile collector reads): every family is a gauge (0.0.4 has no info
 * type), with # HELP and # TYPE, # UNIT where the name ends in one, and
 * "# EOF" last.  docs/metrics.md documents each family and label.
 *
 * Renders what aggregate/metrics.c and the summary counted; reads nothing
 * else.  Cardinality is bounded by what the host runs: a series per
 * listening address, per socket kind, per namespace, and per port space
 * only for the --top busiest.  No remote address or port appears in any
 * other family, and no series is per connection.
 */
#include "lib/compat.h"

#include <stdio.h>
#include <sys/socket.h>

#include "aggregate/metrics.h"
#include "aggregate/summary.h"
#include "lib/escape.h"
#include "model/container.h"
#include "model/netns.h"
#include "model/proto_names.h"
#include "model/published.h"
#include "output/addrfmt.h"
#include "output/format.h"

/*
 * The format escapes three characters in a label value: backslash, double
 * quote and newline.  Every other control byte, DEL, a byte of invalid
 * UTF-8 and a character that hides or reorders text would pass raw, so
 * each is written as the four characters \xHH (its backslash escaped):
 * the value shows what the name held, and no byte below 0x20 is ever output.
 */
void format_openmetrics_label(struct outbuf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s), i = 0;

	while (i < n) {
		unsigned char ch = (unsigned char)s[i];
		size_t u, k;

		if (ch == '\\' || ch == '"') {
			outbuf_putc(out, '\\');
			outbuf_putc(out, (char)ch);
			i++;
		} else if (ch == '\n') {
			outbuf_puts(out, "\\n");
			i++;
		} else if (ch >= 0x20 && ch < 0x7f) {
			outbuf_putc(out, (char)ch);
			i++;
		} else if (ch >= 0x80 && (u = escape_utf8_len(s + i, n - i)) > 0 &&
			   escape_hidden_char(s + i, n - i) == 0) {
			outbuf_write(out, s + i, u);
			i += u;
		} else {
			u = ch >= 0x80 ? escape_utf8_len(s + i, n - i) : 0;
			for (k = 0; k < (u > 0 ? u : 1); k++) {
				unsigned char b = (unsigned char)s[i + k];

				outbuf_puts(out, "\\\\x");
				outbuf_putc(out, hex[b >> 4]);
				outbuf_putc(out, hex[b & 15]);
			}
			i += u > 0 ? u : 1;
		}
	}
}

/* ` name="value"`, comma first unless first. */
static void label(struct outbuf *out, const char *name, const char *value, bool first)
{
	if (!first)
		outbuf_putc(out, ',');
	outbuf_puts(out, name);
	outbuf_puts(out, "=\"");
	format_openmetrics_label(out, value);
	outbuf_putc(out, '"');
}

static void value_u64(struct outbuf *out, unsigned long long v)
{
	char buf[ADDRFMT_U64_MAX];

	outbuf_puts(out, "} ");
	(void)addrfmt_u64(buf, v);
	outbuf_puts(out, buf);
	outbuf_putc(out, '\n');
}

static void family(struct outbuf *out, const char *name, const char *unit, const char *help)
{
	outbuf_puts(out, "# TYPE ");
	outbuf_puts(out, name);
	outbuf_puts(out, " gauge\n");
	if (unit != NULL) {
		outbuf_puts(out, "# UNIT ");
		outbuf_puts(out, name);
		outbuf_putc(out, ' ');
		outbuf_puts(out, unit);
		outbuf_putc(out, '\n');
	}
	outbuf_puts(out, "# HELP ");
	outbuf_puts(out, name);
	outbuf_putc(out, ' ');
	outbuf_puts(out, help);
	outbuf_putc(out, '\n');
}

/* The netns label: the namespace's name, container or net:[INODE]; "" when the run read one
 * without a table (a saved tree, a recording). */
static const char *netns_text(const struct conntable *t, unsigned index, char *buf, size_t len)
{
	buf[0] = '\0';
	if (t->netns != NULL && index < t->netns->len)
		(void)netns_label(&t->netns->v[index], buf, len);
	return buf;
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "inet6" : "inet";
}

static const char *direction_name(unsigned d)
{
	static const char *const names[] = {"unknown", "listen", "in", "out"};

	return d < nitems(names) ? names[d] : "unknown";
}

static const char *class_name(unsigned c)
{
	return c == PC_NONE ? "none" : format_class_name(c);
}

static void put_sockets(const struct conntable *t, const struct metrics *m, struct outbuf *out)
{
	char ns[512];
	size_t i;

	family(out, "portstat_sockets", NULL,
	       "Internet sockets by namespace, protocol, family, state, port class and direction.");
	for (i = 0; i < m->sockets_len; i++) {
		const struct metrics_sockets *k = &m->sockets[i];
		struct conn c;

		memset(&c, 0, sizeof(c));
		c.proto = k->proto;
		c.state = k->state;
		outbuf_puts(out, "portstat_sockets{");
		label(out, "netns", netns_text(t, k->netns, ns, sizeof(ns)), true);
		label(out, "proto", proto_spellings[k->proto].name, false);
		label(out, "family", family_name(k->family), false);
		label(out, "state", format_state_name(&c), false);
		label(out, "class", class_name(k->port_class), false);
		label(out, "direction", direction_name(k->direction), false);
		value_u64(out, k->count);
	}
}

/* netns, proto, address, port: the labels every per-listener family shares. */
static void listener_key(struct outbuf *out, const struct conntable *t, const struct conn *c)
{
	char ns[512], addr[ADDRFMT_IP_MAX], port[ADDRFMT_U64_MAX];

	label(out, "netns", netns_text(t, c->netns, ns, sizeof(ns)), true);
	label(out, "proto", proto_spellings[c->proto].name, false);
	(void)addrfmt_ip(addr, sizeof(addr), c->family, c->local.addr);
	label(out, "address", addr, false);
	(void)addrfmt_u64(port, c->local.port);
	label(out, "port", port, false);
}

/* The container: the namespace's, else the first owner's. */
static const char *container_text(const struct conntable *t, const struct conn *c,
				  const struct owner *o, char *buf, size_t len)
{
	const struct container_info *ci = NULL;

	if (t->netns != NULL && c->netns < t->netns->len)
		ci = t->netns->v[c->netns].container;
	if (ci == NULL && o != NULL)
		ci = o->container;
	buf[0] = '\0';
	return ci != NULL ? container_label(ci, false, buf, len) : buf;
}

static void put_listener_info(const struct conntable *t, const struct metrics *m,
			      struct outbuf *out)
{
	char buf[CONTAINER_NAME_MAX * 2];
	size_t i;

	family(out, "portstat_listener_info", NULL,
	       "1 per listening address, with its service, port class, first owner's program "
	       "and systemd unit, and exposure.");
	for (i = 0; i < m->listeners_len; i++) {
		const struct conn *c = &t->conns[m->listeners[i].conn];
		const struct owner *o = c->owner_count > 0 ? &t->owners[c->owner_first] : NULL;

		outbuf_puts(out, "portstat_listener_info{");
		listener_key(out, t, c);
		label(out, "container", container_text(t, c, o, buf, sizeof(buf)), false);
		label(out, "service", c->service != NULL ? c->service : "", false);
		label(out, "class", class_name(c->service_class), false);
		label(out, "program", o != NULL ? conntable_str(t, o->comm) : "", false);
		label(out, "unit", o != NULL ? conntable_str(t, o->unit) : "", false);
		label(out, "exposure", exposure_name(socket_notes_exposure(t->notes, c->inode)),
		      false);
		value_u64(out, 1);
	}
}

enum listener_figure { FIG_ESTABLISHED, FIG_QUEUE, FIG_LIMIT };

static void put_listener_figure(const struct conntable *t, const struct metrics *m,
				enum listener_figure fig, struct outbuf *out)
{
	static const char *const names[] = {"portstat_listener_established_connections",
					    "portstat_listener_accept_queue",
					    "portstat_listener_accept_queue_limit"};
	static const char *const helps[] = {
	    "ESTABLISHED TCP connections whose local address and port are the listener's.",
	    "Connections waiting in a TCP listener's accept queue (Recv-Q).",
	    "A TCP listener's backlog limit (Send-Q): the accept queue is full at this length."};
	size_t i;

	family(out, names[fig], NULL, helps[fig]);
	for (i = 0; i < m->listeners_len; i++) {
		const struct metrics_listener *l = &m->listeners[i];
		const struct conn *c = &t->conns[l->conn];

		if (c->proto != PROTO_TCP)
			continue;
		outbuf_puts(out, names[fig]);
		outbuf_putc(out, '{');
		listener_key(out, t, c);
		value_u64(out, fig == FIG_ESTABLISHED ? l->established
			       : fig == FIG_QUEUE     ? l->queue
						      : l->limit);
	}
}

/* How many namespaces have a range: the table's, else the one read. */
static size_t range_count(const struct summary *s)
{
	return s->ranges != NULL && s->ranges->len > 0 ? s->ranges->len : 1;
}

static void put_ranges(const struct conntable *t, const struct summary *s, struct outbuf *out)
{
	char ns[512];
	size_t i, n = range_count(s);

	family(out, "portstat_ephemeral_range_ports", NULL,
	       "Ports in the namespace's ephemeral range (ip_local_port_range).");
	for (i = 0; i < n; i++) {
		struct port_space sp = summary_space_of(s, (unsigned)i);

		outbuf_puts(out, "portstat_ephemeral_range_ports{");
		label(out, "netns", netns_text(t, (unsigned)i, ns, sizeof(ns)), true);
		value_u64(out, sp.ports);
	}
	family(out, "portstat_ephemeral_usable_ports", NULL,
	       "Ephemeral ports usable: the range without ip_local_reserved_ports.");
	for (i = 0; i < n; i++) {
		struct port_space sp = summary_space_of(s, (unsigned)i);

		outbuf_puts(out, "portstat_ephemeral_usable_ports{");
		label(out, "netns", netns_text(t, (unsigned)i, ns, sizeof(ns)), true);
		value_u64(out, summary_usable(&sp));
	}
}

static void put_pressure(const struct conntable *t, const struct summary *s, size_t top,
			 struct outbuf *out)
{
	char ns[512], addr[ADDRFMT_IP_MAX], port[ADDRFMT_U64_MAX];
	size_t i, n = s->pressure_len < top ? s->pressure_len : top;

	family(out, "portstat_ephemeral_ports_used", NULL,
	       "Connections out with an ephemeral local port, per source address and "
	       "destination; the --top busiest only.");
	for (i = 0; i < n; i++) {
		const struct summary_entry *e = s->pressure[i];

		outbuf_puts(out, "portstat_ephemeral_ports_used{");
		label(out, "netns", netns_text(t, e->key.netns, ns, sizeof(ns)), true);
		label(out, "proto", proto_spellings[e->key.proto].name, false);
		(void)addrfmt_ip(addr, sizeof(addr), e->key.family, e->key.source);
		label(out, "source", addr, false);
		(void)addrfmt_ip(addr, sizeof(addr), e->key.family, e->key.addr);
		label(out, "destination", addr, false);
		(void)addrfmt_u64(port, e->key.port);
		label(out, "destination_port", port, false);
		value_u64(out, e->ephemeral);
	}
}

/* A ratio of two counts with six decimals, without floating point. */
static void put_ratio(struct outbuf *out, uint32_t part, uint32_t whole)
{
	unsigned long long micro =
	    whole > 0 ? ((unsigned long long)part * 1000000 + whole / 2) / whole : 0;
	char buf[48];

	(void)snprintf(buf, sizeof(buf), "} %llu.%06llu\n", micro / 1000000, micro % 1000000);
	outbuf_puts(out, buf);
}

static void put_ratios(const struct conntable *t, const struct metrics *m, struct outbuf *out)
{
	char ns[512];
	size_t i;

	family(
	    out, "portstat_ephemeral_max_use_ratio", "ratio",
	    "The busiest port space's share of the namespace's usable ephemeral ports (0 to 1).");
	for (i = 0; i < m->ratio_len; i++) {
		outbuf_puts(out, "portstat_ephemeral_max_use_ratio{");
		label(out, "netns", netns_text(t, (unsigned)i, ns, sizeof(ns)), true);
		put_ratio(out, m->ratio[i].used, m->ratio[i].usable);
	}
}

void format_openmetrics(const struct openmetrics_input *in, const struct format_ctx *o,
			struct outbuf *out)
{
	char buf[64];

	family(out, "portstat_build_info", NULL,
	       "1, with the version of portstat that wrote this.");
	outbuf_puts(out, "portstat_build_info{");
	label(out, "version", in->version, true);
	value_u64(out, 1);
	put_sockets(in->table, in->metrics, out);
	put_listener_info(in->table, in->metrics, out);
	put_listener_figure(in->table, in->metrics, FIG_ESTABLISHED, out);
	put_listener_figure(in->table, in->metrics, FIG_QUEUE, out);
	put_listener_figure(in->table, in->metrics, FIG_LIMIT, out);
	put_ranges(in->table, in->summary, out);
	put_pressure(in->table, in->summary, o->show.top, out);
	put_ratios(in->table, in->metrics, out);
	family(out, "portstat_collect_duration_seconds", "seconds",
	       "How long reading the sockets and counting them took.");
	(void)snprintf(buf, sizeof(buf), "portstat_collect_duration_seconds %llu.%06llu\n",
		       in->collect_usec / 1000000, in->collect_usec % 1000000);
	outbuf_puts(out, buf);
	outbuf_puts(out, "# EOF\n");
}
