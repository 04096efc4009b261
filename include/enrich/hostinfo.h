/*
 * hostinfo.h - facts about the host that the JSON document reports.
 *
 * Read under the proc root, like every other input, so that a saved tree
 * describes the host it was saved from.
 */
#ifndef PORTSTAT_HOSTINFO_H
#define PORTSTAT_HOSTINFO_H

#include <stddef.h>

struct warnings;

/*
 * Reads <proc_root>/sys/kernel/hostname into buf (NUL-terminated, the final
 * newline removed).  Returns 0, or a negative errno (then buf is ""); a file
 * that is not a regular file or holds cap bytes or more adds a warning to
 * w (which may be NULL).
 */
int hostinfo_name(const char *proc_root, char *buf, size_t cap, struct warnings *w);

#endif
