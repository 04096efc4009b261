/*
 * resolver.c - reverse lookups on a fixed pool of threads, with a bounded
 * queue, a bounded cache and a deadline.
 *
 * The caller's thread owns the cache: entries on the one hash index
 * (lib/hashtab.h), each an address with its state (see enum entry_state).
 * The pool is shared with the workers under one mutex: RESOLVER_QUEUE_MAX
 * job slots, the queue of the ones waiting (oldest first), and the
 * workers' count.  Only the caller takes and frees slots; a worker moves a
 * job from QUEUED to RUNNING to DONE.  The caller harvests DONE jobs into
 * the cache at the start and at the end of each round.  The pool is freed
 * by whoever drops the last reference (the resolver or the last worker),
 * so a worker stuck in a dead server's timeout can outlive the resolver
 * without touching freed memory.
 *
 * Why nothing grows: threads are started only while there are fewer than
 * RESOLVER_MAX_THREADS and more queued jobs than idle threads, and they
 * stay for the next rounds; a stuck lookup keeps its thread busy and the
 * others take the queue.  An address has at most one cache entry and an
 * entry at most one job, and an entry whose lookup runs is never dropped,
 * so an address is never looked up twice at once.  Each round, a queued
 * job whose address the table no longer has is dropped from the queue
 * (with its entry); one it still has keeps its place.  An address that
 * finds no free slot waits in the cache (ENTRY_WANTED) for a later round.
 */
#include "lib/compat.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>

#include "enrich/own_sockets.h"
#include "enrich/resolver.h"
#include "lib/escape.h"
#include "lib/hashtab.h"
#include "lib/xmalloc.h"

#define HOST_NAME_LIMIT 255
#define CACHE_MIN	256 /* entries the cache's array starts with and never shrinks below */
#define NO_JOB		UINT32_MAX

enum entry_state {
	ENTRY_WANTED = 1, /* in this round's table, not queued yet (no free slot) */
	ENTRY_PENDING,	  /* its job is queued, running, or done but not harvested */
	ENTRY_DONE	  /* name (or NULL: none) known */
};

struct cache_entry {
	uint8_t state; /* enum entry_state */
	uint8_t family;
	uint8_t addr[16]; /* IPv4: first 4 bytes, the rest zero */
	uint32_t seen;	  /* the last round whose table had the address */
	uint32_t job;	  /* PENDING: its slot in the pool */
	char *name;	  /* escaped host name; NULL: print numerically */
};

enum job_state { JOB_FREE = 0, JOB_QUEUED, JOB_RUNNING, JOB_DONE };

struct job {
	uint8_t state; /* enum job_state */
	uint8_t family;
	uint8_t addr[16];
	uint32_t round; /* the round that queued it */
	uint32_t prev;	/* QUEUED: the queue's links; FREE: next is the free list's */
	uint32_t next;
	char *name; /* DONE: set by the worker; NULL when not resolved */
};

struct pool;

/*
 * One worker thread, joinable: resolver_free joins each one not inside a
 * lookup, so that it has finished (and glibc freed its per-thread resolver
 * state) before the program exits; one inside a lookup is detached.
 */
struct worker_slot {
	struct pool *pool;
	pthread_t tid;
	bool in_lookup;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work; /* a job was queued, lookups may start again, or stop */
	pthread_cond_t done; /* a job of the current round is done */
	size_t refs;	     /* the resolver's plus one per worker */
	unsigned threads;    /* workers alive, busy or not */
	unsigned idle;	     /* workers waiting for a job */
	bool stop;	     /* the resolver let go: take no new job */
	bool paused;	     /* the table is being read: start no lookup */
	uint32_t round;	     /* the caller's current round */
	size_t fresh_left;   /* jobs of the current round not done yet */
	size_t queued;
	uint32_t head, tail;	   /* queued jobs, oldest first */
	resolver_lookup_fn lookup; /* copied: workers may outlive the resolver */
	void *lookup_arg;
	struct job jobs[RESOLVER_QUEUE_MAX];
	unsigned started; /* slots[0..started): workers ever started (they leave only at stop) */
	struct worker_slot slots[RESOLVER_MAX_THREADS];
};

