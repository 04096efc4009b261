/*
 * test_escape.c - the escaping rule and its inverse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"

static void check(const char *in, size_t n, const char *want)
{
	char out[256], back[256];
	size_t len = escape_text(out, in, n);

	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	assert_int_equal(escape_decode(back, out, len), n);
	assert_memory_equal(back, in, n);
}

static void test_rules(void **state)
{
	(void)state;
	check("plain /run/x.sock", 17, "plain /run/x.sock");
	check("a\nb\tc\rd", 7, "a\\nb\\tc\\rd");
	check("\x1b[31mred", 8, "\\x1b[31mred");
	check("back\\slash", 10, "back\\\\slash");
	check("\x7f\x01", 2, "\\x7f\\x01");
	check("caf\xc3\xa9", 5, "caf\xc3\xa9");	   /* valid UTF-8 kept */
	check("\xff\xfe", 2, "\\xff\\xfe");	   /* invalid bytes */
	check("\xc0\xaf", 2, "\\xc0\\xaf");	   /* overlong '/' */
	check("\xc2\x9b", 2, "\\xc2\\x9b");	   /* C1 CSI */
	check("\xed\xa0\x80", 3, "\\xed\\xa0\\x80"); /* surrogate */
	check("a\0b", 3, "a\\x00b");
}

static void test_unix_name(void **state)
{
	char out[64];
	(void)state;

	assert_int_equal(escape_unix_name(out, "\0abs\0emb\x1b", 9), strlen("@abs@emb\\x1b"));
	assert_string_equal(out, "@abs@emb\\x1b");
}

static void test_decode_rejects(void **state)
{
	char out[16];
	(void)state;

	assert_true(escape_decode(out, "\\", 1) == (size_t)-1);
	assert_true(escape_decode(out, "\\x1", 3) == (size_t)-1);
	assert_true(escape_decode(out, "\\q", 2) == (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_unix_name),
		cmocka_unit_test(test_decode_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
