/*
 * events.c - -E's lines (output/events.h).
 *
 * A socket closed is "closed" with its last state, queues and, for TCP,
 * the counters of its tcp_info; a listener change is "listen-opened",
 * "listen-closed" or "replaced", without counters ("-", null).  The owner
 * is "PID/COMMAND" when a scan of the processes had seen the socket, else
 * "unknown" (null in JSON).
 */
#include "lib/compat.h"

#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/escape.h"
#include "model/proto_names.h"
#include "output/addrfmt.h"
#include "output/columns.h"
#include "output/events.h"
#include "output/format.h"

const char *format_event_name(const struct sock_event *e)
{
	switch (e->kind) {
	case SOCK_EVENT_CLOSED:
		return "closed";
	case SOCK_EVENT_LISTEN_OPENED:
		return "listen-opened";
	case SOCK_EVENT_LISTEN_CLOSED:
		return "listen-closed";
	case SOCK_EVENT_LISTEN_REPLACED:
		return "replaced";
	}
	return "unknown";
}

/* s, then spaces up to width (at least one). */
static void cell(struct outbuf *out, const char *s, size_t width)
{
	size_t n = strlen(s);

	outbuf_write(out, s, n);
	outbuf_pad(out, n < width ? width - n : 1);
}

/* The namespace's label, escaped (an `ip netns` name is anyone's text). */
static void netns_name(const struct events_format *f, const struct sock_event *e,
		       char buf[ESCAPE_BOUND(64)])
{
	char label[64];
	const char *l;

	if (f->netns == NULL || e->conn.netns >= f->netns->len) {
		(void)strlcpy(buf, "-", 2);
		return;
	}
	l = netns_label(&f->netns->v[e->conn.netns], label, sizeof(label));
	(void)escape_text(buf, l, strnlen(l, sizeof(label) - 1));
}

void format_events_header(const struct events_format *f, struct outbuf *out)
{
	if (f->jsonl)
		return;
	cell(out, "Time", 13);
	if (f->netns != NULL)
		cell(out, "Netns", 17);
	cell(out, "Event", 14);
	cell(out, "Proto", 6);
	cell(out, "Recv-Q", 7);
	cell(out, "Send-Q", 7);
	cell(out, "Local Address", 24);
	cell(out, "Foreign Address", 24);
	cell(out, "State", 12);
	cell(out, "Sent", 11);
	cell(out, "Acked", 11);
	cell(out, "Received", 11);
	cell(out, "Retrans", 8);
	cell(out, "RTT-us", 9);
	outbuf_puts(out, "Owner\n");
}

static void u64_cell(struct outbuf *out, bool known, uint64_t v, size_t width)
{
	char num[ADDRFMT_U64_MAX];

	if (!known) {
		cell(out, "-", width);
		return;
	}
	(void)addrfmt_u64(num, v);
	cell(out, num, width);
}

/* A TCP socket's last state is CLOSE: the table's "BOUND" is a living socket's. */
static const char *state_name(const struct sock_event *e)
{
	if (e->kind == SOCK_EVENT_CLOSED && e->conn.proto == PROTO_TCP && e->conn.state == CS_CLOSE)
		return "CLOSE";
	return format_state_name(&e->conn);
}

static void owner_text(const struct sock_event *e, char *buf, size_t cap)
{
	char esc[ESCAPE_BOUND(SOCK_EVENT_COMMAND_MAX)];

	if (!e->owner_known) {
		(void)strlcpy(buf, "unknown", cap);
		return;
	}
	(void)escape_text(esc, e->command, strnlen(e->command, SOCK_EVENT_COMMAND_MAX - 1));
	(void)snprintf(buf, cap, "%ld/%s", (long)e->pid, esc);
}

static void table_row(const struct events_format *f, const struct sock_event *e, long long time_ms,
		      struct outbuf *out)
{
	const struct conn *c = &e->conn;
	char buf[ESCAPE_BOUND(64) > 160 ? ESCAPE_BOUND(64) : 160], owner[128];
	time_t secs = (time_t)(time_ms / 1000);
	struct tm tm;

