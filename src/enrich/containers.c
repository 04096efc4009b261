/*
 * containers.c - the per-run cache of containers, and the runtimes' files
 * read under a root.
 *
 * Called once per distinct cgroup, never per socket: each container is
 * looked up once per run, and the files that list every container
 * (containers.json, /var/log/pods, /var/log/containers) are read on first
 * need and kept.  Files open through procfile_open_at (a FIFO or device is
 * refused before it is opened) and are read whole up to a cap: a file over
 * it is refused, not cut.  Files that are absent say nothing; a file that
 * is there but unusable gives one warning per kind of file per run.
 *
 * Where each runtime keeps what names a container:
 *   Docker      /var/lib/docker/containers/ID/config.v2.json ("Name")
 *   Podman      /var/lib/containers/storage/overlay-containers/containers.json
 *               (rootful; a rootless user's store is in their home, not read)
 *   containerd  /run/containerd/io.containerd.runtime.v2.task/k8s.io/ID/config.json
 *               (the OCI spec of the task, with the CRI plugin's annotations)
 *   CRI-O       /run/containers/storage/overlay-containers/ID/userdata/config.json,
 *               else its storage name ("k8s_CONTAINER_POD_NS_UID_N") in containers.json
 *   Kubernetes  /var/log/pods/NS_POD_UID (the pod, matched by the cgroup's pod UID)
 *               /var/log/containers/POD_NS_CONTAINER-ID.log (the kubelet's link
 *               naming the container: the files under /var/log/pods/.../CONTAINER/
 *               are named by restart count, so the id is matched here; a pod
 *               directory with a single container directory is not taken as
 *               naming the process's container: the pod's sandbox (pause)
 *               container, which holds the pod's network namespace, has no log
 *               directory and would be given the app container's name.  With no
 *               link and no runtime metadata the container name stays empty)
 *   nspawn      the machine name in the cgroup path itself
 */
#include "lib/compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "enrich/containers.h"
#include "enrich/containers_runtime.h"
#include "lib/procfile.h"
#include "lib/xmalloc.h"

/* One container's config is a few to a few hundred KiB. */
#define CONFIG_MAX ((size_t)4 << 20)
/* containers.json lists every container of the store. */
#define STORAGE_MAX ((size_t)16 << 20)

/* The kinds of file, one warning each per run. */
enum {
	WARN_DOCKER = 1u << 0,
	WARN_STORAGE = 1u << 1,
	WARN_CONTAINERD = 1u << 2,
	WARN_CRIO = 1u << 3,
};

struct container_entry {
	enum container_runtime
	    asked; /* the ref's: kubernetes stays the key once the runtime is known */
	struct container_info info;
};

struct kv {
	char *key;
	char *a; /* a name */
	char *b; /* a second name, or NULL */
};

struct containers_kv {
	struct kv *v;
	size_t len, cap;
	struct hashtab index;
};

static void kv_add(struct containers_kv *t, const char *key, const char *a, const char *b)
{
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->len].key = xstrdup(key);
	t->v[t->len].a = xstrdup(a);
	t->v[t->len].b = b != NULL ? xstrdup(b) : NULL;
	hashtab_insert(&t->index, hash_bytes(key, strlen(key)), (uint32_t)t->len);
	t->len++;
}

static const struct kv *kv_find(const struct containers_kv *t, const char *key)
{
	struct hashtab_iter it;
	uint32_t i;

	if (t == NULL)
		return NULL;
	for (i = hashtab_first(&t->index, hash_bytes(key, strlen(key)), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&t->index, &it))
		if (strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
	return NULL;
}

static struct containers_kv *kv_new(void)
{
	struct containers_kv *t = xcalloc(1, sizeof(*t));

	hashtab_init(&t->index);
	return t;
}

static void kv_free(struct containers_kv *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->len; i++) {
		free(t->v[i].key);
		free(t->v[i].a);
		free(t->v[i].b);
	}
	free(t->v);
	hashtab_free(&t->index);
	free(t);
}

