/*
 * escape.c - the one escaping rule for text that reaches a terminal.
 *
 * Hand-written rather than strvis(3): the output format (\x1b, \xff) is part
 * of portstat's interface and must not depend on the libbsd version or the
 * locale; valid UTF-8 is kept so that non-ASCII names stay readable.
 */
#include "lib/compat.h"

#include <stdbool.h>
#include <stdint.h>

#include "lib/escape.h"

static const char hexdigits[] = "0123456789abcdef";

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0, its code
 * point in *out. C1 controls (U+0080..U+009F) count as not well-formed:
 * terminals act on them. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *out)
{
	uint32_t cp;

	if (n == 0)
		return 0;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0; /* overlong or out of range */
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0; /* surrogate */
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	*out = cp;
	return len;
}

static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;

	return utf8_decode(s, n, &cp);
}

/*
 * Format characters that change how the text around them reads without
 * showing themselves: the bidi controls (U+202E turns "evil<RLO>exe.sh"
 * into "evilhs.exe" on screen), the marks U+061C, U+200E and U+200F, zero-
 * width and invisible characters (U+200B, U+2060-U+2064, U+FEFF), the
 * deprecated format characters U+206A-U+206F, the interlinear annotation
 * marks U+FFF9-U+FFFB, and the line and paragraph separators U+2028 and
 * U+2029, which end a line for some readers.  The joiners U+200C and
 * U+200D stay: scripts and emoji are written with them, and they move
 * nothing.
 */
static bool is_hidden_format(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200b || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

uint32_t escape_hidden_char(const char *s, size_t n)
{
	uint32_t cp;

	return utf8_decode((const unsigned char *)s, n, &cp) > 0 && is_hidden_format(cp) ? cp : 0;
}

size_t escape_text(char *dst, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	char *d = dst;
	size_t i = 0;

	while (i < n) {
		unsigned char ch = s[i];
		uint32_t cp;
		size_t u;

		if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
			*d++ = (char)ch;
			i++;
			continue;
		}
		if (ch >= 0x80 && (u = utf8_decode(s + i, n - i, &cp)) > 0 &&
		    !is_hidden_format(cp)) {
			memcpy(d, s + i, u);
			d += u;
			i += u;
			continue;
		}
		*d++ = '\\';
		switch (ch) {
		case '\\':
			*d++ = '\\';
			break;
		case '\n':
			*d++ = 'n';
			break;
		case '\t':
			*d++ = 't';
			break;
		case '\r':
			*d++ = 'r';
			break;
		default:
			*d++ = 'x';
			*d++ = hexdigits[ch >> 4];
			*d++ = hexdigits[ch & 0xf];
		}
		i++;
	}
	*d = '\0';
	return (size_t)(d - dst);
}

size_t escape_unchanged_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '\\')
			return (size_t)-1;
	return (size_t)(p - (const unsigned char *)s);
}

size_t escape_unix_name(char *dst, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	char *d = dst;
	size_t i = 0;

	/* Escape run by run so that NULs become '@' without a second buffer. */
	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != 0)
			j++;
		d += escape_text(d, src + i, j - i);
		if (j < n) {
			*d++ = '@';
			j++;
		}
		i = j;
	}
	*d = '\0';
	return (size_t)(d - dst);
}

size_t escape_utf8_len(const char *s, size_t n)
{
	return utf8_len((const unsigned char *)s, n);
}
