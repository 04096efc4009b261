/*
 * number.c - plain decimals through libbsd's strtonum.
 *
 * strtonum alone would accept a sign and leading spaces (it is strtoll
 * underneath) and needs a NUL-terminated string; the fields here are
 * neither.  So the digits are checked first and leading zeros dropped.
 * Fewer than 19 digits cannot overflow and are added up on the way (the
 * /proc columns: strtonum would cost more than the rest of their line);
 * 19 digits are handed to strtonum, which does the range check without
 * ever overflowing; more are surely too large.  An unsigned value past
 * LLONG_MAX has 20 digits: strtonum takes all but the last, and the last
 * is checked against the maximum by hand.
 */
#include "lib/compat.h"

#include <errno.h>
#include <limits.h>

#include "lib/number.h"

/* Digits in LLONG_MAX: a longer run without leading zeros is out of range. */
#define LLONG_DIGITS 19

bool number_is_decimal(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int number_parse(const char *s, size_t len, long long min, long long max, long long *out)
{
	char buf[LLONG_DIGITS + 1];
	const char *errstr = NULL;
	size_t i, digits = 0; /* significant ones: leading zeros do not count */
	long long v = 0;

	if (len == 0 || min > max)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if ((digits > 0 || s[i] != '0') && digits++ < LLONG_DIGITS - 1)
			v = v * 10 + (s[i] - '0');
	}
	if (digits < LLONG_DIGITS) {
		/* Below 10^18 nothing can overflow: the /proc columns (a
		 * million a listing) need no strtonum call each. */
		if (v < min || v > max)
			return -ERANGE;
		*out = v;
		return 0;
	}
	if (digits > LLONG_DIGITS)
		return -ERANGE;
	memcpy(buf, s + len - LLONG_DIGITS, LLONG_DIGITS);
	buf[LLONG_DIGITS] = '\0';
	v = strtonum(buf, min, max, &errstr);
	if (errstr != NULL)
		return strcmp(errstr, "invalid") == 0 ? -EINVAL : -ERANGE;
	*out = v;
	return 0;
}

int number_parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	long long v, head;
	unsigned last;
	int r;

	r = number_parse(s, len, 0, max < LLONG_MAX ? (long long)max : LLONG_MAX, &v);
	if (r == 0)
		*out = (uint64_t)v;
	if (r != -ERANGE || max <= LLONG_MAX)
		return r;
	/* A plain decimal past LLONG_MAX, so at least 19 digits: all but the
	 * last must be at most max / 10, which is below LLONG_MAX. */
	r = number_parse(s, len - 1, 0, (long long)(max / 10), &head);
	if (r != 0)
		return r;
	last = (unsigned)(s[len - 1] - '0');
	if ((uint64_t)head > (max - last) / 10)
		return -ERANGE;
	*out = (uint64_t)head * 10 + last;
	return 0;
}

size_t number_digits(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}
