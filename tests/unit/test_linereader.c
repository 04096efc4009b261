/*
 * test_linereader.c - bounded line reading: last line without newline,
 * overlong lines, NUL bytes, lines across block boundaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines),
	    cmocka_unit_test(test_long_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
