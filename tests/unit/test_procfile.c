/*
 * test_procfile.c - procfile_read: the whole file and a NUL, a file longer
 * than the buffer cut at cap - 1 (and said so by len), missing files and
 * over-long paths as negative errnos with an empty buffer; procfile_read_at:
 * relative to a directory descriptor, up to cap bytes, no NUL.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/procfile.h"

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_read(void **state)
{
	char root[] = "/tmp/portstat-procfile-XXXXXX", buf[8], path[64];
	size_t len = 99;
	(void)state;

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/sys", root);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file(path, "short", "32768\n");
	write_file(path, "long", "0123456789");

	assert_int_equal(procfile_read(root, "sys/short", buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "32768\n");
	assert_int_equal(len, 6);
	/* Longer than the buffer: cap - 1 bytes, a NUL, and len tells. */
	assert_int_equal(procfile_read(root, "sys/long", buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "0123456");
	assert_int_equal(len, sizeof(buf) - 1);

	assert_int_equal(procfile_read(root, "sys/none", buf, sizeof(buf), &len), -ENOENT);
	assert_string_equal(buf, "");
	assert_int_equal(len, 0);
	/* A directory: open works, read fails. */
	assert_int_equal(procfile_read(root, "sys", buf, sizeof(buf), &len), -EISDIR);
	assert_string_equal(buf, "");
	assert_int_equal(procfile_read(root, "sys/short", buf, 0, &len), -EINVAL);

	/* Relative to a directory; all cap bytes are text, nothing after them is touched. */
	{
		int dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		assert_true(dirfd >= 0);
		memset(buf, '#', sizeof(buf));
		assert_int_equal(procfile_read_at(dirfd, "long", buf, 4), 4);
		assert_memory_equal(buf, "0123####", 8);
		assert_int_equal(procfile_read_at(dirfd, "short", buf, sizeof(buf)), 6);
		assert_memory_equal(buf, "32768\n", 6);
		assert_int_equal(procfile_read_at(dirfd, "none", buf, sizeof(buf)), -ENOENT);
		assert_int_equal(close(dirfd), 0);
	}

	snprintf(path, sizeof(path), "%s/sys/short", root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/sys/long", root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/sys", root);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(root), 0);
}

static void test_path_too_long(void **state)
{
	char *rel = malloc(5000), buf[8];
	size_t len;
	(void)state;

	assert_non_null(rel);
	memset(rel, 'a', 4999);
	rel[4999] = '\0';
	assert_int_equal(procfile_read("/proc", rel, buf, sizeof(buf), &len), -ENAMETOOLONG);
	assert_string_equal(buf, "");
	free(rel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_path_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
