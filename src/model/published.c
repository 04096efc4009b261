/*
 * published.c - the published ports' table and the exposure map (model/published.h).
 */
#include "lib/compat.h"

#include <string.h>

#include "lib/xmalloc.h"
#include "model/published.h"

void published_table_init(struct published_table *p)
{
	memset(p, 0, sizeof(*p));
}

void published_table_free(struct published_table *p)
{
	free(p->v);
	published_table_init(p);
}

void published_table_reset(struct published_table *p)
{
	p->len = 0;
}

struct published *published_table_add(struct published_table *p, const struct published *e)
{
	if (p->len == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->len] = *e;
	return &p->v[p->len++];
}

const char *published_via_name(unsigned via)
{
	switch (via) {
	case PUBLISHED_DNAT:
		return "dnat";
	case PUBLISHED_REDIRECT:
		return "redirect";
	case PUBLISHED_PROXY:
		return "proxy";
	default:
		return "?";
	}
}

void exposure_map_init(struct exposure_map *m)
{
	memset(m, 0, sizeof(*m));
	hashtab_init(&m->index);
}

void exposure_map_free(struct exposure_map *m)
{
	free(m->v);
	hashtab_free(&m->index);
	exposure_map_init(m);
}

void exposure_map_reset(struct exposure_map *m)
{
	m->len = 0;
	hashtab_clear(&m->index);
}

void exposure_map_set(struct exposure_map *m, uint64_t inode, enum exposure word)
{
	if (m->len == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	m->v[m->len].inode = inode;
	m->v[m->len].word = (uint8_t)word;
	hashtab_insert(&m->index, hash_u64(inode), (uint32_t)m->len);
	m->len++;
}

enum exposure exposure_map_get(const struct exposure_map *m, uint64_t inode)
{
	struct hashtab_iter it;
	uint32_t i;

	if (m == NULL || inode == 0)
		return EXPOSURE_NONE;
	for (i = hashtab_first(&m->index, hash_u64(inode), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&m->index, &it))
		if (m->v[i].inode == inode)
			return (enum exposure)m->v[i].word;
	return EXPOSURE_NONE;
}
