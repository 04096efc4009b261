/*
 * test_procfile.c - procfile_read: the whole file and a NUL, a file longer
 * than cap - 1 bytes refused (-EFBIG, not cut), missing files and over-long
 * paths as negative errnos with an empty buffer; procfile_read_at:
 * relative to a directory descriptor, up to cap bytes, no NUL.  Neither
 * opens what is not a regular file (a FIFO would block), and both follow
 * symlinks to regular files.
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
	/* Longer than the buffer: refused, not cut. Exactly cap - 1 bytes fit. */
	assert_int_equal(procfile_read(root, "sys/long", buf, sizeof(buf), &len), -EFBIG);
	assert_string_equal(buf, "");
	assert_int_equal(len, 0);
	{
		char big[11];

		assert_int_equal(procfile_read(root, "sys/long", big, 10, &len), -EFBIG);
		assert_int_equal(procfile_read(root, "sys/long", big, sizeof(big), &len), 0);
		assert_string_equal(big, "0123456789");
	}

	assert_int_equal(procfile_read(root, "sys/none", buf, sizeof(buf), &len), -ENOENT);
	assert_string_equal(buf, "");
	assert_int_equal(len, 0);
	/* A directory is not a regular file. */
	assert_int_equal(procfile_read(root, "sys", buf, sizeof(buf), &len), -EINVAL);
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

/* Not regular files: refused at once, never opened in a way that blocks. */
static void test_not_regular(void **state)
{
	char root[] = "/tmp/portstat-procfile-XXXXXX", path[128], buf[16], why[64];
	size_t len = 99;
	(void)state;

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/fifo", root);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* Without the check, open(2) of this FIFO waits for a writer forever. */
	alarm(10);
	assert_int_equal(procfile_read(root, "fifo", buf, sizeof(buf), &len), -EINVAL);
	assert_string_equal(buf, "");
	assert_int_equal(procfile_read_at(AT_FDCWD, path, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(procfile_open_at(AT_FDCWD, path), -EINVAL);
	assert_int_equal(procfile_read("/dev", "zero", buf, sizeof(buf), &len), -EINVAL);
	alarm(0);
	assert_string_equal(procfile_strerror(-EINVAL, 0, why, sizeof(why)), "not a regular file");
	assert_string_equal(procfile_strerror(-EFBIG, 64, why, sizeof(why)),
			    "larger than 63 bytes");
	assert_string_equal(procfile_strerror(-EFBIG, 4097, why, sizeof(why)), "larger than 4 KiB");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(root), 0);
}

/* A symlink to a regular file is followed (a saved tree may link to what it
 * copies, and /proc has links); one to a FIFO is refused like the FIFO. */
static void test_symlinks(void **state)
{
	char root[] = "/tmp/portstat-procfile-XXXXXX", path[128], target[128], buf[16];
	size_t len;
	(void)state;

	assert_non_null(mkdtemp(root));
	write_file(root, "real", "1024 4096\n");
	snprintf(path, sizeof(path), "%s/link", root);
	snprintf(target, sizeof(target), "%s/real", root);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(procfile_read(root, "link", buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, "1024 4096\n");
	snprintf(target, sizeof(target), "%s/fifo", root);
	assert_int_equal(mkfifo(target, 0600), 0);
	snprintf(path, sizeof(path), "%s/fifolink", root);
	assert_int_equal(symlink(target, path), 0);
	alarm(10);
	assert_int_equal(procfile_read(root, "fifolink", buf, sizeof(buf), &len), -EINVAL);
	alarm(0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(unlink(target), 0);
	snprintf(path, sizeof(path), "%s/link", root);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/real", root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(root), 0);
}

/* A 1 GB sparse file costs one buffer and two reads, not a gigabyte. */
static void test_sparse_huge(void **state)
{
	char root[] = "/tmp/portstat-procfile-XXXXXX", path[128], buf[64];
	size_t len;
	int fd;
	(void)state;

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/huge", root);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)1 << 30), 0);
	assert_int_equal(close(fd), 0);
	alarm(10);
	assert_int_equal(procfile_read(root, "huge", buf, sizeof(buf), &len), -EFBIG);
	alarm(0);
	assert_int_equal(unlink(path), 0);
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
	    cmocka_unit_test(test_read),	cmocka_unit_test(test_path_too_long),
	    cmocka_unit_test(test_not_regular), cmocka_unit_test(test_symlinks),
	    cmocka_unit_test(test_sparse_huge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
