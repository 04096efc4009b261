/*
 * source_proc.c - the /proc/net text source: the fallback when netlink
 * cannot serve a protocol, and the only reader of saved trees
 * (--proc-root).  Strict: a line that does not have the kernel's exact
 * shape is skipped and counted, never filled with default zeros.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/linereader.h"
#include "lib/number.h"
#include "lib/procfile.h"
#include "model/proto_names.h"
#include "source/source.h"

/* USER_HZ: /proc/net prints timer expiry in clock ticks of 1/100 s. */
#define PROC_TICK_MS 10

struct cursor {
	const char *p;
	const char *end;
};

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

static void skip_spaces(struct cursor *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

/* Reads 1..maxdigits hex digits, stopping at a non-hex byte. */
static bool take_hex(struct cursor *c, size_t mindigits, size_t maxdigits, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;
	int d;

	while (c->p < c->end && (d = hexval(*c->p)) >= 0) {
		if (++n > maxdigits)
			return false;
		v = (v << 4) | (uint64_t)d;
		c->p++;
	}
	if (n < mindigits)
		return false;
	*out = v;
	return true;
}

/* A decimal column in [0, max]: its digit run through lib/number. */
static bool take_dec(struct cursor *c, uint64_t max, uint64_t *out)
{
	size_t n = number_digits(c->p, (size_t)(c->end - c->p));

	if (number_parse_u64(c->p, n, max, out) != 0)
		return false;
	c->p += n;
	return true;
}

/* Signed decimal (the "timeout" column is %8d). */
static bool take_sdec(struct cursor *c, uint64_t *out)
{
	if (c->p < c->end && *c->p == '-')
		c->p++;
	return take_dec(c, UINT32_MAX, out);
}

static bool take_char(struct cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* A field must end at a space or at the end of the line. */
static bool at_field_end(const struct cursor *c)
{
	return c->p == c->end || *c->p == ' ';
}

/*
 * An address is printed as 32-bit words, %08X each: one word for IPv4,
 * four for IPv6.  The kernel prints the raw network-order word (a __be32
 * taken as a number), so the digits are in the printing host's byte
 * order: "0100007F" for 127.0.0.1 on x86, "7F000001" on s390x.  Storing
 * the parsed number back in that order gives the address bytes the
 * kernel printed from; the words keep their order.
 */
bool proc_decode_addr(const char *text, size_t len, int family, enum proc_byte_order order,
		      uint8_t addr[16])
{
	size_t words = family == AF_INET ? 1 : 4;
	size_t i;

	if (len < 8 * words)
		return false;
	memset(addr, 0, 16);
	for (i = 0; i < words; i++) {
		uint32_t v = 0;
		size_t k;

		for (k = 0; k < 8; k++) {
			int d = hexval(text[8 * i + k]);

			if (d < 0)
				return false;
			v = (v << 4) | (uint32_t)d;
		}
		/* Another host's order is only asked for by tests (a saved tree
		 * is read as this host would have printed it). */
		if (order != PROC_ORDER_HOST)
			v = __builtin_bswap32(v);
		memcpy(addr + 4 * i, &v, 4);
	}
	return true;
}

static bool take_addr(struct cursor *c, int family, uint8_t addr[16])
{
	size_t digits = family == AF_INET ? 8 : 32;

	if (!proc_decode_addr(c->p, (size_t)(c->end - c->p), family, PROC_ORDER_HOST, addr))
		return false;
	c->p += digits;
	return true;
}

static bool take_endpoint(struct cursor *c, int family, struct endpoint *e)
{
	uint64_t port;
	const char *start;

	if (!take_addr(c, family, e->addr) || !take_char(c, ':'))
		return false;
	start = c->p;
	if (!take_hex(c, 4, 4, &port) || c->p - start != 4 || !at_field_end(c))
		return false;
	e->port = (uint16_t)port;
	return true;
}

static bool is_header(const char *line, size_t len, const char *word)
{
	struct cursor c = {line, line + len};
	size_t n = strlen(word);

	skip_spaces(&c);
	return (size_t)(c.end - c.p) >= n && memcmp(c.p, word, n) == 0 &&
	       ((size_t)(c.end - c.p) == n || c.p[n] == ' ');
}

/* "   12: " -- the slot number. */
static bool take_slot(struct cursor *c)
{
	uint64_t sl;

	skip_spaces(c);
	return take_dec(c, UINT32_MAX, &sl) && take_char(c, ':');
}

enum proc_line proc_parse_inet_line(const char *line, size_t len, int family, struct conn *conn)
{
	struct cursor c = {line, line + len};
	uint64_t st, txq, rxq, tr, when, retr, uid, timeout, inode;

	if (memchr(line, '\0', len) != NULL)
		return PROC_LINE_BAD;
	if (is_header(line, len, "sl"))
		return PROC_LINE_HEADER;
	if (!take_slot(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_endpoint(&c, family, &conn->local))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_endpoint(&c, family, &conn->remote))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 2, 2, &st) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 8, &txq) || !take_char(&c, ':') || !take_hex(&c, 1, 8, &rxq) ||
	    !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 2, &tr) || !take_char(&c, ':') || !take_hex(&c, 1, 16, &when) ||
	    !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 8, &retr) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_dec(&c, UINT32_MAX, &uid) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_sdec(&c, &timeout) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_dec(&c, UINT64_MAX, &inode) || !at_field_end(&c))
		return PROC_LINE_BAD;
	/* Later columns (ref, pointer, drops, and whatever newer kernels add) are not used. */

	conn->family = (uint8_t)family;
	/* A record keeps four bits of state: one no kernel prints is unknown, as from netlink. */
	conn->state = (uint8_t)(st < CS_MAX ? st : CS_NONE);
	conn->send_q = (uint32_t)txq;
	conn->recv_q = (uint32_t)rxq;
	conn->timer = (uint8_t)(tr <= TIMER_PROBE ? tr : TIMER_OFF);
	conn->timer_ms =
	    when > UINT32_MAX / PROC_TICK_MS ? UINT32_MAX : (uint32_t)when * PROC_TICK_MS;
	/* Both are bytes in the kernel (icsk_retransmits, icsk_probes_out). */
	conn->retransmits = (uint8_t)(retr <= UINT8_MAX ? retr : UINT8_MAX);
	conn->probes = (uint8_t)(timeout <= UINT8_MAX ? timeout : UINT8_MAX);
	conn->uid = (uint32_t)uid;
	conn->inode = inode;
	return PROC_LINE_OK;
}