struct resolver {
	struct cache_entry *entries; /* in no order; cache_evict packs them */
	size_t len, cap;
	struct hashtab index; /* entries by hash_bytes of their address */
	uint32_t round;	      /* resolver_run calls so far; wraps harmlessly */
	uint32_t free_slot;   /* the pool's free slots, linked by job.next */
	struct pool *pool;
	struct own_sockets own;
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

/* A new WANTED entry for an address that is not in the cache (room checked by the caller). */
static void cache_insert(struct resolver *r, int family, const uint8_t addr[16])
{
	struct cache_entry *e;

	if (r->len == r->cap) {
		r->cap = r->cap ? r->cap * 2 : CACHE_MIN;
		r->entries = xreallocarray(r->entries, r->cap, sizeof(*r->entries));
	}
	e = &r->entries[r->len];
	memset(e, 0, sizeof(*e));
	e->state = ENTRY_WANTED;
	e->family = (uint8_t)family;
	memcpy(e->addr, addr, addr_len(family));
	e->seen = r->round;
	e->job = NO_JOB;
	hashtab_insert(&r->index, addr_hash(family, addr), (uint32_t)r->len++);
}

/* Pool side: the queue and the free slots.  Called with the pool locked. */

static void queue_push(struct pool *p, uint32_t j)
{
	p->jobs[j].prev = p->tail;
	p->jobs[j].next = NO_JOB;
	if (p->tail != NO_JOB)
		p->jobs[p->tail].next = j;
	else
		p->head = j;
	p->tail = j;
	p->queued++;
}

static void queue_unlink(struct pool *p, uint32_t j)
{
	struct job *job = &p->jobs[j];

	if (job->prev != NO_JOB)
		p->jobs[job->prev].next = job->next;
	else
		p->head = job->next;
	if (job->next != NO_JOB)
		p->jobs[job->next].prev = job->prev;
	else
		p->tail = job->prev;
	p->queued--;
}

static void slot_free(struct resolver *r, uint32_t j)
{
	struct job *job = &r->pool->jobs[j];

	free(job->name);
	job->name = NULL;
	job->state = JOB_FREE;
	job->next = r->free_slot;
	r->free_slot = j;
}

/*
 * Whether an entry stays in the cache, max_age rounds after it was last
 * seen at most.  An entry whose job is queued stays only while the
 * current table has it (its job is dropped with it); one whose lookup
 * runs (or has ended unharvested) always stays, so that its address is
 * not queued a second time.  Called with the pool locked.
 */
static bool entry_kept(struct resolver *r, struct cache_entry *e, uint32_t max_age)
{
	uint32_t age = r->round - e->seen;
	struct job *job;

	switch (e->state) {
	case ENTRY_DONE:
		return age <= max_age;
	case ENTRY_WANTED:
		return age == 0;
	default:
		job = &r->pool->jobs[e->job];
		if (job->state != JOB_QUEUED)
			return true;
		if (age == 0)
			return true;
		queue_unlink(r->pool, e->job);
		slot_free(r, e->job);
		return false;
	}
}

/*
 * Drops the entries entry_kept lets go (freeing their names), packs the
 * rest and indexes them anew.  When a quarter of the room is left in use
 * (a burst of addresses has passed), the memory shrinks to fit too, so
 * that the cache's footprint follows the last two rounds, not the largest
 * ever.
 */
static void cache_evict(struct resolver *r, uint32_t max_age)
{
	size_t i, keep = 0;

	(void)pthread_mutex_lock(&r->pool->lock);
	for (i = 0; i < r->len; i++) {
		if (entry_kept(r, &r->entries[i], max_age))
			r->entries[keep++] = r->entries[i];
		else
			free(r->entries[i].name);
	}
	(void)pthread_mutex_unlock(&r->pool->lock);
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

static struct pool *pool_new(resolver_lookup_fn fn, void *arg)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	pthread_condattr_t ca;

	if (pthread_mutex_init(&p->lock, NULL) != 0 || pthread_condattr_init(&ca) != 0)
		abort(); /* cannot fail with default attributes on Linux */
	(void)pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&p->work, &ca) != 0 || pthread_cond_init(&p->done, &ca) != 0)
		abort();
	(void)pthread_condattr_destroy(&ca);
	p->refs = 1;
	p->head = p->tail = NO_JOB;
	p->lookup = fn;
	p->lookup_arg = arg;
	return p;
}

static void pool_free(struct pool *p)
{
	size_t i;

	for (i = 0; i < RESOLVER_QUEUE_MAX; i++)
		free(p->jobs[i].name);
	(void)pthread_cond_destroy(&p->work);
	(void)pthread_cond_destroy(&p->done);
	(void)pthread_mutex_destroy(&p->lock);
	free(p);
}

struct resolver *resolver_new_with(resolver_lookup_fn fn, void *arg)
{
	struct resolver *r = xcalloc(1, sizeof(*r));
	uint32_t j;

	r->pool = pool_new(fn, arg);
	r->free_slot = NO_JOB;
	for (j = RESOLVER_QUEUE_MAX; j-- > 0;) {
		r->pool->jobs[j].next = r->free_slot;
		r->free_slot = j;
	}
	hashtab_init(&r->index);
	/* Without /proc, nothing is inherited and nothing will be noted. */
	(void)own_sockets_init(&r->own);
	return r;
}

