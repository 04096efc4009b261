/*
 * sources.c - chooses the source per protocol and family and runs it.
 *
 * auto: netlink sock_diag first; when netlink cannot serve a protocol (no
 * socket, request refused, dump ended in an error such as -ENOENT for raw
 * without raw_diag) that protocol alone is read from /proc.  --proc-root
 * selects /proc; --from-netlink replays a recorded dump instead of either.
 *
 * When the NETLINK_SOCK_DIAG socket itself is refused (a seccomp filter,
 * systemd's RestrictAddressFamilies=), auto says so once and reads the
 * fixed-format inet files from /proc, but not /proc/net/unix: it prints
 * names raw, so any local user can forge a whole row with a name holding a
 * newline.  --source=proc reads it when asked.
 *
 * While --dump-netlink records, a protocol read from /proc is marked in the
 * file (NETLINK_MARK_PROC), so that the replay can say it is missing.
 *
 * With -N or --all-netns, each namespace is read the same way in turn:
 * through the socket opened inside it (source/netns.h), with /proc/PID/net
 * of a process in it as the fallback, its records numbered with its index
 * (conn.netns), its replies preceded by a NETLINK_MARK_NETNS in the file.
 * Without --dump-netlink and with more than one CPU, several namespaces
 * are read at once, each by one thread into a table of its own (its
 * socket used by that thread alone), and the tables, warnings and
 * outcomes joined in namespace order: what the sequential reading gives.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "model/conntable_merge.h"
#include "model/tcp_info.h"
#include "lib/xmalloc.h"
#include "source/netlink.h"
#include "source/netns.h"
#include "source/collect.h"

static const int inet_protos[] = {PROTO_TCP, PROTO_UDP, PROTO_UDPLITE, PROTO_RAW, PROTO_ICMP};

/* One snapshot's reading: what the readers share. */
struct collect {
	const struct source_cfg *cfg;
	struct conntable *t;
	struct warnings *w;
	struct sources_outcome *out;
	bool netlink_refused; /* the NETLINK_SOCK_DIAG socket could not be opened */
	/* Read in a thread: where "/proc has no internals" went in w (said once a
	 * round, so the join drops it when an earlier namespace said it); NULL
	 * when read in turn, where out->internals_said is shared already. */
	size_t *internals_msg;
};

unsigned sources_state_hint(bool all, bool listening)
{
	unsigned every = ((1u << CS_MAX) - 1) & ~1u;

	if (all)
		return every;
	if (listening)
		return 1u << CS_LISTEN;
	return every & ~((1u << CS_LISTEN) | (1u << CS_CLOSE) | (1u << CS_BOUND_INACTIVE));
}

/* Records one reader's outcome; absence (ENOENT) is not an error. */
static void account(int r, int *served, int *first_err)
{
	if (r == 0)
		(*served)++;
	else if (r != -ENOENT && *first_err == 0)
		*first_err = r;
}

/* The kernel's ways of saying "not here": fall back without a warning. */
static bool is_refusal(int r)
{
	return r == -ENOENT || r == -EOPNOTSUPP || r == -EPROTONOSUPPORT || r == -EAFNOSUPPORT ||
	       r == -EINVAL || r == -EPERM || r == -EACCES;
}

/* A --dump-netlink write failed: the run stops with that error, no fallback. */
static int dump_failed(struct collect *k, int r)
{
	warnings_add(k->w, "--dump-netlink %s: write error: %s", k->cfg->dump_file, strerror(-r));
	k->out->dump_failed = true;
	return r;
}

/* Netlink is refused: said once, with what auto reads instead. */
static void netlink_refused(struct collect *k, const struct netlink_error *e, int r)
{
	if (k->netlink_refused)
		return;
	k->netlink_refused = true;
	warnings_add(k->w,
		     "netlink sock_diag refused (%s: %s; a seccomp filter or "
		     "RestrictAddressFamilies= may deny AF_NETLINK): reading /proc/net instead, "
		     "which cannot give every field",
		     e->why, strerror(-r));
}

/*
 * Reads one protocol and family from /proc, marking it in the dump file.
 * Without netlink, auto leaves /proc/net/unix alone (see the top).
 */
