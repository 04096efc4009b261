/*
 * linereader.h - bounded line reading from a file descriptor.
 *
 * Unlike getline(3) it never grows: a line longer than the buffer is
 * reported as too long (and skipped to its end), so a hostile file cannot
 * make portstat allocate without bound.  Lines may contain NUL bytes; the
 * length is exact.  A last line without a newline is still returned.
 *
 * For the tables of /etc (services(5), protocols(5)) it also walks a whole
 * file line by line, counting the malformed lines, and splits a line into
 * the blank-separated words those tables name things with.
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

/* The malformed lines of a file: how many, and the number (from 1) of the first. */
struct linereader_bad {
	size_t count;
	size_t first;
};

/*
 * Calls fn(arg, line, len) for every line of the file at path.  A line
 * that is too long or holds a NUL byte never reaches fn; such a line, and
 * one fn returns false for, counts in *bad (bad may be NULL).  path must
 * be a regular file (of at most max_bytes, unless max_bytes is 0) or
 * /dev/null (inputfile_check, lib/procfile.h), or no line is read: a FIFO
 * or a device is -EINVAL, a larger file -EFBIG.  Returns 0, or a
 * negative errno when path cannot be opened, fails that check, or cannot
 * be read (fn has then seen the lines before the failed read).
 */
int linereader_each(const char *path, size_t max_bytes,
		    bool (*fn)(void *arg, const char *line, size_t len), void *arg,
		    struct linereader_bad *bad);

static inline bool line_is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* The first byte of [p, end) that is not blank, or end. */
static inline const char *line_skip_blanks(const char *p, const char *end)
{
	while (p < end && line_is_blank(*p))
		p++;
	return p;
}

/*
 * The next word of [*p, end) after blanks: a run of printable ASCII bytes
 * other than '#' (which starts a comment).  Sets *word to its start and *p
 * past it, and returns its length: 0 when the blanks end at the end of
 * the line, at a comment or at a byte no name has.
 */
size_t line_word(const char **p, const char *end, const char **word);

#endif
