/*
 * format_table.c - netstat's text layout: a titled Internet section and a
 * titled UNIX section, columns sized to their content, never truncated, no
 * empty field (so that awk '{print $6}' is always the state).
 */
#include "compat.h"

#include <stdio.h>
#include <sys/socket.h>

#include "addrfmt.h"
#include "columns.h"
#include "escape.h"
#include "format.h"
#include "xmalloc.h"

#define UNIX_FLAG_WAITDATA (1u << 17)
#define UNIX_FLAG_NOSPACE  (1u << 18)

static const char *section_kind(const struct format_opts *o)
{
	if (o->all)
		return "servers and established";
	if (o->listening)
		return "only servers";
	return "w/o servers";
}

static const char *port_name(const struct format_opts *o, const struct conn *c, uint16_t port)
{
	if (o->numeric_ports || port == 0 || c->proto == PROTO_RAW)
		return NULL;
	return services_name(o->services, port, c->proto);
}

static void add_endpoint(struct columns *cols, const struct format_opts *o, const struct conn *c,
			 const struct endpoint *e)
{
	char buf[ADDRFMT_MAX];
	size_t n = addrfmt_endpoint(buf, sizeof(buf), c->family, e, NULL, port_name(o, c, e->port));

	columns_add(cols, buf, n);
}

static void add_timer(struct columns *cols, const struct conn *c)
{
	char buf[64];
	int n =
	    snprintf(buf, sizeof(buf), "%s (%.2f/%u/%u)", format_timer_name(c->timer),
		     c->timer == TIMER_OFF ? 0.0 : c->timer_ms / 1000.0, c->retransmits, c->probes);

	columns_add(cols, buf, n > 0 ? (size_t)n : 0);
}

static void print_inet(const struct conntable *t, const struct format_opts *o, struct outbuf *out)
{
	struct column_spec spec[COLUMNS_MAX];
	struct columns cols;
	size_t n = 0, i;

	spec[n++] = (struct column_spec){"Proto", ALIGN_LEFT};
	spec[n++] = (struct column_spec){"Recv-Q", ALIGN_RIGHT};
	spec[n++] = (struct column_spec){"Send-Q", ALIGN_RIGHT};
	spec[n++] = (struct column_spec){"Local Address", ALIGN_LEFT};
	spec[n++] = (struct column_spec){"Foreign Address", ALIGN_LEFT};
	spec[n++] = (struct column_spec){"State", ALIGN_LEFT};
	spec[n++] = (struct column_spec){"Service", ALIGN_LEFT};
	spec[n++] = (struct column_spec){"Class", ALIGN_LEFT};
	if (o->extend) {
		spec[n++] = (struct column_spec){"User", ALIGN_LEFT};
		spec[n++] = (struct column_spec){"Inode", ALIGN_LEFT};
	}
	if (o->timers)
		spec[n++] = (struct column_spec){"Timer", ALIGN_LEFT};
	columns_init(&cols, spec, n);

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!conn_is_inet(c))
			continue;
		columns_add_str(&cols, format_proto_name(c));
		columns_add_u64(&cols, c->recv_q);
		columns_add_u64(&cols, c->send_q);
		add_endpoint(&cols, o, c, &c->local);
		add_endpoint(&cols, o, c, &c->remote);
		columns_add_str(&cols, format_state_name(c));
		columns_add_str(&cols, c->service ? c->service : "-");
		columns_add_str(&cols, format_class_name(c->service_class));
		if (o->extend) {
			const char *user = conntable_str(t, c->user);
			char esc[ESCAPE_BOUND(64)];

			if (c->user != 0 && strlen(user) <= 64)
				columns_add(&cols, esc, escape_text(esc, user, strlen(user)));
			else
				columns_add_u64(&cols, c->uid);
			columns_add_u64(&cols, c->inode);
		}
		if (o->timers)
			add_timer(&cols, c);
	}
	if (!o->no_header) {
		outbuf_puts(out, "Active Internet connections (");
		outbuf_puts(out, section_kind(o));
		outbuf_puts(out, ")\n");
	}
	columns_print(&cols, out, !o->no_header);
	columns_free(&cols);
}

static void add_unix_flags(struct columns *cols, const struct conn *c)
{
	char buf[32] = "[ ";

	if (c->unix_flags & UNIX_FLAG_ACCEPTCON)
		(void)strlcat(buf, "ACC ", sizeof(buf));
	if (c->unix_flags & UNIX_FLAG_WAITDATA)
		(void)strlcat(buf, "W ", sizeof(buf));
	if (c->unix_flags & UNIX_FLAG_NOSPACE)
		(void)strlcat(buf, "N ", sizeof(buf));
	(void)strlcat(buf, "]", sizeof(buf));
	columns_add_str(cols, buf);
}

static void print_unix(const struct conntable *t, const struct format_opts *o, struct outbuf *out)
{
	static const struct column_spec spec[] = {
	    {"Proto", ALIGN_LEFT}, {"RefCnt", ALIGN_LEFT}, {"Flags", ALIGN_LEFT},
	    {"Type", ALIGN_LEFT},  {"State", ALIGN_LEFT},  {"I-Node", ALIGN_LEFT},
	    {"Path", ALIGN_LEFT},
	};
	struct columns cols;
	char *esc = NULL;
	size_t esc_cap = 0, i;

	columns_init(&cols, spec, nitems(spec));
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (c->proto != PROTO_UNIX)
			continue;
		columns_add_str(&cols, "unix");
		columns_add_u64(&cols, c->unix_refcnt);
		add_unix_flags(&cols, c);
		columns_add_str(&cols, format_unix_type_name(c->unix_type));
		columns_add_str(&cols, format_unix_state_name(c));
		columns_add_u64(&cols, c->inode);
		if (ESCAPE_BOUND((size_t)c->path_len) > esc_cap) {
			esc_cap = ESCAPE_BOUND((size_t)c->path_len);
			free(esc);
			esc = xmalloc(esc_cap);
		}
		columns_add(&cols, esc ? esc : "",
			    c->path_len ? escape_unix_name(esc, t->pool + c->path, c->path_len)
					: 0);
	}
	free(esc);
	if (!o->no_header) {
		outbuf_puts(out, "Active UNIX domain sockets (");
		outbuf_puts(out, section_kind(o));
		outbuf_puts(out, ")\n");
	}
	columns_print(&cols, out, !o->no_header);
	columns_free(&cols);
}

void format_table(const struct conntable *t, const struct format_opts *o, struct outbuf *out)
{
	if (o->show_inet)
		print_inet(t, o, out);
	if (o->show_unix)
		print_unix(t, o, out);
}