static int collect_proc(struct collect *k, int proto, int family)
{
	const struct source_cfg *cfg = k->cfg;
	const char *name = proc_file_name(proto, family);
	size_t before = k->t->len, i;
	int r, m;

	/* A namespace no known process is in has no /proc/PID/net to read. */
	if (cfg->proc_root == NULL) {
		if (cfg->verbose)
			warnings_add(k->w, "%s: no process in this namespace: no /proc to read",
				     name);
		return -ENOENT;
	}
	if (proto == PROTO_UNIX && k->netlink_refused && cfg->source == SOURCE_AUTO) {
		warnings_add(k->w, "unix sockets not read: without netlink they come from "
				   "/proc/net/unix, where any local user can forge a row with a "
				   "crafted name; --source=proc reads it anyway");
		k->out->withheld = true;
		return -EAFNOSUPPORT;
	}
	r = source_proc_read(cfg, proto, family, k->t, k->w);
	for (i = before; cfg->netns_index != 0 && i < k->t->len; i++)
		k->t->conns[i].netns = cfg->netns_index;
	if (cfg->verbose)
		warnings_add(k->w, r == 0 ? "%s: %s/net/%s" : "%s: %s/net/%s is absent", name,
			     cfg->proc_root, name);
	/* /proc/net prints neither tcp_info nor socket memory: said once a round. */
	if (r == 0 && cfg->verbose && (cfg->info || cfg->memory) && !k->out->internals_said) {
		if (k->internals_msg != NULL)
			*k->internals_msg = k->w->len;
		warnings_add(k->w, "%s: /proc has no %s: those fields are null for its sockets",
			     name,
			     cfg->info && cfg->memory ? "tcp_info or socket memory (-i, -m)"
			     : cfg->info	      ? "tcp_info (-i)"
						      : "socket memory (-m)");
		k->out->internals_said = true;
	}
	if (r == 0 && (m = source_netlink_mark_proc(cfg, proto, family)) < 0)
		return dump_failed(k, m);
	return r;
}

static int collect_one(struct collect *k, int proto, int family)
{
	const struct source_cfg *cfg = k->cfg;
	struct conntable *t = k->t;
	struct warnings *w = k->w;
	const char *name = proc_file_name(proto, family);
	struct netlink_error e;
	int r;

	/* sock_diag has no handler for ping sockets: /proc/net/icmp is their only source. */
	if (proto == PROTO_ICMP && cfg->source == SOURCE_NETLINK) {
		if (cfg->verbose)
			warnings_add(
			    w, "%s: sock_diag has no ping sockets; not read (--source=netlink)",
			    name);
		return -ENOENT;
	}
	if (cfg->source != SOURCE_PROC && proto != PROTO_ICMP && !k->netlink_refused) {
		r = source_netlink_read(cfg, proto, family, t, &e);
		if (r == 0) {
			if (cfg->verbose)
				warnings_add(w, "%s: netlink sock_diag", name);
			return 0;
		}
		if (e.kind == NL_DUMP_WRITE)
			return dump_failed(k, r);
		if (cfg->source == SOURCE_NETLINK) {
			warnings_add(w, "%s: netlink: %s: %s", name, e.why, strerror(-r));
			return r;
		}
		if (e.kind == NL_SOCKET_REFUSED)
			netlink_refused(k, &e, r);
		else if (!is_refusal(r))
			warnings_add(w, "%s: netlink: %s: %s; reading /proc instead", name, e.why,
				     strerror(-r));
		else if (cfg->verbose)
			warnings_add(w, "%s: netlink cannot serve it (%s: %s)", name, e.why,
				     strerror(-r));
	}
	return collect_proc(k, proto, family);
}

/*
 * TCP over IPv4 and IPv6 in one netlink dump: the kernel walks its tables
 * once, not once per family (about a quarter less work at 100k sockets).
 * Returns false when netlink cannot serve it that way; the caller then asks
 * per family, with the usual fallback and warnings.
 */
