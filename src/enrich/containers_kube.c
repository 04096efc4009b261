/*
 * containers_kube.c - the names Kubernetes writes on disk, split into pod,
 * namespace and container.
 *
 * Pod names are DNS subdomains, namespaces and container names DNS labels:
 * none may hold '_', so '_' separates the fields without ambiguity.  A
 * field too long for its place in struct container_info makes the whole
 * name unusable (a cut name would be a wrong one).
 */
#include "lib/compat.h"

#include "enrich/containers_runtime.h"

#define MAX_FIELDS 7

/* Splits s at '_' into at most MAX_FIELDS fields; the count, or 0 past that. */
static size_t split(const char *s, const char *field[], size_t flen[])
{
	size_t nf = 0;
	const char *p = s;

	for (;;) {
		const char *u = strchr(p, '_');
		size_t n = u != NULL ? (size_t)(u - p) : strlen(p);

		if (nf == MAX_FIELDS)
			return 0;
		field[nf] = p;
		flen[nf++] = n;
		if (u == NULL)
			return nf;
		p = u + 1;
	}
}

static bool copy(char *out, size_t cap, const char *s, size_t n)
{
	if (n == 0 || n >= cap)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

bool containers_k8s_name(const char *name, struct container_info *info)
{
	const char *f[MAX_FIELDS];
	size_t n[MAX_FIELDS];
	struct container_info k;

	if (split(name, f, n) != 6 || n[0] != 3 || memcmp(f[0], "k8s", 3) != 0)
		return false;
	if (!copy(k.container_name, sizeof(k.container_name), f[1], n[1]) ||
	    !copy(k.pod_name, sizeof(k.pod_name), f[2], n[2]) ||
	    !copy(k.pod_namespace, sizeof(k.pod_namespace), f[3], n[3]))
		return false;
	memcpy(info->container_name, k.container_name, sizeof(k.container_name));
	memcpy(info->pod_name, k.pod_name, sizeof(k.pod_name));
	memcpy(info->pod_namespace, k.pod_namespace, sizeof(k.pod_namespace));
	return true;
}

bool containers_pod_dir(const char *name, char *ns, size_t nscap, char *pod, size_t podcap,
			char *uid, size_t uidcap)
{
	const char *f[MAX_FIELDS];
	size_t n[MAX_FIELDS];

	return split(name, f, n) == 3 && copy(ns, nscap, f[0], n[0]) &&
	       copy(pod, podcap, f[1], n[1]) && copy(uid, uidcap, f[2], n[2]);
}

bool containers_log_link(const char *name, char *container, size_t cap,
			 char id[CONTAINER_ID_LEN + 1])
{
	const char *f[MAX_FIELDS];
	size_t n[MAX_FIELDS], k;

	/* POD_NAMESPACE_CONTAINER-ID.log: the id and its dash are 65 bytes, ".log" 4 */
	if (split(name, f, n) != 3 || n[0] == 0 || n[1] == 0 || n[2] <= CONTAINER_ID_LEN + 1 + 4 ||
	    memcmp(f[2] + n[2] - 4, ".log", 4) != 0)
		return false;
	k = n[2] - 4 - CONTAINER_ID_LEN;
	if (f[2][k - 1] != '-' || !containers_is_id(f[2] + k, CONTAINER_ID_LEN) ||
	    !copy(container, cap, f[2], k - 1))
		return false;
	memcpy(id, f[2] + k, CONTAINER_ID_LEN);
	id[CONTAINER_ID_LEN] = '\0';
	return true;
}
