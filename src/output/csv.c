/*
 * format_csv.c - CSV and TSV: one header row (unless -H), one row per socket.
 *
 * Cells come from the column registry already escaped, so no field holds a
 * line break or a tab: a TSV field never needs quoting, and a CSV field is
 * quoted (RFC 4180, quotes doubled) only when it holds a comma, a quote or
 * starts or ends with a space.  A cell without a value is an empty field
 * (the table prints "-" there).  Lines end in LF, not CRLF, so that output
 * holds no control byte but the newline (every CSV reader accepts LF).
 *
 * The fields are exact by default.  With --csv-safe a field that starts
 * with = + - @ (or a tab or CR, which escaping already prevents) gets a
 * single quote in front, as OWASP's "CSV injection" advice says, so that a
 * spreadsheet shows it as text instead of evaluating it (a process named
 * "=HYPERLINK(...)" or a unix socket path "@cmd|..." are anyone's choice).
 * A lone "-" stays as it is: it is no formula (nothing follows the sign)
 * and it is the "none" some cells show.
 */
#include "lib/compat.h"

#include "output/columns.h"
#include "output/format.h"

static bool needs_quotes(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return true;
	return memchr(s, ',', n) != NULL || memchr(s, '"', n) != NULL;
}

/* A cell a spreadsheet would take for a formula (--csv-safe). */
static bool is_formula(const char *s, size_t n)
{
	if (n == 0 || (n == 1 && s[0] == '-'))
		return false;
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	       s[0] == '\r';
}

static void put_field(struct outbuf *out, const char *s, size_t n, char sep, bool safe)
{
	size_t i;

	if (sep == '\t' || !needs_quotes(s, n)) {
		if (safe && is_formula(s, n))
			outbuf_putc(out, '\'');
		outbuf_write(out, s, n);
		return;
	}
	outbuf_putc(out, '"');
	if (safe && is_formula(s, n))
		outbuf_putc(out, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			outbuf_putc(out, '"');
		outbuf_putc(out, s[i]);
	}
	outbuf_putc(out, '"');
}

void format_csv(const struct conntable *t, const struct format_ctx *o, struct outbuf *out, char sep)
{
	struct cellbuf cb = {NULL, 0};
	struct column_set set;
	size_t i, k;

	if (o->columns != NULL)
		set = *o->columns;
	else
		column_set_default_flat(&set, o);
	if (!o->show.no_header) {
		for (k = 0; k < set.n; k++) {
			if (k > 0)
				outbuf_putc(out, sep);
			outbuf_puts(out, column_info(set.ids[k])->name);
		}
		outbuf_putc(out, '\n');
	}
	for (i = 0; i < t->len; i++) {
		const struct conn *c = &t->conns[i];

		if (!(c->proto == PROTO_UNIX ? o->show.show_unix : o->show.show_inet))
			continue;
		for (k = 0; k < set.n; k++) {
			size_t n = column_render(set.ids[k], t, c, o, &cb, NULL);

			if (k > 0)
				outbuf_putc(out, sep);
			put_field(out, cb.p, n, sep, o->show.csv_safe);
		}
		outbuf_putc(out, '\n');
	}
	cellbuf_free(&cb);
}