static bool collect_tcp_both(struct collect *k, int *r)
{
	const struct source_cfg *cfg = k->cfg;
	struct netlink_error e;

	*r = 0;
	if (cfg->source == SOURCE_PROC || !cfg->inet4 || !cfg->inet6 || k->netlink_refused)
		return false;
	*r = source_netlink_read(cfg, PROTO_TCP, AF_UNSPEC, k->t, &e);
	if (*r != 0) {
		if (e.kind == NL_DUMP_WRITE) {
			*r = dump_failed(k, *r);
			return true;
		}
		*r = 0;
		return false;
	}
	if (cfg->verbose) {
		warnings_add(k->w, "%s: netlink sock_diag", proc_file_name(PROTO_TCP, AF_INET));
		warnings_add(k->w, "%s: netlink sock_diag", proc_file_name(PROTO_TCP, AF_INET6));
	}
	return true;
}

static int collect_all(struct collect *k)
{
	const struct source_cfg *cfg = k->cfg;
	int served = 0, first_err = 0, r;
	size_t i;

	for (i = 0; i < nitems(inet_protos) && !k->out->dump_failed; i++) {
		int proto = inet_protos[i];

		if (!(cfg->protos & (1u << proto)))
			continue;
		if (proto == PROTO_TCP && collect_tcp_both(k, &r)) {
			served += r == 0 ? 2 : 0;
			continue;
		}
		if (cfg->inet4 && !k->out->dump_failed)
			account(collect_one(k, proto, AF_INET), &served, &first_err);
		if (cfg->inet6 && !k->out->dump_failed)
			account(collect_one(k, proto, AF_INET6), &served, &first_err);
	}
	if ((cfg->protos & (1u << PROTO_UNIX)) && !k->out->dump_failed)
		account(collect_one(k, PROTO_UNIX, AF_UNIX), &served, &first_err);
	if (k->out->dump_failed)
		return -EIO;
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}

/* The part of a namespace's configuration that differs: its socket, /proc and index. */
static void netns_cfg(struct source_cfg *sub, const struct source_cfg *cfg, size_t i)
{
	const struct netns_reader *rd = &cfg->netns->readers[i];

	*sub = *cfg;
	sub->netns_index = (unsigned)i;
	sub->diag_sock = rd->sock;
	if (!rd->own)
		sub->proc_root = rd->proc_root[0] != '\0' ? rd->proc_root : NULL;
}

/* Adds one namespace's result to the run's count (as collect_all counts protocols). */
static void tally(int r, int *served, int *first_err)
{
	if (r > 0)
		*served += r;
	else if (r != -ENOENT && *first_err == 0)
		*first_err = r;
}

/* Reads namespace i of the set into k's table, warnings and outcome. */
static int collect_netns(struct collect *k, size_t i)
{
	struct source_cfg sub;
	struct collect one = *k;

	netns_cfg(&sub, k->cfg, i);
	one.cfg = &sub;
	one.netlink_refused = false;
	return collect_all(&one);
}

/* One namespace read by a thread: everything it fills is its own. */
struct netns_slot {
	struct conntable t;
	struct sock_internals in; /* t.internals when the run's table has one */
	struct warnings w;
	struct sources_outcome out;
	size_t internals_msg; /* SIZE_MAX: not said */
	int r;
};

/* What the threads share: the slots, and the next namespace to take. */
struct netns_work {
	const struct collect *k;
	struct netns_slot *slots;
	size_t n;
	atomic_size_t next;
};

/* Takes namespaces off the shared counter until none is left. */
static void *netns_worker(void *arg)
{
	struct netns_work *work = arg;
	size_t i;

	while ((i = atomic_fetch_add(&work->next, 1)) < work->n) {
		struct netns_slot *s = &work->slots[i];
		struct collect one = *work->k;

		if (!work->k->cfg->netns->readers[i].readable)
			continue;
		one.t = &s->t;
		one.w = &s->w;
		one.out = &s->out;
		one.internals_msg = &s->internals_msg;
		s->r = collect_netns(&one, i);
	}
	return NULL;
}

static void slot_init(struct netns_slot *s, const struct conntable *run)
{
	conntable_init(&s->t);
	s->t.netns = run->netns;
	sock_internals_init(&s->in);
	if (run->internals != NULL) {
		s->in.want_info = run->internals->want_info;
		s->in.want_memory = run->internals->want_memory;
		s->t.internals = &s->in;
	}
	warnings_init(&s->w);
	memset(&s->out, 0, sizeof(s->out));
	s->internals_msg = SIZE_MAX;
	s->r = -ENOENT;
}

