/*
 * number.c - plain decimals through libbsd's strtonum.
 *
 * strtonum alone would accept a sign and leading spaces (it is strtoll
 * underneath) and needs a NUL-terminated string; the fields here are
 * neither.  So the digits are checked first, leading zeros dropped, and
 * what is left (at most 19 digits, else surely too large) handed to
 * strtonum, which does the range check without ever overflowing.
 */
#include "lib/compat.h"

#include <errno.h>

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
	long long v;

	if (!number_is_decimal(s, len) || min > max)
		return -EINVAL;
	/* Keep the last digit of an all-zero field: "000" is 0. */
	while (len > 1 && s[0] == '0') {
		s++;
		len--;
	}
	if (len > LLONG_DIGITS)
		return -ERANGE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtonum(buf, min, max, &errstr);
	if (errstr != NULL)
		return strcmp(errstr, "invalid") == 0 ? -EINVAL : -ERANGE;
	*out = v;
	return 0;
}
