/*
 * netns.c - the run's table of network namespaces (model/netns.h).
 */
#include "lib/compat.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "model/netns.h"

void netns_table_init(struct netns_table *t)
{
	memset(t, 0, sizeof(*t));
}

void netns_table_free(struct netns_table *t)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		free(t->v[i].name);
		free(t->v[i].ifnames);
	}
	free(t->v);
	netns_table_init(t);
}

int netns_table_find(const struct netns_table *t, uint64_t inode)
{
	size_t i;

	/* A few hundred at most, looked up once each at set-up: a scan is enough. */
	for (i = 0; inode != 0 && i < t->len; i++)
		if (t->v[i].inode == inode)
			return (int)i;
	return -1;
}

struct netns *netns_table_add(struct netns_table *t, uint64_t inode, size_t *index)
{
	int found = netns_table_find(t, inode);
	struct netns *ns;

	if (found >= 0) {
		*index = (size_t)found;
		return &t->v[found];
	}
	if (t->len >= NETNS_MAX)
		return NULL;
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	ns = &t->v[t->len];
	memset(ns, 0, sizeof(*ns));
	ns->inode = inode;
	ns->range.low = PORTCLASS_EPHEMERAL_LOW;
	ns->range.high = PORTCLASS_EPHEMERAL_HIGH;
	ns->range.is_default = true;
	*index = t->len++;
	return ns;
}

const struct port_range *netns_range_of(const struct netns_table *t, unsigned index,
					const struct port_range *fallback)
{
	return t != NULL && index < t->len ? &t->v[index].range : fallback;
}

const char *netns_ifname(const struct netns *ns, uint32_t index)
{
	size_t i;

	for (i = 0; i < ns->n_ifnames; i++)
		if (ns->ifnames[i].index == index)
			return ns->ifnames[i].name;
	return NULL;
}

void netns_set_name(struct netns *ns, const char *name)
{
	if (ns->name == NULL && name != NULL && name[0] != '\0')
		ns->name = xstrdup(name);
}

const char *netns_label(const struct netns *ns, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (ns->name != NULL)
		(void)strlcpy(buf, ns->name, len);
	else if (ns->container != NULL)
		(void)container_label(ns->container, false, buf, len);
	else
		(void)snprintf(buf, len, "net:[%" PRIu64 "]", ns->inode);
	return buf;
}