/* Joins a slot into the run's table, warnings and outcome, then frees it. */
static void slot_join(struct collect *k, struct netns_slot *s)
{
	size_t j;

	conntable_merge(k->t, &s->t);
	for (j = 0; j < s->w.len; j++)
		if (j != s->internals_msg || !k->out->internals_said)
			warnings_add(k->w, "%s", s->w.msgs[j]);
	k->out->internals_said = k->out->internals_said || s->out.internals_said;
	k->out->withheld = k->out->withheld || s->out.withheld;
	conntable_free(&s->t);
	sock_internals_free(&s->in);
	warnings_free(&s->w);
}

/*
 * How many threads read the namespaces: one per CPU this process may run
 * on (taskset, a container's cpuset; else every CPU online), at most 8 and
 * one per readable namespace; 1 (read in turn) while --dump-netlink
 * records, whose file holds each namespace's replies after its mark.
 */
static size_t netns_threads(const struct collect *k)
{
	const struct netns_set *set = k->cfg->netns;
	cpu_set_t mask;
	long cpus = sched_getaffinity(0, sizeof(mask), &mask) == 0 ? CPU_COUNT(&mask)
								   : sysconf(_SC_NPROCESSORS_ONLN);
	size_t readable = 0, i;

	if (k->cfg->dump_fd >= 0 || cpus < 2)
		return 1;
	for (i = 0; i < set->table.len; i++)
		readable += set->readers[i].readable ? 1 : 0;
	if (readable < 2)
		return 1;
	if (cpus > 8)
		cpus = 8;
	return (size_t)cpus < readable ? (size_t)cpus : readable;
}

/*
 * Every namespace read by nthreads threads, the calling one among them; a
 * thread that cannot be started leaves its share to the others (at worst
 * the calling thread reads them all).  Joined in namespace order.
 */
static int collect_parallel(struct collect *k, size_t nthreads)
{
	struct netns_work work;
	pthread_t *threads = xcalloc(nthreads, sizeof(*threads));
	size_t started = 0, i;
	int served = 0, first_err = 0;

	work.k = k;
	work.n = k->cfg->netns->table.len;
	work.slots = xcalloc(work.n, sizeof(*work.slots));
	atomic_init(&work.next, 0);
	for (i = 0; i < work.n; i++)
		slot_init(&work.slots[i], k->t);
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&threads[started], NULL, netns_worker, &work) == 0)
			started++;
	(void)netns_worker(&work);
	for (i = 0; i < started; i++)
		(void)pthread_join(threads[i], NULL);
	for (i = 0; i < work.n; i++) {
		slot_join(k, &work.slots[i]);
		if (k->cfg->netns->readers[i].readable)
			tally(work.slots[i].r, &served, &first_err);
	}
	free(work.slots);
	free(threads);
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}

/* Reads every namespace of -N or --all-netns (without them, the caller's). */
static int collect_namespaces(struct collect *k)
{
	const struct netns_set *set = k->cfg->netns;
	int served = 0, first_err = 0, r;
	size_t i, nthreads;

	if (set == NULL)
		return collect_all(k);
	if ((nthreads = netns_threads(k)) > 1)
		return collect_parallel(k, nthreads);
	for (i = 0; i < set->table.len && !k->out->dump_failed; i++) {
		const struct netns *ns = &set->table.v[i];
		struct source_cfg sub;

		if (!set->readers[i].readable)
			continue;
		netns_cfg(&sub, k->cfg, i);
		if ((r = source_netlink_mark_netns(&sub, ns->inode, ns->name)) < 0)
			return dump_failed(k, r);
		tally(collect_netns(k, i), &served, &first_err);
	}
	if (k->out->dump_failed)
		return -EIO;
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}

/*
 * --consistent: a second read of every protocol, its warnings dropped (the
 * first said them) unless it could not write the --dump-netlink file, its
 * replies recorded after the first's.  A socket one dump skipped under
 * churn is then usually in the other; the union keeps the first dump and
 * adds the sockets with an inode it lacked.
 */
