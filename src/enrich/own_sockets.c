/*
 * own_sockets.c - the socket inodes of /proc/self/fd that the process did
 * not inherit (see own_sockets.h).
 */
#include "lib/compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "enrich/own_sockets.h"
#include "enrich/owners.h"
#include "lib/xmalloc.h"

/* The inode of a descriptor that is a socket ("socket:[INODE]"), or 0. */
static uint64_t fd_socket_inode(int dirfd, const char *name)
{
	char link[64];
	ssize_t n = readlinkat(dirfd, name, link, sizeof(link));
	uint64_t inode;

	if (n <= 0 || (size_t)n >= sizeof(link) ||
	    !owners_parse_socket_link(link, (size_t)n, &inode))
		return 0;
	return inode;
}

static bool holds(const uint64_t *set, size_t len, uint64_t inode)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (set[i] == inode)
			return true;
	return false;
}

/* Appends to *set (len, cap) every socket the process holds that skip does not. */
static int scan(uint64_t **set, size_t *len, size_t *cap, const uint64_t *skip, size_t nskip)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	if (d == NULL)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		uint64_t inode;

		if (de->d_name[0] == '.')
			continue;
		inode = fd_socket_inode(dirfd(d), de->d_name);
		if (inode == 0 || holds(skip, nskip, inode) || holds(*set, *len, inode))
			continue;
		if (*len == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*set = xreallocarray(*set, *cap, sizeof(**set));
		}
		(*set)[(*len)++] = inode;
	}
	(void)closedir(d);
	return 0;
}

int own_sockets_init(struct own_sockets *s)
{
	size_t cap = 0;
	int err;

	memset(s, 0, sizeof(*s));
	err = scan(&s->inherited, &s->ninherited, &cap, NULL, 0);
	if (err < 0)
		s->ninherited = 0;
	return err;
}

void own_sockets_free(struct own_sockets *s)
{
	free(s->inherited);
	free(s->noted);
	memset(s, 0, sizeof(*s));
}

void own_sockets_clear(struct own_sockets *s)
{
	s->len = 0;
}

int own_sockets_note(struct own_sockets *s)
{
	size_t before = s->len;
	int err = scan(&s->noted, &s->len, &s->cap, s->inherited, s->ninherited);

	if (err < 0)
		s->len = before;
	return err;
}

size_t own_sockets_drop(const struct own_sockets *s, struct conntable *t)
{
	size_t i, kept = 0;

	if (s->len == 0)
		return 0;
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (c->inode != 0 && holds(s->noted, s->len, c->inode))
			continue;
		if (kept != i)
			t->conns[kept] = *c;
		kept++;
	}
	t->len = kept;
	return i - kept;
}
