/*
 * linereader.c - reads a file in large blocks and hands out lines, and
 * the words of a line of the tables in /etc.
 */
#include "lib/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "lib/linereader.h"
#include "lib/procfile.h"
#include "lib/xmalloc.h"

void linereader_init(struct linereader *lr, int fd)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	lr->buf = xmalloc(LINEREADER_BUFSIZE);
}

void linereader_free(struct linereader *lr)
{
	free(lr->buf);
	lr->buf = NULL;
}

/* Moves unconsumed bytes to the front and reads more; returns false at EOF or error. */
static bool fill(struct linereader *lr)
{
	ssize_t n;

	if (lr->eof || lr->error)
		return false;
	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	do
		n = read(lr->fd, lr->buf + lr->end, LINEREADER_BUFSIZE - lr->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		lr->error = errno;
		return false;
	}
	if (n == 0) {
		lr->eof = true;
		return false;
	}
	lr->end += (size_t)n;
	return true;
}

enum linereader_result linereader_next(struct linereader *lr, const char **line, size_t *len)
{
	bool toolong = false;

	for (;;) {
		char *p = lr->buf + lr->start;
		size_t avail = lr->end - lr->start;
		char *nl = memchr(p, '\n', avail);

		if (nl != NULL) {
			size_t n = (size_t)(nl - p);

			lr->start += n + 1;
			if (toolong || n > LINEREADER_MAXLINE)
				return LR_TOOLONG;
			*line = p;
			*len = n;
			return LR_LINE;
		}
		if (avail > LINEREADER_MAXLINE) {
			/* Drop what we have of an overlong line and keep scanning for its end. */
			toolong = true;
			lr->start = lr->end;
		}
		if (!fill(lr)) {
			if (lr->error)
				return LR_ERROR;
			if (lr->end > lr->start) {
				size_t n = lr->end - lr->start;

				*line = lr->buf + lr->start;
				*len = n;
				lr->start = lr->end;
				return toolong ? LR_TOOLONG : LR_LINE;
			}
			return toolong ? LR_TOOLONG : LR_EOF;
		}
	}
}

int linereader_each(const char *path, size_t max_bytes,
		    bool (*fn)(void *arg, const char *line, size_t len), void *arg,
		    struct linereader_bad *bad)
{
	struct linereader lr;
	enum linereader_result r;
	const char *line;
	size_t len, lineno = 0;
	int fd, ret = 0;

	if (bad != NULL)
		bad->count = bad->first = 0;
	/* Opened without blocking (a FIFO with no writer would wait forever in
	 * open(2)), then refused unless a regular file or /dev/null: a device
	 * such as /dev/zero never ends.  SIZE_MAX is "no size limit". */
	fd = inputfile_open(path);
	if (fd < 0)
		return fd;
	if ((ret = inputfile_check(fd, max_bytes > 0 ? max_bytes : SIZE_MAX, false)) < 0) {
		(void)close(fd);
		return ret;
	}
	linereader_init(&lr, fd);
	while ((r = linereader_next(&lr, &line, &len)) != LR_EOF) {
		if (r == LR_ERROR) {
			ret = -lr.error;
			break;
		}
		lineno++;
		if (r == LR_LINE && memchr(line, '\0', len) == NULL && fn(arg, line, len))
			continue;
		if (bad != NULL && bad->count++ == 0)
			bad->first = lineno;
	}
	linereader_free(&lr);
	(void)close(fd);
	return ret;
}

static bool is_name_byte(char ch)
{
	return ch > ' ' && ch < 0x7f && ch != '#';
}

size_t line_word(const char **p, const char *end, const char **word)
{
	const char *q = line_skip_blanks(*p, end);

	*word = q;
	while (q < end && is_name_byte(*q))
		q++;
	*p = q;
	return (size_t)(q - *word);
}
