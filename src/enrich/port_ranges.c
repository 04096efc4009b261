/*
 * port_ranges.c - the host's port ranges: ip_local_port_range (the
 * ephemeral ports) and ip_local_reserved_ports, read under the proc root
 * so that saved trees classify as the host they came from.
 */
#include "lib/compat.h"

#include <errno.h>

#include "enrich/port_ranges.h"
#include "lib/procfile.h"

static void set_default(struct port_range *r)
{
	r->low = PORTCLASS_EPHEMERAL_LOW;
	r->high = PORTCLASS_EPHEMERAL_HIGH;
	r->is_default = true;
}

static bool parse_range_port(const char **p, uint16_t *out)
{
	unsigned long v = 0;
	size_t digits = 0;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	while (**p >= '0' && **p <= '9' && digits < 6) {
		v = v * 10 + (unsigned long)(*(*p)++ - '0');
		digits++;
	}
	if (digits == 0 || v > 65535)
		return false;
	*out = (uint16_t)v;
	return true;
}

int port_range_parse(const char *text, struct port_range *r)
{
	const char *p = text;
	uint16_t low, high;

	if (!parse_range_port(&p, &low) || (*p != ' ' && *p != '\t') ||
	    !parse_range_port(&p, &high))
		return -EINVAL;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p != '\0' || low == 0 || low > high)
		return -EINVAL;
	r->low = low;
	r->high = high;
	r->is_default = false;
	return 0;
}

int port_range_read(const char *proc_root, struct port_range *r)
{
	char buf[64];
	size_t len;
	int ret;

	set_default(r);
	ret = procfile_read(proc_root, "sys/net/ipv4/ip_local_port_range", buf, sizeof(buf), &len);
	if (ret != 0)
		return ret;
	ret = port_range_parse(buf, r);
	if (ret != 0)
		set_default(r);
	return ret;
}

static bool parse_port(const char **p, unsigned *out)
{
	unsigned v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 65535)
			return false;
	}
	*p = s;
	*out = v;
	return true;
}

int port_space_parse_reserved(const char *text, const struct port_range *range, uint32_t *count)
{
	uint64_t seen[65536 / 64];
	const char *p = text;
	uint32_t n = 0;

	memset(seen, 0, sizeof(seen));
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p != '\0' && *p != '\n') {
		unsigned lo, hi, port;

		if (!parse_port(&p, &lo))
			return -EINVAL;
		hi = lo;
		if (*p == '-' && (p++, !parse_port(&p, &hi)))
			return -EINVAL;
		if (hi < lo)
			return -EINVAL;
		for (port = lo; port <= hi; port++) {
			uint64_t bit = 1ull << (port % 64);

			if (port < range->low || port > range->high || (seen[port / 64] & bit))
				continue;
			seen[port / 64] |= bit;
			n++;
		}
		if (*p == ',')
			p++;
		else if (*p != '\0' && *p != '\n')
			return -EINVAL;
	}
	*count = n;
	return 0;
}

int port_space_read(const char *proc_root, const struct port_range *range, struct port_space *r)
{
	char buf[8192];
	size_t len;
	int err;

	r->low = range->low;
	r->high = range->high;
	r->ports = range->high >= range->low ? (uint32_t)(range->high - range->low) + 1 : 0;
	r->reserved = 0;
	r->is_default = range->is_default;
	err = procfile_read(proc_root, "sys/net/ipv4/ip_local_reserved_ports", buf, sizeof(buf),
			    &len);
	if (err != 0)
		return err;
	if (len == sizeof(buf) - 1)
		return -EINVAL; /* longer than any list the kernel prints for a sane host */
	return port_space_parse_reserved(buf, range, &r->reserved);
}
