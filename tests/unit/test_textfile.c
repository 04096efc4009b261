/*
 * test_textfile.c - --textfile's file (app/textfile.h): a round is written
 * into a temporary file and renamed over DIR/portstat.prom, or not at all;
 * without a directory, or when it is not writable, each step says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/textfile.h"

static void test_round(void **state)
{
	char dir[] = "/tmp/portstat-textfile-XXXXXX", path[128], buf[16];
	struct textfile tf;
	FILE *f;
	int fd;
	(void)state;

	assert_non_null(mkdtemp(dir));
	textfile_init(&tf);
	assert_int_equal(textfile_begin(&tf), -EBADF); /* no directory yet */
	assert_int_equal(textfile_commit(&tf), -EBADF);
	assert_int_equal(textfile_open_dir(&tf, dir), 0);
	fd = textfile_begin(&tf);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a 1\n", 4), 4);
	assert_int_equal(textfile_commit(&tf), 0);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, TEXTFILE_NAME);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_string_equal(buf, "a 1\n");
	assert_int_equal(fclose(f), 0);
	/* A round given up leaves the last one and no temporary file. */
	fd = textfile_begin(&tf);
	assert_true(fd >= 0);
	textfile_abort(&tf);
	assert_int_equal(textfile_commit(&tf), -EBADF);
	assert_int_equal(unlink(path), 0);
	/* A rename that fails (a directory holds the name) leaves no temporary file. */
	assert_int_equal(mkdir(path, 0755), 0);
	fd = textfile_begin(&tf);
	assert_true(fd >= 0);
	assert_int_equal(textfile_commit(&tf), -EISDIR);
	assert_int_equal(rmdir(path), 0);
	textfile_close(&tf);
	assert_int_equal(rmdir(dir), 0); /* empty: nothing was left behind */
	assert_int_equal(textfile_open_dir(&tf, dir), -ENOENT);
	textfile_close(&tf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