void containers_init(struct containers *cs, const char *root)
{
	size_t n;

	memset(cs, 0, sizeof(*cs));
	if (root != NULL)
		(void)strlcpy(cs->root, root, sizeof(cs->root));
	n = strlen(cs->root);
	while (n > 0 && cs->root[n - 1] == '/')
		cs->root[--n] = '\0';
	hashtab_init(&cs->index);
}

void containers_free(struct containers *cs)
{
	size_t i;

	for (i = 0; i < cs->len; i++)
		free(cs->v[i]);
	free(cs->v);
	hashtab_free(&cs->index);
	kv_free(cs->storage);
	kv_free(cs->pods);
	kv_free(cs->logs);
	memset(cs, 0, sizeof(*cs));
}

/* One warning of this kind per run. */
static void warn(struct containers *cs, struct warnings *w, unsigned kind, const char *path,
		 const char *why)
{
	if (w == NULL || (cs->warned & kind) != 0)
		return;
	cs->warned |= kind;
	warnings_add(w, "container names: %s: %s", path, why);
}

/*
 * Reads root + rel (at most max bytes) into *out (malloc'd, NUL-terminated).
 * Returns 0, -ENOENT when the file is absent (no warning), or another
 * negative errno after warning once for kind.
 */
static int read_file(struct containers *cs, const char *rel, size_t max, unsigned kind,
		     struct warnings *w, char **out, size_t *len)
{
	char path[PATH_MAX], why[64];
	uint8_t *buf = NULL;
	int fd, r;

	*out = NULL;
	*len = 0;
	if (snprintf(path, sizeof(path), "%s%s", cs->root, rel) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = procfile_open_at(AT_FDCWD, path);
	if (fd == -ENOENT || fd == -ENOTDIR)
		return -ENOENT;
	if (fd < 0) {
		warn(cs, w, kind, path, inputfile_strerror(fd, max, false, why, sizeof(why)));
		return fd;
	}
	/* The size first, so that a huge file is refused before it is read. */
	r = inputfile_check(fd, max, false);
	if (r == 0)
		r = inputfile_read(fd, max, &buf, len);
	(void)close(fd);
	if (r != 0) {
		warn(cs, w, kind, path, inputfile_strerror(r, max, false, why, sizeof(why)));
		return r;
	}
	*out = xreallocarray(buf, *len + 1, 1);
	(*out)[*len] = '\0';
	return 0;
}

/* Warns once for kind that the file at rel is not what it should be. */
static void warn_content(struct containers *cs, struct warnings *w, unsigned kind, const char *rel,
			 const char *why)
{
	char path[PATH_MAX];

	(void)snprintf(path, sizeof(path), "%s%s", cs->root, rel);
	warn(cs, w, kind, path, why);
}

/* Docker: 0 with the name read, -ENOENT when there is no config, else an error. */
static int docker_config(struct containers *cs, struct container_info *info, struct warnings *w)
{
	char rel[256], *text;
	size_t len;
	int r;

	(void)snprintf(rel, sizeof(rel), "/var/lib/docker/containers/%s/config.v2.json", info->id);
	r = read_file(cs, rel, CONFIG_MAX, WARN_DOCKER, w, &text, &len);
	if (r != 0)
		return r;
	r = containers_docker_name(text, len, info->name, sizeof(info->name));
	free(text);
	if (r == -EINVAL)
		warn_content(cs, w, WARN_DOCKER, rel, "not JSON, or nested too deep");
	else if (r != 0)
		warn_content(cs, w, WARN_DOCKER, rel, "no usable \"Name\" string");
	return r == -ENOENT ? -EINVAL : r; /* the file is there */
}

/* An OCI spec's Kubernetes annotations: as docker_config. */
static int oci_spec(struct containers *cs, const char *rel, unsigned kind,
		    struct container_info *info, struct warnings *w)
{
	char *text;
	size_t len;
	int r = read_file(cs, rel, CONFIG_MAX, kind, w, &text, &len);

