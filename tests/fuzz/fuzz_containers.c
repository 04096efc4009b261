/*
 * fuzz_containers.c - the container module's parsers: a /proc/PID/cgroup
 * text, Docker's config.v2.json, an OCI spec's annotations, a
 * containers.json, and the Kubernetes names of /var/log.
 *
 * Input: a selector byte (which parser), then the text.  Each input is an
 * exact-size heap copy, so AddressSanitizer sees a read past its end.
 * Properties: a container found has a 64-hex id (or, for a machine, a
 * non-empty name without NUL or '/'); names returned are non-empty,
 * NUL-terminated within their fields and hold no NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "enrich/containers.h"
#include "enrich/containers_runtime.h"
#include "fuzz_util.h"

static void check_name(const char *s, size_t cap, bool may_be_empty)
{
	size_t n = strnlen(s, cap);

	if (n == cap || (!may_be_empty && n == 0))
		abort();
}

static void on_name(const char *id, const char *name, void *arg)
{
	(void)arg;
	if (!containers_is_id(id, strlen(id)))
		abort();
	check_name(name, CONTAINER_NAME_MAX, false);
}

static void cgroup(const char *text, size_t len)
{
	struct container_ref ref;

	if (!containers_parse_cgroup(text, len, &ref)) {
		if (ref.runtime != CONTAINER_NONE || ref.id[0] != '\0')
			abort();
		return;
	}
	if (container_runtime_name(ref.runtime)[0] == '\0')
		abort();
	if (ref.runtime == CONTAINER_NSPAWN) {
		check_name(ref.machine, sizeof(ref.machine), false);
		if (strchr(ref.machine, '/') != NULL)
			abort();
	} else if (!containers_is_id(ref.id, strlen(ref.id))) {
		abort();
	}
	check_name(ref.pod_uid, sizeof(ref.pod_uid), true);
}

static void kube_names(const char *text)
{
	struct container_info info;
	char ns[CONTAINER_K8S_MAX], pod[CONTAINER_NAME_MAX], uid[CONTAINER_UID_MAX];
	char id[CONTAINER_ID_LEN + 1];

	memset(&info, 0, sizeof(info));
	if (containers_k8s_name(text, &info)) {
		check_name(info.pod_name, sizeof(info.pod_name), false);
		check_name(info.pod_namespace, sizeof(info.pod_namespace), false);
		check_name(info.container_name, sizeof(info.container_name), false);
	}
	if (containers_pod_dir(text, ns, sizeof(ns), pod, sizeof(pod), uid, sizeof(uid)) &&
	    (strchr(pod, '_') != NULL || strchr(ns, '_') != NULL))
		abort();
	if (containers_log_link(text, ns, sizeof(ns), id) &&
	    (!containers_is_id(id, strlen(id)) || ns[0] == '\0'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct container_info info;
	char out[CONTAINER_NAME_MAX];
	char *text;
	size_t len;

	if (size == 0)
		return 0;
	len = size - 1;
	text = fuzz_copy(data + 1, len);
	memset(&info, 0, sizeof(info));
	switch (data[0] % 5) {
	case 0:
		cgroup(text, len);
		break;
	case 1:
		if (containers_docker_name(text, len, out, sizeof(out)) == 0)
			check_name(out, sizeof(out), false);
		break;
	case 2:
		if (containers_oci_annotations(text, len, &info) == 0)
			check_name(info.pod_name, sizeof(info.pod_name), false);
		check_name(info.pod_namespace, sizeof(info.pod_namespace), true);
		check_name(info.container_name, sizeof(info.container_name), true);
		break;
	case 3:
		(void)containers_storage_names(text, len, on_name, NULL);
		break;
	default: {
		/* names of directory entries: NUL-terminated, no NUL inside */
		char *s = malloc(len + 1);

		if (s == NULL)
			abort();
		memcpy(s, text, len);
		s[len] = '\0';
		kube_names(s);
		free(s);
		break;
	}
	}
	free(text);
	return 0;
}
