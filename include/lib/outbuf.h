/*
 * outbuf.h - buffered output to a file descriptor in large blocks.
 *
 * Formatters write here, never to stdio: one write(2) per 64 KiB block, and
 * a closed pipe (EPIPE) or a full disk is recorded instead of killing the
 * process, so that main.c can choose the exit status.
 */
#ifndef PORTSTAT_OUTBUF_H
#define PORTSTAT_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>

#define OUTBUF_SIZE (64 * 1024)

struct outbuf {
	int fd;
	size_t len;
	int error; /* errno of the first failed write, 0 if none */
	char buf[OUTBUF_SIZE];
};

void outbuf_init(struct outbuf *o, int fd);
void outbuf_write(struct outbuf *o, const char *s, size_t n);
void outbuf_puts(struct outbuf *o, const char *s);
void outbuf_putc(struct outbuf *o, char ch);
/* Writes n spaces (column padding). */
void outbuf_pad(struct outbuf *o, size_t n);
/*
 * For hot loops that format in place: a pointer to n free bytes at the end
 * of the buffer (draining it first if needed), or NULL after a write error
 * or when n exceeds the buffer; outbuf_commit(o, used) then keeps the first
 * used bytes (used <= n).
 */
char *outbuf_room(struct outbuf *o, size_t n);
void outbuf_commit(struct outbuf *o, size_t n);
/* Returns 0 or the errno of the first failed write. */
int outbuf_flush(struct outbuf *o);

#endif
