/*
 * compat.h - the one portability header.
 *
 * The build puts libbsd's overlay directory first on the include path
 * (pkg-config libbsd-overlay), so <string.h> and <stdlib.h> also declare
 * strlcpy, reallocarray and strtonum.  Everything else includes this file
 * instead of sprinkling #ifdefs through the .c files.
 */
#ifndef PORTSTAT_COMPAT_H
#define PORTSTAT_COMPAT_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef PS_NORETURN
#define PS_NORETURN __attribute__((noreturn))
#endif

#ifndef nitems
#define nitems(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define PS_UNUSED __attribute__((unused))

#endif
