/*
 * proxies.c - userland port forwarders recognised from their arguments
 * (enrich/proxies.h).
 *
 * The arguments are read as Go's flag package reads them, since both
 * docker-proxy and rootlesskit (through urfave/cli) parse with it: "-name"
 * or "--name", the value after '=' or, for a flag that is not boolean, in
 * the next argument whatever it looks like; parsing stops at "--", at "-"
 * and at the first argument that does not start with '-' (rootlesskit's
 * child command, whose own flags are not rootlesskit's).  The process is
 * running, so it accepted its arguments: a value that would not have
 * parsed means these are not the arguments of the forwarder we know, and
 * nothing is recognised rather than something guessed.
 *
 * A flag the table does not know (a later version's) is skipped with its
 * value: the value after '=', else the next argument when that does not
 * start with '-'.  That guess is only ever made for flags whose value is
 * not used.
 */
#include "lib/compat.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "enrich/proxies.h"
#include "lib/number.h"
#include "model/conntable.h"

/* A byte range of the cmdline buffer (not NUL-terminated). */
struct span {
	const char *s;
	size_t n;
};

/* The arguments of a cmdline, one at a time. */
struct args {
	const char *buf;
	size_t len;
	size_t pos;
};

/* The next argument; false past the last.  A final NUL ends the last one, not a new empty one. */
static bool next_arg(struct args *a, struct span *out)
{
	const char *nul;

	if (a->pos >= a->len)
		return false;
	out->s = a->buf + a->pos;
	nul = memchr(out->s, '\0', a->len - a->pos);
	out->n = nul != NULL ? (size_t)(nul - out->s) : a->len - a->pos;
	a->pos += out->n + (nul != NULL);
	return true;
}

static bool span_is(struct span v, const char *word)
{
	return v.n == strlen(word) && memcmp(v.s, word, v.n) == 0;
}

/* The flags a forwarder takes: those portstat reads (slot >= 0) and the boolean ones. */
enum flag_slot {
	SLOT_IGNORED = -1,
	SLOT_PROTO,
	SLOT_HOST_IP,
	SLOT_HOST_PORT,
	SLOT_CONTAINER_IP,
	SLOT_CONTAINER_PORT,
	SLOT_PUBLISH,
	SLOT_COUNT
};

struct flag_def {
	const char *name;
	bool boolean;
	int slot;
};

static const struct flag_def docker_flags[] = {
    {"proto", false, SLOT_PROTO},
    {"host-ip", false, SLOT_HOST_IP},
    {"host-port", false, SLOT_HOST_PORT},
    {"container-ip", false, SLOT_CONTAINER_IP},
    {"container-port", false, SLOT_CONTAINER_PORT},
    {"use-listen-fd", true, SLOT_IGNORED},
    {NULL, false, SLOT_IGNORED},
};

/* rootlesskit's boolean flags: any other takes a value (--net, --port-driver, ...). */
static const struct flag_def rootlesskit_flags[] = {
    {"publish", false, SLOT_PUBLISH}, {"p", false, SLOT_PUBLISH},
    {"debug", true, SLOT_IGNORED},    {"disable-host-loopback", true, SLOT_IGNORED},
    {"ipv6", true, SLOT_IGNORED},     {"detach-netns", true, SLOT_IGNORED},
    {"pidns", true, SLOT_IGNORED},    {"cgroupns", true, SLOT_IGNORED},
    {"utsns", true, SLOT_IGNORED},    {"ipcns", true, SLOT_IGNORED},
    {"help", true, SLOT_IGNORED},     {"h", true, SLOT_IGNORED},
    {"version", true, SLOT_IGNORED},  {"v", true, SLOT_IGNORED},
    {NULL, false, SLOT_IGNORED},
};

static const struct flag_def *find_flag(const struct flag_def *defs, struct span name)
{
	for (; defs->name != NULL; defs++)
		if (span_is(name, defs->name))
			return defs;
	return NULL;
}

