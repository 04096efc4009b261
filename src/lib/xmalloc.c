/*
 * xmalloc.c - allocation wrappers that exit on failure (the one module
 * besides main.c allowed to exit).
 */
#include "lib/compat.h"

#include <err.h>

#include "lib/xmalloc.h"

#define EXIT_OPERATIONAL 3

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		err(EXIT_OPERATIONAL, "malloc");
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		err(EXIT_OPERATIONAL, "calloc");
	return p;
}

void *xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p = reallocarray(ptr, nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		err(EXIT_OPERATIONAL, "reallocarray");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		err(EXIT_OPERATIONAL, "strdup");
	return p;
}
