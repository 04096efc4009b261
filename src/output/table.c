/*
 * format_table.c - netstat's text layout: a titled Internet section and a
 * titled UNIX section, columns sized to their content, never truncated, no
 * empty field (so that awk '{print $6}' is always the state).
 *
 * The columns come from the registry (column_set.c): netstat's by default,
 * or the -O list in both sections.  Colour, when on, wraps state and class
 * cells; widths are measured on the text, so colour never shifts a column.
 */
#include "lib/compat.h"

#include <stdio.h>
#include <time.h>

#include "output/colour.h"
#include "output/columns.h"
#include "output/grid.h"
#include "output/format.h"

static const char *section_kind(const struct format_ctx *o)
{
	if (o->show.all)
		return "servers and established";
	if (o->show.listening)
		return "only servers";
	return "w/o servers";
}

/* Columns whose text comes from names (users, programs, units, paths,
 * services), which may be UTF-8 and so take fewer columns than bytes:
 * measured on the rendered text.  Host and port names in the endpoint
 * columns are measured in bytes, never less than their width, and padded
 * by their width when printed: aligned, at worst a little wide. */
static bool measured_as_text(enum column_id id, bool unix_row)
{
	switch (id) {
	case COL_SERVICE:
	case COL_USER:
	case COL_OWNER:
	case COL_PROGRAM:
	case COL_UNIT:
	case COL_PATH:
		return true;
	case COL_LOCAL:
		return unix_row; /* the path */
	default:
		return false;
	}
}

/* Every cell of one row: without out, measured; with out (widths set), printed. */
static void render_row(const struct conntable *t, const struct conn *c, const struct format_ctx *o,
		       const struct column_set *set, struct grid *cols, struct addrfmt_memo *memo,
		       struct cellbuf *cb, struct outbuf *out)
{
	size_t k;

	for (k = 0; k < set->n; k++) {
		enum colour_role role;
		size_t n;
		const char *sgr;

		if (out == NULL && measured_as_text(set->ids[k], c->proto == PROTO_UNIX)) {
			n = column_render(set->ids[k], t, c, o, cb, NULL);
			grid_measure_text(cols, k, cb->p, n);
			continue;
		}
		if (out == NULL) {
			grid_measure(cols, k, column_width(set->ids[k], t, c, o, memo, cb));
			if (column_may_be_wide(set->ids[k], t, c, o))
				grid_mark_wide(cols, k);
			continue;
		}
		n = column_render(set->ids[k], t, c, o, cb, &role);
		sgr = o->show.colour && role < COLOUR_ROLE_COUNT ? colour_sgr[role] : NULL;
		grid_put_cell(cols, out, k, cb->p, n, sgr, COLOUR_RESET);
	}
	if (out != NULL)
		outbuf_putc(out, '\n');
}

/*
 * The print pass's hot loop: every cell of a row written straight into the
 * output buffer (column_render_into), padded to its column, with one
 * reservation of room per row -- about half the cost of going cell by cell
 * through column_render and grid_put_cell at 100k rows.  The text is the
 * same.  Returns false, having committed nothing, when a cell is not one
 * column_render_into writes or the row would not fit room; the caller then
 * prints the row cell by cell.
 */
static bool put_row_direct(const struct conntable *t, const struct conn *c,
			   const struct format_ctx *o, const struct column_set *set,
			   const struct grid *cols, struct addrfmt_memo *memo, size_t room,
			   struct outbuf *out)
{
	char *p = outbuf_room(out, room);
	size_t n = 0, k;

