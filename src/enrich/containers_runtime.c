/*
 * containers_runtime.c - the runtimes' JSON files, parsed with json-c.
 *
 * The files are written by root-owned daemons but are still input: a
 * tokener with a small depth limit (its parser keeps its own stack, so
 * deep input costs no C stack), strict RFC 8259 syntax with UTF-8
 * checked, nothing after the value but white space, and every field
 * checked for its type.  A string with a NUL, empty, or longer than its
 * field is treated as absent rather than cut.
 */
#include "lib/compat.h"

#include <errno.h>
#include <limits.h>

#include <json-c/json_object.h>
#include <json-c/json_tokener.h>

#include "enrich/containers_runtime.h"

/* The parsed value, or NULL when text is not one strict JSON value. */
static struct json_object *parse(const char *text, size_t len)
{
	struct json_tokener *tok;
	struct json_object *o;
	size_t end;

	if (len == 0 || len > INT_MAX)
		return NULL;
	tok = json_tokener_new_ex(CONTAINERS_JSON_DEPTH);
	if (tok == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS |
					JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (o != NULL && json_tokener_get_error(tok) != json_tokener_success)
		o = NULL; /* not reached by json-c 0.16; kept for safety */
	json_tokener_free(tok);
	/* Trailing characters are allowed by the flag above only so that the
	 * check is ours: white space may follow, nothing else. */
	for (; o != NULL && end < len; end++)
		if (text[end] != ' ' && text[end] != '\n' && text[end] != '\r' &&
		    text[end] != '\t') {
			json_object_put(o);
			o = NULL;
		}
	return o;
}

/* Copies o's string (with one leading '/' dropped when slash) into out; false if unusable. */
static bool get_str(struct json_object *o, bool slash, char *out, size_t cap)
{
	const char *s;
	int n;

	if (o == NULL || !json_object_is_type(o, json_type_string))
		return false;
	s = json_object_get_string(o);
	n = json_object_get_string_len(o);
	if (s == NULL || n <= 0)
		return false;
	if (slash && s[0] == '/') {
		s++;
		n--;
	}
	if (n == 0 || (size_t)n >= cap || memchr(s, '\0', (size_t)n) != NULL)
		return false;
	memcpy(out, s, (size_t)n);
	out[n] = '\0';
	return true;
}

/* The member key of object o, or NULL (also when o is no object). */
static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

int containers_docker_name(const char *text, size_t len, char *out, size_t cap)
{
	struct json_object *o = parse(text, len);
	int r;

	if (o == NULL)
		return -EINVAL;
	r = get_str(member(o, "Name"), true, out, cap) ? 0 : -ENOENT;
	json_object_put(o);
	return r;
}

int containers_oci_annotations(const char *text, size_t len, struct container_info *info)
{
	/* containerd's CRI plugin, then CRI-O's keys for the same three names. */
	static const char *const keys[2][3] = {
	    {"io.kubernetes.cri.sandbox-name", "io.kubernetes.cri.sandbox-namespace",
	     "io.kubernetes.cri.container-name"},
	    {"io.kubernetes.pod.name", "io.kubernetes.pod.namespace",
	     "io.kubernetes.container.name"},
	};
	struct json_object *o = parse(text, len), *a;
	size_t k;
	int r = -ENOENT;

	if (o == NULL)
		return -EINVAL;
	a = member(o, "annotations");
	for (k = 0; k < nitems(keys) && r != 0; k++) {
		if (!get_str(member(a, keys[k][0]), false, info->pod_name, sizeof(info->pod_name)))
			continue;
		r = 0;
		if (!get_str(member(a, keys[k][1]), false, info->pod_namespace,
			     sizeof(info->pod_namespace)))
			info->pod_namespace[0] = '\0';
		/* A sandbox (the pod's pause container) has no container name. */
		if (!get_str(member(a, keys[k][2]), false, info->container_name,
			     sizeof(info->container_name)))
			info->container_name[0] = '\0';
	}
	json_object_put(o);
	return r;
}

long containers_storage_names(const char *text, size_t len, containers_name_fn fn, void *arg)
{
	struct json_object *o = parse(text, len);
	size_t i, n;
	long count = 0;

	if (o == NULL)
		return -EINVAL;
	if (!json_object_is_type(o, json_type_array)) {
		json_object_put(o);
		return -EINVAL;
	}
	n = json_object_array_length(o);
	for (i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(o, i), *names;
		char id[CONTAINER_ID_LEN + 1], name[CONTAINER_NAME_MAX];

		if (!get_str(member(c, "id"), false, id, sizeof(id)) ||
		    !containers_is_id(id, strlen(id)))
			continue;
		names = member(c, "names");
		if (names == NULL || !json_object_is_type(names, json_type_array) ||
		    json_object_array_length(names) == 0 ||
		    !get_str(json_object_array_get_idx(names, 0), false, name, sizeof(name)))
			continue;
		fn(id, name, arg);
		count++;
	}
	json_object_put(o);
	return count;
}
