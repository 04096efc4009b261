/*
 * test_linereader.c - bounded line reading: last line without newline,
 * overlong lines, NUL bytes, lines across block boundaries; a whole file
 * line by line with its malformed lines counted; the words of a line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "lib/linereader.h"

static int pipe_with(const char *data, size_t n)
{
	FILE *f = tmpfile();
	int fd;

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fflush(f), 0);
	fd = dup(fileno(f));
	fclose(f);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static void test_lines(void **state)
{
	int fd = pipe_with("one\n\ntwo\0x\nlast", 16);
	struct linereader lr;
	const char *line;
	size_t len;
	(void)state;

	linereader_init(&lr, fd);
	assert_int_equal(linereader_next(&lr, &line, &len), LR_LINE);
	assert_int_equal(len, 3);
	assert_memory_equal(line, "one", 3);
	assert_int_equal(linereader_next(&lr, &line, &len), LR_LINE);
	assert_int_equal(len, 0);
	assert_int_equal(linereader_next(&lr, &line, &len), LR_LINE);
	assert_int_equal(len, 5);
	assert_memory_equal(line, "two\0x", 5);
	assert_int_equal(linereader_next(&lr, &line, &len), LR_LINE);
	assert_memory_equal(line, "last", 4);
	assert_int_equal(linereader_next(&lr, &line, &len), LR_EOF);
	linereader_free(&lr);
	close(fd);
}

static void test_long_lines(void **state)
{
	size_t n = 3 * LINEREADER_BUFSIZE;
	char *data = malloc(n);
	struct linereader lr;
	const char *line;
	size_t len, i, count = 0;
	int fd;
	(void)state;

	/* an overlong line spanning several blocks, then many short ones */
	memset(data, 'x', LINEREADER_BUFSIZE + 100);
	data[LINEREADER_BUFSIZE + 100] = '\n';
	for (i = LINEREADER_BUFSIZE + 101; i + 10 < n; i += 10)
		memcpy(data + i, "123456789\n", 10);
	memset(data + i, 'y', n - i); /* unterminated overlong tail? no: short */
	fd = pipe_with(data, n);
	linereader_init(&lr, fd);
	assert_int_equal(linereader_next(&lr, &line, &len), LR_TOOLONG);
	while (linereader_next(&lr, &line, &len) == LR_LINE)
		if (len == 9)
			count++;
	assert_int_equal(count, (i - (LINEREADER_BUFSIZE + 101)) / 10);
	linereader_free(&lr);
	close(fd);
	free(data);
}

/* What linereader_each handed to the callback. */
struct seen {
	char lines[8][16];
	size_t n;
};

/* Keeps every line; refuses the ones that say "refuse". */
static bool keep_line(void *arg, const char *line, size_t len)
{
	struct seen *seen = arg;

	assert_true(seen->n < 8 && len < sizeof(seen->lines[0]));
	memcpy(seen->lines[seen->n], line, len);
	seen->lines[seen->n++][len] = '\0';
	return strncmp(line, "refuse", len) != 0 || len == 0;
}

static void test_each(void **state)
{
	char path[] = "/tmp/portstat-lines-XXXXXX";
	size_t big = LINEREADER_MAXLINE + 10, n;
	char *data = malloc(big + 64);
	struct linereader_bad bad = {99, 99};
	struct seen seen = {.n = 0};
	int fd;
	(void)state;

	/* 1 "a", 2 "", 3 NUL, 4 overlong, 5 "refuse", 6 "b" without a newline */
	n = (size_t)sprintf(data, "a\n\nx%cy\n", '\0');
	memset(data + n, 'z', big);
	n += big;
	n += (size_t)sprintf(data + n, "\nrefuse\nb");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	assert_int_equal(linereader_each(path, 0, keep_line, &seen, &bad), 0);
	assert_int_equal(seen.n, 4); /* the NUL line and the long one never reach the callback */
	assert_string_equal(seen.lines[0], "a");
	assert_string_equal(seen.lines[1], "");
	assert_string_equal(seen.lines[2], "refuse");
	assert_string_equal(seen.lines[3], "b");
	assert_int_equal(bad.count, 3);
	assert_int_equal(bad.first, 3);
	/* The count is optional. */
	seen.n = 0;
	assert_int_equal(linereader_each(path, 0, keep_line, &seen, NULL), 0);
	assert_int_equal(seen.n, 4);
	/* A bound: the file as a whole must fit, or no line is read. */
	seen.n = 0;
	assert_int_equal(linereader_each(path, n, keep_line, &seen, NULL), 0);
	assert_int_equal(seen.n, 4);
	seen.n = 0;
	assert_int_equal(linereader_each(path, n - 1, keep_line, &seen, &bad), -EFBIG);
	assert_int_equal(seen.n, 0);
	assert_int_equal(linereader_each("/dev/null", 1, keep_line, &seen, &bad), 0);
	assert_int_equal(linereader_each("/dev/zero", 1, keep_line, &seen, &bad), -EINVAL);
	assert_int_equal(seen.n, 0);
	unlink(path);
	/* A path that cannot be opened, or read: the errno, no line. */
	seen.n = 0;
	assert_int_equal(linereader_each(path, 0, keep_line, &seen, &bad), -ENOENT);
	assert_int_equal(bad.count, 0);
	/* Unbounded (0) still means a regular file: a directory, a device
	 * that never ends and a FIFO (whose open would wait for a writer) are
	 * refused without a read. */
	assert_int_equal(linereader_each("/", 0, keep_line, &seen, &bad), -EINVAL);
	assert_int_equal(linereader_each("/dev/zero", 0, keep_line, &seen, &bad), -EINVAL);
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(10);
	assert_int_equal(linereader_each(path, 0, keep_line, &seen, &bad), -EINVAL);
	alarm(0);
	unlink(path);
	assert_int_equal(seen.n, 0);
	free(data);
}

/* Words as services(5) and protocols(5) spell names: printable, no '#', blank-separated. */
static void test_words(void **state)
{
	static const char line[] = " \tssh\t22/tcp  alias#comment";
	const char *p = line, *end = line + strlen(line), *word;
	(void)state;

	assert_int_equal(line_word(&p, end, &word), 3);
	assert_memory_equal(word, "ssh", 3);
	assert_true(line_is_blank(*p));
	assert_int_equal(line_word(&p, end, &word), 6);
	assert_memory_equal(word, "22/tcp", 6);
	assert_int_equal(line_word(&p, end, &word), 5);
	assert_memory_equal(word, "alias", 5);
	assert_int_equal(*p, '#');
	assert_int_equal(line_word(&p, end, &word), 0); /* a comment is no word */
	assert_int_equal(*p, '#');
	p = line;
	assert_int_equal(line_word(&p, line + 3, &word), 1); /* stops at end: "s" */
	assert_ptr_equal(p, line + 3);
	assert_ptr_equal(line_skip_blanks(line, end), line + 2);
	assert_ptr_equal(line_skip_blanks(line, line + 1), line + 1);
	p = "\x01x";
	assert_int_equal(line_word(&p, p + 2, &word), 0); /* a control byte ends a name */
	assert_false(line_is_blank('\n'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_long_lines),
	    cmocka_unit_test(test_each),
	    cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