	if (p == NULL)
		return false;
	for (k = 0; k < set->n; k++) {
		size_t len, pad, w;

		if (n + 2 > room)
			return false; /* no room for a separator and the newline */
		if (k > 0)
			p[n++] = ' ';
		/* One byte stays free for the newline. */
		len = column_render_into(set->ids[k], t, c, o, memo, p + n, room - n - 1);
		if (len == COLUMN_NO_FIT)
			return false;
		if (len == 0) {
			p[n] = '-'; /* no empty field: whitespace splitting finds every column */
			len = 1;
		}
		w = grid_cell_width(cols, k, p + n, len);
		pad = cols->width[k] > w ? cols->width[k] - w : 0;
		if (n + len + pad + 1 > room)
			return false;
		if (cols->spec[k].align == ALIGN_RIGHT) {
			memmove(p + n + pad, p + n, len);
			memset(p + n, ' ', pad);
		} else if (k + 1 < set->n) {
			memset(p + n + len, ' ', pad); /* the last column is not padded */
		} else {
			pad = 0;
		}
		n += len + pad;
	}
	p[n++] = '\n';
	outbuf_commit(out, n);
	return true;
}

/* Room for put_row_direct: every column at its width, the separators, the
 * newline, and COLUMN_CELL_MAX for the cell being written; 0 when the
 * section's cells are not all ones column_render_into writes, or colour is on. */
static size_t direct_room(const struct column_set *set, const struct grid *cols,
			  const struct format_ctx *o, bool unix_section)
{
	size_t room = set->n + 1 + COLUMN_CELL_MAX, k;

	if (o->show.colour)
		return 0;
	for (k = 0; k < set->n; k++) {
		if (!column_renders_into(set->ids[k], unix_section))
			return 0;
		room += cols->width[k];
	}
	return room <= OUTBUF_SIZE / 4 ? room : 0;
}

/*
 * Two passes over the rows: the first measures the column widths, the
 * second renders and prints.  Two passes cost less than holding the
 * text of every cell, which at 100k sockets took more memory than the
 * table itself; and most cells (numbers, names, numeric addresses) are
 * measured by arithmetic (column_width), not rendered.
 */
static void print_section(const struct conntable *t, const struct format_ctx *o, struct outbuf *out,
			  bool unix_section)
{
	struct grid_column spec[GRID_MAX_COLS];
	struct column_set set;
	struct cellbuf cb = {NULL, 0};
	struct grid cols;
	struct addrfmt_memo memo;
	size_t i, k, room;

	if (o->columns != NULL)
		set = *o->columns;
	else if (unix_section)
		column_set_default_unix(&set, o);
	else
		column_set_default_inet(&set, o);
	for (k = 0; k < set.n; k++) {
		const struct column_info *ci = column_info(set.ids[k]);

		spec[k] =
		    (struct grid_column){unix_section ? ci->unix_header : ci->header, ci->align};
	}
	grid_init(&cols, spec, set.n);
	addrfmt_memo_init(&memo);

	for (i = 0; i < t->len; i++)
		if ((t->conns[i].proto == PROTO_UNIX) == unix_section)
			render_row(t, &t->conns[i], o, &set, &cols, &memo, &cb, NULL);
	if (!o->show.no_header) {
		outbuf_puts(out, unix_section ? "Active UNIX domain sockets ("
					      : "Active Internet connections (");
		outbuf_puts(out, section_kind(o));
		outbuf_puts(out, ")\n");
		grid_print_header(&cols, out);
	}
	room = direct_room(&set, &cols, o, unix_section);
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if ((c->proto == PROTO_UNIX) != unix_section)
			continue;
		if (room == 0 || !put_row_direct(t, c, o, &set, &cols, &memo, room, out))
			render_row(t, c, o, &set, &cols, &memo, &cb, out);
	}
	cellbuf_free(&cb);
	grid_free(&cols);
}

void format_table(const struct conntable *t, const struct format_ctx *o, struct outbuf *out)
{
	if (o->show.show_inet)
		print_section(t, o, out, false);
	if (o->show.show_unix)
		print_section(t, o, out, true);
}

void format_round_mark(struct outbuf *out, time_t when)
{
	struct tm tm;
	char stamp[64];

	if (localtime_r(&when, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
		(void)snprintf(stamp, sizeof(stamp), "%lld", (long long)when);
	outbuf_puts(out, "--- ");
	outbuf_puts(out, stamp);
	outbuf_puts(out, " ---\n");
}