	if (r != 0)
		return r;
	r = containers_oci_annotations(text, len, info);
	free(text);
	/* A spec without Kubernetes annotations is a container of another
	 * client of the runtime: nothing to say about it. */
	if (r == -EINVAL)
		warn_content(cs, w, kind, rel, "not JSON, or nested too deep");
	return r == -ENOENT ? 0 : r;
}

static int containerd_spec(struct containers *cs, struct container_info *info, struct warnings *w)
{
	char rel[256];

	(void)snprintf(rel, sizeof(rel),
		       "/run/containerd/io.containerd.runtime.v2.task/k8s.io/%s/config.json",
		       info->id);
	return oci_spec(cs, rel, WARN_CONTAINERD, info, w);
}

static int crio_spec(struct containers *cs, struct container_info *info, struct warnings *w)
{
	char rel[256];

	(void)snprintf(rel, sizeof(rel),
		       "/run/containers/storage/overlay-containers/%s/userdata/config.json",
		       info->id);
	return oci_spec(cs, rel, WARN_CRIO, info, w);
}

static void storage_add(const char *id, const char *name, void *arg)
{
	kv_add(arg, id, name, NULL);
}

/* containers/storage's first name for id (Podman, CRI-O), or NULL. */
static const char *storage_name(struct containers *cs, const char *id, struct warnings *w)
{
	static const char rel[] = "/var/lib/containers/storage/overlay-containers/containers.json";
	const struct kv *e;

	if (cs->storage == NULL) {
		char *text;
		size_t len;

		cs->storage = kv_new();
		if (read_file(cs, rel, STORAGE_MAX, WARN_STORAGE, w, &text, &len) == 0) {
			if (containers_storage_names(text, len, storage_add, cs->storage) < 0)
				warn_content(cs, w, WARN_STORAGE, rel, "not a JSON array");
			free(text);
		}
	}
	e = kv_find(cs->storage, id);
	return e != NULL ? e->a : NULL;
}

/* Reads a directory of root once into a table, by parse (NULL when absent). */
static struct containers_kv *scan_dir(struct containers *cs, const char *rel, bool pods)
{
	struct containers_kv *t = kv_new();
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (snprintf(path, sizeof(path), "%s%s", cs->root, rel) >= (int)sizeof(path) ||
	    (d = opendir(path)) == NULL)
		return t;
	while ((de = readdir(d)) != NULL) {
		char a[CONTAINER_NAME_MAX], b[CONTAINER_K8S_MAX], key[CONTAINER_UID_MAX];
		char id[CONTAINER_ID_LEN + 1];

		if (pods &&
		    containers_pod_dir(de->d_name, b, sizeof(b), a, sizeof(a), key, sizeof(key)))
			kv_add(t, key, a, b); /* uid -> pod, namespace */
		else if (!pods && containers_log_link(de->d_name, b, sizeof(b), id))
			kv_add(t, id, b, NULL); /* id -> container */
	}
	(void)closedir(d);
	return t;
}

/* The Kubernetes names the runtime's files did not give, from the kubelet's log directories. */
static void kube_logs(struct containers *cs, const struct container_ref *ref,
		      struct container_info *info)
{
	const struct kv *e;

	if (info->pod_name[0] == '\0') {
		if (cs->pods == NULL)
			cs->pods = scan_dir(cs, "/var/log/pods", true);
		if ((e = kv_find(cs->pods, ref->pod_uid)) != NULL) {
			(void)strlcpy(info->pod_name, e->a, sizeof(info->pod_name));
			(void)strlcpy(info->pod_namespace, e->b, sizeof(info->pod_namespace));
		}
	}
	if (info->container_name[0] == '\0') {
		if (cs->logs == NULL)
			cs->logs = scan_dir(cs, "/var/log/containers", false);
		if ((e = kv_find(cs->logs, info->id)) != NULL)
			(void)strlcpy(info->container_name, e->a, sizeof(info->container_name));
	}
}

/* Fills info's names from the runtime's files. */
static void from_files(struct containers *cs, const struct container_ref *ref,
		       struct container_info *info, struct warnings *w)
{
	const char *name;

