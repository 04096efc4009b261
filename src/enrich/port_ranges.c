/*
 * port_ranges.c - the host's port ranges: ip_local_port_range (the
 * ephemeral ports) and ip_local_reserved_ports, read under the proc root
 * so that saved trees classify as the host they came from.
 */
#include "lib/compat.h"

#include <errno.h>

#include "enrich/port_ranges.h"
#include "lib/number.h"
#include "lib/procfile.h"
#include "lib/warnings.h"
#include "lib/xmalloc.h"

/* The longest reserved-ports list read (port_space_read). */
#define RESERVED_MAX 8192

/*
 * A file under the proc root that is not a regular file (a FIFO, which
 * would block) or is larger than its buffer (a line of a few bytes on
 * Linux) is refused and said so once; a missing one (a saved tree without
 * it) keeps the default silently, as before.
 */
static void warn_refused(struct warnings *w, const char *proc_root, const char *rel, int err,
			 size_t cap)
{
	char why[64];

	if (w != NULL && (err == -EINVAL || err == -EFBIG))
		warnings_add(w, "%s/%s: %s", proc_root, rel,
			     procfile_strerror(err, cap, why, sizeof(why)));
}

static void set_default(struct port_range *r)
{
	r->low = PORTCLASS_EPHEMERAL_LOW;
	r->high = PORTCLASS_EPHEMERAL_HIGH;
	r->is_default = true;
}

/* A port number at *p (lib/number.h), *p moved past its digits. */
static bool take_port(const char **p, uint16_t *out)
{
	const char *s = *p;
	long long v;

	while (*s >= '0' && *s <= '9')
		s++;
	if (number_parse(*p, (size_t)(s - *p), 0, 65535, &v) != 0)
		return false;
	*p = s;
	*out = (uint16_t)v;
	return true;
}

static bool parse_range_port(const char **p, uint16_t *out)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
	return take_port(p, out);
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

int port_range_read(const char *proc_root, struct port_range *r, struct warnings *w)
{
	static const char rel[] = "sys/net/ipv4/ip_local_port_range";
	char buf[64];
	size_t len;
	int ret;

	set_default(r);
	ret = procfile_read(proc_root, rel, buf, sizeof(buf), &len);
	if (ret != 0) {
		warn_refused(w, proc_root, rel, ret, sizeof(buf));
		return ret;
	}
	ret = port_range_parse(buf, r);
	if (ret != 0)
		set_default(r);
	return ret;
}

/* The ports seen so far, one bit each: 8 KiB, on the heap rather than on a
 * stack that may be 40 KiB in all (ulimit -s 40, where ss runs). */
int port_space_parse_reserved(const char *text, const struct port_range *range, uint32_t *count)
{
	uint64_t *seen = xcalloc(65536 / 64, sizeof(*seen));
	const char *p = text;
	uint32_t n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	while (*p != '\0' && *p != '\n') {
		uint16_t lo16, hi16;
		unsigned lo, hi, port;

		if (!take_port(&p, &lo16))
			goto bad;
		hi16 = lo16;
		if (*p == '-' && (p++, !take_port(&p, &hi16)))
			goto bad;
		lo = lo16;
		hi = hi16;
		if (hi < lo)
			goto bad;
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
			goto bad;
	}
	*count = n;
	free(seen);
	return 0;
bad:
	free(seen);
	return -EINVAL;
}

int port_space_read(const char *proc_root, const struct port_range *range, struct port_space *r,
		    struct warnings *w)
{
	static const char rel[] = "sys/net/ipv4/ip_local_reserved_ports";
	char *buf; /* on the heap: a stack may be 40 KiB in all */
	size_t len;
	int err;

	r->low = range->low;
	r->high = range->high;
	r->ports = range->high >= range->low ? (uint32_t)(range->high - range->low) + 1 : 0;
	r->reserved = 0;
	r->is_default = range->is_default;
	/* 8 KiB is longer than any list the kernel prints for a sane host. */
	buf = xmalloc(RESERVED_MAX + 1);
	err = procfile_read(proc_root, rel, buf, RESERVED_MAX + 1, &len);
	if (err != 0)
		warn_refused(w, proc_root, rel, err, RESERVED_MAX + 1);
	else
		err = port_space_parse_reserved(buf, range, &r->reserved);
	free(buf);
	return err;
}