struct resolver *resolver_new(void)
{
	return resolver_new_with(lookup_system, NULL);
}

/* The escaped name, or NULL when there is none or it is too long to print. */
static char *lookup(const struct pool *p, int family, const uint8_t addr[16])
{
	char host[NI_MAXHOST];
	char esc[ESCAPE_BOUND(NI_MAXHOST)];
	size_t n;

	if (p->lookup(p->lookup_arg, family, addr, host, sizeof(host)) != 0)
		return NULL;
	n = escape_text(esc, host, strnlen(host, sizeof(host)));
	if (n == 0 || n > HOST_NAME_LIMIT)
		return NULL;
	return xstrdup(esc);
}

static void *worker(void *arg)
{
	struct worker_slot *slot = arg;
	struct pool *p = slot->pool;
	bool last;

	(void)pthread_mutex_lock(&p->lock);
	for (;;) {
		uint32_t j;
		struct job *job;
		uint8_t addr[16];
		int family;
		char *name;

		while (!p->stop && (p->paused || p->head == NO_JOB)) {
			p->idle++;
			(void)pthread_cond_wait(&p->work, &p->lock);
			p->idle--;
		}
		if (p->stop)
			break;
		j = p->head;
		queue_unlink(p, j);
		job = &p->jobs[j];
		job->state = JOB_RUNNING;
		family = job->family;
		memcpy(addr, job->addr, sizeof(addr));
		slot->in_lookup = true;
		(void)pthread_mutex_unlock(&p->lock);
		name = lookup(p, family, addr);
		(void)pthread_mutex_lock(&p->lock);
		slot->in_lookup = false;
		job->name = name;
		job->state = JOB_DONE;
		if (job->round == p->round && p->fresh_left > 0 && --p->fresh_left == 0)
			(void)pthread_cond_signal(&p->done);
	}
	p->threads--;
	last = --p->refs == 0;
	(void)pthread_mutex_unlock(&p->lock);
	if (last)
		pool_free(p);
	return NULL;
}

/*
 * Starts workers while there are fewer than the bound and more queued jobs
 * than workers about to take one (the idle ones and those just started).
 * A worker stuck in a lookup is not replaced.  Called with the pool locked.
 */
static void start_workers(struct pool *p)
{
	size_t started = 0;

	/* Workers leave only at stop: started counts the live ones until then. */
	while (p->started < RESOLVER_MAX_THREADS && p->queued > p->idle + started) {
		struct worker_slot *slot = &p->slots[p->started];

		slot->pool = p;
		slot->in_lookup = false;
		p->refs++;
		if (pthread_create(&slot->tid, NULL, worker, slot) != 0) {
			p->refs--;
			break;
		}
		p->threads++;
		p->started++;
		started++;
	}
}

/* Copies done jobs into the cache and frees their slots.  Called with the pool locked. */
static void harvest(struct resolver *r)
{
	uint32_t j;

	for (j = 0; j < RESOLVER_QUEUE_MAX; j++) {
		struct job *job = &r->pool->jobs[j];
		struct cache_entry *e;

		if (job->state != JOB_DONE)
			continue;
		e = cache_find(r, job->family, job->addr);
		if (e != NULL && e->state == ENTRY_PENDING && e->job == j) {
			e->name = job->name;
			e->state = ENTRY_DONE;
			e->job = NO_JOB;
			job->name = NULL;
		}
		slot_free(r, j);
	}
}

static void harvest_locked(struct resolver *r)
{
	(void)pthread_mutex_lock(&r->pool->lock);
	harvest(r);
	(void)pthread_mutex_unlock(&r->pool->lock);
}

/*
 * Marks an address of this round's table: seen again, or a new WANTED
 * entry while the cache has room.  Returns false when it had none.
 */
static bool want(struct resolver *r, int family, const struct endpoint *ep)
{
	struct cache_entry *e;

	if (endpoint_addr_is_any(ep, family))
		return true;
	e = cache_find(r, family, ep->addr);
	if (e != NULL) {
		e->seen = r->round;
		return true;
	}
	if (r->len >= RESOLVER_CACHE_MAX)
		return false;
	cache_insert(r, family, ep->addr);
	return true;
}

/* want() for every address of t; false when some found no room. */
static bool want_table(struct resolver *r, const struct conntable *t)
{
	bool all = true;
	size_t i;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!conn_is_inet(c))
			continue;
		all &= want(r, c->family, &c->local);
		all &= want(r, c->family, &c->remote);
	}
	return all;
}

