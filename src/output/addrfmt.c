/*
 * addrfmt.c - address and port text for the formatters.
 *
 * This runs twice per socket and column on large tables (widths are
 * measured, then printed), so numeric addresses and ports are written by
 * hand instead of through inet_ntop and snprintf, which cost several times
 * more.  The text is exactly inet_ntop's (tests/unit/test_addrfmt.c
 * compares the two).
 */
#include "lib/compat.h"

#include <sys/socket.h>

#include "lib/escape.h"
#include "output/addrfmt.h"

#define IP_TEXT_MAX ADDRFMT_IP_MAX

static const char hex_digits[] = "0123456789abcdef";

/* Decimal digits of v, no NUL; returns their count (at most 20). */
static size_t put_dec(char *p, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

size_t addrfmt_u64(char *buf, uint64_t v)
{
	size_t n = put_dec(buf, v);

	buf[n] = '\0';
	return n;
}

/* One octet, 1 to 3 digits: the commonest number printed, so no loop. */
static size_t put_octet(char *p, unsigned v)
{
	if (v < 10) {
		p[0] = (char)('0' + v);
		return 1;
	}
	if (v < 100) {
		p[0] = (char)('0' + v / 10);
		p[1] = (char)('0' + v % 10);
		return 2;
	}
	p[0] = (char)('0' + v / 100);
	p[1] = (char)('0' + v / 10 % 10);
	p[2] = (char)('0' + v % 10);
	return 3;
}

static size_t put_v4(char *p, const uint8_t a[4])
{
	size_t n = put_octet(p, a[0]);
	int i;

	for (i = 1; i < 4; i++) {
		p[n++] = '.';
		n += put_octet(p + n, a[i]);
	}
	return n;
}

/* A 16-bit group in lower-case hex without leading zeros. */
static size_t put_hex16(char *p, unsigned w)
{
	size_t n = 0;
	int shift;

	for (shift = 12; shift > 0 && (w >> shift) == 0; shift -= 4)
		;
	for (; shift >= 0; shift -= 4)
		p[n++] = hex_digits[(w >> shift) & 0xf];
	return n;
}

/*
 * RFC 5952 as glibc's inet_ntop prints it: the first longest run of two or
 * more zero groups becomes "::", and ::a.b.c.d and ::ffff:a.b.c.d end in
 * dotted IPv4.
 */
static size_t put_v6(char *p, const uint8_t a[16])
{
	unsigned w[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0, i;
	size_t n = 0;

	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			if (++cur_len > best_len)
				best = cur, best_len = cur_len;
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				p[n++] = ':';
			continue;
		}
		if (i != 0)
			p[n++] = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)))
			return n + put_v4(p + n, a + 12);
		n += put_hex16(p + n, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		p[n++] = ':';
	return n;
}

/* The address text without a NUL, at most IP_TEXT_MAX - 1 bytes. */
static size_t put_ip(char *p, int family, const uint8_t addr[16])
{
	return family == AF_INET ? put_v4(p, addr) : put_v6(p, addr);
}

/* The numeric host of an endpoint, no NUL: IPv6 bracketed, so that the
 * port's ':' stays apart.  At most IP_TEXT_MAX + 1 bytes. */
static size_t put_host(char *p, int family, const uint8_t addr[16])
{
	size_t n = 0;

	if (family == AF_INET6)
		p[n++] = '[';
	n += put_ip(p + n, family, addr);
	if (family == AF_INET6)
		p[n++] = ']';
	return n;
}

/* The port of an endpoint, no NUL: '*' for 0, else its number (at most 5 bytes). */
static size_t put_port(char *p, uint16_t port)
{
	if (port == 0) {
		p[0] = '*';
		return 1;
	}
	return put_dec(p, port);
}

size_t addrfmt_ip(char *buf, size_t cap, int family, const uint8_t addr[16])
{
	char tmp[IP_TEXT_MAX];
	size_t n = put_ip(tmp, family, addr);

	if (cap == 0 || n >= sizeof(tmp)) /* put_ip writes less: said for the compiler */
		return 0;
	if (n >= cap)
		n = cap - 1; /* as strlcpy: cut, never overrun */
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return n;
}

void addrfmt_memo_init(struct addrfmt_memo *m)
{
	memset(m, 0, sizeof(*m));
}

const char *addrfmt_memo_host(struct addrfmt_memo *m, int family, const uint8_t addr[16])
{
	size_t n = family == AF_INET ? 4 : 16;
	unsigned h = (addr[n - 1] ^ addr[n - 2] * 7u ^ (unsigned)family) % ADDRFMT_MEMO_SLOTS;
	struct addrfmt_memo_slot *s = &m->slot[h];

	if (s->family == family && memcmp(s->addr, addr, n) == 0)
		return s->text;
	s->text[put_host(s->text, family, addr)] = '\0';
	s->family = (uint8_t)family;
	memcpy(s->addr, addr, n);
	return s->text;
}

/* Decimal digits from the bit length, without dividing: the measuring
 * pass asks this for every number and port of a table. */
size_t addrfmt_u64_len(uint64_t v)
{
	static const uint64_t pow10[20] = {1u,
					   10u,
					   100u,
					   1000u,
					   10000u,
					   100000u,
					   1000000u,
					   10000000u,
					   100000000u,
					   1000000000u,
					   10000000000u,
					   100000000000u,
					   1000000000000u,
					   10000000000000u,
					   100000000000000u,
					   1000000000000000u,
					   10000000000000000u,
					   100000000000000000u,
					   1000000000000000000u,
					   10000000000000000000u};
	unsigned t;

	if (v < 10)
		return 1;
	/* 1233 / 4096 is just above log10(2): t is floor(log10(v)) or one more. */
	t = ((64u - (unsigned)__builtin_clzll(v)) * 1233u) >> 12;
	return t + (v >= pow10[t]);
}

