/*
 * containers_runtime.h - the runtimes' files, parsed from their text.
 *
 * Pure functions over a buffer (the reading, with its size caps, is in
 * containers.c), so that unit tests and the fuzz target feed them
 * directly.  The JSON ones use json-c with a depth limit
 * (CONTAINERS_JSON_DEPTH) and strict RFC 8259 parsing; a string holding a
 * NUL, or longer than its field, is treated as absent.
 */
#ifndef PORTSTAT_ENRICH_CONTAINERS_RUNTIME_H
#define PORTSTAT_ENRICH_CONTAINERS_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

#include "enrich/containers.h"

/* The files portstat reads are a few levels deep; deeper input is refused. */
#define CONTAINERS_JSON_DEPTH 32

/*
 * Docker's /var/lib/docker/containers/ID/config.v2.json: its top-level
 * "Name" ("/web") without the leading '/'.  Returns 0, -EINVAL when the
 * text is not JSON (or too deep), -ENOENT when it holds no usable "Name"
 * string (wrong type, empty, too long, a NUL).
 */
int containers_docker_name(const char *text, size_t len, char *out, size_t cap);

/*
 * An OCI runtime spec (config.json) written by containerd's CRI plugin
 * (/run/containerd/io.containerd.runtime.v2.task/k8s.io/ID/config.json) or
 * CRI-O (/run/containers/storage/overlay-containers/ID/userdata/config.json):
 * the Kubernetes annotations into info's pod_name, pod_namespace and
 * container_name (io.kubernetes.cri.sandbox-name / sandbox-namespace /
 * container-name, or io.kubernetes.pod.name / pod.namespace /
 * container.name).  Returns 0 when at least the pod name was found,
 * -EINVAL for text that is not JSON, -ENOENT otherwise.
 */
int containers_oci_annotations(const char *text, size_t len, struct container_info *info);

/* Called for each container of a containers.json: its id and first name. */
typedef void (*containers_name_fn)(const char *id, const char *name, void *arg);

/*
 * containers/storage's containers.json (Podman; CRI-O uses the same
 * store): a JSON array of objects with "id" (64 hex) and "names" (array of
 * strings).  Calls fn for each entry with a valid id and a usable first
 * name; entries of other shapes are skipped.  Returns the number of
 * calls, or -EINVAL when the text is not a JSON array.
 */
long containers_storage_names(const char *text, size_t len, containers_name_fn fn, void *arg);

/*
 * The names Kubernetes gives on disk (pod names are DNS subdomains,
 * namespaces and container names DNS labels: none holds '_', which
 * separates the fields):
 *
 * containers_k8s_name: "k8s_CONTAINER_POD_NAMESPACE_UID_ATTEMPT" (dockershim's
 *   Docker names, CRI-O's storage names) into info's three Kubernetes fields.
 * containers_pod_dir: "NAMESPACE_POD_UID", a directory of /var/log/pods.
 * containers_log_link: "POD_NAMESPACE_CONTAINER-ID.log", a link in
 *   /var/log/containers; id gets the 64 hex digits.
 */
bool containers_k8s_name(const char *name, struct container_info *info);
bool containers_pod_dir(const char *name, char *ns, size_t nscap, char *pod, size_t podcap,
			char *uid, size_t uidcap);
bool containers_log_link(const char *name, char *container, size_t cap,
			 char id[CONTAINER_ID_LEN + 1]);

/* True when s (n bytes) is exactly CONTAINER_ID_LEN lowercase hex digits. */
bool containers_is_id(const char *s, size_t n);

#endif
