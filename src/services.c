/*
 * services.c - /etc/services parsing and lookup.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <unistd.h>

#include "conntable.h"
#include "linereader.h"
#include "services.h"
#include "xmalloc.h"

#define SERVICE_NAME_MAX 64

struct service_slot {
	uint32_t key;  /* (proto << 16 | port) + 1; 0 marks an empty slot */
	uint32_t name; /* offset into names */
};

struct services {
	struct service_slot *slots;
	size_t nslots; /* a power of two */
	size_t count;
	char *names;
	size_t names_len;
	size_t names_cap;
};

static uint32_t key_of(uint16_t port, int proto)
{
	/* udplite shares udp's port space and names. */
	uint32_t p = proto == PROTO_TCP ? 0 : 1;

	return ((p << 16) | port) + 1;
}

static size_t slot_of(const struct services *s, uint32_t key)
{
	uint32_t h = key * 2654435761u; /* Knuth's multiplicative hash */

	return (h >> 8) & (s->nslots - 1);
}

static void grow(struct services *s);

static void insert(struct services *s, uint32_t key, uint32_t name)
{
	size_t i;

	if ((s->count + 1) * 2 > s->nslots)
		grow(s);
	for (i = slot_of(s, key);; i = (i + 1) & (s->nslots - 1)) {
		if (s->slots[i].key == key)
			return; /* the first entry for a port wins, as getservbyport */
		if (s->slots[i].key == 0) {
			s->slots[i].key = key;
			s->slots[i].name = name;
			s->count++;
			return;
		}
	}
}

static void grow(struct services *s)
{
	struct service_slot *old = s->slots;
	size_t oldn = s->nslots, i;

	s->nslots = oldn ? oldn * 2 : 1024;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	s->count = 0;
	for (i = 0; i < oldn; i++)
		if (old[i].key != 0)
			insert(s, old[i].key, old[i].name);
	free(old);
}

static uint32_t add_name(struct services *s, const char *name, size_t len)
{
	uint32_t off;

	if (s->names_len + len + 1 > s->names_cap) {
		s->names_cap = s->names_cap ? s->names_cap * 2 : 16384;
		s->names = xreallocarray(s->names, s->names_cap, 1);
	}
	off = (uint32_t)s->names_len;
	memcpy(s->names + off, name, len);
	s->names[off + len] = '\0';
	s->names_len += len + 1;
	return off;
}

static bool is_name_byte(char ch)
{
	return ch > ' ' && ch < 0x7f && ch != '#';
}

/* "name  port/proto  aliases  # comment"; returns false for a malformed line. */
static bool parse_line(struct services *s, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *name;
	size_t nlen;
	unsigned long port = 0;
	size_t digits = 0;
	int proto;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return true; /* blank or comment */
	name = p;
	while (p < end && is_name_byte(*p))
		p++;
	nlen = (size_t)(p - name);
	if (nlen == 0 || nlen > SERVICE_NAME_MAX || p == end || (*p != ' ' && *p != '\t'))
		return false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && *p >= '0' && *p <= '9' && digits < 6) {
		port = port * 10 + (unsigned long)(*p++ - '0');
		digits++;
	}
	if (digits == 0 || port > 65535 || p == end || *p++ != '/')
		return false;
	if (end - p >= 3 && memcmp(p, "tcp", 3) == 0)
		proto = PROTO_TCP, p += 3;
	else if (end - p >= 3 && memcmp(p, "udp", 3) == 0)
		proto = PROTO_UDP, p += 3;
	else
		return true; /* sctp, ddp and friends: valid, not ours */
	if (p < end && *p != ' ' && *p != '\t' && *p != '#')
		return false;
	insert(s, key_of((uint16_t)port, proto), add_name(s, name, nlen));
	return true;
}

int services_load(struct services **out, const char *path, struct warnings *w)
{
	struct services *s = xcalloc(1, sizeof(*s));
	struct linereader lr;
	enum linereader_result r;
	const char *line;
	size_t len, lineno = 0, bad = 0, first_bad = 0;
	int fd, ret = 0;

	grow(s);
	*out = s;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
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
	(void)close(fd);
	if (bad > 0)
		warnings_add(w, "%s:%zu: %zu malformed line%s skipped", path, first_bad, bad,
			     bad == 1 ? "" : "s");
	return ret;
}

void services_free(struct services *s)
{
	if (s == NULL)
		return;
	free(s->slots);
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
	key = key_of(port, proto);
	for (i = slot_of(s, key); s->slots[i].key != 0; i = (i + 1) & (s->nslots - 1))
		if (s->slots[i].key == key)
			return s->names + s->slots[i].name;
	return NULL;
}

size_t services_count(const struct services *s)
{
	return s ? s->count : 0;
}
