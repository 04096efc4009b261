/*
 * number.h - the one parser for decimal fields: command-line values,
 * filter words, services(5) and protocols(5) numbers, /proc/net columns.
 *
 * A field is a plain decimal: one or more ASCII digits (leading zeros
 * allowed), nothing else: no sign, no spaces, no trailing junk.  Fields
 * are length-limited byte ranges, so a word inside a longer line or a
 * comma-separated list needs no copy and no NUL.  A value is never
 * wrapped or truncated: outside [min, max] it is an error.
 */
#ifndef PORTSTAT_NUMBER_H
#define PORTSTAT_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether s[0..len) is a plain decimal, whatever its size. */
bool number_is_decimal(const char *s, size_t len);

/*
 * s[0..len) as a plain decimal in [min, max] into *out.  Returns 0,
 * -EINVAL when it is not a plain decimal (or min > max), -ERANGE when it
 * is one outside [min, max]; *out is written only on success.
 */
int number_parse(const char *s, size_t len, long long min, long long max, long long *out);

/* As number_parse, for [0, max] up to UINT64_MAX (64-bit inode numbers). */
int number_parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);

/*
 * The length of the run of ASCII digits s[0..len) starts with (0: none):
 * the field of a column that ends at a space or at the end of the line.
 */
size_t number_digits(const char *s, size_t len);

#endif
