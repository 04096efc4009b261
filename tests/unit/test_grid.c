/*
 * test_columns.c - measured widths, alignment, no empty cells, no trailing pad.
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

#include "output/grid.h"

static void test_layout(void **state)
{
	static const struct grid_column spec[] = {
	    {"Proto", ALIGN_LEFT}, {"Recv-Q", ALIGN_RIGHT}, {"Local Address", ALIGN_LEFT}};
	static struct outbuf o;
	struct grid c;
	int fds[2];
	char buf[512];
	ssize_t n;
	(void)state;

	assert_int_equal(pipe(fds), 0);
	outbuf_init(&o, fds[1]);
	grid_init(&c, spec, 3);
	grid_add_str(&c, "tcp");
	grid_add_u64(&c, 0);
	grid_add_str(&c, "[2001:db8::1]:443");
	grid_add_str(&c, "udp6");
	grid_add_u64(&c, 1234567);
	grid_add(&c, "", 0);
	assert_int_equal(grid_rows(&c), 2);
	grid_print(&c, &o, true);
	assert_int_equal(outbuf_flush(&o), 0);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "Proto  Recv-Q Local Address\n"
				 "tcp         0 [2001:db8::1]:443\n"
				 "udp6  1234567 -\n");
	grid_free(&c);
	close(fds[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
