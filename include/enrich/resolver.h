/*
 * resolver.h - host names for the addresses of a table, never one blocking
 * lookup per line.
 *
 * resolver_run collects the distinct addresses of a table that the cache
 * does not hold yet, resolves them concurrently on a few threads
 * (getnameinfo), and waits for them until one overall deadline.  Lookups
 * still running at the deadline finish in the background and fill the
 * cache for the next snapshot (-c); until then their addresses print
 * numerically.  Formatters only read the cache (resolver_name).  The
 * cache holds the addresses of the last two tables resolver_run saw, so
 * that it does not grow with the rounds of -c.
 */
#ifndef PORTSTAT_RESOLVER_H
#define PORTSTAT_RESOLVER_H

#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

#define RESOLVER_DEFAULT_TIMEOUT_MS 2000
#define RESOLVER_MAX_THREADS	    16

struct resolver;

/*
 * One reverse lookup: writes addr's host name (NUL-terminated, at most
 * cap bytes) to host and returns 0, or returns non-zero when there is no
 * name.  Runs on a worker thread, possibly after resolver_free: fn and
 * arg must stay valid until every lookup has ended.
 */
typedef int (*resolver_lookup_fn)(void *arg, int family, const uint8_t addr[16], char *host,
				  size_t cap);

/* A resolver asking getnameinfo(3) (NI_NAMEREQD). */
struct resolver *resolver_new(void);
/* A resolver asking fn instead: tests use it so that no query leaves the machine. */
struct resolver *resolver_new_with(resolver_lookup_fn fn, void *arg);
/* Frees the cache; lookups still running free their own state when they end. */
void resolver_free(struct resolver *r);

/*
 * Resolves the addresses of t's Internet sockets (wildcards excepted) that
 * are not cached, waiting at most timeout_ms in all.  Returns the number of
 * addresses that are still being looked up at the deadline, or a negative
 * errno when no lookup thread could be started.
 */
int resolver_run(struct resolver *r, const struct conntable *t, unsigned timeout_ms);

/* The host name of addr (escaped, at most 255 bytes), or NULL: print it numerically. */
const char *resolver_name(const struct resolver *r, int family, const uint8_t addr[16]);

#endif
