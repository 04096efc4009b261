/*
 * interfaces.c - interface index <-> name, once per distinct interface.
 *
 * if_indextoname and if_nametoindex ask the kernel (SIOCGIFNAME and
 * SIOCGIFINDEX on a datagram socket), which needs no privilege and no
 * file, so it works inside the sandbox.  A table has a handful of
 * distinct interfaces at most, so this is a few calls per snapshot.
 */
#include "lib/compat.h"

#include <net/if.h>

#include "enrich/interfaces.h"

void interfaces_enrich(struct conntable *t)
{
	size_t i;

	for (i = 0; i < t->scopes_len; i++) {
		char name[IF_NAMESIZE];

		t->scopes[i].name = 0;
		/* An interface gone since the dump keeps its number only. */
		if (if_indextoname(t->scopes[i].ifindex, name) != NULL)
			t->scopes[i].name = conntable_intern(t, name, strnlen(name, sizeof(name)));
	}
}

uint32_t interfaces_index(const char *name)
{
	return if_nametoindex(name);
}
