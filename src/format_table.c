/*
 * format_table.c - netstat's text layout: a titled Internet section and a
 * titled UNIX section, columns sized to their content, never truncated, no
 * empty field (so that awk '{print $6}' is always the state).
 *
 * The columns come from the registry (column_set.c): netstat's by default,
 * or the -O list in both sections.  Colour, when on, wraps state and class
 * cells; widths are measured on the text, so colour never shifts a column.
 */
#include "compat.h"

#include "colour.h"
#include "column_set.h"
#include "columns.h"
#include "format.h"

static const char *section_kind(const struct format_opts *o)
{
	if (o->all)
		return "servers and established";
	if (o->listening)
		return "only servers";
	return "w/o servers";
}

/* Every cell of one row: without out, measured; with out (widths set), printed. */
static void render_row(const struct conntable *t, const struct conn *c, const struct format_opts *o,
		       const struct column_set *set, struct columns *cols, struct cellbuf *cb,
		       struct outbuf *out)
{
	size_t k;

	for (k = 0; k < set->n; k++) {
		enum colour_role role;
		size_t n;
		const char *sgr;

		if (out == NULL) {
			columns_measure(cols, k, column_width(set->ids[k], t, c, o, cb));
			continue;
		}
		n = column_render(set->ids[k], t, c, o, cb, &role);
		sgr = o->colour && role < COLOUR_ROLE_COUNT ? colour_sgr[role] : NULL;
		columns_put_cell(cols, out, k, cb->p, n, sgr, COLOUR_RESET);
	}
	if (out != NULL)
		outbuf_putc(out, '\n');
}

/*
 * Two passes over the rows: the first measures the column widths, the
 * second renders and prints.  Two passes cost less than holding the
 * text of every cell, which at 100k sockets took more memory than the
 * table itself; and most cells (numbers, names, numeric addresses) are
 * measured by arithmetic (column_width), not rendered.
 */
static void print_section(const struct conntable *t, const struct format_opts *o,
			  struct outbuf *out, bool unix_section)
{
	struct column_spec spec[COLUMNS_MAX];
	struct column_set set;
	struct cellbuf cb = {NULL, 0};
	struct columns cols;
	size_t i, k;

	if (o->columns != NULL)
		set = *o->columns;
	else if (unix_section)
		column_set_default_unix(&set, o);
	else
		column_set_default_inet(&set, o);
	for (k = 0; k < set.n; k++) {
		const struct column_info *ci = column_info(set.ids[k]);

		spec[k] =
		    (struct column_spec){unix_section ? ci->unix_header : ci->header, ci->align};
	}
	columns_init(&cols, spec, set.n);

	for (i = 0; i < t->len; i++)
		if ((t->conns[i].proto == PROTO_UNIX) == unix_section)
			render_row(t, &t->conns[i], o, &set, &cols, &cb, NULL);
	if (!o->no_header) {
		outbuf_puts(out, unix_section ? "Active UNIX domain sockets ("
					      : "Active Internet connections (");
		outbuf_puts(out, section_kind(o));
		outbuf_puts(out, ")\n");
		columns_print_header(&cols, out);
	}
	for (i = 0; i < t->len; i++)
		if ((t->conns[i].proto == PROTO_UNIX) == unix_section)
			render_row(t, &t->conns[i], o, &set, &cols, &cb, out);
	cellbuf_free(&cb);
	columns_free(&cols);
}

void format_table(const struct conntable *t, const struct format_opts *o, struct outbuf *out)
{
	if (o->show_inet)
		print_section(t, o, out, false);
	if (o->show_unix)
		print_section(t, o, out, true);
}
