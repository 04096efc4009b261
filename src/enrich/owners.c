/*
 * procmap.c - socket inode -> owning processes, in one pass over /proc.
 *
 * The table's inodes go into an open-addressing hash (linear probing, load
 * at most one half, so probes stay short at any size); each descriptor
 * link of each process is read once and looked up there.  Found pairs are
 * collected, then laid out per socket in PID order with a counting sort,
 * so that conn.owner_first/owner_count index a contiguous run.
 */
#include "lib/compat.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/number.h"
#include "lib/procfile.h"
#include "enrich/owners.h"
#include "enrich/systemd_units.h"
#include "lib/xmalloc.h"

#define COMM_MAX 64 /* the kernel's TASK_COMM_LEN is 16; leave room */
#define UNIT_MAX 256

/* inode -> key (index of a distinct inode), 0 marks an empty slot. */
struct inode_hash {
	uint64_t *inodes;
	uint32_t *keys; /* key + 1 */
	size_t mask;
	size_t nkeys;
};

/* One (socket, process) pair found by the scan. */
struct pair {
	uint32_t key;
	uint32_t owner; /* index into the per-process list */
};

struct proc_owner {
	pid_t pid;
	uint32_t comm;
	uint32_t unit;
};

struct scan {
	struct inode_hash h;
	uint32_t *last_pid; /* per key: the last PID recorded, to drop duplicate fds */
	struct pair *pairs;
	size_t npairs, cap_pairs;
	struct proc_owner *procs;
	size_t nprocs, cap_procs;
};

static size_t hash_slot(uint64_t inode, size_t mask)
{
	return (size_t)((inode * 0x9E3779B97F4A7C15ull) >> 17) & mask;
}

static void hash_build(struct inode_hash *h, const struct conntable *t)
{
	size_t n = 16, i;

	while (n < t->len * 2)
		n *= 2;
	h->inodes = xcalloc(n, sizeof(*h->inodes));
	h->keys = xcalloc(n, sizeof(*h->keys));
	h->mask = n - 1;
	h->nkeys = 0;
	for (i = 0; i < t->len; i++) {
		uint64_t ino = t->conns[i].inode;
		size_t s;

		if (ino == 0)
			continue;
		s = hash_slot(ino, h->mask);
		while (h->keys[s] != 0 && h->inodes[s] != ino)
			s = (s + 1) & h->mask;
		if (h->keys[s] == 0) {
			h->inodes[s] = ino;
			h->keys[s] = (uint32_t)++h->nkeys;
		}
	}
}

/* The key of inode, or -1 when no socket of the table has it. */
static long hash_find(const struct inode_hash *h, uint64_t ino)
{
	size_t s = hash_slot(ino, h->mask);

	while (h->keys[s] != 0) {
		if (h->inodes[s] == ino)
			return (long)h->keys[s] - 1;
		s = (s + 1) & h->mask;
	}
	return -1;
}

