/*
 * container.c - the texts a container is shown and matched by (model/container.h).
 */
#include "lib/compat.h"

#include <stdio.h>
#include <string.h>

#include "model/container.h"

const char *container_runtime_name(enum container_runtime r)
{
	switch (r) {
	case CONTAINER_DOCKER:
		return "docker";
	case CONTAINER_PODMAN:
		return "podman";
	case CONTAINER_CONTAINERD:
		return "containerd";
	case CONTAINER_CRIO:
		return "cri-o";
	case CONTAINER_KUBERNETES:
		return "kubernetes";
	case CONTAINER_NSPAWN:
		return "nspawn";
	case CONTAINER_NONE:
		break;
	}
	return "";
}

const char *container_label(const struct container_info *c, bool with_container, char *buf,
			    size_t len)
{
	if (len == 0)
		return buf;
	if (c->pod_name[0] != '\0' && c->pod_namespace[0] != '\0') {
		if (with_container && c->container_name[0] != '\0')
			(void)snprintf(buf, len, "%s/%s/%s", c->pod_namespace, c->pod_name,
				       c->container_name);
		else
			(void)snprintf(buf, len, "%s/%s", c->pod_namespace, c->pod_name);
	} else if (c->name[0] != '\0') {
		(void)strlcpy(buf, c->name, len);
	} else {
		(void)snprintf(buf, len, "%s-%s", container_runtime_name(c->runtime), c->short_id);
	}
	return buf;
}

bool container_matches(const struct container_info *c, const char *word)
{
	size_t n = strlen(word);
	char pod[CONTAINER_K8S_MAX + CONTAINER_NAME_MAX + 1];

	if (n == 0)
		return false;
	if (strcmp(word, c->name) == 0 || strcmp(word, c->pod_name) == 0 ||
	    strcmp(word, c->container_name) == 0)
		return true;
	if (c->pod_name[0] != '\0') {
		(void)snprintf(pod, sizeof(pod), "%s/%s", c->pod_namespace, c->pod_name);
		if (strcmp(word, pod) == 0)
			return true;
	}
	return c->id[0] != '\0' && n <= CONTAINER_ID_LEN && strncmp(word, c->id, n) == 0;
}