	if (localtime_r(&secs, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	(void)snprintf(buf, sizeof(buf), "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
		       (int)(time_ms % 1000));
	cell(out, buf, 13);
	if (f->netns != NULL) {
		netns_name(f, e, buf);
		cell(out, buf, 17);
	}
	cell(out, format_event_name(e), 14);
	cell(out, format_proto_name(c), 6);
	u64_cell(out, true, c->recv_q, 7);
	u64_cell(out, true, c->send_q, 7);
	(void)addrfmt_endpoint(buf, sizeof(buf), c->family, &c->local, NULL, NULL);
	cell(out, buf, 24);
	(void)addrfmt_endpoint(buf, sizeof(buf), c->family, &c->remote, NULL, NULL);
	cell(out, buf, 24);
	cell(out, state_name(e), 12);
	u64_cell(out, e->counters, e->bytes_sent, 11);
	u64_cell(out, e->counters, e->bytes_acked, 11);
	u64_cell(out, e->counters, e->bytes_received, 11);
	u64_cell(out, e->counters, e->total_retrans, 8);
	u64_cell(out, e->counters, e->rtt_us, 9);
	owner_text(e, owner, sizeof(owner));
	outbuf_puts(out, owner);
	outbuf_putc(out, '\n');
}

static void json_u64(struct outbuf *out, const char *key, bool known, uint64_t v)
{
	char num[ADDRFMT_U64_MAX];

	outbuf_puts(out, ",\"");
	outbuf_puts(out, key);
	outbuf_puts(out, "\":");
	if (!known) {
		outbuf_puts(out, "null");
		return;
	}
	(void)addrfmt_u64(num, v);
	outbuf_puts(out, num);
}

static void json_endpoint(struct outbuf *out, const char *key, const struct conn *c,
			  const struct endpoint *ep)
{
	char addr[ADDRFMT_MAX];

	(void)addrfmt_ip(addr, sizeof(addr), c->family, ep->addr);
	outbuf_puts(out, ",\"");
	outbuf_puts(out, key);
	outbuf_puts(out, "\":{\"address\":");
	format_json_string(out, addr);
	json_u64(out, "port", true, ep->port);
	outbuf_putc(out, '}');
}

static void json_line(const struct events_format *f, const struct sock_event *e, long long time_ms,
		      struct outbuf *out)
{
	const struct conn *c = &e->conn;
	char label[128];

	outbuf_puts(out, "{\"event\":");
	format_json_string(out, format_event_name(e));
	json_u64(out, "time_ms", true, (uint64_t)time_ms);
	if (f->netns != NULL && c->netns < f->netns->len) {
		outbuf_puts(out, ",\"netns\":");
		format_json_string(out, netns_label(&f->netns->v[c->netns], label, sizeof(label)));
	}
	outbuf_puts(out, ",\"proto\":");
	format_json_string(out, proto_spellings[c->proto].name);
	outbuf_puts(out, ",\"family\":");
	format_json_string(out, column_family_name(c->family));
	outbuf_puts(out, ",\"state\":");
	format_json_string(out, state_name(e));
	json_endpoint(out, "local", c, &c->local);
	json_endpoint(out, "remote", c, &c->remote);
	json_u64(out, "recv_q", true, c->recv_q);
	json_u64(out, "send_q", true, c->send_q);
	json_u64(out, "bytes_sent", e->counters, e->bytes_sent);
	json_u64(out, "bytes_acked", e->counters, e->bytes_acked);
	json_u64(out, "bytes_received", e->counters, e->bytes_received);
	json_u64(out, "segs_out", e->counters, e->segs_out);
	json_u64(out, "segs_in", e->counters, e->segs_in);
	json_u64(out, "total_retrans", e->counters, e->total_retrans);
	json_u64(out, "rtt_us", e->counters, e->rtt_us);
	outbuf_puts(out, ",\"owner\":");
	if (!e->owner_known) {
		outbuf_puts(out, "null}\n");
		return;
	}
	(void)addrfmt_u64(label, (uint64_t)e->pid);
	outbuf_puts(out, "{\"pid\":");
	outbuf_puts(out, label);
	outbuf_puts(out, ",\"command\":");
	format_json_string(out, e->command);
	outbuf_puts(out, "}}\n");
}

void format_event(const struct events_format *f, const struct sock_event *e, long long time_ms,
		  struct outbuf *out)
{
	if (f->jsonl)
		json_line(f, e, time_ms, out);
	else
		table_row(f, e, time_ms, out);
}