bool owners_parse_socket_link(const char *link, size_t len, uint64_t *inode)
{
	uint64_t v = 0;
	size_t i;

	if (len < 10 || memcmp(link, "socket:[", 8) != 0 || link[len - 1] != ']')
		return false;
	for (i = 8; i < len - 1; i++) {
		uint64_t d = (uint64_t)(link[i] - '0');

		if (link[i] < '0' || link[i] > '9' || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*inode = v;
	return v != 0;
}

static bool parse_pid(const char *name, pid_t *pid)
{
	long long v;

	if (number_parse(name, strlen(name), 1, INT_MAX, &v) != 0)
		return false;
	*pid = (pid_t)v;
	return true;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Every PID under the proc root, in ascending order (so owners come out sorted). */
static int list_pids(const char *proc_root, pid_t **out, size_t *n)
{
	DIR *d = opendir(proc_root);
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (d == NULL)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		pid_t pid;

		if (!parse_pid(de->d_name, &pid))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 512;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		(*out)[(*n)++] = pid;
	}
	(void)closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cmp_pid);
	return 0;
}

static void add_pair(struct scan *s, uint32_t key, uint32_t owner)
{
	if (s->npairs == s->cap_pairs) {
		s->cap_pairs = s->cap_pairs ? s->cap_pairs * 2 : 1024;
		s->pairs = xreallocarray(s->pairs, s->cap_pairs, sizeof(*s->pairs));
	}
	s->pairs[s->npairs++] = (struct pair){key, owner};
}

/*
 * Names the process whose sockets were just found.  Returns false when it
 * vanished (its comm file is gone): its pairs are then dropped.
 */
static bool name_process(struct scan *s, struct conntable *t, int pidfd, pid_t pid, bool units)
{
	char comm[COMM_MAX], unit[UNIT_MAX];
	ssize_t n = procfile_read_at(pidfd, "comm", comm, sizeof(comm));
	struct proc_owner *p;

	if (n < 0)
		return false;
	if (n > 0 && comm[n - 1] == '\n')
		n--;
	if (s->nprocs == s->cap_procs) {
		s->cap_procs = s->cap_procs ? s->cap_procs * 2 : 64;
		s->procs = xreallocarray(s->procs, s->cap_procs, sizeof(*s->procs));
	}
	p = &s->procs[s->nprocs++];
	p->pid = pid;
	p->comm = conntable_intern(t, comm, (size_t)n);
	p->unit = 0;
	if (units) {
		int u = systemd_unit_of_pid(pidfd, unit, sizeof(unit));

		if (u > 0)
			p->unit = conntable_intern(t, unit, (size_t)u);
	}
	return true;
}

/* Scans one process; returns -EACCES when its descriptors cannot be read. */
static int scan_process(struct scan *s, struct conntable *t, int rootfd, pid_t pid, bool units)
{
	char path[64], link[64];
	size_t first_pair = s->npairs;
	int pidfd, fdfd;
	DIR *d;
	struct dirent *de;

	(void)snprintf(path, sizeof(path), "%ld", (long)pid);
	pidfd = openat(rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return 0; /* vanished */
	fdfd = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fdfd < 0) {
		int e = errno;

		(void)close(pidfd);
		return (e == EACCES || e == EPERM) ? -EACCES : 0;
	}
	d = fdopendir(fdfd);
	if (d == NULL) {
		(void)close(fdfd);
		(void)close(pidfd);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		ssize_t n;
		uint64_t ino;
		long key;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(fdfd, de->d_name, link, sizeof(link));
		if (n <= 0 || (size_t)n >= sizeof(link))
			continue; /* closed meanwhile, or not a socket (a long path) */
		if (!owners_parse_socket_link(link, (size_t)n, &ino))
			continue;
		key = hash_find(&s->h, ino);
		if (key < 0 || s->last_pid[key] == (uint32_t)pid)
			continue;
		s->last_pid[key] = (uint32_t)pid;
		add_pair(s, (uint32_t)key, (uint32_t)s->nprocs);
	}
	(void)closedir(d);
	if (s->npairs > first_pair && !name_process(s, t, pidfd, pid, units))
		s->npairs = first_pair;
	(void)close(pidfd);
	return 0;
}

/* Lays the pairs out per key, in PID order, and points every socket at its run. */
static void place_owners(struct scan *s, struct conntable *t)
{
	uint32_t *start = xcalloc(s->h.nkeys + 1, sizeof(*start));
	struct pair *sorted = xreallocarray(NULL, s->npairs ? s->npairs : 1, sizeof(*sorted));
	size_t i, base = t->owners_len;

	for (i = 0; i < s->npairs; i++)
		start[s->pairs[i].key + 1]++;
	for (i = 0; i < s->h.nkeys; i++)
		start[i + 1] += start[i];
	/* Stable: pairs were found in ascending PID order. */
	for (i = 0; i < s->npairs; i++) {
		struct pair *p = &s->pairs[i];

		sorted[start[p->key]++] = *p;
	}
	for (i = 0; i < s->npairs; i++) {
		const struct proc_owner *o = &s->procs[sorted[i].owner];

		(void)conntable_add_owner(t, o->pid, o->comm, o->unit);
	}
	/* start[k] is now the end of key k's run. */
	for (i = 0; i < t->len; i++) {
		struct conn *c = &t->conns[i];
		long key = c->inode != 0 ? hash_find(&s->h, c->inode) : -1;
		uint32_t begin;

		c->owner_count = 0;
		c->owner_first = 0;
		if (key < 0)
			continue;
		begin = key > 0 ? start[key - 1] : 0;
		c->owner_first = (uint32_t)(base + begin);
		c->owner_count = start[key] - begin;
	}
	free(sorted);
	free(start);
}

int owners_enrich(struct conntable *t, const char *proc_root, bool units, struct owners_stats *st,
		  struct warnings *w)
{
	struct scan s;
	pid_t *pids = NULL;
	size_t npids = 0, i;
	int r, rootfd;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < t->len; i++) {
		t->conns[i].owner_count = 0;
		t->conns[i].owners_hidden = false;
	}
	rootfd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = rootfd < 0 ? -errno : list_pids(proc_root, &pids, &npids);
	if (r < 0) {
		if (rootfd >= 0)
			(void)close(rootfd);
		warnings_add(w, "cannot list processes under %s: %s; owners unknown", proc_root,
			     strerror(-r));
		return r;
	}
	memset(&s, 0, sizeof(s));
	hash_build(&s.h, t);
	s.last_pid = xcalloc(s.h.nkeys + 1, sizeof(*s.last_pid));
	if (s.h.nkeys > 0) {
		for (i = 0; i < npids; i++) {
			st->processes++;
			if (scan_process(&s, t, rootfd, pids[i], units) == -EACCES)
				st->hidden_processes++;
		}
	}
	st->owners = s.npairs;
	place_owners(&s, t);
	if (st->hidden_processes > 0)
		for (i = 0; i < t->len; i++) {
			struct conn *c = &t->conns[i];

			c->owners_hidden = c->inode != 0 && c->owner_count == 0;
		}
	(void)close(rootfd);
	free(pids);
	free(s.h.inodes);
	free(s.h.keys);
	free(s.last_pid);
	free(s.pairs);
	free(s.procs);
	return 0;
}

size_t owners_count_hidden(const struct conntable *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->len; i++)
		n += t->conns[i].owners_hidden;
	return n;
}

void owners_warn_hidden(const struct conntable *t, const struct owners_stats *st,
			struct warnings *w)
{
	size_t n = owners_count_hidden(t);

	if (n == 0)
		return;
	warnings_add(w,
		     "owners of %zu socket%s hidden ('?'): %zu process%s not readable by this "
		     "user; root sees them",
		     n, n == 1 ? " is" : "s are", st->hidden_processes,
		     st->hidden_processes == 1 ? " is" : "es are");
}
