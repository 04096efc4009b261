/*
 * resolver.h - host names for the addresses of a table, never one blocking
 * lookup per line, and never more threads, descriptors or memory than a
 * fixed bound, however slow the name server and however fast the peers
 * change.
 *
 * resolver_run collects the distinct addresses of a table that the cache
 * does not hold yet and queues them for a small pool of lookup threads
 * (getnameinfo), then waits for this round's lookups until one overall
 * deadline.  Lookups still running at the deadline go on in the
 * background and fill the cache for the next snapshot (-c); until then
 * their addresses print numerically.  Formatters only read the cache
 * (resolver_name).
 *
 * Bounds: at most RESOLVER_MAX_THREADS threads ever (a lookup stuck in a
 * dead server's timeout holds its thread, and no thread is added for
 * it); at most RESOLVER_QUEUE_MAX addresses queued or being looked up,
 * each at most once; a queued address that the next table no longer has
 * is dropped from the queue, one it still has keeps its place.  The cache
 * holds the addresses of the last two tables resolver_run saw (names and
 * failures alike), at most RESOLVER_CACHE_MAX of them; past that, the
 * addresses of the previous table go first, and what still does not fit
 * prints numerically.
 */
#ifndef PORTSTAT_RESOLVER_H
#define PORTSTAT_RESOLVER_H

#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

#define RESOLVER_DEFAULT_TIMEOUT_MS 2000
#define RESOLVER_MAX_THREADS	    16
#define RESOLVER_QUEUE_MAX	    1024
#define RESOLVER_CACHE_MAX	    8192

struct resolver;

/*
 * One reverse lookup: writes addr's host name (NUL-terminated, at most
 * cap bytes) to host and returns 0, or returns non-zero when there is no
 * name.  Runs on a worker thread, possibly after resolver_free: fn and
 * arg must stay valid until every lookup has ended.
 */
typedef int (*resolver_lookup_fn)(void *arg, int family, const uint8_t addr[16], char *host,
				  size_t cap);

/* A resolver asking getnameinfo(3) (NI_NAMEREQD).  The sockets the
 * process holds now are its caller's (see resolver_resume). */
struct resolver *resolver_new(void);
/* A resolver asking fn instead: tests use it so that no query leaves the machine. */
struct resolver *resolver_new_with(resolver_lookup_fn fn, void *arg);
/* Frees the cache; lookups still running free their own state when they end. */
void resolver_free(struct resolver *r);

/*
 * Resolves the addresses of t's Internet sockets (wildcards excepted) that
 * are not cached, waiting at most timeout_ms in all for the ones this
 * round queued.  Returns the number of t's addresses without an answer at
 * the deadline (being looked up, queued, or left out by the bounds), or a
 * negative errno when no lookup thread could be started.
 */
int resolver_run(struct resolver *r, const struct conntable *t, unsigned timeout_ms);

/* The host name of addr (escaped, at most 255 bytes), or NULL: print it numerically. */
const char *resolver_name(const struct resolver *r, int family, const uint8_t addr[16]);

/*
 * Around reading the host's sockets: resolver_pause starts no new lookup
 * and notes the sockets the process holds (its lookups' DNS sockets, an
 * NSS daemon's); resolver_resume notes them again, lets the lookups go on,
 * and removes those sockets' rows from t (own_sockets.h), so that
 * portstat never lists its own lookups.  t is NULL when the table is not
 * this host's now (a saved tree, a replayed dump): nothing is removed.
 * Both do nothing for a NULL resolver (-n).
 */
void resolver_pause(struct resolver *r);
void resolver_resume(struct resolver *r, struct conntable *t);

#endif