static void collect_again(const struct collect *first)
{
	struct warnings quiet;
	struct collect k = *first;
	size_t second = first->t->len, i;

	warnings_init(&quiet);
	k.w = &quiet;
	(void)collect_namespaces(&k); /* nothing read: the first dump stands alone */
	(void)conntable_union(k.t, second);
	if (k.out->dump_failed)
		for (i = 0; i < quiet.len; i++)
			warnings_add(first->w, "%s", quiet.msgs[i]);
	warnings_free(&quiet);
}

int sources_collect(const struct source_cfg *cfg, struct conntable *t, struct warnings *w,
		    struct sources_outcome *out)
{
	struct collect k = {cfg, t, w, out, false, NULL};
	int r;

	memset(out, 0, sizeof(*out));
	/* Every source may report a socket twice under churn: one record each. */
	if (cfg->replay_file != NULL) {
		r = source_netlink_replay(cfg, t, w);
		(void)conntable_dedup(t);
		return r < 0 ? r : 1;
	}
	/* Each -c round rewrites the file through the descriptor opened once. */
	if (cfg->dump_fd >= 0 && (r = source_netlink_dump_rewind(cfg->dump_fd)) < 0)
		return dump_failed(&k, r);
	r = collect_namespaces(&k);
	if (r > 0 && cfg->consistent)
		collect_again(&k);
	else
		(void)conntable_dedup(t);
	return r;
}

bool sources_may_hide_listeners(const struct source_cfg *cfg)
{
	/* A replay holds what was recorded; /proc files hold every socket. */
	if (cfg->replay_file != NULL || cfg->source == SOURCE_PROC)
		return false;
	/* Servers only (-l): every row is a server, classified without the others. */
	if (cfg->states == 1u << CS_LISTEN)
		return false;
	return cfg->bytecode != NULL || (cfg->states != 0 && !(cfg->states & (1u << CS_LISTEN)));
}

/*
 * The servers alone: TCP LISTEN and unconnected UDP/UDP-Lite, both families
 * (an IPv4 listener covers v4-mapped IPv6 connections), no port or address
 * bytecode, nothing written to --dump-netlink.  The kernel walks only its
 * listening hash for a LISTEN-only TCP request, so this costs little.  A
 * hint: its warnings are dropped, and what it cannot read stays unknown.
 */
static int collect_listeners(const struct source_cfg *cfg_in, struct conntable *t)
{
	static const int protos[] = {PROTO_TCP, PROTO_UDP, PROTO_UDPLITE};
	struct source_cfg cfg = *cfg_in;
	struct warnings quiet;
	struct sources_outcome out = {false, false, false};
	struct collect k = {&cfg, t, &quiet, &out, false, NULL};
	unsigned wanted = cfg_in->protos;
	int served = 0, first_err = 0, r;
	size_t i;

	cfg.states = 1u << CS_LISTEN;
	cfg.bytecode = NULL;
	cfg.bytecode_len = 0;
	cfg.dump_file = NULL;
	cfg.dump_fd = -1;
	cfg.verbose = false;
	cfg.timers = false;
	cfg.inet4 = cfg.inet6 = true;
	warnings_init(&quiet);
	for (i = 0; i < nitems(protos); i++) {
		cfg.protos = 1u << protos[i];
		if (!(wanted & cfg.protos))
			continue;
		if (protos[i] == PROTO_TCP && collect_tcp_both(&k, &r)) {
			served++;
			continue;
		}
		account(collect_one(&k, protos[i], AF_INET), &served, &first_err);
		account(collect_one(&k, protos[i], AF_INET6), &served, &first_err);
	}
	warnings_free(&quiet);
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}

int sources_collect_listeners(const struct source_cfg *cfg, struct conntable *t)
{
	const struct netns_set *set = cfg->netns;
	int served = 0, first_err = 0, r;
	size_t i;

	if (set == NULL)
		return collect_listeners(cfg, t);
	for (i = 0; i < set->table.len; i++) {
		struct source_cfg sub;

		if (!set->readers[i].readable)
			continue;
		netns_cfg(&sub, cfg, i);
		r = collect_listeners(&sub, t);
		if (r > 0)
			served += r;
		else if (first_err == 0)
			first_err = r;
	}
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}