/* Gives the WANTED entries free slots, oldest first; returns how many were queued. */
static size_t queue_wanted(struct resolver *r)
{
	struct pool *p = r->pool;
	size_t i, n = 0;

	for (i = 0; i < r->len && r->free_slot != NO_JOB; i++) {
		struct cache_entry *e = &r->entries[i];
		uint32_t j = r->free_slot;
		struct job *job = &p->jobs[j];

		if (e->state != ENTRY_WANTED)
			continue;
		r->free_slot = job->next;
		job->state = JOB_QUEUED;
		job->family = e->family;
		memcpy(job->addr, e->addr, sizeof(job->addr));
		job->round = r->round;
		job->name = NULL;
		queue_push(p, j);
		e->state = ENTRY_PENDING;
		e->job = j;
		n++;
	}
	return n;
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

/* This round's addresses that have no answer yet. */
static size_t unanswered(const struct resolver *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->len; i++)
		n += r->entries[i].seen == r->round && r->entries[i].state != ENTRY_DONE;
	return n;
}

int resolver_run(struct resolver *r, const struct conntable *t, unsigned timeout_ms)
{
	struct timespec deadline = deadline_after(timeout_ms);
	struct pool *p = r->pool;
	size_t fresh, left;
	bool started;

	r->round++;
	harvest_locked(r);
	/* Full: once every address of this table is marked, the previous
	 * table's make room for the rest (which then wait for a free slot). */
	if (!want_table(r, t)) {
		cache_evict(r, 0);
		(void)want_table(r, t);
	}
	/* The last two tables' names stay; queued addresses gone from this one leave the queue. */
	cache_evict(r, 1);
	(void)pthread_mutex_lock(&p->lock);
	fresh = queue_wanted(r);
	p->round = r->round;
	p->fresh_left = fresh;
	start_workers(p);
	started = p->threads > 0;
	if (p->queued > 0)
		(void)pthread_cond_broadcast(&p->work);
	while (started && p->fresh_left > 0 &&
	       pthread_cond_timedwait(&p->done, &p->lock, &deadline) != ETIMEDOUT)
		;
	harvest(r);
	(void)pthread_mutex_unlock(&p->lock);
	left = unanswered(r);
	if (!started && left > 0)
		return -EAGAIN;
	return (int)(left > 0x7fffffff ? 0x7fffffff : left);
}

const char *resolver_name(const struct resolver *r, int family, const uint8_t addr[16])
{
	const struct cache_entry *e;

	if (r == NULL)
		return NULL;
	e = cache_find(r, family, addr);
	return e != NULL && e->state == ENTRY_DONE ? e->name : NULL;
}

void resolver_pause(struct resolver *r)
{
	if (r == NULL)
		return;
	(void)pthread_mutex_lock(&r->pool->lock);
	r->pool->paused = true;
	(void)pthread_mutex_unlock(&r->pool->lock);
	/* A lookup that runs now may hold a socket the table will list. */
	own_sockets_clear(&r->own);
	(void)own_sockets_note(&r->own);
}

void resolver_resume(struct resolver *r, struct conntable *t)
{
	if (r == NULL)
		return;
	/* And one opened since (a running lookup's next query) may be gone by now. */
	(void)own_sockets_note(&r->own);
	(void)pthread_mutex_lock(&r->pool->lock);
	r->pool->paused = false;
	if (r->pool->queued > 0)
		(void)pthread_cond_broadcast(&r->pool->work);
	(void)pthread_mutex_unlock(&r->pool->lock);
	if (t != NULL)
		(void)own_sockets_drop(&r->own, t);
}

void resolver_free(struct resolver *r)
{
	bool join[RESOLVER_MAX_THREADS];
	struct pool *p;
	unsigned started;
	bool last;
	size_t i;

	if (r == NULL)
		return;
	p = r->pool;
	(void)pthread_mutex_lock(&p->lock);
	p->stop = true;
	(void)pthread_cond_broadcast(&p->work);
	/* One stuck in a lookup (a dead server) is left to finish alone. */
	for (i = 0; i < p->started; i++) {
		join[i] = !p->slots[i].in_lookup;
		if (!join[i])
			(void)pthread_detach(p->slots[i].tid);
	}
	started = p->started;
	(void)pthread_mutex_unlock(&p->lock);
	/* Idle ones leave at once: the pool stays ours (refs) until they have. */
	for (i = 0; i < started; i++)
		if (join[i])
			(void)pthread_join(p->slots[i].tid, NULL);
	(void)pthread_mutex_lock(&p->lock);
	last = --p->refs == 0;
	(void)pthread_mutex_unlock(&p->lock);
	if (last)
		pool_free(p);
	for (i = 0; i < r->len; i++)
		free(r->entries[i].name);
	free(r->entries);
	hashtab_free(&r->index);
	own_sockets_free(&r->own);
	free(r);
}
