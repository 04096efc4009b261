/*
 * services.c - services(5) parsing, the built-in fallback table and lookups.
 *
 * Names live in one growing buffer; two open-addressing tables index it:
 * (protocol, port) -> first name, as getservbyport(3) answers, and
 * (protocol, name or alias) -> port, for filters that take a service name.
 * udplite shares udp's port space and names.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "model/conntable.h"
#include "lib/linereader.h"
#include "lib/number.h"
#include "enrich/services.h"
#include "enrich/services_builtin.h"
#include "lib/xmalloc.h"

#define SERVICE_NAME_MAX 64

struct port_slot {
	uint32_t key;  /* (proto << 16 | port) + 1; 0 marks an empty slot */
	uint32_t name; /* offset into names */
};

struct name_slot {
	uint32_t hash; /* of (proto, name); meaningful only when used */
	uint32_t name; /* offset into names + 1; 0 marks an empty slot */
	uint16_t port;
	uint8_t proto; /* 0 tcp, 1 udp */
};

struct services {
	struct port_slot *ports;
	size_t nports; /* a power of two */
	size_t count;  /* used port slots */
	struct name_slot *byname;
	size_t nbyname; /* a power of two */
	size_t nnames;	/* used name slots */
	char *names;
	size_t names_len;
	size_t names_cap;
	bool builtin; /* loaded from the compiled-in table */
};

static unsigned proto_group(int proto)
{
	return proto == PROTO_TCP ? 0 : 1;
}

static uint32_t key_of(uint16_t port, unsigned group)
{
	return ((group << 16) | port) + 1;
}

static size_t port_slot_of(const struct services *s, uint32_t key)
{
	uint32_t h = key * 2654435761u; /* Knuth's multiplicative hash */

	return (h >> 8) & (s->nports - 1);
}

/* FNV-1a over the protocol group and the name. */
static uint32_t name_hash(const char *name, size_t len, unsigned group)
{
	uint32_t h = 2166136261u ^ group;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 16777619u;
	}
	return h;
}

static void port_insert(struct services *s, uint32_t key, uint32_t name);

static void ports_grow(struct services *s)
{
	struct port_slot *old = s->ports;
	size_t oldn = s->nports, i;

	s->nports = oldn ? oldn * 2 : 1024;
	s->ports = xcalloc(s->nports, sizeof(*s->ports));
	s->count = 0;
	for (i = 0; i < oldn; i++)
		if (old[i].key != 0)
			port_insert(s, old[i].key, old[i].name);
	free(old);
}

static void port_insert(struct services *s, uint32_t key, uint32_t name)
{
	size_t i;

	if ((s->count + 1) * 2 > s->nports)
		ports_grow(s);
	for (i = port_slot_of(s, key);; i = (i + 1) & (s->nports - 1)) {
		if (s->ports[i].key == key)
			return; /* the first entry for a port wins, as getservbyport */
		if (s->ports[i].key == 0) {
			s->ports[i].key = key;
			s->ports[i].name = name;
			s->count++;
			return;
		}
	}
}

static void name_insert(struct services *s, const struct name_slot *in);

static void names_grow(struct services *s)
{
	struct name_slot *old = s->byname;
	size_t oldn = s->nbyname, i;

	s->nbyname = oldn ? oldn * 2 : 1024;
	s->byname = xcalloc(s->nbyname, sizeof(*s->byname));
	s->nnames = 0;
	for (i = 0; i < oldn; i++)
		if (old[i].name != 0)
			name_insert(s, &old[i]);
	free(old);
}

