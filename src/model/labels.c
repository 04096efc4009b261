/*
 * labels.c - storage of the display names enrichment chose for a table.
 */
#include "lib/compat.h"

#include <string.h>

#include "lib/xmalloc.h"
#include "model/conntable.h"
#include "model/labels.h"

void labels_init(struct labels *l)
{
	memset(l, 0, sizeof(*l));
}

void labels_free(struct labels *l)
{
	hashtab_free(&l->host_index);
	hashtab_free(&l->port_index);
	free(l->hosts);
	free(l->ports);
	labels_init(l);
}

void labels_clear(struct labels *l)
{
	hashtab_clear(&l->host_index);
	hashtab_clear(&l->port_index);
	l->hosts_len = 0;
	l->ports_len = 0;
}

static uint64_t host_hash(int family, const uint8_t addr[16])
{
	uint8_t key[17];

	key[0] = (uint8_t)family;
	memcpy(key + 1, addr, 16);
	return hash_bytes(key, sizeof(key));
}

static uint64_t port_hash(int proto, uint16_t port)
{
	return hash_u64((uint64_t)proto << 16 | port);
}

static const struct label_host *find_host(const struct labels *l, int family,
					  const uint8_t addr[16], uint64_t hash)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&l->host_index, hash, &it); i != HASHTAB_NONE;
	     i = hashtab_next(&l->host_index, &it))
		if (l->hosts[i].family == family && memcmp(l->hosts[i].addr, addr, 16) == 0)
			return &l->hosts[i];
	return NULL;
}

static const struct label_port *find_port(const struct labels *l, int proto, uint16_t port,
					  uint64_t hash)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&l->port_index, hash, &it); i != HASHTAB_NONE;
	     i = hashtab_next(&l->port_index, &it))
		if (l->ports[i].proto == proto && l->ports[i].port == port)
			return &l->ports[i];
	return NULL;
}

void conntable_label_host(struct conntable *t, int family, const uint8_t addr[16], const char *name,
			  size_t len)
{
	struct labels *l = &t->labels;
	uint64_t hash = host_hash(family, addr);
	struct label_host *h;

	if (find_host(l, family, addr, hash) != NULL)
		return;
	if (l->hosts_len == l->hosts_cap) {
		l->hosts_cap = l->hosts_cap ? l->hosts_cap * 2 : 16;
		l->hosts = xreallocarray(l->hosts, l->hosts_cap, sizeof(*l->hosts));
	}
	h = &l->hosts[l->hosts_len];
	h->family = (uint8_t)family;
	memcpy(h->addr, addr, 16);
	h->name = conntable_intern(t, name, len);
	hashtab_insert(&l->host_index, hash, (uint32_t)l->hosts_len++);
}

const char *conntable_host_label(const struct conntable *t, int family, const uint8_t addr[16])
{
	const struct label_host *h;

	if (t->labels.hosts_len == 0)
		return NULL;
	h = find_host(&t->labels, family, addr, host_hash(family, addr));
	return h != NULL ? conntable_str(t, h->name) : NULL;
}

void conntable_label_port(struct conntable *t, int proto, uint16_t port, const char *name)
{
	struct labels *l = &t->labels;
	uint64_t hash = port_hash(proto, port);

	if (find_port(l, proto, port, hash) != NULL)
		return;
	if (l->ports_len == l->ports_cap) {
		l->ports_cap = l->ports_cap ? l->ports_cap * 2 : 16;
		l->ports = xreallocarray(l->ports, l->ports_cap, sizeof(*l->ports));
	}
	l->ports[l->ports_len] = (struct label_port){port, (uint8_t)proto, name};
	hashtab_insert(&l->port_index, hash, (uint32_t)l->ports_len++);
}

const char *conntable_port_label(const struct conntable *t, int proto, uint16_t port)
{
	const struct label_port *p;

	if (t->labels.ports_len == 0)
		return NULL;
	p = find_port(&t->labels, proto, port, port_hash(proto, port));
	return p != NULL ? p->name : NULL;
}
