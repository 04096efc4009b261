/*
 * colour.c - the colour decision and the palette for states and classes.
 */
#include "lib/compat.h"

#include "output/colour.h"

const char *const colour_sgr[COLOUR_ROLE_COUNT] = {
    [COLOUR_ROLE_NONE] = NULL,
    [COLOUR_ROLE_LISTEN] = "\033[32m",	    /* green */
    [COLOUR_ROLE_ESTABLISHED] = "\033[36m", /* cyan */
    [COLOUR_ROLE_OPENING] = "\033[35m",	    /* magenta */
    [COLOUR_ROLE_CLOSING] = "\033[33m",	    /* yellow */
    [COLOUR_ROLE_WELL_KNOWN] = "\033[1m",   /* bold */
    [COLOUR_ROLE_REGISTERED] = "\033[34m",  /* blue */
    [COLOUR_ROLE_DYNAMIC] = "\033[2m",	    /* dim */
};

bool colour_wanted(enum colour_mode mode, bool is_tty, const char *no_color, const char *term)
{
	if (mode != COLOUR_AUTO)
		return mode == COLOUR_ALWAYS;
	if (!is_tty)
		return false;
	if (no_color != NULL && *no_color != '\0')
		return false;
	return term != NULL && *term != '\0' && strcmp(term, "dumb") != 0;
}

bool colour_parse_mode(const char *s, enum colour_mode *mode)
{
	if (strcmp(s, "auto") == 0 || strcmp(s, "tty") == 0)
		*mode = COLOUR_AUTO;
	else if (strcmp(s, "always") == 0 || strcmp(s, "yes") == 0)
		*mode = COLOUR_ALWAYS;
	else if (strcmp(s, "never") == 0 || strcmp(s, "no") == 0)
		*mode = COLOUR_NEVER;
	else
		return false;
	return true;
}

static enum colour_role unix_state_role(const struct conn *c)
{
	switch (c->state) {
	case US_UNCONNECTED:
		return (c->unix_flags & UNIX_FLAG_ACCEPTCON) ? COLOUR_ROLE_LISTEN
							     : COLOUR_ROLE_NONE;
	case US_CONNECTING:
		return COLOUR_ROLE_OPENING;
	case US_CONNECTED:
		return COLOUR_ROLE_ESTABLISHED;
	case US_DISCONNECTING:
		return COLOUR_ROLE_CLOSING;
	default:
		return COLOUR_ROLE_NONE;
	}
}

enum colour_role colour_role_state(const struct conn *c)
{
	if (c->proto == PROTO_UNIX)
		return unix_state_role(c);
	if (c->proto != PROTO_TCP)
		return c->state == CS_ESTABLISHED ? COLOUR_ROLE_ESTABLISHED : COLOUR_ROLE_LISTEN;
	switch (c->state) {
	case CS_LISTEN:
		return COLOUR_ROLE_LISTEN;
	case CS_ESTABLISHED:
		return COLOUR_ROLE_ESTABLISHED;
	case CS_SYN_SENT:
	case CS_SYN_RECV:
	case CS_NEW_SYN_RECV:
		return COLOUR_ROLE_OPENING;
	case CS_FIN_WAIT1:
	case CS_FIN_WAIT2:
	case CS_TIME_WAIT:
	case CS_CLOSE_WAIT:
	case CS_LAST_ACK:
	case CS_CLOSING:
		return COLOUR_ROLE_CLOSING;
	default:
		return COLOUR_ROLE_NONE;
	}
}

enum colour_role colour_role_class(unsigned port_class)
{
	switch (port_class) {
	case PC_WELL_KNOWN:
		return COLOUR_ROLE_WELL_KNOWN;
	case PC_REGISTERED:
		return COLOUR_ROLE_REGISTERED;
	case PC_DYNAMIC:
		return COLOUR_ROLE_DYNAMIC;
	default:
		return COLOUR_ROLE_NONE;
	}
}
