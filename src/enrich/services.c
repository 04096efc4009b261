/*
 * services.c - services(5) parsing, the built-in fallback table and lookups.
 *
 * Names live in one growing buffer; two record arrays on the one hash index
 * (lib/hashtab.h) point into it:
 * (protocol, port) -> first name, as getservbyport(3) answers, and
 * (protocol, name or alias) -> port, for filters that take a service name.
 * udplite shares udp's port space and names.
 *
 * Memory follows the names, not the file: a name is stored once however
 * often a file repeats it, and at most SERVICES_MAX_NAMES are indexed (a
 * 16 MiB file of short distinct aliases would otherwise cost over four
 * times its size); the rest are counted and reported once.
 */
#include "lib/compat.h"

#include <errno.h>

#include "model/conntable.h"
#include "lib/hashtab.h"
#include "lib/linereader.h"
#include "lib/number.h"
#include "enrich/services.h"
#include "enrich/services_builtin.h"
#include "lib/xmalloc.h"

#define SERVICE_NAME_MAX 64

struct port_entry {
	uint32_t key;  /* proto_group << 16 | port */
	uint32_t name; /* offset into names */
};

struct name_entry {
	uint32_t name; /* offset into names */
	uint16_t port;
	uint8_t proto; /* 0 tcp, 1 udp */
};

/* A growing array of records of one type, indexed by lib/hashtab. */
#define RECORDS(type)                                                                              \
	struct {                                                                                   \
		type *v;                                                                           \
		size_t len, cap;                                                                   \
		struct hashtab index;                                                              \
	}

struct services {
	RECORDS(struct port_entry) ports;  /* (protocol, port) -> its first name */
	RECORDS(struct name_entry) byname; /* (protocol, name or alias) -> its first port */
	char *names;
	size_t names_len;
	size_t names_cap;
	size_t skipped; /* names past SERVICES_MAX_NAMES, not indexed */
};

#define NO_NAME UINT32_MAX

static unsigned proto_group(int proto)
{
	return proto == PROTO_TCP ? 0 : 1;
}

static uint32_t key_of(uint16_t port, unsigned group)
{
	return (group << 16) | port;
}

static uint64_t name_hash(const char *name, size_t len, unsigned group)
{
	return hash_u64(hash_bytes(name, len) ^ group);
}

static const struct port_entry *find_port(const struct services *s, uint32_t key)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&s->ports.index, hash_u64(key), &it); i != HASHTAB_NONE;
	     i = hashtab_next(&s->ports.index, &it))
		if (s->ports.v[i].key == key)
			return &s->ports.v[i];
	return NULL;
}

static const struct name_entry *find_name(const struct services *s, const char *name, size_t len,
					  unsigned group, uint64_t hash)
{
	struct hashtab_iter it;
	uint32_t i;

	for (i = hashtab_first(&s->byname.index, hash, &it); i != HASHTAB_NONE;
	     i = hashtab_next(&s->byname.index, &it)) {
		const struct name_entry *e = &s->byname.v[i];

		if (e->proto == group && strncmp(s->names + e->name, name, len) == 0 &&
		    s->names[e->name + len] == '\0')
			return e;
	}
	return NULL;
}

/* The first entry for a port wins, as getservbyport. */
static void port_insert(struct services *s, uint32_t key, uint32_t name)
{
	if (find_port(s, key) != NULL)
		return;
	if (s->ports.len == s->ports.cap) {
		s->ports.cap = s->ports.cap ? s->ports.cap * 2 : 512;
		s->ports.v = xreallocarray(s->ports.v, s->ports.cap, sizeof(*s->ports.v));
	}
	s->ports.v[s->ports.len] = (struct port_entry){key, name};
	hashtab_insert(&s->ports.index, hash_u64(key), (uint32_t)s->ports.len++);
}

static uint32_t add_name(struct services *s, const char *name, size_t len)
{
	uint32_t off;

	while (s->names_len + len + 1 > s->names_cap) {
		s->names_cap = s->names_cap ? s->names_cap * 2 : 16384;
		s->names = xreallocarray(s->names, s->names_cap, 1);
	}
	off = (uint32_t)s->names_len;
	memcpy(s->names + off, name, len);
	s->names[off + len] = '\0';
	s->names_len += len + 1;
	return off;
}

/* Indexes one name (primary or alias) of (port, group); the first port
 * listed for a name wins, as getservbyname.  Returns the offset of the
 * stored name, or NO_NAME when the index is full. */
