/*
 * resolver.c - concurrent reverse lookups with a cache and a deadline.
 *
 * Each resolver_run makes one batch: the addresses to look up, a mutex, a
 * condition variable and a reference count.  Detached worker threads take
 * addresses from the batch, call the lookup (getnameinfo(3) unless a test
 * gave its own) and post the result.  The caller waits on the condition
 * until every address is done or the deadline passes, then copies the
 * results into its cache.  A batch is freed by whoever drops the last
 * reference, so a worker stuck in a slow DNS query can outlive the
 * caller's interest without touching freed memory.  The cache (an array
 * of entries on the one hash index, lib/hashtab.h) is owned by the
 * caller's thread alone.
 *
 * Continuous mode (-c) brings new addresses every round, so the cache
 * keeps only the addresses of the current round and the one before (an
 * address that comes back after a round away is looked up again).  An
 * entry dropped while its lookup runs costs nothing: the batch owns the
 * job's name, and harvest finds no entry to give it to.
 */
#include "lib/compat.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/escape.h"
#include "lib/hashtab.h"
#include "enrich/resolver.h"
#include "lib/xmalloc.h"

#define HOST_NAME_LIMIT 255
#define CACHE_MIN	256 /* entries the cache's array starts with and never shrinks below */

enum entry_state { ENTRY_PENDING = 1, ENTRY_DONE };

struct cache_entry {
	uint8_t state; /* enum entry_state */
	uint8_t family;
	uint8_t addr[16]; /* IPv4: first 4 bytes, the rest zero */
	uint32_t seen;	  /* the last round whose table had the address */
	char *name;	  /* escaped host name; NULL: print numerically */
};

struct job {
	uint8_t family;
	uint8_t addr[16];
	bool done;
	bool harvested; /* copied into the cache (caller's side only) */
	char *name;	/* set by the worker; NULL when not resolved */
};

struct batch {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* signalled whenever a job is done */
	size_t refs;	     /* the resolver's plus one per running worker */
	size_t next;	     /* the next job a worker takes */
	size_t ndone;
	size_t njobs;
	bool cancelled;		   /* the resolver let go: take no new job */
	resolver_lookup_fn lookup; /* copied: workers may outlive the resolver */
	void *lookup_arg;
	struct job *jobs;
	struct batch *later; /* the resolver's list of unfinished batches */
};

struct resolver {
	struct cache_entry *entries; /* in no order; cache_evict packs them */
	size_t len, cap;
	struct hashtab index;	  /* entries by hash_bytes of their address */
	uint32_t round;		  /* resolver_run calls so far; wraps harmlessly */
	struct batch *unfinished; /* batches with jobs still running */
	resolver_lookup_fn lookup;
	void *lookup_arg;
};

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static uint64_t addr_hash(int family, const uint8_t addr[16])
{
	return hash_bytes(addr, addr_len(family));
}

static struct cache_entry *cache_find(const struct resolver *r, int family, const uint8_t addr[16])
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&r->index, addr_hash(family, addr), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&r->index, &it)) {
		struct cache_entry *e = &r->entries[i];

		if (e->family == family && memcmp(e->addr, addr, addr_len(family)) == 0)
			return e;
	}
	return NULL;
}

/* A new PENDING entry for an address that is not in the cache. */
static void cache_insert(struct resolver *r, int family, const uint8_t addr[16])
{
	struct cache_entry *e;

	if (r->len == r->cap) {
		r->cap = r->cap ? r->cap * 2 : CACHE_MIN;
		r->entries = xreallocarray(r->entries, r->cap, sizeof(*r->entries));
	}
	e = &r->entries[r->len];
	memset(e, 0, sizeof(*e));
	e->state = ENTRY_PENDING;
	e->family = (uint8_t)family;
	memcpy(e->addr, addr, addr_len(family));
	e->seen = r->round;
	hashtab_insert(&r->index, addr_hash(family, addr), (uint32_t)r->len++);
}

/* True when the entry's address was in neither this round's table nor the last one's. */
static bool entry_stale(const struct resolver *r, const struct cache_entry *e)
{
	return (uint32_t)(r->round - e->seen) > 1;
}

/*
 * Drops the stale entries (freeing their names), packs the rest and
 * indexes them anew.  When a quarter of the room is left in use (a burst
 * of addresses has passed), the memory shrinks to fit too, so that the
 * cache's footprint follows the last two rounds, not the largest ever.
 */