/* What one parse collects: the last value of each slot; publish specs are handled as seen. */
struct parse {
	struct span value[SLOT_COUNT];
	bool set[SLOT_COUNT];
	struct proxy_map *out;
	size_t max;
	size_t written;
};

static bool parse_port(struct span v, uint16_t *port)
{
	long long n;

	if (number_parse(v.s, v.n, 1, 65535, &n) != 0)
		return false;
	*port = (uint16_t)n;
	return true;
}

/* An IPv4 or IPv6 address (no zone, no brackets) into 16 bytes. */
static bool parse_ip(struct span v, uint8_t addr[16], uint8_t *family)
{
	char text[64];

	if (v.n == 0 || v.n >= sizeof(text) || memchr(v.s, '\0', v.n) != NULL)
		return false;
	memcpy(text, v.s, v.n);
	text[v.n] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, addr) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

static bool parse_proto(struct span v, uint8_t *proto)
{
	if (span_is(v, "tcp"))
		*proto = PROTO_TCP;
	else if (span_is(v, "udp"))
		*proto = PROTO_UDP;
	else
		return false;
	return true;
}

/* The last byte c in v, or NULL. */
static const char *last_of(struct span v, char c)
{
	size_t i = v.n;

	while (i > 0)
		if (v.s[--i] == c)
			return v.s + i;
	return NULL;
}

/* rootlesskit's "[PARENTIP:]PARENTPORT:CHILDPORT/PROTO" ("[::1]:8443:443/tcp" for IPv6). */
static bool parse_publish(struct span v, struct proxy_map *m)
{
	const char *slash = last_of(v, '/'), *colon;
	struct span rest, ip;

	memset(m, 0, sizeof(*m));
	if (slash == NULL ||
	    !parse_proto((struct span){slash + 1, v.n - (size_t)(slash + 1 - v.s)}, &m->proto))
		return false;
	rest = (struct span){v.s, (size_t)(slash - v.s)};
	colon = last_of(rest, ':');
	if (colon == NULL ||
	    !parse_port((struct span){colon + 1, (size_t)(slash - colon - 1)}, &m->target_port))
		return false;
	rest.n = (size_t)(colon - v.s);
	colon = last_of(rest, ':');
	if (colon == NULL) {
		/* No parent address: every IPv4 address of the host. */
		m->host_family = AF_INET;
		m->target_family = AF_UNSPEC;
		return parse_port(rest, &m->host_port);
	}
	if (!parse_port((struct span){colon + 1, rest.n - (size_t)(colon + 1 - v.s)},
			&m->host_port))
		return false;
	ip = (struct span){v.s, (size_t)(colon - v.s)};
	if (ip.n >= 2 && ip.s[0] == '[' && ip.s[ip.n - 1] == ']') {
		ip = (struct span){ip.s + 1, ip.n - 2};
		if (!parse_ip(ip, m->host_addr, &m->host_family) || m->host_family != AF_INET6)
			return false;
	} else if (!parse_ip(ip, m->host_addr, &m->host_family)) {
		return false;
	}
	m->target_family = AF_UNSPEC;
	return true;
}

/* Takes one flag's value; false when it cannot be the forwarder's. */
static bool take(struct parse *p, int slot, struct span v)
{
	struct proxy_map m;

	if (slot < 0)
		return true;
	if (slot != SLOT_PUBLISH) {
		p->value[slot] = v;
		p->set[slot] = true;
		return true;
	}
	if (!parse_publish(v, &m))
		return false;
	if (p->written < p->max)
		p->out[p->written++] = m;
	return true;
}

/*
 * Reads the flags after argv[0] as Go's flag package does.  Returns false
 * for what it would have refused: a flag without its value, "-=x", "---x".
 */
