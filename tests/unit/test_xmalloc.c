/*
 * test_xmalloc.c - the allocation wrappers end the program with status 3
 * and one message when memory runs out, instead of returning NULL.
 * Each failure runs in a child process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/xmalloc.h"

enum what { MALLOC, CALLOC, REALLOCARRAY, STRDUP };

/* Address space in use now, in bytes (the first field of /proc/self/statm). */
static size_t vm_size(void)
{
	unsigned long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f == NULL || fscanf(f, "%lu", &pages) != 1)
		abort();
	fclose(f);
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Too large for any allocator; volatile, so the compiler cannot see the
 * impossible size and warn about it at link time. */
static volatile size_t huge = SIZE_MAX / 2;

static void fail_one(enum what w)
{
	switch (w) {
	case MALLOC:
		(void)xmalloc(huge);
		break;
	case CALLOC:
		(void)xcalloc(huge / 2, 4);
		break;
	case REALLOCARRAY:
		(void)xreallocarray(NULL, huge, 4); /* overflows: ENOMEM */
		break;
	case STRDUP: {
		size_t n = 64u << 20;
		char *big = malloc(n);
		struct rlimit rl;

		if (big == NULL)
			abort();
		memset(big, 'x', n - 1);
		big[n - 1] = '\0';
		/* Room for less than one more copy. */
		rl.rlim_cur = rl.rlim_max = vm_size() + (16u << 20);
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			abort();
		(void)xstrdup(big);
		break;
	}
	}
}

/* The child's exit status, and its stderr in msg. */
static int run_child(enum what w, char *msg, size_t cap)
{
	int fds[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		(void)dup2(fds[1], STDERR_FILENO);
		fail_one(w);
		_exit(0); /* the wrapper returned: the test fails */
	}
	close(fds[1]);
	/* err(3) writes its message in pieces: read to the end. */
	while (len < cap - 1 && (n = read(fds[0], msg + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	msg[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void check(enum what w, const char *name)
{
	char msg[512];

	assert_int_equal(run_child(w, msg, sizeof(msg)), 3);
	if (strstr(msg, name) == NULL)
		fail_msg("no \"%s\" in: %s", name, msg);
	assert_non_null(strchr(msg, '\n'));
}

static void oom_malloc(void **state)
{
	(void)state;
	check(MALLOC, "malloc");
}

static void oom_calloc(void **state)
{
	(void)state;
	check(CALLOC, "calloc");
}

static void oom_reallocarray(void **state)
{
	(void)state;
	check(REALLOCARRAY, "reallocarray");
}

static void oom_strdup(void **state)
{
	(void)state;
#ifdef __SANITIZE_ADDRESS__
	/* ASan reserves terabytes of shadow: an address-space limit cannot
	 * be set under it; the plain build runs this case. */
	return;
#endif
	check(STRDUP, "strdup");
}

static void alloc_success(void **state)
{
	char *s = xstrdup("abc");
	int *v = xcalloc(4, sizeof(*v));

	(void)state;
	assert_string_equal(s, "abc");
	assert_int_equal(v[3], 0);
	v = xreallocarray(v, 8, sizeof(*v));
	v[7] = 1;
	free(v);
	free(s);
	free(xmalloc(1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(oom_malloc),	cmocka_unit_test(oom_calloc),
	    cmocka_unit_test(oom_reallocarray), cmocka_unit_test(oom_strdup),
	    cmocka_unit_test(alloc_success),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