enum proc_line proc_parse_unix_line(const char *line, size_t len, bool has_inode,
				    struct conntable *t, struct conn *conn)
{
	struct cursor c = {line, line + len};
	uint64_t num, refcnt, protocol, flags, type, st, inode = 0;

	if (memchr(line, '\0', len) != NULL)
		return PROC_LINE_BAD;
	if (is_header(line, len, "Num"))
		return PROC_LINE_HEADER;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 16, &num) || !take_char(&c, ':'))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 8, &refcnt) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 8, &protocol) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 8, &flags) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 4, &type) || !at_field_end(&c))
		return PROC_LINE_BAD;
	skip_spaces(&c);
	if (!take_hex(&c, 1, 2, &st) || !at_field_end(&c) || st > US_DISCONNECTING)
		return PROC_LINE_BAD;
	if (has_inode) {
		skip_spaces(&c);
		if (!take_dec(&c, UINT64_MAX, &inode) || !at_field_end(&c))
			return PROC_LINE_BAD;
	}
	if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_SEQPACKET &&
	    type != SOCK_RAW && type != SOCK_RDM)
		return PROC_LINE_BAD;

	conn->family = AF_UNIX;
	conn->proto = PROTO_UNIX;
	conn->unix_refcnt = (uint32_t)refcnt;
	conn->unix_flags = (uint32_t)flags;
	conn->unix_type = (uint16_t)type;
	conn->state = (uint8_t)st;
	conn->inode = inode;
	/* The file has no uid column: unknown, not root's 0. */
	conn->uid = CONN_UID_UNKNOWN;
	/* The name follows exactly one space and runs to the end of the line:
	 * every other space belongs to it. */
	if (c.p < c.end && *c.p == ' ' && c.end - c.p > 1) {
		size_t n = (size_t)(c.end - c.p - 1);

		conn->path = conntable_intern(t, c.p + 1, n);
		conn->path_len = conn->path ? (uint32_t)n : 0;
		/* The kernel prints an abstract name's leading NUL as '@'; the model
		 * keeps abstract names as exact bytes, leading NUL included. */
		if (conn->path != 0 && c.p[1] == '@')
			t->pool[conn->path] = '\0';
	}
	return PROC_LINE_OK;
}