static void cache_evict(struct resolver *r)
{
	size_t i, keep = 0;

	for (i = 0; i < r->len; i++) {
		if (entry_stale(r, &r->entries[i]))
			free(r->entries[i].name);
		else
			r->entries[keep++] = r->entries[i];
	}
	if (keep == r->len)
		return;
	r->len = keep;
	if (r->cap > CACHE_MIN && keep * 4 < r->cap) {
		r->cap = keep * 2 > CACHE_MIN ? keep * 2 : CACHE_MIN;
		r->entries = xreallocarray(r->entries, r->cap, sizeof(*r->entries));
		hashtab_free(&r->index);
		hashtab_reserve(&r->index, keep);
	} else {
		hashtab_clear(&r->index);
	}
	for (i = 0; i < keep; i++)
		hashtab_insert(&r->index, addr_hash(r->entries[i].family, r->entries[i].addr),
			       (uint32_t)i);
}

/* The lookup of resolver_new: the system's resolver (hosts file, DNS...). */
static int lookup_system(void *arg, int family, const uint8_t addr[16], char *host, size_t cap)
{
	struct sockaddr_storage ss;
	socklen_t sslen;

	(void)arg;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, addr, 4);
		sslen = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, addr, 16);
		sslen = sizeof(*sin6);
	}
	return getnameinfo((struct sockaddr *)&ss, sslen, host, (socklen_t)cap, NULL, 0,
			   NI_NAMEREQD);
}

struct resolver *resolver_new_with(resolver_lookup_fn fn, void *arg)
{
	struct resolver *r = xcalloc(1, sizeof(*r));

	r->lookup = fn;
	r->lookup_arg = arg;
	hashtab_init(&r->index);
	return r;
}

struct resolver *resolver_new(void)
{
	return resolver_new_with(lookup_system, NULL);
}

static void batch_free(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->njobs; i++)
		free(b->jobs[i].name);
	free(b->jobs);
	(void)pthread_cond_destroy(&b->cond);
	(void)pthread_mutex_destroy(&b->lock);
	free(b);
}

/* Drops one reference; the last one out frees the batch. */
static void batch_release(struct batch *b, bool cancel)
{
	bool last;

	(void)pthread_mutex_lock(&b->lock);
	if (cancel)
		b->cancelled = true;
	last = --b->refs == 0;
	(void)pthread_mutex_unlock(&b->lock);
	if (last)
		batch_free(b);
}

/* The escaped name, or NULL when there is none or it is too long to print. */
static char *lookup(const struct batch *b, const struct job *j)
{
	char host[NI_MAXHOST];
	char esc[ESCAPE_BOUND(NI_MAXHOST)];
	size_t n;

	if (b->lookup(b->lookup_arg, j->family, j->addr, host, sizeof(host)) != 0)
		return NULL;
	n = escape_text(esc, host, strnlen(host, sizeof(host)));
	if (n == 0 || n > HOST_NAME_LIMIT)
		return NULL;
	return xstrdup(esc);
}

static void *worker(void *arg)
{
	struct batch *b = arg;

	(void)pthread_mutex_lock(&b->lock);
	while (!b->cancelled && b->next < b->njobs) {
		struct job *j = &b->jobs[b->next++];
		char *name;

		(void)pthread_mutex_unlock(&b->lock);
		name = lookup(b, j);
		(void)pthread_mutex_lock(&b->lock);
		j->name = name;
		j->done = true;
		b->ndone++;
		(void)pthread_cond_signal(&b->cond);
	}
	(void)pthread_mutex_unlock(&b->lock);
	batch_release(b, false);
	return NULL;
}

/* Copies finished jobs into the cache; true when every job is harvested.
 * Called with the batch locked. */
static bool harvest(struct resolver *r, struct batch *b)
{
	size_t i, harvested = 0;

	for (i = 0; i < b->njobs; i++) {
		struct job *j = &b->jobs[i];
		struct cache_entry *e;

		if (j->done && !j->harvested) {
			/* The entry may be gone (evicted), or filled already by
			 * a lookup of an earlier batch for the same address
			 * (evicted, then seen again): the name stays the job's. */
			e = cache_find(r, j->family, j->addr);
			if (e != NULL && e->state == ENTRY_PENDING) {
				e->name = j->name;
				e->state = ENTRY_DONE;
				j->name = NULL;
			}
			j->harvested = true;
		}
		harvested += j->harvested;
	}
	return harvested == b->njobs;
}

static void harvest_unfinished(struct resolver *r)
{
	struct batch **pp = &r->unfinished;

	while (*pp != NULL) {
		struct batch *b = *pp;
		bool all;

		(void)pthread_mutex_lock(&b->lock);
		all = harvest(r, b);
		(void)pthread_mutex_unlock(&b->lock);
		if (all) {
			*pp = b->later;
			batch_release(b, true);
		} else {
			pp = &b->later;
		}
	}
}

