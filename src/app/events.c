/*
 * events.c - -E's loop: wait on every namespace's destroy-group socket
 * and on the interrupting signals (a signalfd: no handler, no global
 * flag), print each socket as the kernel closes it, and once a second
 * poll the sockets:
 *   - their owners (one scan of the processes) are kept by endpoints, so
 *     that a socket closed later is shown with the process that held it
 *     (its notification carries no inode: the file is gone by then); a
 *     socket born and closed between two polls has no known owner;
 *   - the TCP listeners are compared with the last poll's by namespace,
 *     address and port: new ones are opened, missing ones closed, and one
 *     with another inode was closed and opened again in between: replaced.
 * On the signal, what is queued is read and printed before the run ends.
 */
#include "lib/compat.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "app/events.h"
#include "enrich/owners.h"
#include "lib/hashtab.h"
#include "lib/warnings.h"
#include "lib/xmalloc.h"
#include "model/conntable.h"
#include "output/events.h"
#include "source/collect.h"
#include "source/events.h"
#include "source/netns.h"

#define EVENTS_RECV_SIZE (64 * 1024)
#define POLL_INTERVAL_MS 1000

/* A socket by what identifies it after its file is gone. */
struct sock_key {
	uint8_t addr_local[16];
	uint8_t addr_remote[16];
	uint16_t port_local;
	uint16_t port_remote;
	uint16_t netns;
	uint8_t proto;
	uint8_t family;
};

/* A socket a poll saw: its key, inode, owner (when one was seen) and row. */
struct seen {
	struct sock_key key;
	struct conn conn;
	bool owner_known;
	pid_t pid;
	char command[SOCK_EVENT_COMMAND_MAX];
};

struct seen_set {
	struct seen *v;
	size_t len, cap;
	struct hashtab index;
};

/* One watched namespace. */
struct watch {
	struct mnl_socket *nl;
	unsigned netns;
	const char *proc_dir; /* where its /proc/net/netlink is read: the Drops */
	uint64_t drops;	      /* lost notifications already said */
};

struct events_loop {
	const struct events_setup *s;
	struct events_format fmt;
	struct watch *watches;
	size_t n_watches;
	struct seen_set owners;	   /* every socket of the last poll that had an owner */
	struct seen_set listeners; /* the TCP listeners of the last poll */
	struct seen_set next;	   /* this poll's listeners, being built */
	struct conntable table;
	struct warnings warnings;
	uint8_t *buf;
	bool failed; /* the output failed: stop */
	bool stop;   /* the reader went away: stop quietly */
};

static void key_of(const struct conn *c, struct sock_key *k)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->addr_local, c->local.addr, 16);
	memcpy(k->addr_remote, c->remote.addr, 16);
	k->port_local = c->local.port;
	k->port_remote = c->remote.port;
	k->netns = c->netns;
	k->proto = c->proto;
	k->family = c->family;
}

static uint64_t key_hash(const struct sock_key *k)
{
	return hash_bytes(k, sizeof(*k));
}

static void set_init(struct seen_set *s)
{
	memset(s, 0, sizeof(*s));
	hashtab_init(&s->index);
}

static void set_free(struct seen_set *s)
{
	free(s->v);
	hashtab_free(&s->index);
}

static void set_clear(struct seen_set *s)
{
	s->len = 0;
	hashtab_clear(&s->index);
}

static const struct seen *set_find(const struct seen_set *s, const struct sock_key *k)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&s->index, key_hash(k), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&s->index, &it))
		if (memcmp(&s->v[i].key, k, sizeof(*k)) == 0)
			return &s->v[i];
	return NULL;
}

