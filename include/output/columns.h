/*
 * column_set.h - the named output columns shared by the table, CSV and TSV.
 *
 * Every column has a stable name (what -O takes and the CSV/TSV header
 * row prints), a table header, an alignment and one way of rendering a
 * cell from the model.  Rendered cells are already escaped: they never
 * contain a byte below 0x20, so every format can print them as they are.
 * A cell that has no value renders empty and the formatter prints "-".
 */
#ifndef PORTSTAT_COLUMN_SET_H
#define PORTSTAT_COLUMN_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output/addrfmt.h"
#include "output/colour.h"
#include "output/grid.h"
#include "model/conntable.h"
#include "model/tcp_info.h"

struct format_ctx;

enum column_id {
	COL_PROTO,
	COL_RECV_Q,
	COL_SEND_Q,
	COL_LOCAL,
	COL_REMOTE,
	COL_STATE,
	COL_SERVICE,
	COL_CLASS,
	COL_DIR,
	COL_USER,
	COL_UID,
	COL_INODE,
	COL_TIMER,
	COL_OWNER,
	COL_PID,
	COL_PROGRAM,
	COL_UNIT,
	COL_LOCAL_ADDR,
	COL_LOCAL_PORT,
	COL_REMOTE_ADDR,
	COL_REMOTE_PORT,
	COL_FAMILY,
	COL_REFCNT,
	COL_FLAGS,
	COL_TYPE,
	COL_PATH,
	COL_PEER,
	COL_NETNS,
	COL_EXPOSURE,
	COL_NAT,
	/* -i: the congestion control, then each tcp_info number (model/tcp_info.h);
	 * -m: each socket memory number. */
	COL_CONG,
/* clang-format off */
#define COL_TCPI_ENUM(id, name, help) COL_TCPI_##id,
	TCP_INFO_FIELDS(COL_TCPI_ENUM)
#undef COL_TCPI_ENUM
#define COL_SKMEM_ENUM(id, name, help) COL_SKMEM_##id,
	SK_MEMINFO_FIELDS(COL_SKMEM_ENUM)
#undef COL_SKMEM_ENUM
	/* clang-format on */
	COL_COUNT
};

#define COL_TCPI_FIRST	COL_TCPI_RTT_US
#define COL_SKMEM_FIRST COL_SKMEM_RMEM_ALLOC

struct column_info {
	const char *name;	 /* -O name and CSV/TSV header: lower case, no spaces */
	const char *header;	 /* table header in the Internet section */
	const char *unix_header; /* table header in the UNIX section */
	enum grid_align align;	 /* table alignment */
	const char *help;	 /* one line for -O help */
};

/* An ordered choice of columns (the defaults, or -O). */
struct column_set {
	size_t n;
	uint8_t ids[GRID_MAX_COLS]; /* enum column_id */
};

/* A growable buffer for one rendered cell. */
struct cellbuf {
	char *p;
	size_t cap;
};

const struct column_info *column_info(enum column_id id);

/*
 * Parses a comma-separated list of column names into s.  Returns 0, or
 * -EINVAL with a one-line reason in msg (unknown or repeated name, empty
 * list, too many columns).
 */
int column_set_parse(struct column_set *s, const char *list, char *msg, size_t msglen);

/* The -O help text, one line per column name, into buf (NUL-terminated,
 * cut at len); returns the length of the whole text, as snprintf does. */
size_t column_set_help(char *buf, size_t len);

/* netstat's Internet columns, plus what -e, -o and the owner options add. */
void column_set_default_inet(struct column_set *s, const struct format_ctx *o);
/* netstat's UNIX columns. */
void column_set_default_unix(struct column_set *s, const struct format_ctx *o);
/* The CSV/TSV default: one row layout for every kind of socket. */
void column_set_default_flat(struct column_set *s, const struct format_ctx *o);

/*
 * Renders one cell, escaped, into cb and returns its length (0: no value).
 * *role, when not NULL, receives the colour role of the cell.
 */
size_t column_render(enum column_id id, const struct conntable *t, const struct conn *c,
		     const struct format_ctx *o, struct cellbuf *cb, enum colour_role *role);

/*
 * The hot loop's way to the same cells: for a column whose text has a small
 * bound, the cell is written straight into dst (cap bytes, NUL-terminated
 * when it fits) and its length returned, exactly as column_render would;
 * COLUMN_NO_FIT when the column is not one of those (a unix path, owners,
 * users, timers...) or the text could pass cap.  COLUMN_CELL_MAX bytes
 * always suffice for the bounded ones.  memo (or NULL) remembers numeric
 * address texts from one row to the next; it changes no byte.
 */
#define COLUMN_NO_FIT	((size_t)-1)
#define COLUMN_CELL_MAX ADDRFMT_MAX
size_t column_render_into(enum column_id id, const struct conntable *t, const struct conn *c,
			  const struct format_ctx *o, struct addrfmt_memo *memo, char *dst,
			  size_t cap);
/* True when column_render_into renders id for the rows of a section (unix_rows: unix sockets). */
bool column_renders_into(enum column_id id, bool unix_rows);

/*
 * The length column_render would return (memo as for column_render_into), without rendering when it
 * can: numbers, fixed names and numeric endpoints are measured by arithmetic, other cells are
 * rendered into cb.  For a table's measuring pass.
 */
/*
 * Whether the cell that column_width measured in bytes may take another
 * number of terminal columns (non-ASCII text): host, port and interface
 * names, and every column column_width does not know.
 */
bool column_may_be_wide(enum column_id id, const struct conntable *t, const struct conn *c,
			const struct format_ctx *o);
size_t column_width(enum column_id id, const struct conntable *t, const struct conn *c,
		    const struct format_ctx *o, struct addrfmt_memo *memo, struct cellbuf *cb);

void cellbuf_free(struct cellbuf *cb);

/* The owner a table cell shows: the one with the lowest PID, or NULL. */
const struct owner *column_first_owner(const struct conntable *t, const struct conn *c);
/* "listen", "in", "out", or NULL when the direction is unknown. */
const char *column_direction_name(unsigned direction);
/* "inet", "inet6", "unix" for an address family, NULL for another. */
const char *column_family_name(int family);
/* True when s holds id. */
bool column_set_has(const struct column_set *s, enum column_id id);

#endif
