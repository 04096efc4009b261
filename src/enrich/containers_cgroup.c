/*
 * containers_cgroup.c - the container a cgroup path names.
 *
 * Pure: the runtimes' naming conventions over the text of /proc/PID/cgroup,
 * so that unit tests pin each shape.  A path is walked component by
 * component from the root; the first (outermost) container wins, since a
 * container nested in another (docker-in-docker, kind) is known only to
 * the runtime inside the outer one.  Components are split at '/' and at
 * ':', because runc's systemd driver on cgroup v1 writes the v1 path of a
 * Kubernetes container as "POD.slice:cri-containerd:ID".
 */
#include "lib/compat.h"

#include "enrich/containers.h"
#include "enrich/containers_runtime.h"

bool containers_is_id(const char *s, size_t n)
{
	size_t i;

	if (n != CONTAINER_ID_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static bool has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool is_word(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* A cgroup path component. */
struct comp {
	const char *s;
	size_t n;
};

static bool contains(struct comp c, const char *word)
{
	size_t k = strlen(word), i;

	for (i = 0; i + k <= c.n; i++)
		if (memcmp(c.s + i, word, k) == 0)
			return true;
	return false;
}

/* "<prefix><64 hex>[.scope]": the id into ref. */
static bool scoped_id(struct comp c, const char *prefix, enum container_runtime rt,
		      struct container_ref *ref)
{
	size_t k = strlen(prefix);

	if (!has_prefix(c.s, c.n, prefix))
		return false;
	c.s += k;
	c.n -= k;
	if (has_suffix(c.s, c.n, ".scope"))
		c.n -= 6;
	if (!containers_is_id(c.s, c.n))
		return false;
	memcpy(ref->id, c.s, c.n);
	ref->id[c.n] = '\0';
	ref->runtime = rt;
	return true;
}

/*
 * A Kubernetes pod component: "pod<uid>" (cgroupfs driver) or
 * "...-pod<uid_with_underscores>.slice" (systemd driver, which cannot
 * have '-' inside a slice's own name).  The UID, with dashes, into ref.
 */
static bool pod_uid(struct comp c, struct container_ref *ref)
{
	const char *p;
	size_t i, len;

	if (has_suffix(c.s, c.n, ".slice")) {
		c.n -= 6;
		for (p = c.s + c.n; p > c.s + 3; p--)
			if (memcmp(p - 4, "-pod", 4) == 0)
				break;
		if (p <= c.s + 3)
			return false;
	} else if (has_prefix(c.s, c.n, "pod")) {
		p = c.s + 3;
	} else {
		return false;
	}
	len = (size_t)(c.s + c.n - p);
	if (len == 0 || len >= sizeof(ref->pod_uid))
		return false;
	for (i = 0; i < len; i++) {
		char ch = p[i];

		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || ch == '-' ||
		      ch == '_'))
			return false;
		ref->pod_uid[i] = ch == '_' ? '-' : ch;
	}
	ref->pod_uid[len] = '\0';
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * "machine-NAME.scope", NAME as systemd escapes unit names ('-' and other
 * bytes as \xNN): the unescaped name into ref->machine.  A bad escape, an
 * escaped NUL or '/', or an empty name is no machine.
 */
static bool machine_name(struct comp c, struct container_ref *ref)
{
	size_t i, o = 0;

	if (!has_prefix(c.s, c.n, "machine-") || !has_suffix(c.s, c.n, ".scope") || c.n <= 14)
		return false;
	for (i = 8; i < c.n - 6; i++) {
		char ch = c.s[i];

		if (ch == '\0')
			return false; /* a raw NUL: only a forged file holds one */
		if (ch == '\\') {
			int hi, lo;

			if (i + 3 >= c.n - 6 || c.s[i + 1] != 'x' ||
			    (hi = hexval(c.s[i + 2])) < 0 || (lo = hexval(c.s[i + 3])) < 0)
				return false;
			ch = (char)(hi << 4 | lo);
			if (ch == '\0' || ch == '/')
				return false;
			i += 3;
		}
		if (o + 1 >= sizeof(ref->machine))
			return false;
		ref->machine[o++] = ch;
	}
	ref->machine[o] = '\0';
	ref->runtime = CONTAINER_NSPAWN;
	return true;
}

bool containers_parse_path(const char *path, size_t len, struct container_ref *ref)
{
	const char *p = path, *end = path + len;
	struct comp prev = {"", 0};
	bool kube = false, pod = false;

	memset(ref, 0, sizeof(*ref));
	while (p < end) {
		struct comp c;

		while (p < end && (*p == '/' || *p == ':'))
			p++;
		if (p == end)
			break;
		c.s = p;
		while (p < end && *p != '/' && *p != ':')
			p++;
		c.n = (size_t)(p - c.s);

		if (contains(c, "kubepods"))
			kube = true;
		if (kube && !pod && pod_uid(c, ref))
			pod = true;
		if (scoped_id(c, "docker-", CONTAINER_DOCKER, ref) ||
		    (!has_prefix(c.s, c.n, "libpod-conmon-") &&
		     scoped_id(c, "libpod-", CONTAINER_PODMAN, ref)) ||
		    scoped_id(c, "cri-containerd-", CONTAINER_CONTAINERD, ref) ||
		    (!has_prefix(c.s, c.n, "crio-conmon-") &&
		     scoped_id(c, "crio-", CONTAINER_CRIO, ref)))
			break;
		/* "docker/ID" (cgroupfs driver), "cri-containerd:ID", "crio:ID" (v1 systemd) */
		if (containers_is_id(c.s, c.n)) {
			enum container_runtime rt = CONTAINER_NONE;

			if (is_word(prev.s, prev.n, "docker"))
				rt = CONTAINER_DOCKER;
			else if (is_word(prev.s, prev.n, "cri-containerd"))
				rt = CONTAINER_CONTAINERD;
			else if (is_word(prev.s, prev.n, "crio"))
				rt = CONTAINER_CRIO;
			else if (pod)
				rt = CONTAINER_KUBERNETES; /* cgroupfs driver:
							      /kubepods/QOS/podUID/ID */
			if (rt != CONTAINER_NONE) {
				memcpy(ref->id, c.s, c.n);
				ref->id[c.n] = '\0';
				ref->runtime = rt;
				break;
			}
		}
		if (is_word(prev.s, prev.n, "machine.slice") && machine_name(c, ref))
			break;
		prev = c;
	}
	if (ref->runtime == CONTAINER_NONE || ref->runtime == CONTAINER_NSPAWN || !pod)
		ref->pod_uid[0] = '\0';
	if (ref->runtime == CONTAINER_NONE)
		memset(ref, 0, sizeof(*ref));
	return ref->runtime != CONTAINER_NONE;
}

bool containers_parse_cgroup(const char *text, size_t len, struct container_ref *ref)
{
	const char *p, *end = text + len;
	int pass;

	/* The v2 line first: on a hybrid host it is what systemd manages;
	 * then each v1 line, for hosts (and runtimes) that use only v1. */
	for (pass = 0; pass < 2; pass++) {
		for (p = text; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			const char *c1 = memchr(p, ':', n), *c2;

			if (c1 != NULL &&
			    (c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - p))) != NULL) {
				bool v2 = c1 - p == 1 && p[0] == '0' && c2 == c1 + 1;
				const char *path = c2 + 1;
				size_t plen = n - (size_t)(path - p);

				if (plen > 0 && path[plen - 1] == '\r')
					plen--;
				if (v2 == (pass == 0) && containers_parse_path(path, plen, ref))
					return true;
			}
			p += n + 1;
		}
	}
	memset(ref, 0, sizeof(*ref));
	return false;
}
