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

/* UTF-8 cells are padded by their display width, not their bytes; escaped
 * bytes (ASCII text) count one column each. */
static void test_display_width(void **state)
{
	static const struct grid_column spec[] = {{"Path", ALIGN_LEFT}, {"Inode", ALIGN_RIGHT}};
	static struct outbuf o;
	struct grid c;
	int fds[2];
	char buf[512];
	ssize_t n;
	(void)state;

	assert_int_equal(pipe(fds), 0);
	outbuf_init(&o, fds[1]);
	grid_init(&c, spec, 2);
	assert_int_equal(grid_text_width(&c, "caf\xc3\xa9", 5), 4);
	assert_int_equal(grid_text_width(&c, "\xe6\x97\xa5\xe6\x9c\xac", 6), 4);
	assert_int_equal(grid_text_width(&c, "a\\xffb", 6), 6);
	grid_add_str(&c, "/run/caf\xc3\xa9");
	grid_add_u64(&c, 1);
	grid_add_str(&c, "/run/\xe6\x97\xa5\xe6\x9c\xac");
	grid_add_u64(&c, 22);
	grid_add_str(&c, "/run/x");
	grid_add_u64(&c, 333);
	grid_print(&c, &o, true);
	assert_int_equal(outbuf_flush(&o), 0);
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "Path      Inode\n"
				 "/run/caf\xc3\xa9     1\n"
				 "/run/\xe6\x97\xa5\xe6\x9c\xac    22\n"
				 "/run/x      333\n");
	grid_free(&c);
	close(fds[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_display_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
