/*
 * published.c - --published: the host's published ports as a table or
 * JSON, and the host endpoints text the exposure column shows.  Renders
 * what enrichment joined (model/published.h); reads nothing else.
 */
#include "lib/compat.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/escape.h"
#include "model/netns.h"
#include "output/addrfmt.h"
#include "output/format.h"
#include "output/grid.h"

/* ADDR:PORT, [ADDR]:PORT or *:PORT, the port a range LO-HI. */
static size_t endpoint_text(char *buf, size_t cap, int family, const uint8_t addr[16], uint16_t lo,
			    uint16_t hi)
{
	char a[ADDRFMT_MAX];
	int n;

	if (family == AF_INET || family == AF_INET6)
		(void)addrfmt_ip(a, sizeof(a), family, addr);
	else
		(void)strlcpy(a, "*", sizeof(a));
	if (lo == hi)
		n = snprintf(buf, cap, family == AF_INET6 ? "[%s]:%u" : "%s:%u", a, lo);
	else
		n = snprintf(buf, cap, family == AF_INET6 ? "[%s]:%u-%u" : "%s:%u-%u", a, lo, hi);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

size_t format_published_host(char *buf, size_t cap, const struct published *e)
{
	return endpoint_text(buf, cap, e->host_family, e->host_addr, e->host_port_lo,
			     e->host_port_hi);
}

/* The listener a mapping reaches, by inode, or NULL. */
static const struct conn *listener_of(const struct conntable *t, const struct published *e)
{
	size_t i;

	for (i = 0; e->listener_inode != 0 && i < t->len; i++)
		if (t->conns[i].inode == e->listener_inode)
			return &t->conns[i];
	return NULL;
}

static const struct owner *first_owner(const struct conntable *t, const struct conn *c)
{
	return c != NULL && c->owner_count > 0 ? &t->owners[c->owner_first] : NULL;
}

/* The namespace's label, its container's label, into buf; "" when not known. */
static void target_names(const struct conntable *t, const struct published *e,
			 const struct owner *w, char *ns, char *container, size_t cap)
{
	const struct container_info *info = w != NULL ? w->container : NULL;

	ns[0] = container[0] = '\0';
	if (t->netns != NULL && e->target_netns >= 0 && (size_t)e->target_netns < t->netns->len) {
		const struct netns *n = &t->netns->v[e->target_netns];

		(void)netns_label(n, ns, cap);
		if (info == NULL)
			info = n->container;
	}
	if (info != NULL)
		(void)container_label(info, true, container, cap);
}

static void add_escaped(struct grid *g, const char *s)
{
	char esc[ESCAPE_BOUND(300)];

	if (s[0] == '\0') {
		grid_add_str(g, "-");
		return;
	}
	esc[escape_text(esc, s, strnlen(s, 300))] = '\0';
	grid_add_str(g, esc);
}

void format_published(const struct published_table *p, const struct conntable *t,
		      const struct format_ctx *o, struct outbuf *out)
{
	static const struct grid_column spec[] = {
	    {"Proto", ALIGN_LEFT},     {"Host", ALIGN_LEFT},
	    {"Iface", ALIGN_LEFT},     {"Via", ALIGN_LEFT},
	    {"Target", ALIGN_LEFT},    {"Netns", ALIGN_LEFT},
	    {"Container", ALIGN_LEFT}, {"PID/Program name", ALIGN_LEFT}};
	struct grid g;
	size_t i;

	if (!o->show.no_header)
		outbuf_puts(out, "Published ports\n");
	grid_init(&g, spec, 8);
	for (i = 0; i < p->len; i++) {
		const struct published *e = &p->v[i];
		const struct conn *c = listener_of(t, e);
		const struct owner *w = first_owner(t, c);
		char buf[ADDRFMT_MAX + 32], ns[300], container[300];

		grid_add_str(&g, e->proto == PROTO_UDP ? "udp" : "tcp");
		(void)format_published_host(buf, sizeof(buf), e);
		grid_add_str(&g, buf);
		if (e->iif[0] != '\0') {
			(void)snprintf(buf, sizeof(buf), "%s%s", e->iif_negated ? "!" : "", e->iif);
			add_escaped(&g, buf);
		} else {
			grid_add_str(&g, "-");
		}
		if (e->via == PUBLISHED_PROXY)
			(void)snprintf(buf, sizeof(buf), "proxy/%ld", (long)e->proxy_pid);
		else
			(void)strlcpy(buf, published_via_name(e->via), sizeof(buf));
		grid_add_str(&g, buf);
		(void)endpoint_text(buf, sizeof(buf), e->target_family, e->target_addr,
				    e->target_port_lo, e->target_port_hi);
		grid_add_str(&g, buf);
		target_names(t, e, w, ns, container, sizeof(ns));
		add_escaped(&g, ns);
		add_escaped(&g, container);
		if (w != NULL) {
			char prog[300];

			(void)snprintf(prog, sizeof(prog), "%ld/%s", (long)w->pid,
				       conntable_str(t, w->comm));
			add_escaped(&g, prog);
		} else {
			grid_add_str(&g, c != NULL && c->owners_hidden ? "?" : "-");
		}
	}
	grid_print(&g, out, !o->show.no_header);
	grid_free(&g);
}

void format_published_json(const struct published_table *p, const struct conntable *t,
			   struct outbuf *out)
{
	size_t i;

	outbuf_puts(out, "{\"published\":[");
	for (i = 0; i < p->len; i++) {
		const struct published *e = &p->v[i];
		const struct conn *c = listener_of(t, e);
		const struct owner *w = first_owner(t, c);
		char buf[ADDRFMT_MAX + 32], ns[300], container[300];

		outbuf_puts(out, i > 0 ? ",\n{" : "\n{");
		outbuf_puts(out, e->proto == PROTO_UDP ? "\"proto\":\"udp\"" : "\"proto\":\"tcp\"");
		outbuf_puts(out, ",\"host\":");
		(void)format_published_host(buf, sizeof(buf), e);
		format_json_string(out, buf);
		outbuf_puts(out, ",\"iface\":");
		if (e->iif[0] != '\0') {
			(void)snprintf(buf, sizeof(buf), "%s%s", e->iif_negated ? "!" : "", e->iif);
			format_json_string(out, buf);
		} else {
			outbuf_puts(out, "null");
		}
		outbuf_puts(out, ",\"via\":");
		format_json_string(out, published_via_name(e->via));
		(void)snprintf(buf, sizeof(buf), ",\"proxy_pid\":%ld", (long)e->proxy_pid);
		outbuf_puts(out, e->via == PUBLISHED_PROXY ? buf : ",\"proxy_pid\":null");
		outbuf_puts(out, ",\"target\":");
		(void)endpoint_text(buf, sizeof(buf), e->target_family, e->target_addr,
				    e->target_port_lo, e->target_port_hi);
		format_json_string(out, buf);
		target_names(t, e, w, ns, container, sizeof(ns));
		outbuf_puts(out, ",\"netns\":");
		if (ns[0] != '\0')
			format_json_string(out, ns);
		else
			outbuf_puts(out, "null");
		outbuf_puts(out, ",\"container\":");
		if (container[0] != '\0')
			format_json_string(out, container);
		else
			outbuf_puts(out, "null");
		outbuf_puts(out, ",\"listener_inode\":");
		if (e->listener_inode != 0) {
			(void)snprintf(buf, sizeof(buf), "%llu",
				       (unsigned long long)e->listener_inode);
			outbuf_puts(out, buf);
		} else {
			outbuf_puts(out, "null");
		}
		outbuf_puts(out, ",\"pid\":");
		if (w != NULL) {
			(void)snprintf(buf, sizeof(buf), "%ld", (long)w->pid);
			outbuf_puts(out, buf);
			outbuf_puts(out, ",\"program\":");
			format_json_string(out, conntable_str(t, w->comm));
		} else {
			outbuf_puts(out, "null,\"program\":null");
		}
		outbuf_putc(out, '}');
	}
	outbuf_puts(out, "]}\n");
}
