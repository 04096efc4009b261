/*
 * sources.c - chooses the source per protocol and family and runs it.
 *
 * auto: netlink sock_diag first; when netlink cannot serve a protocol (no
 * socket, request refused, dump ended in an error such as -ENOENT for raw
 * without raw_diag) that protocol alone is read from /proc.  --proc-root
 * selects /proc; --from-netlink replays a recorded dump instead of either.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "source/netlink.h"
#include "source/collect.h"

static const int inet_protos[] = {PROTO_TCP, PROTO_UDP, PROTO_UDPLITE, PROTO_RAW, PROTO_ICMP};

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

static int collect_one(const struct source_cfg *cfg, int proto, int family, struct conntable *t,
		       struct warnings *w)
{
	const char *name = proc_file_name(proto, family);
	const char *why;
	int r;

	/* sock_diag has no handler for ping sockets: /proc/net/icmp is their only source. */
	if (proto == PROTO_ICMP && cfg->source == SOURCE_NETLINK) {
		if (cfg->verbose)
			warnings_add(
			    w, "%s: sock_diag has no ping sockets; not read (--source=netlink)",
			    name);
		return -ENOENT;
	}
	if (cfg->source != SOURCE_PROC && proto != PROTO_ICMP) {
		r = source_netlink_read(cfg, proto, family, t, &why);
		if (r == 0) {
			if (cfg->verbose)
				warnings_add(w, "%s: netlink sock_diag", name);
			return 0;
		}
		if (cfg->source == SOURCE_NETLINK) {
			warnings_add(w, "%s: netlink: %s: %s", name, why, strerror(-r));
			return r;
		}
		if (!is_refusal(r))
			warnings_add(w, "%s: netlink: %s: %s; reading /proc instead", name, why,
				     strerror(-r));
		else if (cfg->verbose)
			warnings_add(w, "%s: netlink cannot serve it (%s: %s)", name, why,
				     strerror(-r));
	}
	r = source_proc_read(cfg, proto, family, t, w);
	if (cfg->verbose)
		warnings_add(w, r == 0 ? "%s: %s/net/%s" : "%s: %s/net/%s is absent", name,
			     cfg->proc_root, name);
	return r;
}

/*
 * TCP over IPv4 and IPv6 in one netlink dump: the kernel walks its tables
 * once, not once per family (about a quarter less work at 100k sockets).
 * Returns false when netlink cannot serve it that way; the caller then asks
 * per family, with the usual fallback and warnings.
 */
static bool collect_tcp_both(const struct source_cfg *cfg, struct conntable *t, struct warnings *w)
{
	const char *why;

	if (cfg->source == SOURCE_PROC || !cfg->inet4 || !cfg->inet6)
		return false;
	if (source_netlink_read(cfg, PROTO_TCP, AF_UNSPEC, t, &why) != 0)
		return false;
	if (cfg->verbose) {
		warnings_add(w, "%s: netlink sock_diag", proc_file_name(PROTO_TCP, AF_INET));
		warnings_add(w, "%s: netlink sock_diag", proc_file_name(PROTO_TCP, AF_INET6));
	}
	return true;
}

static int collect_all(const struct source_cfg *cfg, struct conntable *t, struct warnings *w)
{
	int served = 0, first_err = 0;
	size_t i;

	for (i = 0; i < nitems(inet_protos); i++) {
		int proto = inet_protos[i];

		if (!(cfg->protos & (1u << proto)))
			continue;
		if (proto == PROTO_TCP && collect_tcp_both(cfg, t, w)) {
			served += 2;
			continue;
		}
		if (cfg->inet4)
			account(collect_one(cfg, proto, AF_INET, t, w), &served, &first_err);
		if (cfg->inet6)
			account(collect_one(cfg, proto, AF_INET6, t, w), &served, &first_err);
	}
	if (cfg->protos & (1u << PROTO_UNIX))
		account(collect_one(cfg, PROTO_UNIX, AF_UNIX, t, w), &served, &first_err);
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}

int sources_collect(const struct source_cfg *cfg_in, struct conntable *t, struct warnings *w)
{
	struct source_cfg cfg = *cfg_in;
	int r;

	if (cfg.replay_file != NULL) {
		r = source_netlink_replay(&cfg, t, w);
		return r < 0 ? r : 1;
	}
	cfg.dump_fd = -1;
	if (cfg.dump_file != NULL && cfg.source != SOURCE_PROC) {
		cfg.dump_fd = open(cfg.dump_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (cfg.dump_fd < 0) {
			r = -errno;
			warnings_add(w, "%s: %s", cfg.dump_file, strerror(-r));
			return r;
		}
	}
	r = collect_all(&cfg, t, w);
	if (cfg.dump_fd >= 0 && close(cfg.dump_fd) < 0)
		warnings_add(w, "%s: %s", cfg.dump_file, strerror(errno));
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
int sources_collect_listeners(const struct source_cfg *cfg_in, struct conntable *t)
{
	static const int protos[] = {PROTO_TCP, PROTO_UDP, PROTO_UDPLITE};
	struct source_cfg cfg = *cfg_in;
	struct warnings quiet;
	unsigned wanted = cfg_in->protos;
	int served = 0, first_err = 0;
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
		if (protos[i] == PROTO_TCP && collect_tcp_both(&cfg, t, &quiet)) {
			served++;
			continue;
		}
		account(collect_one(&cfg, protos[i], AF_INET, t, &quiet), &served, &first_err);
		account(collect_one(&cfg, protos[i], AF_INET6, t, &quiet), &served, &first_err);
	}
	warnings_free(&quiet);
	if (served > 0)
		return served;
	return first_err != 0 ? first_err : -ENOENT;
}
