/*
 * state_names.h - the one table of --state names (ss's, plus "listen").
 *
 * The filter parses with it, its error message and the completion list
 * from it, and the unit tests hold --help and portstat(8) to it, so a
 * name cannot be accepted in one place and missing from another.  It
 * lives in the model because the filter (which may use only model and
 * lib) and the tests both need it.
 *
 * A mask has bit (1u << CS_x) for each TCP state the name covers, and
 * STATE_SERVERS for "listen".
 */
#ifndef PORTSTAT_MODEL_STATE_NAMES_H
#define PORTSTAT_MODEL_STATE_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "model/conntable.h"

/* Bit 0 of a mask: the servers -l shows (no TCP state has number 0). */
#define STATE_SERVERS 1u
/* "all": every TCP state. */
#define STATE_ALL (((1u << CS_MAX) - 1) & ~1u)
/*
 * A TCP socket that is bound but neither listening nor connected: the
 * kernel dumps it only when asked for TCP_BOUND_INACTIVE (Linux 6.8 and
 * later) and reports it in state CLOSE, so "closed" and "bound-inactive"
 * ask for both bits and the query treats TCP CLOSE as bound-inactive.
 */
#define STATE_BOUND ((1u << CS_CLOSE) | (1u << CS_BOUND_INACTIVE))
/* "connected": all but listening and closed (bound). */
#define STATE_CONNECTED (STATE_ALL & ~((1u << CS_LISTEN) | STATE_BOUND))

/*
 * Which short lists name an entry besides portstat(8), which names all.
 * Every entry is on both lists today (the parser, the message, --help,
 * portstat(8) and the completion name the same states); the flags stay so
 * that a future alias can be accepted without being advertised.
 */
#define STATE_IN_HELP 1u /* the --help text */
#define STATE_IN_HINT 2u /* "unknown state (...)" */

struct state_name {
	const char *name;
	uint32_t mask;
	unsigned lists; /* STATE_IN_* */
};

/* Entry i of the table in its documented order, or NULL past the end. */
const struct state_name *state_name_at(size_t i);

/* The entry named s[0..n), in any case and with '-', '_' or nothing between
 * words ("TIME_WAIT", "timewait"), or NULL. */
const struct state_name *state_name_find(const char *s, size_t n);

/*
 * The names of the entries on list (STATE_IN_*; 0: every entry), joined
 * by ", ", into buf (always NUL-terminated when len > 0).  Returns the
 * length the whole list needs, as snprintf does.
 */
size_t state_names_join(char *buf, size_t len, unsigned list);

#endif
