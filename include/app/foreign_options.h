/*
 * foreign_options.h - netstat's and ss's options that portstat does not
 * have, each with the command that does the job instead.
 *
 * A user who types `portstat -r` out of netstat habit learns where the
 * routing table is, not just that -r is unknown.
 */
#ifndef PORTSTAT_FOREIGN_OPTIONS_H
#define PORTSTAT_FOREIGN_OPTIONS_H

/*
 * The hint for an option portstat lacks: short is its letter (or 0), long
 * its name without "--" and without any "=VALUE" (or NULL).  NULL when the
 * option is not one the table knows.
 */
const char *foreign_option_hint(int short_opt, const char *long_opt);

#endif