static bool parse_flags(struct args *a, const struct flag_def *defs, struct parse *p)
{
	struct span arg, name, value;

	while (a->pos < a->len) {
		size_t before = a->pos;
		const struct flag_def *def;
		const char *eq;
		bool has_value;

		if (!next_arg(a, &arg))
			break;
		if (arg.n < 2 || arg.s[0] != '-') {
			a->pos = before; /* the first argument that is not a flag */
			break;
		}
		name = (struct span){arg.s + 1, arg.n - 1};
		if (name.s[0] == '-') {
			if (name.n == 1)
				break; /* "--": the flags end */
			name = (struct span){name.s + 1, name.n - 1};
		}
		if (name.n == 0 || name.s[0] == '-' || name.s[0] == '=')
			return false;
		eq = memchr(name.s, '=', name.n);
		has_value = eq != NULL;
		if (has_value) {
			value = (struct span){eq + 1, name.n - (size_t)(eq + 1 - name.s)};
			name.n = (size_t)(eq - name.s);
		}
		def = find_flag(defs, name);
		if (def != NULL && def->boolean)
			continue;
		if (!has_value) {
			size_t at = a->pos;

			if (!next_arg(a, &value)) {
				if (def != NULL)
					return false; /* "flag needs an argument" */
				break;
			}
			/* An unknown flag takes the next word only when it is not a flag. */
			if (def == NULL && value.n > 0 && value.s[0] == '-')
				a->pos = at;
		}
		if (def != NULL && !take(p, def->slot, value))
			return false;
	}
	return true;
}

static bool docker_map(const struct parse *p, struct proxy_map *m)
{
	memset(m, 0, sizeof(*m));
	m->proto = PROTO_TCP; /* docker-proxy's default */
	if (p->set[SLOT_PROTO] && !parse_proto(p->value[SLOT_PROTO], &m->proto))
		return false;
	return p->set[SLOT_HOST_IP] && p->set[SLOT_HOST_PORT] && p->set[SLOT_CONTAINER_IP] &&
	       p->set[SLOT_CONTAINER_PORT] &&
	       parse_ip(p->value[SLOT_HOST_IP], m->host_addr, &m->host_family) &&
	       parse_ip(p->value[SLOT_CONTAINER_IP], m->target_addr, &m->target_family) &&
	       parse_port(p->value[SLOT_HOST_PORT], &m->host_port) &&
	       parse_port(p->value[SLOT_CONTAINER_PORT], &m->target_port);
}

/* The program argv[0] names: its last path component. */
static enum proxy_kind program_of(struct span argv0)
{
	const char *slash = last_of(argv0, '/');
	struct span base = argv0;

	if (slash != NULL)
		base = (struct span){slash + 1, argv0.n - (size_t)(slash + 1 - argv0.s)};
	if (span_is(base, "docker-proxy") || span_is(base, "rootlesskit-docker-proxy"))
		return PROXY_DOCKER;
	if (span_is(base, "rootlesskit"))
		return PROXY_ROOTLESSKIT;
	return PROXY_NONE;
}

size_t proxies_parse_cmdline(const char *buf, size_t len, struct proxy_map *out, size_t max,
			     enum proxy_kind *kind)
{
	struct args a = {buf, len, 0};
	struct parse p;
	struct span argv0;
	struct proxy_map m;
	enum proxy_kind k;
	size_t n = 0;

	if (kind != NULL)
		*kind = PROXY_NONE;
	if (max == 0 || !next_arg(&a, &argv0))
		return 0;
	k = program_of(argv0);
	if (k == PROXY_NONE)
		return 0;
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.max = max;
	if (!parse_flags(&a, k == PROXY_DOCKER ? docker_flags : rootlesskit_flags, &p))
		return 0;
	if (k == PROXY_DOCKER) {
		if (!docker_map(&p, &m))
			return 0;
		out[0] = m;
		n = 1;
	} else {
		n = p.written;
	}
	if (kind != NULL && n > 0)
		*kind = k;
	return n;
}
