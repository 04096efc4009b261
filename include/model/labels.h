/*
 * labels.h - the names a table's rows are shown with, chosen by enrichment
 * (enrich/display_names.c): the host name of an address and the service
 * name of an endpoint's port.  Output renders them and never looks a name
 * up itself, so which port may be named (never an ephemeral one) and which
 * host names are known is decided in one place.
 *
 * Keyed by value, not by row: sorting or filtering the table keeps them.
 */
#ifndef PORTSTAT_MODEL_LABELS_H
#define PORTSTAT_MODEL_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/hashtab.h"

struct conntable;

struct label_host {
	uint8_t family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint32_t name; /* string pool offset in the table */
};

struct label_port {
	uint16_t port;
	uint8_t proto;	  /* enum conn_proto */
	const char *name; /* owned by the services database, which outlives the table */
};

struct labels {
	struct hashtab host_index;
	struct label_host *hosts;
	size_t hosts_len, hosts_cap;
	struct hashtab port_index;
	struct label_port *ports;
	size_t ports_len, ports_cap;
};

void labels_init(struct labels *l);
void labels_free(struct labels *l);
void labels_clear(struct labels *l);

/* Records name (len bytes, already escaped) as the host name of addr. */
void conntable_label_host(struct conntable *t, int family, const uint8_t addr[16], const char *name,
			  size_t len);
/* The host name recorded for addr, or NULL: show it numerically. */
const char *conntable_host_label(const struct conntable *t, int family, const uint8_t addr[16]);

/* Records name as what port of proto is shown as. */
void conntable_label_port(struct conntable *t, int proto, uint16_t port, const char *name);
/* The name recorded for port of proto, or NULL: show the number. */
const char *conntable_port_label(const struct conntable *t, int proto, uint16_t port);

#endif