static void name_insert(struct services *s, const struct name_slot *in)
{
	const char *name = s->names + in->name - 1;
	size_t i;

	if ((s->nnames + 1) * 2 > s->nbyname)
		names_grow(s);
	for (i = in->hash & (s->nbyname - 1);; i = (i + 1) & (s->nbyname - 1)) {
		struct name_slot *slot = &s->byname[i];

		if (slot->name == 0) {
			*slot = *in;
			s->nnames++;
			return;
		}
		/* The first port listed for a name wins, as getservbyname. */
		if (slot->hash == in->hash && slot->proto == in->proto &&
		    strcmp(s->names + slot->name - 1, name) == 0)
			return;
	}
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

/* Indexes one name (primary or alias) of (port, group). */
static uint32_t add_entry(struct services *s, const char *name, size_t len, uint16_t port,
			  unsigned group)
{
	struct name_slot in;

	in.name = add_name(s, name, len) + 1;
	in.hash = name_hash(name, len, group);
	in.port = port;
	in.proto = (uint8_t)group;
	name_insert(s, &in);
	return in.name - 1;
}

static bool is_name_byte(char ch)
{
	return ch > ' ' && ch < 0x7f && ch != '#';
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* The next whitespace-separated word of [*p, end) that is not a comment. */
static size_t next_word(const char **p, const char *end, const char **word)
{
	const char *q = *p;

	while (q < end && is_blank(*q))
		q++;
	*word = q;
	while (q < end && is_name_byte(*q))
		q++;
	*p = q;
	return (size_t)(q - *word);
}

static void add_aliases(struct services *s, const char *p, const char *end, uint16_t port,
			unsigned group)
{
	const char *word;
	size_t len;

	while ((len = next_word(&p, end, &word)) > 0)
		if (len <= SERVICE_NAME_MAX)
			(void)add_entry(s, word, len, port, group);
}

/* "name  port/proto  aliases  # comment"; returns false for a malformed line. */
static bool parse_line(struct services *s, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *name, *slash;
	size_t nlen;
	long long port;
	unsigned group;
	uint32_t off;

	nlen = next_word(&p, end, &name);
	if (nlen == 0 && (p == end || *p == '#'))
		return true; /* blank or comment */
	if (nlen == 0 || nlen > SERVICE_NAME_MAX || p == end || !is_blank(*p))
		return false;
	while (p < end && is_blank(*p))
		p++;
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
	if (p < end && !is_blank(*p) && *p != '#')
		return false;
	if (p < end && *p == '#')
		end = p;
	off = add_entry(s, name, nlen, (uint16_t)port, group);
	port_insert(s, key_of((uint16_t)port, group), off);
	add_aliases(s, p, end, (uint16_t)port, group);
	return true;
}

static struct services *services_new(void)
{
	struct services *s = xcalloc(1, sizeof(*s));

	ports_grow(s);
	names_grow(s);
	return s;
}

static void fill_builtin(struct services *s)
{
	size_t i;

	for (i = 0; i < services_builtin_len; i++) {
		const struct services_builtin_entry *e = &services_builtin[i];
		const char *a = e->aliases;
		unsigned group = e->udp ? 1 : 0;
		uint32_t off = add_entry(s, e->name, strlen(e->name), e->port, group);

		port_insert(s, key_of(e->port, group), off);
		add_aliases(s, a, a + strlen(a), e->port, group);
	}
	s->builtin = true;
}

struct services *services_load_builtin(void)
{
	struct services *s = services_new();

	fill_builtin(s);
	return s;
}

static int read_file(struct services *s, int fd, const char *path, struct warnings *w)
{
	struct linereader lr;
	enum linereader_result r;
	const char *line;
	size_t len, lineno = 0, bad = 0, first_bad = 0;
	int ret = 0;

	linereader_init(&lr, fd);
	while ((r = linereader_next(&lr, &line, &len)) != LR_EOF) {
		if (r == LR_ERROR) {
			ret = -lr.error;
			break;
		}
		lineno++;
		if (r == LR_TOOLONG || memchr(line, '\0', len) != NULL ||
		    !parse_line(s, line, len)) {
			if (bad++ == 0)
				first_bad = lineno;
		}
	}
	linereader_free(&lr);
	if (bad > 0)
		warnings_add(w, "%s:%zu: %zu malformed line%s skipped", path, first_bad, bad,
			     bad == 1 ? "" : "s");
	return ret;
}

int services_load(struct services **out, const char *path, struct warnings *w)
{
	struct services *s = services_new();
	int fd, ret;

	*out = s;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		fill_builtin(s);
		return ret;
	}
	ret = read_file(s, fd, path, w);
	(void)close(fd);
	if (s->count == 0)
		fill_builtin(s);
	return ret;
}

void services_free(struct services *s)
{
	if (s == NULL)
		return;
	free(s->ports);
	free(s->byname);
	free(s->names);
	free(s);
}

const char *services_name(const struct services *s, uint16_t port, int proto)
{
	uint32_t key;
	size_t i;

	if (s == NULL || s->count == 0 ||
	    (proto != PROTO_TCP && proto != PROTO_UDP && proto != PROTO_UDPLITE))
		return NULL;
	key = key_of(port, proto_group(proto));
	for (i = port_slot_of(s, key); s->ports[i].key != 0; i = (i + 1) & (s->nports - 1))
		if (s->ports[i].key == key)
			return s->names + s->ports[i].name;
	return NULL;
}

int services_port(const struct services *s, const char *name, int proto)
{
	unsigned group = proto_group(proto);
	size_t len = strlen(name), i;
	uint32_t h;

	if (s == NULL || s->nnames == 0 ||
	    (proto != PROTO_TCP && proto != PROTO_UDP && proto != PROTO_UDPLITE))
		return -ENOENT;
	h = name_hash(name, len, group);
	for (i = h & (s->nbyname - 1); s->byname[i].name != 0; i = (i + 1) & (s->nbyname - 1)) {
		const struct name_slot *slot = &s->byname[i];

		if (slot->hash == h && slot->proto == group &&
		    strcmp(s->names + slot->name - 1, name) == 0)
			return slot->port;
	}
	return -ENOENT;
}

size_t services_count(const struct services *s)
{
	return s ? s->count : 0;
}

bool services_is_builtin(const struct services *s)
{
	return s != NULL && s->builtin;
}