/* Adds c (with its first owner, if any) unless its key is there already. */
static void set_add(struct seen_set *s, const struct conntable *t, const struct conn *c)
{
	struct sock_key k;
	struct seen *e;

	key_of(c, &k);
	if (set_find(s, &k) != NULL)
		return;
	if (s->len == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	e = &s->v[s->len];
	memset(e, 0, sizeof(*e));
	e->key = k;
	e->conn = *c;
	if (c->owner_count > 0 && c->owner_first < t->owners_len) {
		const struct owner *o = &t->owners[c->owner_first];

		e->owner_known = true;
		e->pid = o->pid;
		(void)strlcpy(e->command, conntable_str(t, o->comm), sizeof(e->command));
	}
	hashtab_insert(&s->index, key_hash(&k), (uint32_t)s->len);
	s->len++;
}

static void emit(struct events_loop *l, struct sock_event *e)
{
	struct timespec now;
	long long ms = 0;

	if (!filter_match_event(l->s->filter, &l->table, &e->conn))
		return;
	if (clock_gettime(CLOCK_REALTIME, &now) == 0)
		ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	format_event(&l->fmt, e, ms, l->s->out);
}

/* A notification: the owner the last poll saw for its endpoints, if any. */
static void on_closed(void *ctx, const struct sock_event *in)
{
	struct events_loop *l = ctx;
	struct sock_event e = *in;
	struct sock_key k;
	const struct seen *o;

	key_of(&e.conn, &k);
	o = set_find(&l->owners, &k);
	if (o != NULL && o->owner_known) {
		e.owner_known = true;
		e.pid = o->pid;
		memcpy(e.command, o->command, sizeof(e.command));
	}
	emit(l, &e);
}

static void listener_event(struct events_loop *l, const struct seen *s, enum sock_event_kind kind)
{
	struct sock_event e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.conn = s->conn;
	e.owner_known = s->owner_known;
	e.pid = s->pid;
	memcpy(e.command, s->command, sizeof(e.command));
	emit(l, &e);
}

/* This poll's listeners against the last's; first: only remembered. */
static void diff_listeners(struct events_loop *l, bool first)
{
	size_t i;

	for (i = 0; !first && i < l->next.len; i++) {
		const struct seen *was = set_find(&l->listeners, &l->next.v[i].key);

		if (was == NULL)
			listener_event(l, &l->next.v[i], SOCK_EVENT_LISTEN_OPENED);
		else if (was->conn.inode != l->next.v[i].conn.inode)
			listener_event(l, &l->next.v[i], SOCK_EVENT_LISTEN_REPLACED);
	}
	for (i = 0; !first && i < l->listeners.len; i++)
		if (set_find(&l->next, &l->listeners.v[i].key) == NULL)
			listener_event(l, &l->listeners.v[i], SOCK_EVENT_LISTEN_CLOSED);
	/* The new poll becomes the last: swap the sets. */
	{
		struct seen_set t = l->listeners;

		l->listeners = l->next;
		l->next = t;
		set_clear(&l->next);
	}
}

static void say_warnings(struct events_loop *l)
{
	size_t i;

	for (i = 0; i < l->warnings.len; i++)
		l->s->report(l->warnings.msgs[i]);
	warnings_clear(&l->warnings);
}

/* One poll: every TCP and UDP socket, their owners, the listeners. */
static void poll_sockets(struct events_loop *l, bool first)
{
	struct source_cfg cfg = *l->s->cfg;
	struct sources_outcome outcome;
	struct owners_stats stats;
	size_t i;

	cfg.protos &= (1u << PROTO_TCP) | (1u << PROTO_UDP) | (1u << PROTO_UDPLITE);
	cfg.states = 0;
	cfg.bytecode = NULL;
	cfg.bytecode_len = 0;
	conntable_reset(&l->table);
	if (sources_collect(&cfg, &l->table, &l->warnings, &outcome) < 0) {
		say_warnings(l);
		return; /* the next poll tries again; the notifications go on */
	}
	(void)owners_enrich(&l->table, cfg.proc_root, false, NULL, &stats, NULL);
	set_clear(&l->owners);
	for (i = 0; i < l->table.len; i++) {
		const struct conn *c = &l->table.conns[i];

		if (c->owner_count > 0)
			set_add(&l->owners, &l->table, c);
		if (c->proto == PROTO_TCP && c->state == CS_LISTEN)
			set_add(&l->next, &l->table, c);
	}
	say_warnings(l);
	diff_listeners(l, first);
}

/*
 * Says how many notifications the kernel dropped for w since last said.
 * The kernel raises ENOBUFS once per overflow and then only counts, until
 * the queue has been emptied: the count is read again once it has.
 */
static void say_lost(struct events_loop *l, struct watch *w)
{
	uint64_t drops = 0;
	char msg[256];

	if (w->proc_dir != NULL && source_events_drops(w->nl, w->proc_dir, &drops) == 0) {
		if (drops <= w->drops)
			return;
		(void)snprintf(msg, sizeof(msg),
			       "-E: %llu socket events lost: the kernel's queue overflowed",
			       (unsigned long long)(drops - w->drops));
		w->drops = drops;
	} else {
		(void)snprintf(msg, sizeof(msg),
			       "-E: socket events lost (the kernel's queue "
			       "overflowed); how many is not known");
	}
	l->s->report(msg);
}

/* Reads what a namespace's socket holds; an overflow is said with its count. */
static void drain(struct events_loop *l, struct watch *w)
{
	bool overflowed = false;

	for (;;) {
		int r =
		    source_events_receive(w->nl, l->buf, EVENTS_RECV_SIZE, w->netns, on_closed, l);
		char msg[256];

		if (r >= 0)
			break;
		if (r != -ENOBUFS) {
			(void)snprintf(msg, sizeof(msg), "-E: receiving socket events failed: %s",
				       strerror(-r));
			l->s->report(msg);
			return;
		}
		overflowed = true;
		say_lost(l, w);
	}
	/* Emptied: what was dropped while the kernel only counted is said too. */
	if (overflowed && w->proc_dir != NULL)
		say_lost(l, w);
}

static int flush_out(struct events_loop *l)
{
	int err = outbuf_flush(l->s->out);
	char msg[256];

	if (err == EPIPE)
		l->stop = true;
	else if (err != 0) {
		(void)snprintf(msg, sizeof(msg), "write error on standard output: %s",
			       strerror(err));
		l->s->report(msg);
		l->failed = true;
	}
	return err;
}

static long long mono_ms(void)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* The sockets to wait on: the caller's namespace's, then every other's. */
static void collect_watches(struct events_loop *l)
{
	const struct events_setup *s = l->s;
	const struct netns_set *ns = s->cfg->netns;
	size_t i, n = 1 + (ns != NULL ? ns->table.len : 0);
	char msg[256], label[64];

	l->watches = xcalloc(n, sizeof(*l->watches));
	if (s->own != NULL)
		l->watches[l->n_watches++] = (struct watch){s->own, s->own_index, "/proc/self", 0};
	for (i = 0; ns != NULL && i < ns->table.len; i++) {
		const struct netns_reader *rd = &ns->readers[i];

		if (rd->own)
			continue;
		if (rd->events != NULL) {
			l->watches[l->n_watches++] =
			    (struct watch){rd->events, (unsigned)i,
					   rd->proc_root[0] != '\0' ? rd->proc_root : NULL, 0};
			continue;
		}
		if (rd->events_err == 0)
			continue; /* never entered: said when the namespaces were opened */
		(void)snprintf(msg, sizeof(msg), "-E: namespace %s not watched: %s",
			       netns_label(&ns->table.v[i], label, sizeof(label)),
			       strerror(-rd->events_err));
		s->report(msg);
	}
}

static int signal_fd(void)
{
	sigset_t set;

	(void)sigemptyset(&set);
	(void)sigaddset(&set, SIGINT);
	(void)sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return -errno;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void loop(struct events_loop *l, int sfd)
{
	struct pollfd *fds = xcalloc(l->n_watches + 1, sizeof(*fds));
	long long next_poll = mono_ms() + POLL_INTERVAL_MS;
	bool interrupted = false;
	size_t i;

	for (i = 0; i < l->n_watches; i++)
		fds[i] = (struct pollfd){source_events_fd(l->watches[i].nl), POLLIN, 0};
	fds[l->n_watches] = (struct pollfd){sfd, POLLIN, 0};
	while (!interrupted && !l->failed && !l->stop) {
		long long wait = next_poll - mono_ms();
		int n = poll(fds, l->n_watches + 1, wait > 0 ? (int)wait : 0);

		if (n < 0 && errno != EINTR) {
			l->s->report("-E: poll failed");
			l->failed = true;
			break;
		}
		interrupted = n > 0 && (fds[l->n_watches].revents & POLLIN);
		/* Every socket is read, on the signal too: nothing queued is left unsaid. */
		for (i = 0; i < l->n_watches; i++)
			drain(l, &l->watches[i]);
		if (!interrupted && mono_ms() >= next_poll) {
			poll_sockets(l, false);
			/* A fixed rate: a slow poll does not push the next one back. */
			next_poll += POLL_INTERVAL_MS;
			if (next_poll < mono_ms())
				next_poll = mono_ms() + POLL_INTERVAL_MS / 2;
		}
		(void)flush_out(l);
	}
	free(fds);
}

enum pipeline_status events_run(const struct events_setup *s)
{
	struct events_loop l;
	int sfd;

	memset(&l, 0, sizeof(l));
	l.s = s;
	l.fmt.jsonl = s->jsonl;
	l.fmt.netns =
	    s->cfg->netns != NULL && s->cfg->netns->table.len > 1 ? &s->cfg->netns->table : NULL;
	set_init(&l.owners);
	set_init(&l.listeners);
	set_init(&l.next);
	conntable_init(&l.table);
	warnings_init(&l.warnings);
	l.buf = xmalloc(EVENTS_RECV_SIZE);
	collect_watches(&l);
	sfd = signal_fd();
	if (l.n_watches == 0 || sfd < 0) {
		s->report(sfd < 0 ? "-E: cannot wait for signals"
				  : "-E: no namespace can be watched");
		l.failed = true;
	} else {
		if (!s->no_header)
			format_events_header(&l.fmt, s->out);
		(void)flush_out(&l);
		poll_sockets(&l, true);
		loop(&l, sfd);
	}
	if (sfd >= 0)
		(void)close(sfd);
	free(l.buf);
	free(l.watches);
	set_free(&l.owners);
	set_free(&l.listeners);
	set_free(&l.next);
	conntable_free(&l.table);
	warnings_free(&l.warnings);
	return l.failed ? PIPELINE_OPERATIONAL : PIPELINE_OK;
}
