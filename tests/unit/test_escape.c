/*
 * test_escape.c - the escaping rule and its inverse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/escape.h"
#include "support/escape_decode.h"

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
	check("caf\xc3\xa9", 5, "caf\xc3\xa9");	     /* valid UTF-8 kept */
	check("\xff\xfe", 2, "\\xff\\xfe");	     /* invalid bytes */
	check("\xc0\xaf", 2, "\\xc0\\xaf");	     /* overlong '/' */
	check("\xc2\x9b", 2, "\\xc2\\x9b");	     /* C1 CSI */
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

/* Every single byte, alone and between letters: the output never holds a
 * byte below 0x20 or DEL, and decodes back to the input. */
static void test_every_byte(void **state)
{
	unsigned b;
	(void)state;

	for (b = 0; b < 256; b++) {
		char in[3] = {'a', (char)b, 'z'}, out[16], back[16];
		size_t n = escape_text(out, in, 3), i;

		for (i = 0; i < n; i++) {
			assert_true((unsigned char)out[i] >= 0x20);
			assert_true((unsigned char)out[i] != 0x7f);
		}
		assert_int_equal(escape_decode(back, out, n), 3);
		assert_memory_equal(back, in, 3);
	}
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(escape_utf8_len("\xc3\xa9", 2), 2);
	assert_int_equal(escape_utf8_len("\xc3\xa9", 1), 0);	     /* truncated */
	assert_int_equal(escape_utf8_len("\xe2\x82\xac", 3), 3);     /* U+20AC */
	assert_int_equal(escape_utf8_len("\xf0\x9f\x98\x80", 4), 4); /* U+1F600 */
	assert_int_equal(escape_utf8_len("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	assert_int_equal(escape_utf8_len("\xc2\x85", 2), 0);	     /* C1 NEL */
	assert_int_equal(escape_utf8_len("\xc2\xa0", 2), 2);	     /* U+00A0 */
	assert_int_equal(escape_utf8_len("\x80", 1), 0);	     /* lone continuation */
	assert_int_equal(escape_utf8_len("", 0), 0);
}

/* Terminal attacks from hostile socket names come out inert and on one line. */
static void test_hostile(void **state)
{
	(void)state;
	check("\x1b]0;owned\x07", 10, "\\x1b]0;owned\\x07");
	check("x\n0000: 00000002 /forged", 24, "x\\n0000: 00000002 /forged");
}

/* Format characters that reorder or hide text are valid UTF-8 but escaped
 * byte by byte: "evil\u202Eexe.sh" would read as "evilhs.exe". */
static void test_format_chars(void **state)
{
	static const struct {
		const char *utf8;
		unsigned cp;
	} hidden[] = {
	    {"\xd8\x9c", 0x061c},     {"\xe2\x80\x8b", 0x200b}, {"\xe2\x80\x8e", 0x200e},
	    {"\xe2\x80\x8f", 0x200f}, {"\xe2\x80\xa8", 0x2028}, {"\xe2\x80\xa9", 0x2029},
	    {"\xe2\x80\xaa", 0x202a}, {"\xe2\x80\xab", 0x202b}, {"\xe2\x80\xac", 0x202c},
	    {"\xe2\x80\xad", 0x202d}, {"\xe2\x80\xae", 0x202e}, {"\xe2\x81\xa0", 0x2060},
	    {"\xe2\x81\xa6", 0x2066}, {"\xe2\x81\xa7", 0x2067}, {"\xe2\x81\xa8", 0x2068},
	    {"\xe2\x81\xa9", 0x2069}, {"\xef\xbb\xbf", 0xfeff},
	};
	size_t i;
	(void)state;

	check("evil\xe2\x80\xae"
	      "exe.sh",
	      13, "evil\\xe2\\x80\\xaeexe.sh");
	check("a\xe2\x80\x8b"
	      "b",
	      5, "a\\xe2\\x80\\x8bb");
	check("\xef\xbb\xbf"
	      "bom",
	      6, "\\xef\\xbb\\xbfbom");
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		const char *s = hidden[i].utf8;
		size_t n = strlen(s);
		char out[32], back[32];
		size_t len = escape_text(out, s, n);

		assert_int_equal(len, 4 * n); /* \xHH for every byte */
		assert_int_equal(escape_decode(back, out, len), n);
		assert_memory_equal(back, s, n);
		assert_int_equal(escape_hidden_char(s, n), hidden[i].cp);
		/* Still well-formed UTF-8: JSON writes them as \uXXXX. */
		assert_int_equal(escape_utf8_len(s, n), n);
	}
	/* Joiners shape scripts and emoji, and ordinary letters stay. */
	check("\xe2\x80\x8d", 3, "\xe2\x80\x8d"); /* U+200D ZWJ */
	check("\xe2\x80\x8c", 3, "\xe2\x80\x8c"); /* U+200C ZWNJ */
	check("\xe2\x80\x94", 3, "\xe2\x80\x94"); /* U+2014 em dash */
	assert_int_equal(escape_hidden_char("\xe2\x80\x8d", 3), 0);
	assert_int_equal(escape_hidden_char("\xe2\x80", 2), 0);
	assert_int_equal(escape_hidden_char("a", 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rules),	   cmocka_unit_test(test_unix_name),
	    cmocka_unit_test(test_decode_rejects), cmocka_unit_test(test_every_byte),
	    cmocka_unit_test(test_utf8_len),	   cmocka_unit_test(test_hostile),
	    cmocka_unit_test(test_format_chars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
