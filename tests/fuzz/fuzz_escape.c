/*
 * fuzz_escape.c - the escaping rule as a property, on arbitrary bytes:
 * escape_text's output never holds a byte below 0x20 or DEL, fits
 * ESCAPE_BOUND, is as long as it says, and escape_decode gives back the
 * input exactly; escape_unix_name obeys the same bound and byte rule; and
 * escape_decode on arbitrary text stays inside its output buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "support/escape_decode.h"
#include "fuzz_util.h"

static void check_safe(const char *s, size_t len)
{
	size_t i;

	if (strlen(s) != len)
		abort();
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	char *esc, *back;
	size_t len, n;

	esc = malloc(ESCAPE_BOUND(size));
	back = malloc(size ? size : 1);
	if (esc == NULL || back == NULL)
		abort();

	len = escape_text(esc, src, size);
	if (len >= ESCAPE_BOUND(size))
		abort();
	check_safe(esc, len);
	n = escape_decode(back, esc, len);
	if (n != size || memcmp(back, data, size) != 0)
		abort();

	len = escape_unix_name(esc, src, size);
	if (len >= ESCAPE_BOUND(size))
		abort();
	check_safe(esc, len);

	/* Decoding never grows: n input bytes give at most n output bytes. */
	n = escape_decode(back, src, size);
	if (n != (size_t)-1 && n > size)
		abort();

	free(back);
	free(esc);
	return 0;
}
