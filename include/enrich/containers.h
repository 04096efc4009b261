/*
 * containers.h - the container a process runs in, named from what the
 * runtimes write on disk; never by asking a daemon, so it works with the
 * daemon down and needs no access to its socket.  JSON is parsed with
 * json-c (the enrich stage is the only one that links it).
 *
 * Two steps, so that the costly one runs once per distinct container:
 *
 *   1. containers_parse_cgroup: the text of /proc/PID/cgroup -> a
 *      container_ref (runtime, full id, Kubernetes pod UID, machine name).
 *      Pure: what the path alone says.
 *   2. containers_lookup: a container_ref -> a container_info (name, and
 *      for Kubernetes pod name, pod namespace, container name) from the
 *      runtime's files under a root ("/" on a live host; tests pass a
 *      temporary tree).  Each file is read at most once per run: results
 *      are kept per id in struct containers, and the files that describe
 *      every container (Podman's containers.json, /var/log/pods,
 *      /var/log/containers) are read on first need.
 *
 * Where the files are absent, the info carries the id and short id with
 * an empty name.  Strings come from files anyone with write access to the
 * runtime's state could fill: the caller escapes them on output.
 */
#ifndef PORTSTAT_ENRICH_CONTAINERS_H
#define PORTSTAT_ENRICH_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/hashtab.h"
#include "model/container.h"
#include "lib/warnings.h"

/* /proc/PID/cgroup: a line per v1 hierarchy; read whole up to this. */
#define CGROUP_TEXT_MAX 8192

/* What a cgroup path says about its container. */
struct container_ref {
	enum container_runtime runtime;
	char id[CONTAINER_ID_LEN + 1];	  /* "" for nspawn */
	char pod_uid[CONTAINER_UID_MAX];  /* with dashes; "" outside Kubernetes */
	char machine[CONTAINER_NAME_MAX]; /* nspawn: the machine name, unescaped */
};

/*
 * The container of a /proc/PID/cgroup text (len bytes, no NUL needed):
 * the cgroup v2 line ("0::/...") first, then every v1 line.  Returns true
 * and fills ref when a line names a container; false otherwise (ref is
 * then zeroed).  Understands Docker (docker-ID.scope, /docker/ID), Podman
 * (libpod-ID.scope, libpod-ID; not libpod-conmon-ID), Kubernetes with the
 * systemd driver (kubepods...-podUID.slice/cri-containerd-ID.scope,
 * crio-ID.scope, docker-ID.scope; v1's "slice:cri-containerd:ID" form) and
 * the cgroupfs driver (/kubepods/QOS/podUID/ID), and systemd-machined
 * (machine.slice/machine-NAME.scope, NAME \xNN-unescaped as systemd does).
 * The outermost container wins: it is the one this host's runtime knows.
 */
bool containers_parse_cgroup(const char *text, size_t len, struct container_ref *ref);

/* The same for one cgroup path ("/system.slice/docker-ID.scope"). */
bool containers_parse_path(const char *path, size_t len, struct container_ref *ref);

/* A table of strings by key, read once from a runtime's file or directory:
 * containers.json (id -> name), /var/log/pods (pod UID -> pod, namespace),
 * /var/log/containers (container id -> container name). */
struct containers_kv;
/* One container looked up: its info and the runtime the cgroup path said. */
struct container_entry;

/* The per-run cache.  Not thread-safe; one per pipeline. */
struct containers {
	char root[4096];	    /* "" for "/": file paths are root + "/var/lib/..." */
	struct container_entry **v; /* each allocated alone: a returned info stays valid */
	size_t len, cap;
	struct hashtab index;	       /* hash of runtime and id (machine name for nspawn) -> v[] */
	struct containers_kv *storage; /* containers.json; NULL until first needed */
	struct containers_kv *pods;    /* /var/log/pods; NULL until first needed */
	struct containers_kv *logs;    /* /var/log/containers; NULL until first needed */
	unsigned warned;	       /* one warning per kind of file per run (containers.c) */
};

/* root: NULL or "/" for the running system, else a directory holding var/, run/. */
void containers_init(struct containers *cs, const char *root);
void containers_free(struct containers *cs);

/*
 * Fills info for ref (ref->runtime != CONTAINER_NONE), reading the
 * runtime's files on the first lookup of the id.  A file that is there
 * but cannot be used (unreadable, too big, not the JSON expected) adds one
 * warning to w (w may be NULL) per kind of file per run.  Returns the
 * info, valid until containers_free.
 */
const struct container_info *containers_lookup(struct containers *cs,
					       const struct container_ref *ref, struct warnings *w);

/*
 * The container of the process whose <proc_root>/PID directory is open
 * as pidfd: its cgroup file parsed, then looked up.  Returns 1 with *info
 * set, 0 when the process is in no container, or a negative errno when
 * the cgroup file cannot be read.  Call it once per distinct process (the
 * owners pass), not per socket.
 */
int containers_of_pid(struct containers *cs, int pidfd, const struct container_info **info,
		      struct warnings *w);

#endif
