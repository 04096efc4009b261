/*
 * linereader.h - bounded line reading from a file descriptor.
 *
 * Unlike getline(3) it never grows: a line longer than the buffer is
 * reported as too long (and skipped to its end), so a hostile file cannot
 * make portstat allocate without bound.  Lines may contain NUL bytes; the
 * length is exact.  A last line without a newline is still returned.
 */
#ifndef PORTSTAT_LINEREADER_H
#define PORTSTAT_LINEREADER_H

#include <stdbool.h>
#include <stddef.h>

#define LINEREADER_BUFSIZE (256 * 1024)
#define LINEREADER_MAXLINE 4096

struct linereader {
	int fd;
	char *buf;
	size_t start; /* first unconsumed byte */
	size_t end;   /* one past the last byte read */
	bool eof;
	int error; /* errno of a failed read, 0 otherwise */
};

enum linereader_result {
	LR_LINE,    /* line and len hold one line without its newline */
	LR_TOOLONG, /* a line longer than LINEREADER_MAXLINE was skipped */
	LR_EOF,
	LR_ERROR /* read(2) failed; see lr->error */
};

void linereader_init(struct linereader *lr, int fd);
void linereader_free(struct linereader *lr);
enum linereader_result linereader_next(struct linereader *lr, const char **line, size_t *len);

#endif
