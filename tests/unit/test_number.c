/*
 * test_number.c - the decimal parser: boundaries, values that do not fit,
 * signs, spaces, junk, leading zeros and fields inside longer text; the
 * unsigned 64-bit form and the digit run of a field that ends at a space.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/number.h"

/* Parses the whole of s; *out is left at -42 unless the parse succeeds. */
static int parse(const char *s, long long min, long long max, long long *out)
{
	*out = -42;
	return number_parse(s, strlen(s), min, max, out);
}

static void test_boundaries(void **state)
{
	long long v;
	(void)state;

	assert_int_equal(parse("0", 0, 65535, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse("65535", 0, 65535, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(parse("65536", 0, 65535, &v), -ERANGE);
	assert_int_equal(v, -42);
	assert_int_equal(parse("0", 1, 10, &v), -ERANGE);
	assert_int_equal(parse("4294967295", 0, UINT32_MAX, &v), 0);
	assert_int_equal(v, 4294967295LL);
	assert_int_equal(parse("4294967296", 0, UINT32_MAX, &v), -ERANGE);
	assert_int_equal(parse("2147483647", 1, INT_MAX, &v), 0);
	assert_int_equal(parse("2147483648", 1, INT_MAX, &v), -ERANGE);
	assert_int_equal(parse("9999999999", 1, INT_MAX, &v), -ERANGE);
	assert_int_equal(v, -42);
	assert_int_equal(parse("9223372036854775807", 0, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(parse("9223372036854775808", 0, LLONG_MAX, &v), -ERANGE);
	assert_int_equal(parse("99999999999999999999999999", 0, LLONG_MAX, &v), -ERANGE);
}

static void test_not_decimal(void **state)
{
	static const char *const bad[] = {
	    "", "+1", "-1", "-0", " 1", "1 ", "1x", "x1", "0x10", "1.5", "1e3", "\t7", "١",
	};
	long long v;
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], LLONG_MIN, LLONG_MAX, &v), -EINVAL);
		assert_int_equal(v, -42);
		assert_false(number_is_decimal(bad[i], strlen(bad[i])));
	}
	/* Junk wins over size: the field is not a number at all. */
	assert_int_equal(parse("99999999999999999999x", 0, 10, &v), -EINVAL);
	/* A bad range is the caller's mistake, never a value. */
	assert_int_equal(parse("5", 10, 1, &v), -EINVAL);
}

static void test_leading_zeros(void **state)
{
	long long v;
	(void)state;

	assert_int_equal(parse("007", 0, 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(parse("0000", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	/* Many zeros do not make a small number too long. */
	assert_int_equal(parse("000000000000000000000000000080", 0, 65535, &v), 0);
	assert_int_equal(v, 80);
	assert_int_equal(parse("00000000000000000000000065536", 0, 65535, &v), -ERANGE);
}

/* A field inside longer text: only len bytes are read, no NUL needed. */
static void test_length_limited(void **state)
{
	static const char line[] = "ssh 22/tcp";
	char raw[4] = {'4', '2', '9', '9'}; /* no NUL anywhere */
	long long v = -42;
	(void)state;

	assert_int_equal(number_parse(line + 4, 2, 0, 65535, &v), 0);
	assert_int_equal(v, 22);
	assert_int_equal(number_parse(line + 4, 3, 0, 65535, &v), -EINVAL); /* "22/" */
	assert_int_equal(number_parse(raw, sizeof(raw), 0, 9999, &v), 0);
	assert_int_equal(v, 4299);
	assert_int_equal(number_parse(raw, 2, 0, 9999, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(number_parse(raw, 0, 0, 9999, &v), -EINVAL);
	assert_true(number_is_decimal(raw, sizeof(raw)));
}

/* Parses the whole of s as an unsigned field; *out is left at 42 unless the parse succeeds. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	*out = 42;
	return number_parse_u64(s, strlen(s), max, out);
}

/* Past LLONG_MAX, up to UINT64_MAX (64-bit inodes), and the same refusals as number_parse. */
static void test_u64(void **state)
{
	uint64_t v;
	(void)state;

	assert_int_equal(parse_u64("0", UINT64_MAX, &v), 0);
	assert_true(v == 0);
	assert_int_equal(parse_u64("4294967295", UINT32_MAX, &v), 0);
	assert_true(v == UINT32_MAX);
	assert_int_equal(parse_u64("4294967296", UINT32_MAX, &v), -ERANGE);
	assert_true(v == 42);
	assert_int_equal(parse_u64("9223372036854775807", UINT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(parse_u64("9223372036854775808", UINT64_MAX, &v), 0);
	assert_true(v == (uint64_t)INT64_MAX + 1);
	assert_int_equal(parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("0018446744073709551615", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("18446744073709551616", UINT64_MAX, &v), -ERANGE);
	assert_int_equal(parse_u64("18446744073709551620", UINT64_MAX, &v), -ERANGE);
	assert_int_equal(parse_u64("99999999999999999999", UINT64_MAX, &v), -ERANGE);
	assert_int_equal(parse_u64("184467440737095516150", UINT64_MAX, &v), -ERANGE);
	/* A maximum past LLONG_MAX that is not UINT64_MAX: the last digit counts. */
	assert_int_equal(parse_u64("10000000000000000005", 10000000000000000005u, &v), 0);
	assert_true(v == 10000000000000000005u);
	assert_int_equal(parse_u64("10000000000000000006", 10000000000000000005u, &v), -ERANGE);
	assert_int_equal(parse_u64("10000000000000000010", 10000000000000000005u, &v), -ERANGE);
	assert_true(v == 42);
	assert_int_equal(parse_u64("", UINT64_MAX, &v), -EINVAL);
	assert_int_equal(parse_u64("-1", UINT64_MAX, &v), -EINVAL);
	assert_int_equal(parse_u64("+1", UINT64_MAX, &v), -EINVAL);
	assert_int_equal(parse_u64(" 1", UINT64_MAX, &v), -EINVAL);
	assert_int_equal(parse_u64("1844674407370955161x", UINT64_MAX, &v), -EINVAL);
	assert_int_equal(parse_u64("18446744073709551615x", UINT64_MAX, &v), -EINVAL);
	assert_true(v == 42);
}

/* The digit run a field starts with: /proc columns end at a space, not a NUL. */
static void test_digits(void **state)
{
	static const char line[] = "1000        0 18446744073709551615";
	char raw[3] = {'1', '2', '3'}; /* no NUL anywhere */
	uint64_t v = 42;
	(void)state;

	assert_int_equal(number_digits(line, strlen(line)), 4);
	assert_int_equal(number_digits(line + 4, strlen(line) - 4), 0);
	assert_int_equal(number_digits(line + 14, strlen(line) - 14), 20);
	assert_int_equal(number_digits(raw, sizeof(raw)), 3);
	assert_int_equal(number_digits(raw, 2), 2);
	assert_int_equal(number_digits(raw, 0), 0);
	assert_int_equal(number_digits("-1", 2), 0);
	assert_int_equal(number_parse_u64(line + 14, number_digits(line + 14, 20), UINT64_MAX, &v),
			 0);
	assert_true(v == UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundaries),	  cmocka_unit_test(test_not_decimal),
	    cmocka_unit_test(test_leading_zeros), cmocka_unit_test(test_length_limited),
	    cmocka_unit_test(test_u64),		  cmocka_unit_test(test_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
