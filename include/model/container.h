/*
 * container.h - a container as the model holds it: what enrichment
 * (enrich/containers.h) learned from the runtimes' files, and the texts
 * outputs and filters show and match it by.  No I/O.
 *
 * Strings come from files anyone with write access to a runtime's state
 * could fill: outputs escape them.
 */
#ifndef PORTSTAT_MODEL_CONTAINER_H
#define PORTSTAT_MODEL_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

enum container_runtime {
	CONTAINER_NONE = 0,
	CONTAINER_DOCKER,
	CONTAINER_PODMAN,
	CONTAINER_CONTAINERD,
	CONTAINER_CRIO,
	/* A Kubernetes container under the cgroupfs driver (/kubepods/QOS/podUID/ID):
	 * the path does not say which runtime; containers_lookup finds out from
	 * whose files name the id, else it stays "kubernetes". */
	CONTAINER_KUBERNETES,
	CONTAINER_NSPAWN, /* a machine registered with systemd-machined */
};

#define CONTAINER_ID_LEN    64	/* the full id: 64 lowercase hex digits */
#define CONTAINER_SHORT_LEN 12	/* as `docker ps` shows it */
#define CONTAINER_NAME_MAX  256 /* with the NUL; longer names are treated as absent, never cut */
#define CONTAINER_K8S_MAX   64	/* namespace and container names: DNS labels (63) */
#define CONTAINER_UID_MAX   64	/* a pod UID (36 with dashes; 32 hex for static pods) */

/* Everything known about one container. */
struct container_info {
	enum container_runtime runtime;
	char id[CONTAINER_ID_LEN + 1];
	char short_id[CONTAINER_SHORT_LEN + 1];
	char name[CONTAINER_NAME_MAX];	   /* Docker/Podman name, the Kubernetes container name, the
					      machine */
	char pod_name[CONTAINER_NAME_MAX]; /* Kubernetes only (a DNS subdomain: up to 253) */
	char pod_namespace[CONTAINER_K8S_MAX];
	char container_name[CONTAINER_K8S_MAX];
};

/* "docker", "podman", "containerd", "cri-o", "kubernetes", "nspawn"; "" for none. */
const char *container_runtime_name(enum container_runtime r);

/*
 * The text a container is shown by, into buf (NUL-terminated, cut at len;
 * not escaped).  A Kubernetes container is its pod, "NAMESPACE/POD", and
 * with with_container "NAMESPACE/POD/CONTAINER" (a pod's containers share
 * its network namespace: the namespace is the pod's, a process is one
 * container's).  Others: the name, else "RUNTIME-SHORTID" (as the cgroup
 * names it).  Returns buf.
 */
const char *container_label(const struct container_info *c, bool with_container, char *buf,
			    size_t len);

/*
 * Whether a --container word names c: its name, Kubernetes pod name,
 * "NAMESPACE/POD" or container name, or a prefix of its id (as `docker`
 * takes one).
 */
bool container_matches(const struct container_info *c, const char *word);

#endif
