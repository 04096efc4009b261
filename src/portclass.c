/*
 * portclass.c - IANA port classes and the host's ephemeral range.
 *
 * Pure apart from portclass_read_range, which reads one small file under
 * the proc root (so that saved trees classify as the host they came from).
 */
#include "compat.h"

#include <errno.h>

#include "portclass.h"
#include "procfile.h"

enum port_class portclass_of(uint16_t port)
{
	if (port <= 1023)
		return PC_WELL_KNOWN;
	if (port <= 49151)
		return PC_REGISTERED;
	return PC_DYNAMIC;
}

bool portclass_is_ephemeral(uint16_t port, const struct port_range *r)
{
	return port != 0 && port >= r->low && port <= r->high;
}

static void set_default(struct port_range *r)
{
	r->low = PORTCLASS_EPHEMERAL_LOW;
	r->high = PORTCLASS_EPHEMERAL_HIGH;
	r->is_default = true;
}

static bool parse_port(const char **p, uint16_t *out)
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

int portclass_parse_range(const char *text, struct port_range *r)
{
	const char *p = text;
	uint16_t low, high;

	if (!parse_port(&p, &low) || (*p != ' ' && *p != '\t') || !parse_port(&p, &high))
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

int portclass_read_range(const char *proc_root, struct port_range *r)
{
	char buf[64];
	size_t len;
	int ret;

	set_default(r);
	ret = procfile_read(proc_root, "sys/net/ipv4/ip_local_port_range", buf, sizeof(buf), &len);
	if (ret != 0)
		return ret;
	ret = portclass_parse_range(buf, r);
	if (ret != 0)
		set_default(r);
	return ret;
}

enum port_class portclass_from_name(const char *name)
{
	if (strcmp(name, "well-known") == 0)
		return PC_WELL_KNOWN;
	if (strcmp(name, "registered") == 0)
		return PC_REGISTERED;
	if (strcmp(name, "dynamic") == 0)
		return PC_DYNAMIC;
	return PC_NONE;
}
