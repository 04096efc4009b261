/*
 * unit.c - systemd unit or container of a process, and socket activation.
 *
 * Parsing is pure (systemd_parse_cgroup, systemd_unit_from_path, the .socket line
 * parser) so that unit tests pin it; the readers around it only open
 * files under the roots they are given.
 */
#include "lib/compat.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/linereader.h"
#include "lib/procfile.h"
#include "enrich/systemd_units.h"
#include "lib/xmalloc.h"

const char *const systemd_socket_dirs[] = {
    "/etc/systemd/system",     "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system", "/lib/systemd/system", NULL,
};

static bool has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static size_t put(char *out, size_t cap, const char *a, const char *b, size_t blen)
{
	int n = snprintf(out, cap, "%s%.*s", a, (int)blen, b);

	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* "<engine>-<64 hex>.scope" or "<engine>-<64 hex>": a container id, cut to 12 digits. */
static size_t container_id(const char *c, size_t n, const char *engine, char *out, size_t cap)
{
	size_t k = strlen(engine);

	if (!has_prefix(c, n, engine) || n <= k)
		return 0;
	c += k;
	n -= k;
	if (has_suffix(c, n, ".scope"))
		n -= 6;
	if (n < 12 || !all_hex(c, n))
		return 0;
	return put(out, cap, engine, c, 12);
}

/* A Kubernetes pod component: "pod<uid>" or "kubepods-<qos>-pod<uid_with_underscores>.slice". */
static size_t kube_pod(const char *c, size_t n, char *out, size_t cap)
{
	const char *p;
	size_t i, len;
	char uid[64];

	if (has_suffix(c, n, ".slice"))
		n -= 6;
	for (p = c + n; p > c; p--)
		if (p - c >= 3 && memcmp(p - 3, "pod", 3) == 0)
			break;
	if (p == c || (p - 3 != c && p[-4] != '-'))
		return 0;
	len = (size_t)(c + n - p);
	if (len == 0 || len >= sizeof(uid))
		return 0;
	for (i = 0; i < len; i++)
		uid[i] = p[i] == '_' ? '-' : p[i];
	return put(out, cap, "pod", uid, len);
}

size_t systemd_unit_from_path(const char *path, size_t len, char *out, size_t cap)
{
	const char *comp[64];
	size_t clen[64], nc = 0, i, r;
	const char *p = path, *end = path + len;
	bool kube = false;

	while (p < end && nc < nitems(comp)) {
		const char *slash;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		slash = memchr(p, '/', (size_t)(end - p));
		comp[nc] = p;
		clen[nc] = slash ? (size_t)(slash - p) : (size_t)(end - p);
		p += clen[nc];
		if (has_prefix(comp[nc], clen[nc], "kubepods"))
			kube = true;
		nc++;
	}
	/* Containers first: their unit (a scope) says less than the container id. */
	for (i = 0; i < nc; i++) {
		const char *c = comp[i];
		size_t n = clen[i];

		if (kube && i > 0 && (r = kube_pod(c, n, out, cap)) > 0)
			return r;
		if ((r = container_id(c, n, "docker-", out, cap)) > 0)
			return r;
		if (!has_prefix(c, n, "libpod-conmon-") &&
		    (r = container_id(c, n, "libpod-", out, cap)) > 0)
			return r;
		if (i > 0 && clen[i - 1] == 6 && memcmp(comp[i - 1], "docker", 6) == 0 && n >= 12 &&
		    all_hex(c, n))
			return put(out, cap, "docker-", c, 12);
	}
	for (i = nc; i-- > 0;)
		if (has_suffix(comp[i], clen[i], ".service") ||
		    has_suffix(comp[i], clen[i], ".scope"))
			return put(out, cap, "", comp[i], clen[i]);
	return 0;
}

size_t systemd_parse_cgroup(const char *text, size_t len, char *out, size_t cap)
{
	const char *p = text, *end = text + len;
	const char *v1 = NULL;
	size_t v1len = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *c1 = memchr(p, ':', n), *c2;

		if (c1 != NULL && (c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - p))) != NULL) {
			const char *path = c2 + 1;
			size_t plen = n - (size_t)(path - p);

			if (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1)
				return systemd_unit_from_path(path, plen, out, cap); /* cgroup v2 */
			if ((size_t)(c2 - c1 - 1) == 12 &&
			    memcmp(c1 + 1, "name=systemd", 12) == 0) {
				v1 = path;
				v1len = plen;
			}
		}
		p += n + 1;
	}
	return v1 != NULL ? systemd_unit_from_path(v1, v1len, out, cap) : 0;
}

/* Parses one Listen value ("22", "0.0.0.0:22", "[::]:22", "/run/x.sock", "@name"). */
static bool parse_listen(const char *v, size_t n, struct systemd_listen *l)
{
	char addr[64];
	const char *colon;
	long port;
	char *endp;
	char num[8];

	if (n == 0)
		return false;
	if (v[0] == '/' || v[0] == '@') {
		if (n >= sizeof(l->path))
			return false;
		memcpy(l->path, v, n);
		l->path[n] = '\0';
		l->family = AF_UNIX;
		return true;
	}
	if (v[0] == '[') {
		const char *rb = memchr(v, ']', n);

		if (rb == NULL || rb + 1 >= v + n || rb[1] != ':' ||
		    (size_t)(rb - v - 1) >= sizeof(addr))
			return false;
		memcpy(addr, v + 1, (size_t)(rb - v - 1));
		addr[rb - v - 1] = '\0';
		if (inet_pton(AF_INET6, addr, l->addr) != 1)
			return false;
		l->family = AF_INET6;
		colon = rb + 1;
	} else if ((colon = memchr(v, ':', n)) != NULL) {
		if ((size_t)(colon - v) >= sizeof(addr))
			return false;
		memcpy(addr, v, (size_t)(colon - v));
		addr[colon - v] = '\0';
		if (inet_pton(AF_INET, addr, l->addr) != 1)
			return false;
		l->family = AF_INET;
	} else {
		l->family = AF_UNSPEC;
		colon = v - 1;
	}
	n -= (size_t)(colon + 1 - v);
	if (n == 0 || n >= sizeof(num))
		return false;
	memcpy(num, colon + 1, n);
	num[n] = '\0';
	port = strtol(num, &endp, 10);
	if (*endp != '\0' || port < 1 || port > 65535)
		return false;
	l->port = (uint16_t)port;
	return true;
}

