/*
 * nat_map.c - the table of published-port mappings (model/nat_map.h).
 */
#include "lib/compat.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"
#include "model/nat_map.h"

void nat_map_init(struct nat_map *m)
{
	memset(m, 0, sizeof(*m));
}

void nat_map_free(struct nat_map *m)
{
	size_t i;

	for (i = 0; i < m->len; i++) {
		free(m->v[i].table);
		free(m->v[i].chain);
	}
	free(m->v);
	nat_map_init(m);
}

struct nat_mapping *nat_map_add(struct nat_map *m, const struct nat_mapping *e, const char *table,
				const char *chain)
{
	struct nat_mapping *n;

	if (m->len == m->cap) {
		m->cap = m->cap == 0 ? 16 : m->cap * 2;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	n = &m->v[m->len++];
	*n = *e;
	n->table = xstrdup(table != NULL ? table : "");
	n->chain = xstrdup(chain != NULL ? chain : "");
	return n;
}

const char *nat_mechanism_name(uint8_t mechanism)
{
	switch (mechanism) {
	case NAT_DNAT:
		return "dnat";
	case NAT_REDIRECT:
		return "redirect";
	default:
		return "?";
	}
}