const char *proc_file_name(int proto, int family)
{
	if (proto < 0 || proto >= PROTO_COUNT)
		return NULL;
	return family == AF_INET6 ? proto_spellings[proto].name6 : proto_spellings[proto].name;
}

static bool header_has_inode(const char *line, size_t len)
{
	static const char word[] = "Inode";
	size_t i;

	for (i = 0; i + sizeof(word) - 1 <= len; i++)
		if (memcmp(line + i, word, sizeof(word) - 1) == 0)
			return true;
	return false;
}

int source_proc_read(const struct source_cfg *cfg, int proto, int family, struct conntable *t,
		     struct warnings *w)
{
	const char *name = proc_file_name(proto, family);
	char path[PATH_MAX];
	struct linereader lr;
	const char *line;
	size_t len, lineno = 0, bad = 0, first_bad = 0, unscoped = 0;
	bool has_inode = true;
	enum linereader_result r;
	int fd, ret = 0;

	if (name == NULL)
		return -EINVAL;
	if (snprintf(path, sizeof(path), "%s/net/%s", cfg->proc_root, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = procfile_open_at(AT_FDCWD, path); /* never blocks: a FIFO is refused */
	if (fd < 0) {
		char why[64];

		ret = fd;
		if (ret != -ENOENT)
			warnings_add(w, "%s: %s", path,
				     procfile_strerror(ret, 0, why, sizeof(why)));
		return ret;
	}

	linereader_init(&lr, fd);
	while ((r = linereader_next(&lr, &line, &len)) != LR_EOF) {
		enum proc_line res = PROC_LINE_BAD;
		struct conn *c;

		if (r == LR_ERROR) {
			ret = -lr.error;
			break;
		}
		lineno++;
		if (r == LR_LINE && len == 0)
			continue; /* a blank line carries no socket */
		if (r == LR_LINE) {
			c = conntable_append(t);
			if (proto == PROTO_UNIX) {
				res = proc_parse_unix_line(line, len, has_inode, t, c);
				if (res == PROC_LINE_HEADER)
					has_inode = header_has_inode(line, len);
			} else {
				res = proc_parse_inet_line(line, len, family, c);
				c->proto = (uint8_t)proto;
				unscoped += res == PROC_LINE_OK &&
					    (endpoint_addr_is_link_local(&c->local, family) ||
					     endpoint_addr_is_link_local(&c->remote, family));
			}
			if (res != PROC_LINE_OK)
				conntable_drop_last(t);
			else
				c->source = SRC_PROC;
		}
		if (res == PROC_LINE_BAD && bad++ == 0)
			first_bad = lineno;
	}
	linereader_free(&lr);
	(void)close(fd);

	/* /proc/net prints no bound device: a link-local address loses its link. */
	if (unscoped > 0 && cfg->verbose)
		warnings_add(w,
			     "%s: gives no interface: %zu socket%s with a link-local address "
			     "shown without its %%interface",
			     path, unscoped, unscoped == 1 ? "" : "s");
	if (bad == 1)
		warnings_add(w, "%s:%zu: malformed line skipped", path, first_bad);
	else if (bad > 1)
		warnings_add(w, "%s:%zu: malformed line skipped (%zu malformed lines in all)", path,
			     first_bad, bad);
	if (ret < 0)
		warnings_add(w, "%s: %s", path, strerror(-ret));
	return ret;
}
