/*
 * portclass.c - IANA port classes and membership of the ephemeral range:
 * pure functions of a port (the range itself is read by enrich/port_ranges.c).
 */
#include "lib/compat.h"

#include "model/portclass.h"

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
