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
#include "lib/xmalloc.h"

void interfaces_enrich(struct conntable *t)
{
	size_t i;

	for (i = 0; i < t->scopes_len; i++) {
		const struct conn_scope *s = &t->scopes[i];
		char here[IF_NAMESIZE];
		const char *name;

		if (t->netns != NULL)
			name = s->netns < t->netns->len
				   ? netns_ifname(&t->netns->v[s->netns], s->ifindex)
				   : NULL;
		else
			name = if_indextoname(s->ifindex, here);
		/* An interface gone since the dump keeps its number only. */
		t->scopes[i].name =
		    name != NULL ? conntable_intern(t, name, strnlen(name, IF_NAMESIZE)) : 0;
	}
}

void interfaces_read_here(struct netns *ns)
{
	struct if_nameindex *list = if_nameindex(), *p;
	size_t n = 0;

	free(ns->ifnames);
	ns->ifnames = NULL;
	ns->n_ifnames = 0;
	if (list == NULL)
		return;
	for (p = list; p->if_index != 0; p++)
		n++;
	ns->ifnames = xcalloc(n + 1, sizeof(*ns->ifnames));
	for (p = list; p->if_index != 0; p++) {
		ns->ifnames[ns->n_ifnames].index = p->if_index;
		(void)strlcpy(ns->ifnames[ns->n_ifnames].name, p->if_name,
			      sizeof(ns->ifnames[0].name));
		ns->n_ifnames++;
	}
	if_freenameindex(list);
}

uint32_t interfaces_index(const char *name)
{
	return if_nametoindex(name);
}
