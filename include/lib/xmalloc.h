/*
 * xmalloc.h - allocators that never return NULL.
 *
 * Running out of memory while listing sockets leaves nothing useful to do,
 * so these print one message and exit with status 3 (operational failure).
 */
#ifndef PORTSTAT_XMALLOC_H
#define PORTSTAT_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);

#endif
