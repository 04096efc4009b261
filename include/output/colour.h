/*
 * colour.h - when to colour the table, and which colour each role gets.
 *
 * Colour is for people: only the table uses it, only states and port
 * classes are coloured, and never JSON, CSV or TSV.  The decision is a pure
 * function of the option, the terminal and the environment, which main.c
 * gathers (a formatter never asks the system).
 */
#ifndef PORTSTAT_COLOUR_H
#define PORTSTAT_COLOUR_H

#include <stdbool.h>

#include "model/conntable.h"

enum colour_mode { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER };

/* What a cell means, for colouring; COLOUR_ROLE_NONE is left plain. */
enum colour_role {
	COLOUR_ROLE_NONE = 0,
	COLOUR_ROLE_LISTEN,	 /* LISTEN, unix LISTENING, unconnected UDP */
	COLOUR_ROLE_ESTABLISHED, /* ESTABLISHED, unix CONNECTED */
	COLOUR_ROLE_OPENING,	 /* SYN_SENT, SYN_RECV, NEW_SYN_RECV, CONNECTING */
	COLOUR_ROLE_CLOSING,	 /* FIN_WAIT*, TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING */
	COLOUR_ROLE_WELL_KNOWN,	 /* port class well-known */
	COLOUR_ROLE_REGISTERED,	 /* port class registered */
	COLOUR_ROLE_DYNAMIC,	 /* port class dynamic */
	COLOUR_ROLE_COUNT
};

/*
 * Whether to colour: always and never are what they say; auto colours a
 * terminal (is_tty) unless NO_COLOR is set to a non-empty value or TERM is
 * "dumb" or unset.  no_color and term are the environment values or NULL.
 */
bool colour_wanted(enum colour_mode mode, bool is_tty, const char *no_color, const char *term);

/* Parses "auto", "always" or "never" (also "yes"/"no"); returns false otherwise. */
bool colour_parse_mode(const char *s, enum colour_mode *mode);

/* The role of a socket's state cell. */
enum colour_role colour_role_state(const struct conn *c);
/* The role of a port class (enum port_class). */
enum colour_role colour_role_class(unsigned port_class);

/* SGR start sequences indexed by role (NULL for COLOUR_ROLE_NONE), and the reset. */
extern const char *const colour_sgr[COLOUR_ROLE_COUNT];
#define COLOUR_RESET "\033[0m"

#endif
