/*
 * owners.c - socket inode -> owning processes, in one pass over /proc.
 *
 * The table's distinct inodes go into the one hash index (lib/hashtab.h);
 * each descriptor link of each process is read once and looked up there.  Found pairs are
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

#include <sys/stat.h>

#include "lib/hashtab.h"
#include "lib/number.h"
#include "lib/procfile.h"
#include "enrich/owners.h"
#include "enrich/systemd_units.h"
#include "lib/xmalloc.h"

#define COMM_MAX    64	 /* the kernel's TASK_COMM_LEN is 16; leave room */
#define COMM_CUT    15	 /* a comm this long may have been cut (TASK_COMM_LEN - 1) */
#define COMMAND_MAX 4096 /* PATH_MAX: an exe link or argv[0] */
#define UNIT_MAX    256

/* The table's distinct socket inodes; a key is an index into inodes. */
struct inode_hash {
	struct hashtab index; /* hash_u64(inode) -> key */
	uint64_t *inodes;
	size_t nkeys;
};

/* One (socket, process) pair found by the scan. */
struct pair {
	uint32_t key;
	uint32_t owner; /* index into the per-process list */
};

struct proc_owner {
	pid_t pid;
	uid_t uid; /* the owner of /proc/PID: the process's effective uid */
	uint32_t comm;
	uint32_t command;
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

static void hash_build(struct inode_hash *h, const struct conntable *t)
{
	size_t i;

	hashtab_init(&h->index);
	hashtab_reserve(&h->index, t->len);
	h->inodes = xreallocarray(NULL, t->len ? t->len : 1, sizeof(*h->inodes));
	h->nkeys = 0;
	for (i = 0; i < t->len; i++) {
		uint64_t ino = t->conns[i].inode;
		struct hashtab_iter it;
		uint32_t k;

		if (ino == 0)
			continue;
		for (k = hashtab_first(&h->index, hash_u64(ino), &it); k != HASHTAB_NONE;
		     k = hashtab_next(&h->index, &it))
			if (h->inodes[k] == ino)
				break;
		if (k != HASHTAB_NONE)
			continue;
		h->inodes[h->nkeys] = ino;
		hashtab_insert(&h->index, hash_u64(ino), (uint32_t)h->nkeys++);
	}
}

/* The key of inode, or -1 when no socket of the table has it. */
static long hash_find(const struct inode_hash *h, uint64_t ino)
{
	struct hashtab_iter it;
	uint32_t k;

	for (k = hashtab_first(&h->index, hash_u64(ino), &it); k != HASHTAB_NONE;
	     k = hashtab_next(&h->index, &it))
		if (h->inodes[k] == ino)
			return (long)k;
	return -1;
}

static void hash_free(struct inode_hash *h)
{
	hashtab_free(&h->index);
	free(h->inodes);
}

bool owners_parse_socket_link(const char *link, size_t len, uint64_t *inode)
{
	long long v;

	if (len < 10 || memcmp(link, "socket:[", 8) != 0 || link[len - 1] != ']')
		return false;
	/* The kernel numbers socket inodes with get_next_ino(), 32 bits wide:
	 * LLONG_MAX leaves room to spare. */
	if (number_parse(link + 8, len - 9, 1, LLONG_MAX, &v) != 0)
		return false;
	*inode = (uint64_t)v;
	return true;
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

/* The last path component of s[0..n): where a name starts. */
static const char *base_name(const char *s, size_t *n)
{
	size_t i = *n;

	while (i > 0 && s[i - 1] != '/')
		i--;
	*n -= i;
	return s + i;
}

/* Whether the candidate name[0..n) is what comm[0..COMM_CUT) was cut from. */
static bool extends_comm(const char *name, size_t n, const char *comm)
{
	return n > COMM_CUT && memcmp(name, comm, COMM_CUT) == 0;
}

/*
 * The full command name of a process whose comm is exactly COMM_CUT bytes
 * (the kernel cut it there: "systemd-resolve" for systemd-resolved), into
 * buf; returns its length, or 0 when no longer name is known.
 *
 * The executable's name (/proc/PID/exe) comes first: the kernel keeps it,
 * the process cannot rewrite it.  argv[0] (/proc/PID/cmdline) is next: the
 * name it was started under, which differs when the exe link resolved a
 * symlink (an interpreter: python3.11 for a script run as "myserver").
 * Either counts only when comm is its prefix, as it must be for the name
 * comm was cut from, so another executable behind a symlink or a name set
 * by prctl(PR_SET_NAME) never replaces comm; and argv[0] only without a
 * space, since a process that rewrote it into a status line
 * ("name: master process") left no name there.  Both files are readable whenever
 * the fd directory was, so the cost is one readlink (rarely a read) per
 * socket-holding process with a 15-byte comm.
 */
static size_t full_command(int pidfd, const char *comm, char *buf, size_t cap)
{
	static const char deleted[] = " (deleted)";
	ssize_t n = readlinkat(pidfd, "exe", buf, cap);
	const char *name;
	size_t len;

	if (n > 0 && (size_t)n < cap) {
		len = (size_t)n;
		/* An executable replaced on disk (an upgrade) reads "PATH (deleted)". */
		if (len > sizeof(deleted) - 1 &&
		    memcmp(buf + len - (sizeof(deleted) - 1), deleted, sizeof(deleted) - 1) == 0)
			len -= sizeof(deleted) - 1;
		name = base_name(buf, &len);
		if (extends_comm(name, len, comm)) {
			memmove(buf, name, len);
			return len;
		}
	}
	n = procfile_read_at(pidfd, "cmdline", buf, cap);
	if (n <= 0)
		return 0;
	len = strnlen(buf, (size_t)n); /* argv[0] ends at the first NUL */
	if (memchr(buf, ' ', len) != NULL)
		return 0;
	name = base_name(buf, &len);
	if (!extends_comm(name, len, comm))
		return 0;
	memmove(buf, name, len);
	return len;
}

/*
 * Names the process whose sockets were just found.  Returns false when it
 * vanished (its comm file is gone): its pairs are then dropped.
 */
static bool name_process(struct scan *s, struct conntable *t, int pidfd, pid_t pid, bool units)
{
	char comm[COMM_MAX], unit[UNIT_MAX], command[COMMAND_MAX];
	ssize_t n = procfile_read_at(pidfd, "comm", comm, sizeof(comm));
	struct proc_owner *p;
	struct stat sb;
	size_t cn;

	if (n < 0 || fstat(pidfd, &sb) != 0)
		return false;
	if (n > 0 && comm[n - 1] == '\n')
		n--;
	if (s->nprocs == s->cap_procs) {
		s->cap_procs = s->cap_procs ? s->cap_procs * 2 : 64;
		s->procs = xreallocarray(s->procs, s->cap_procs, sizeof(*s->procs));
	}
	p = &s->procs[s->nprocs++];
	p->pid = pid;
	p->uid = sb.st_uid;
	p->comm = conntable_intern(t, comm, (size_t)n);
	p->command = 0;
	if (n == COMM_CUT && (cn = full_command(pidfd, comm, command, sizeof(command))) > 0)
		p->command = conntable_intern(t, command, cn);
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

/*
 * Whether a process this user could not read may also hold c, whose owners
 * found are owners[0..n).  Without one, any socket with an inode may be
 * theirs ('?').  With one, a socket created by a user none of its visible
 * owners runs as was most likely handed over or inherited (a root server
 * that forked and dropped to a user, socket activation), and its creator
 * may still hold it ('+?'); a socket of the owner's own user is not marked,
 * or every row of a non-root run would be.
 */
static bool may_have_hidden(const struct scan *s, const struct conn *c, const struct pair *owners,
			    uint32_t n)
{
	uint32_t k;

	if (c->inode == 0)
		return false;
	for (k = 0; k < n; k++)
		if (s->procs[owners[k].owner].uid == (uid_t)c->uid)
			return false;
	return true;
}

/*
 * Lays the pairs out per key, in PID order, and points every socket at its
 * run; with hidden (some process could not be read), marks owners_hidden.
 */
static void place_owners(struct scan *s, struct conntable *t, bool hidden)
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
		uint32_t k = conntable_add_owner(t, o->pid, o->comm, o->unit);

		t->owners[k].command = o->command;
	}
	/* start[k] is now the end of key k's run. */
	for (i = 0; i < t->len; i++) {
		struct conn *c = &t->conns[i];
		long key = c->inode != 0 ? hash_find(&s->h, c->inode) : -1;
		uint32_t begin = 0;

		c->owner_count = 0;
		c->owner_first = 0;
		if (key >= 0) {
			begin = key > 0 ? start[key - 1] : 0;
			c->owner_first = (uint32_t)(base + begin);
			c->owner_count = start[key] - begin;
		}
		c->owners_hidden = hidden && may_have_hidden(s, c, sorted + begin, c->owner_count);
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
	place_owners(&s, t, st->hidden_processes > 0);
	(void)close(rootfd);
	free(pids);
	hash_free(&s.h);
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

static const char *processes_are(size_t n)
{
	return n == 1 ? "process is" : "processes are";
}

void owners_warn_hidden(const struct conntable *t, const struct owners_stats *st,
			struct warnings *w)
{
	size_t i, none = 0, more = 0;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (c->owners_hidden && c->owner_count == 0)
			none++;
		else if (c->owners_hidden)
			more++;
	}
	if (more == 0 && none > 0)
		warnings_add(w,
			     "owners of %zu socket%s hidden ('?'): %zu %s not readable by this "
			     "user; root sees them",
			     none, none == 1 ? " is" : "s are", st->hidden_processes,
			     processes_are(st->hidden_processes));
	else if (none == 0 && more > 0)
		warnings_add(w,
			     "%zu socket%s may have owners not shown ('+?'): %zu %s not readable "
			     "by this user; root sees them",
			     more, more == 1 ? "" : "s", st->hidden_processes,
			     processes_are(st->hidden_processes));
	else if (none > 0)
		warnings_add(w,
			     "owners of %zu socket%s hidden ('?') and %zu more may have owners not "
			     "shown ('+?'): %zu %s not readable by this user; root sees them",
			     none, none == 1 ? " is" : "s are", more, st->hidden_processes,
			     processes_are(st->hidden_processes));
}

void owners_warn_query(size_t missed, const struct owners_stats *st, struct warnings *w)
{
	if (missed == 0)
		return;
	warnings_add(w,
		     "--pid/--command may have missed %zu socket%s whose owners are hidden: %zu %s "
		     "not readable by this user; root sees them",
		     missed, missed == 1 ? "" : "s", st->hidden_processes,
		     processes_are(st->hidden_processes));
}