/* As put_ip's length; IPv4 by arithmetic (put_octet: 1 to 3 digits, 3 dots). */
static size_t ip_len(int family, const uint8_t addr[16])
{
	char tmp[IP_TEXT_MAX];
	size_t n = 3, i;

	if (family != AF_INET)
		return put_v6(tmp, addr);
	for (i = 0; i < 4; i++)
		n += 1u + (addr[i] >= 10) + (addr[i] >= 100);
	return n;
}

size_t addrfmt_endpoint_len(size_t cap, int family, const struct endpoint *e, const char *host,
			    const char *portname)
{
	size_t hlen, plen, n;

	if (cap == 0)
		return 0;
	if (host == NULL)
		hlen = ip_len(family, e->addr) + (family == AF_INET6 ? 2 : 0); /* brackets */
	else
		hlen = strlen(host);
	if (portname != NULL)
		plen = strlen(portname);
	else
		plen = e->port == 0 ? 1 : addrfmt_u64_len(e->port); /* '*' or the number */
	/* Cut as addrfmt_endpoint cuts: HOST, ':' and PORT within cap - 1 bytes. */
	n = hlen < cap - 1 ? hlen : cap - 1;
	if (n < cap - 1)
		n++;
	return n + (plen < cap - 1 - n ? plen : cap - 1 - n);
}

size_t addrfmt_endpoint(char *buf, size_t cap, int family, const struct endpoint *e,
			const char *host, const char *portname)
{
	char ip[IP_TEXT_MAX + 2];
	char port[8];
	const char *h = host;
	size_t hlen, plen, n = 0;

	if (cap == 0)
		return 0;
	if (portname == NULL && cap >= IP_TEXT_MAX + 2 + 1 + 5 + 1 &&
	    (h == NULL || (hlen = strlen(h)) <= IP_TEXT_MAX + 1)) {
		/* The commonest cell of -n (a table's every row has two): the
		 * whole text fits, so write it in place, not through ip[].  A
		 * short host (a memo's numeric text) goes the same way. */
		if (h != NULL) {
			memcpy(buf, h, hlen);
			n = hlen;
		} else {
			n = put_host(buf, family, e->addr);
		}
		buf[n++] = ':';
		n += put_port(buf + n, e->port);
		buf[n] = '\0';
		return n;
	}
	if (h == NULL) {
		hlen = put_host(ip, family, e->addr);
		h = ip;
	} else {
		hlen = strlen(h);
	}
	if (portname == NULL) {
		plen = put_port(port, e->port);
		portname = port;
	} else {
		plen = strlen(portname);
	}
	/* HOST ':' PORT, cut to cap - 1 bytes as snprintf would. */
	if (hlen > cap - 1)
		hlen = cap - 1;
	memcpy(buf, h, hlen);
	n = hlen;
	if (n < cap - 1)
		buf[n++] = ':';
	if (plen > cap - 1 - n)
		plen = cap - 1 - n;
	memcpy(buf + n, portname, plen);
	n += plen;
	buf[n] = '\0';
	return n;
}

size_t addrfmt_zone(char *buf, const struct conntable *t, const struct conn_scope *s)
{
	const char *name = conntable_str(t, s->name);
	size_t n = strnlen(name, 15);

	if (s->name == 0 || n == 0)
		return addrfmt_u64(buf, s->ifindex);
	return escape_text(buf, name, n); /* a name is bytes from the system */
}

size_t addrfmt_ip_zone(char *buf, size_t cap, int family, const uint8_t addr[16], const char *zone)
{
	size_t n = addrfmt_ip(buf, cap, family, addr), z;

	if (zone == NULL || cap == 0 || n >= cap - 1)
		return n;
	buf[n++] = '%';
	z = strlen(zone);
	if (z > cap - 1 - n)
		z = cap - 1 - n; /* cut as addrfmt_ip cuts */
	memcpy(buf + n, zone, z);
	n += z;
	buf[n] = '\0';
	return n;
}

/* The host text with its zone: "[ADDR%ZONE]", "ADDR%ZONE" or "HOST%ZONE"; no NUL. */
static size_t put_zoned_host(char *p, int family, const uint8_t addr[16], const char *host,
			     const char *zone)
{
	size_t n = 0, z = strnlen(zone, ADDRFMT_ZONE_MAX - 1);

	if (host != NULL) {
		n = strnlen(host, 255);
		memcpy(p, host, n);
	} else {
		if (family == AF_INET6)
			p[n++] = '[';
		n += put_ip(p + n, family, addr);
	}
	p[n++] = '%';
	memcpy(p + n, zone, z);
	n += z;
	if (host == NULL && family == AF_INET6)
		p[n++] = ']';
	return n;
}

size_t addrfmt_endpoint_zone(char *buf, size_t cap, int family, const struct endpoint *e,
			     const char *host, const char *zone, const char *portname)
{
	char h[255 + 1 + ADDRFMT_ZONE_MAX + 2];

	if (zone == NULL)
		return addrfmt_endpoint(buf, cap, family, e, host, portname);
	h[put_zoned_host(h, family, e->addr, host, zone)] = '\0';
	return addrfmt_endpoint(buf, cap, family, e, h, portname);
}

size_t addrfmt_endpoint_zone_len(size_t cap, int family, const struct endpoint *e, const char *host,
				 const char *zone, const char *portname)
{
	char h[255 + 1 + ADDRFMT_ZONE_MAX + 2];

	if (zone == NULL)
		return addrfmt_endpoint_len(cap, family, e, host, portname);
	h[put_zoned_host(h, family, e->addr, host, zone)] = '\0';
	return addrfmt_endpoint_len(cap, family, e, h, portname);
}