static bool seen_name(const struct systemd_sockets *u, size_t upto, const char *name)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (strcmp(u->v[i].name, name) == 0)
			return true;
	return false;
}

static void load_file(struct systemd_sockets *u, int dirfd, const char *name)
{
	struct linereader lr;
	const char *line;
	size_t len;
	/* Regular files only: a FIFO would block; a unit masked by a link to
	 * /dev/null is not a socket unit. */
	int fd = procfile_open_at(dirfd, name);
	enum linereader_result r;

	if (fd < 0)
		return;
	linereader_init(&lr, fd);
	while ((r = linereader_next(&lr, &line, &len)) != LR_EOF && r != LR_ERROR) {
		static const struct {
			const char *key;
			uint8_t proto;
		} keys[] = {{"ListenStream=", PROTO_TCP},
			    {"ListenDatagram=", PROTO_UDP},
			    {"ListenSequentialPacket=", PROTO_UNIX}};
		struct systemd_listen l;
		size_t k;

		if (r != LR_LINE)
			continue;
		while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
			len--;
		for (k = 0; k < nitems(keys); k++) {
			size_t kl = strlen(keys[k].key);

			if (len <= kl || memcmp(line, keys[k].key, kl) != 0)
				continue;
			memset(&l, 0, sizeof(l));
			l.proto = keys[k].proto;
			if (!parse_listen(line + kl, len - kl, &l))
				break;
			(void)strlcpy(l.name, name, sizeof(l.name));
			if (u->len == u->cap) {
				u->cap = u->cap ? u->cap * 2 : 16;
				u->v = xreallocarray(u->v, u->cap, sizeof(*u->v));
			}
			u->v[u->len++] = l;
			break;
		}
	}
	linereader_free(&lr);
	(void)close(fd);
}

size_t systemd_sockets_load(struct systemd_sockets *u, const char *root, const char *const *dirs)
{
	size_t i;

	memset(u, 0, sizeof(*u));
	for (i = 0; dirs[i] != NULL; i++) {
		char path[4096];
		size_t before = u->len;
		DIR *d;
		struct dirent *de;

		if (snprintf(path, sizeof(path), "%s%s", root, dirs[i]) >= (int)sizeof(path))
			continue;
		d = opendir(path);
		if (d == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			size_t n = strlen(de->d_name);

			if (!has_suffix(de->d_name, n, ".socket") ||
			    seen_name(u, before, de->d_name))
				continue;
			load_file(u, dirfd(d), de->d_name);
		}
		(void)closedir(d);
	}
	return u->len;
}

void systemd_sockets_free(struct systemd_sockets *u)
{
	free(u->v);
	memset(u, 0, sizeof(*u));
}

static bool listen_matches(const struct systemd_listen *l, const struct conntable *t,
			   const struct conn *c)
{
	if (l->family == AF_UNIX) {
		const char *path = conntable_str(t, c->path);

		if (c->proto != PROTO_UNIX || c->path_len != strlen(l->path))
			return false;
		/* The pool keeps an abstract name's leading NUL; the unit file writes '@'. */
		return (path[0] == l->path[0] || (path[0] == '\0' && l->path[0] == '@')) &&
		       memcmp(path + 1, l->path + 1, c->path_len - 1) == 0;
	}
	if (!conn_is_inet(c) || c->local.port != l->port)
		return false;
	if (l->proto == PROTO_TCP ? c->proto != PROTO_TCP
				  : (c->proto != PROTO_UDP && c->proto != PROTO_UDPLITE))
		return false;
	if (l->family == AF_UNSPEC)
		return true;
	if (l->family == AF_INET && c->family == AF_INET)
		return memcmp(c->local.addr, l->addr, 4) == 0;
	return l->family == c->family && memcmp(c->local.addr, l->addr, 16) == 0;
}

const char *systemd_sockets_match(const struct systemd_sockets *u, const struct conntable *t,
				  const struct conn *c)
{
	size_t i;

	if (u == NULL)
		return NULL;
	for (i = 0; i < u->len; i++)
		if (listen_matches(&u->v[i], t, c))
			return u->v[i].name;
	return NULL;
}

void systemd_activation_enrich(struct conntable *t, const struct systemd_sockets *u)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];
		struct owner *o = &t->owners[c->owner_first];
		uint32_t k, unit = 0;
		const char *name;

		/* Owners are in PID order: PID 1, when present, comes first. */
		if (c->owner_count == 0 || o[0].pid != 1)
			continue;
		for (k = 1; k < c->owner_count && unit == 0; k++)
			unit = o[k].unit;
		if (unit == 0 && (name = systemd_sockets_match(u, t, c)) != NULL)
			unit = conntable_intern(t, name, strlen(name));
		if (unit != 0)
			o[0].unit = unit;
	}
}