static void add_job(struct resolver *r, struct batch *b, size_t *cap, int family,
		    const struct endpoint *e)
{
	struct cache_entry *ce;
	struct job *j;

	if (endpoint_addr_is_any(e, family))
		return;
	ce = cache_find(r, family, e->addr);
	if (ce != NULL) {
		ce->seen = r->round;
		return;
	}
	cache_insert(r, family, e->addr);
	if (b->njobs == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		b->jobs = xreallocarray(b->jobs, *cap, sizeof(*b->jobs));
	}
	j = &b->jobs[b->njobs++];
	memset(j, 0, sizeof(*j));
	j->family = (uint8_t)family;
	memcpy(j->addr, e->addr, addr_len(family));
}

static struct batch *batch_new(struct resolver *r, const struct conntable *t)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	pthread_condattr_t ca;
	size_t cap = 0, i;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!conn_is_inet(c))
			continue;
		add_job(r, b, &cap, c->family, &c->local);
		add_job(r, b, &cap, c->family, &c->remote);
	}
	if (pthread_mutex_init(&b->lock, NULL) != 0 || pthread_condattr_init(&ca) != 0)
		abort(); /* cannot fail with default attributes on Linux */
	(void)pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&b->cond, &ca) != 0)
		abort();
	(void)pthread_condattr_destroy(&ca);
	b->refs = 1;
	b->lookup = r->lookup;
	b->lookup_arg = r->lookup_arg;
	return b;
}

/* Starts up to RESOLVER_MAX_THREADS detached workers; returns how many started. */
static size_t start_workers(struct batch *b)
{
	pthread_attr_t attr;
	pthread_t tid;
	size_t want = b->njobs < RESOLVER_MAX_THREADS ? b->njobs : RESOLVER_MAX_THREADS;
	size_t started = 0;

	if (pthread_attr_init(&attr) != 0)
		return 0;
	(void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	(void)pthread_mutex_lock(&b->lock);
	for (; started < want; started++) {
		b->refs++;
		if (pthread_create(&tid, &attr, worker, b) != 0) {
			b->refs--;
			break;
		}
	}
	(void)pthread_mutex_unlock(&b->lock);
	(void)pthread_attr_destroy(&attr);
	return started;
}

static struct timespec deadline_after(unsigned ms)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/* Marks the cache entries of jobs no worker will take as numeric. */
static void give_up_untaken(struct resolver *r, struct batch *b, size_t from)
{
	size_t i;

	for (i = from; i < b->njobs; i++) {
		struct cache_entry *e = cache_find(r, b->jobs[i].family, b->jobs[i].addr);

		if (e != NULL)
			e->state = ENTRY_DONE;
		b->jobs[i].done = b->jobs[i].harvested = true;
	}
}

int resolver_run(struct resolver *r, const struct conntable *t, unsigned timeout_ms)
{
	struct timespec deadline = deadline_after(timeout_ms);
	struct batch *b;
	size_t pending;
	bool all;

	r->round++;
	harvest_unfinished(r);
	b = batch_new(r, t);
	cache_evict(r);
	if (b->njobs == 0) {
		batch_release(b, true);
		return 0;
	}
	if (start_workers(b) == 0) {
		give_up_untaken(r, b, 0);
		batch_release(b, true);
		return -EAGAIN;
	}
	(void)pthread_mutex_lock(&b->lock);
	while (b->ndone < b->njobs &&
	       pthread_cond_timedwait(&b->cond, &b->lock, &deadline) != ETIMEDOUT)
		;
	all = harvest(r, b);
	pending = b->njobs - b->ndone;
	(void)pthread_mutex_unlock(&b->lock);
	if (all) {
		batch_release(b, true);
	} else {
		b->later = r->unfinished;
		r->unfinished = b;
	}
	return (int)(pending > 0x7fffffff ? 0x7fffffff : pending);
}

const char *resolver_name(const struct resolver *r, int family, const uint8_t addr[16])
{
	const struct cache_entry *e;

	if (r == NULL)
		return NULL;
	e = cache_find(r, family, addr);
	return e != NULL && e->state == ENTRY_DONE ? e->name : NULL;
}

void resolver_free(struct resolver *r)
{
	size_t i;

	if (r == NULL)
		return;
	while (r->unfinished != NULL) {
		struct batch *b = r->unfinished;

		r->unfinished = b->later;
		batch_release(b, true);
	}
	for (i = 0; i < r->len; i++)
		free(r->entries[i].name);
	free(r->entries);
	hashtab_free(&r->index);
	free(r);
}
