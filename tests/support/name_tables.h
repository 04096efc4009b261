/*
 * name_tables.h - the services and protocols databases as the tests see
 * them, through their public calls only: the built-in services table, how
 * many (port, protocol) names a database holds, and whether a database
 * names exactly what the built-in tables name.  portstat itself never
 * asks these questions, so they live here and not in src/.
 */
#ifndef PORTSTAT_TESTS_NAME_TABLES_H
#define PORTSTAT_TESTS_NAME_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "enrich/protocols.h"
#include "enrich/services.h"
#include "lib/warnings.h"
#include "model/conntable.h"

/* The built-in services table: what services_load falls back to for a file that names nothing. */
static inline struct services *services_load_builtin(void)
{
	struct services *s;
	struct warnings w;

	warnings_init(&w);
	if (services_load(&s, "/dev/null", &w) != 0 || w.len != 0)
		abort();
	warnings_free(&w);
	return s;
}

/* The number of (port, protocol) pairs with a name; udplite shares udp's. */
static inline size_t services_entries(const struct services *s)
{
	size_t n = 0;
	unsigned port;

	for (port = 0; port <= UINT16_MAX; port++)
		n += (services_name(s, (uint16_t)port, PROTO_TCP) != NULL) +
		     (services_name(s, (uint16_t)port, PROTO_UDP) != NULL);
	return n;
}

static inline bool same_name(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* True when s names every port as the built-in table does, and no other. */
static inline bool services_same_as_builtin(const struct services *s)
{
	struct services *b = services_load_builtin();
	bool same = true;
	unsigned port;

	for (port = 0; port <= UINT16_MAX && same; port++)
		same = same_name(services_name(s, (uint16_t)port, PROTO_TCP),
				 services_name(b, (uint16_t)port, PROTO_TCP)) &&
		       same_name(services_name(s, (uint16_t)port, PROTO_UDP),
				 services_name(b, (uint16_t)port, PROTO_UDP));
	services_free(b);
	return same;
}

/* True when p names every protocol number as the built-in names do, and no other. */
static inline bool protocols_same_as_builtin(const struct protocols *p)
{
	struct protocols *b;
	bool same = true;
	unsigned number;

	if (protocols_load(&b, "/dev/null") != 0)
		abort();
	for (number = 0; number < 256 && same; number++)
		same = same_name(protocols_name(p, number), protocols_name(b, number));
	protocols_free(b);
	return same;
}

#endif
