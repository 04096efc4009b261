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

void socket_notes_init(struct socket_notes *m)
{
	memset(m, 0, sizeof(*m));
	hashtab_init(&m->index);
}

void socket_notes_free(struct socket_notes *m)
{
	free(m->v);
	hashtab_free(&m->index);
	socket_notes_init(m);
}

void socket_notes_reset(struct socket_notes *m)
{
	m->len = 0;
	hashtab_clear(&m->index);
}

/* The note of inode, added (empty) when new. */
static struct socket_note *note_of(struct socket_notes *m, uint64_t inode)
{
	struct socket_note *n = (struct socket_note *)socket_notes_get(m, inode);

	if (n != NULL)
		return n;
	if (m->len == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	n = &m->v[m->len];
	memset(n, 0, sizeof(*n));
	n->inode = inode;
	hashtab_insert(&m->index, hash_u64(inode), (uint32_t)m->len);
	m->len++;
	return n;
}

void socket_notes_set_exposure(struct socket_notes *m, uint64_t inode, enum exposure word)
{
	note_of(m, inode)->exposure = (uint8_t)word;
}

void socket_notes_set_nat(struct socket_notes *m, uint64_t inode, int family,
			  const struct endpoint *dialed, const struct endpoint *reached)
{
	struct socket_note *n = note_of(m, inode);

	n->nat_family = (uint8_t)family;
	n->dialed = *dialed;
	n->reached = *reached;
}

const struct socket_note *socket_notes_get(const struct socket_notes *m, uint64_t inode)
{
	struct hashtab_iter it;
	uint32_t i;

	if (m == NULL || inode == 0)
		return NULL;
	for (i = hashtab_first(&m->index, hash_u64(inode), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&m->index, &it))
		if (m->v[i].inode == inode)
			return &m->v[i];
	return NULL;
}

enum exposure socket_notes_exposure(const struct socket_notes *m, uint64_t inode)
{
	const struct socket_note *n = socket_notes_get(m, inode);

	return n != NULL ? (enum exposure)n->exposure : EXPOSURE_NONE;
}