static uint32_t add_entry(struct services *s, const char *name, size_t len, uint16_t port,
			  unsigned group)
{
	uint64_t hash = name_hash(name, len, group);
	const struct name_entry *old = find_name(s, name, len, group, hash);
	uint32_t off;

	if (old != NULL)
		return old->name;
	if (s->byname.len >= SERVICES_MAX_NAMES) {
		s->skipped++;
		return NO_NAME;
	}
	off = add_name(s, name, len);
	if (s->byname.len == s->byname.cap) {
		s->byname.cap = s->byname.cap ? s->byname.cap * 2 : 512;
		s->byname.v = xreallocarray(s->byname.v, s->byname.cap, sizeof(*s->byname.v));
	}
	s->byname.v[s->byname.len] = (struct name_entry){off, port, (uint8_t)group};
	hashtab_insert(&s->byname.index, hash, (uint32_t)s->byname.len++);
	return off;
}

static void add_aliases(struct services *s, const char *p, const char *end, uint16_t port,
			unsigned group)
{
	const char *word;
	size_t len;

	while ((len = line_word(&p, end, &word)) > 0)
		if (len <= SERVICE_NAME_MAX)
			(void)add_entry(s, word, len, port, group);
}

/* "name  port/proto  aliases  # comment"; returns false for a malformed line. */
static bool parse_line(void *arg, const char *line, size_t len)
{
	struct services *s = arg;
	const char *p = line, *end = line + len, *name, *slash;
	size_t nlen;
	long long port;
	unsigned group;
	uint32_t off;

	nlen = line_word(&p, end, &name);
	if (nlen == 0 && (p == end || *p == '#'))
		return true; /* blank or comment */
	if (nlen == 0 || nlen > SERVICE_NAME_MAX || p == end || !line_is_blank(*p))
		return false;
	p = line_skip_blanks(p, end);
	slash = memchr(p, '/', (size_t)(end - p));
	if (slash == NULL || number_parse(p, (size_t)(slash - p), 0, UINT16_MAX, &port) != 0)
		return false;
	p = slash + 1;
	if (end - p >= 3 && memcmp(p, "tcp", 3) == 0)
		group = 0, p += 3;
	else if (end - p >= 3 && memcmp(p, "udp", 3) == 0)
		group = 1, p += 3;
	else
		return true; /* sctp, ddp and friends: valid, not ours */
	if (p < end && !line_is_blank(*p) && *p != '#')
		return false;
	if (p < end && *p == '#')
		end = p;
	off = add_entry(s, name, nlen, (uint16_t)port, group);
	if (off != NO_NAME)
		port_insert(s, key_of((uint16_t)port, group), off);
	add_aliases(s, p, end, (uint16_t)port, group);
	return true;
}

static struct services *services_new(void)
{
	return xcalloc(1, sizeof(struct services));
}

static void fill_builtin(struct services *s)
{
	size_t i;

	for (i = 0; i < services_builtin_len; i++) {
		const struct services_builtin_entry *e = &services_builtin[i];
		const char *a = e->aliases;
		unsigned group = e->udp ? 1 : 0;
		uint32_t off = add_entry(s, e->name, strlen(e->name), e->port, group);

		if (off != NO_NAME)
			port_insert(s, key_of(e->port, group), off);
		add_aliases(s, a, a + strlen(a), e->port, group);
	}
}

int services_load(struct services **out, const char *path, struct warnings *w)
{
	struct services *s = services_new();
	struct linereader_bad bad;
	int ret;

	*out = s;
	/* Only a regular file has an end known in advance: /dev/zero has none. */
	ret = linereader_each(path, SERVICES_MAX_BYTES, parse_line, s, &bad);
	if (bad.count > 0)
		warnings_add(w, "%s:%zu: %zu malformed line%s skipped", path, bad.first, bad.count,
			     bad.count == 1 ? "" : "s");
	if (s->skipped > 0)
		warnings_add(w, "%s: more than %d service names; %zu more skipped", path,
			     SERVICES_MAX_NAMES, s->skipped);
	if (s->ports.len == 0)
		fill_builtin(s);
	return ret;
}

void services_free(struct services *s)
{
	if (s == NULL)
		return;
	free(s->ports.v);
	hashtab_free(&s->ports.index);
	free(s->byname.v);
	hashtab_free(&s->byname.index);
	free(s->names);
	free(s);
}

const char *services_name(const struct services *s, uint16_t port, int proto)
{
	const struct port_entry *e;

	if (s == NULL || s->ports.len == 0 ||
	    (proto != PROTO_TCP && proto != PROTO_UDP && proto != PROTO_UDPLITE))
		return NULL;
	e = find_port(s, key_of(port, proto_group(proto)));
	return e != NULL ? s->names + e->name : NULL;
}

int services_port(const struct services *s, const char *name, int proto)
{
	unsigned group = proto_group(proto);
	size_t len = strlen(name);
	const struct name_entry *e;

	if (s == NULL || s->byname.len == 0 ||
	    (proto != PROTO_TCP && proto != PROTO_UDP && proto != PROTO_UDPLITE))
		return -ENOENT;
	e = find_name(s, name, len, group, name_hash(name, len, group));
	return e != NULL ? e->port : -ENOENT;
}