	switch (ref->runtime) {
	case CONTAINER_DOCKER:
		(void)docker_config(cs, info, w);
		break;
	case CONTAINER_PODMAN:
		if ((name = storage_name(cs, info->id, w)) != NULL)
			(void)strlcpy(info->name, name, sizeof(info->name));
		break;
	case CONTAINER_CONTAINERD:
		(void)containerd_spec(cs, info, w);
		break;
	case CONTAINER_CRIO:
		if (crio_spec(cs, info, w) == -ENOENT &&
		    (name = storage_name(cs, info->id, w)) != NULL)
			(void)containers_k8s_name(name, info);
		break;
	case CONTAINER_KUBERNETES:
		/* The cgroupfs driver's path names no runtime: whose files name the id says. */
		if (containerd_spec(cs, info, w) != -ENOENT)
			info->runtime = CONTAINER_CONTAINERD;
		else if (crio_spec(cs, info, w) != -ENOENT)
			info->runtime = CONTAINER_CRIO;
		else if (docker_config(cs, info, w) != -ENOENT)
			info->runtime = CONTAINER_DOCKER;
		break;
	case CONTAINER_NSPAWN:
	case CONTAINER_NONE:
		break;
	}
	if (ref->pod_uid[0] == '\0')
		return;
	/* dockershim named Kubernetes containers k8s_CONTAINER_POD_NS_UID_N. */
	if (info->runtime == CONTAINER_DOCKER && info->name[0] != '\0')
		(void)containers_k8s_name(info->name, info);
	kube_logs(cs, ref, info);
	if (info->container_name[0] != '\0')
		(void)strlcpy(info->name, info->container_name, sizeof(info->name));
	else if (info->runtime == CONTAINER_DOCKER)
		info->name[0] = '\0'; /* a k8s_ name that did not parse says nothing clear */
}

static uint64_t ref_hash(const struct container_ref *ref, const char *key)
{
	/* Not the runtime: a cgroupfs Kubernetes id keeps its key once the lookup names the
	 * runtime. */
	return hash_u64(hash_bytes(key, strlen(key)) ^ (ref->runtime == CONTAINER_NSPAWN));
}

const struct container_info *containers_lookup(struct containers *cs,
					       const struct container_ref *ref, struct warnings *w)
{
	const char *key = ref->runtime == CONTAINER_NSPAWN ? ref->machine : ref->id;
	uint64_t hash = ref_hash(ref, key);
	struct container_entry *e;
	struct container_info *info;
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&cs->index, hash, &it); i != HASHTAB_NONE;
	     i = hashtab_next(&cs->index, &it)) {
		const struct container_entry *c = cs->v[i];

		if (c->asked == ref->runtime &&
		    strcmp(c->asked == CONTAINER_NSPAWN ? c->info.name : c->info.id, key) == 0)
			return &c->info;
	}
	e = xcalloc(1, sizeof(*e));
	e->asked = ref->runtime;
	info = &e->info;
	info->runtime = ref->runtime;
	if (ref->runtime == CONTAINER_NSPAWN) {
		(void)strlcpy(info->name, ref->machine, sizeof(info->name));
	} else {
		(void)strlcpy(info->id, ref->id, sizeof(info->id));
		(void)strlcpy(info->short_id, ref->id, sizeof(info->short_id));
		from_files(cs, ref, info, w);
	}
	if (cs->len == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->v = xreallocarray(cs->v, cs->cap, sizeof(*cs->v));
	}
	cs->v[cs->len] = e;
	hashtab_insert(&cs->index, hash, (uint32_t)cs->len);
	cs->len++;
	return info;
}

int containers_of_pid(struct containers *cs, int pidfd, const struct container_info **info,
		      struct warnings *w)
{
	char buf[CGROUP_TEXT_MAX];
	struct container_ref ref;
	ssize_t got = procfile_read_at(pidfd, "cgroup", buf, sizeof(buf));

	if (got < 0)
		return (int)got;
	if (!containers_parse_cgroup(buf, (size_t)got, &ref))
		return 0;
	*info = containers_lookup(cs, &ref, w);
	return 1;
}
