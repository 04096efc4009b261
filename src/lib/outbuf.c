/*
 * outbuf.c - block-buffered writes with sticky error state.
 */
#include "lib/compat.h"

#include <errno.h>
#include <unistd.h>

#include "lib/outbuf.h"

void outbuf_init(struct outbuf *o, int fd)
{
	o->fd = fd;
	o->len = 0;
	o->error = 0;
}

static void drain(struct outbuf *o)
{
	size_t off = 0;

	while (off < o->len && o->error == 0) {
		ssize_t n = write(o->fd, o->buf + off, o->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->error = errno;
		} else if (n == 0) {
			o->error = EIO;
		} else {
			off += (size_t)n;
		}
	}
	o->len = 0;
}

void outbuf_write(struct outbuf *o, const char *s, size_t n)
{
	/* The common case: it fits. */
	if (n <= OUTBUF_SIZE - o->len && o->error == 0) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
		return;
	}
	while (n > 0) {
		size_t room, k;

		if (o->error != 0)
			return; /* after a failed write the rest is discarded */
		if (o->len == OUTBUF_SIZE)
			drain(o);
		room = OUTBUF_SIZE - o->len;
		k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

void outbuf_puts(struct outbuf *o, const char *s)
{
	outbuf_write(o, s, strlen(s));
}

void outbuf_putc(struct outbuf *o, char ch)
{
	if (o->len == OUTBUF_SIZE)
		drain(o);
	if (o->error == 0)
		o->buf[o->len++] = ch;
}

void outbuf_pad(struct outbuf *o, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		outbuf_write(o, spaces, k);
		n -= k;
	}
}

char *outbuf_room(struct outbuf *o, size_t n)
{
	if (n > OUTBUF_SIZE || o->error != 0)
		return NULL;
	if (o->len + n > OUTBUF_SIZE)
		drain(o);
	return o->error == 0 ? o->buf + o->len : NULL;
}

void outbuf_commit(struct outbuf *o, size_t n)
{
	o->len += n;
}

int outbuf_flush(struct outbuf *o)
{
	if (o->len > 0 && o->error == 0)
		drain(o);
	return o->error;
}
