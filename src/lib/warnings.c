/*
 * warnings.c - a growable list of messages for main.c to print.
 */
#include "lib/compat.h"

#include <stdarg.h>
#include <stdio.h>

#include "lib/warnings.h"
#include "lib/xmalloc.h"

void warnings_init(struct warnings *w)
{
	memset(w, 0, sizeof(*w));
}

void warnings_clear(struct warnings *w)
{
	size_t i;

	for (i = 0; i < w->len; i++)
		free(w->msgs[i]);
	w->len = 0;
}

void warnings_free(struct warnings *w)
{
	warnings_clear(w);
	free(w->msgs);
	memset(w, 0, sizeof(*w));
}

void warnings_add(struct warnings *w, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	(void)vsnprintf(buf, sizeof(buf), fmt, ap); /* a cut message is still useful */
	va_end(ap);
	if (w->len == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->msgs = xreallocarray(w->msgs, w->cap, sizeof(*w->msgs));
	}
	w->msgs[w->len++] = xstrdup(buf);
}
