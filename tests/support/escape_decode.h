/*
 * escape_decode.h - the inverse of escape_text, for tests only: the unit
 * tests and fuzz_escape check that escaping loses nothing by decoding it.
 */
#ifndef PORTSTAT_TESTS_ESCAPE_DECODE_H
#define PORTSTAT_TESTS_ESCAPE_DECODE_H

#include <stddef.h>

static inline int unhex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Decodes n bytes of escaped text into dst; returns the length, or (size_t)-1
 * for text escape_text cannot have written. */
static inline size_t escape_decode(char *dst, const char *src, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		if (src[i] != '\\') {
			dst[o++] = src[i++];
			continue;
		}
		if (i + 1 >= n)
			return (size_t)-1;
		switch (src[i + 1]) {
		case '\\':
			dst[o++] = '\\';
			break;
		case 'n':
			dst[o++] = '\n';
			break;
		case 't':
			dst[o++] = '\t';
			break;
		case 'r':
			dst[o++] = '\r';
			break;
		case 'x': {
			int hi, lo;

			if (i + 3 >= n || (hi = unhex(src[i + 2])) < 0 ||
			    (lo = unhex(src[i + 3])) < 0)
				return (size_t)-1;
			dst[o++] = (char)(hi << 4 | lo);
			i += 2;
			break;
		}
		default:
			return (size_t)-1;
		}
		i += 2;
	}
	return o;
}

#endif
