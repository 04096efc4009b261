/*
 * columns.c - measured-width text tables.
 */
#define _GNU_SOURCE /* wcwidth */
#include "lib/compat.h"

#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "output/grid.h"
#include "lib/xmalloc.h"

/* A locale that decodes UTF-8: C.UTF-8, else the user's if it is UTF-8. */
static locale_t utf8_locale(void)
{
	locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);

	if (l != (locale_t)0)
		return l;
	l = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
	if (l != (locale_t)0 && strcmp(nl_langinfo_l(CODESET, l), "UTF-8") != 0) {
		freelocale(l);
		l = (locale_t)0;
	}
	return l;
}

void grid_init(struct grid *c, const struct grid_column *spec, size_t ncols)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->ncols = ncols < GRID_MAX_COLS ? ncols : GRID_MAX_COLS;
	for (i = 0; i < c->ncols; i++) {
		c->spec[i] = spec[i];
		c->width[i] = strlen(spec[i].header);
	}
	c->utf8 = utf8_locale();
}

void grid_free(struct grid *c)
{
	free(c->text);
	free(c->cells);
	if (c->utf8 != (locale_t)0)
		freelocale(c->utf8);
	memset(c, 0, sizeof(*c));
}

/* Columns of the non-ASCII text s[0..len): wcwidth per character, a
 * non-printable or undecodable one as one column (escaping made it text). */
static size_t wide_width(locale_t l, const char *s, size_t len)
{
	locale_t old = uselocale(l);
	mbstate_t st;
	size_t w = 0, i = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			w++;
			i++;
			continue;
		}
		cw = wcwidth(wc);
		w += cw >= 0 ? (size_t)cw : 1;
		i += n;
	}
	(void)uselocale(old);
	return w;
}

size_t grid_text_width(const struct grid *c, const char *s, size_t len)
{
	size_t i, chars = 0;
	uint64_t high = 0;

	/* ASCII, the common case, eight bytes a step: every cell of every row
	 * comes here twice (measured, then padded). */
	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, sizeof(w));
		high |= w;
	}
	for (; i < len; i++)
		high |= (unsigned char)s[i];
	if ((high & UINT64_C(0x8080808080808080)) == 0)
		return len;
	if (c->utf8 != (locale_t)0)
		return wide_width(c->utf8, s, len);
	for (i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80; /* not a continuation byte */
	return chars;
}

void grid_add(struct grid *c, const char *s, size_t len)
{
	size_t col = c->ncells % c->ncols;

	if (len == 0) {
		s = "-";
		len = 1;
	}
	if (c->text_len + len + 1 > c->text_cap) {
		c->text_cap = c->text_cap ? c->text_cap * 2 : 65536;
		while (c->text_cap < c->text_len + len + 1)
			c->text_cap *= 2;
		c->text = xreallocarray(c->text, c->text_cap, 1);
	}
	if (c->ncells == c->cells_cap) {
		c->cells_cap = c->cells_cap ? c->cells_cap * 2 : 4096;
		c->cells = xreallocarray(c->cells, c->cells_cap, sizeof(*c->cells));
	}
	c->cells[c->ncells++] = (uint32_t)c->text_len;
	memcpy(c->text + c->text_len, s, len);
	c->text[c->text_len + len] = '\0';
	c->text_len += len + 1;
	grid_measure_text(c, col, s, len);
}

void grid_add_str(struct grid *c, const char *s)
{
	grid_add(c, s, strlen(s));
}

void grid_add_u64(struct grid *c, unsigned long long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%llu", v);

	grid_add(c, buf, (size_t)n);
}

size_t grid_rows(const struct grid *c)
{
	return c->ncells / c->ncols;
}

void grid_measure_text(struct grid *c, size_t col, const char *s, size_t len)
{
	size_t w;

	if (len == 0) {
		s = "-";
		len = 1;
	}
	w = grid_text_width(c, s, len);
	if (w != len)
		grid_mark_wide(c, col);
	grid_measure(c, col, w);
}

void grid_mark_wide(struct grid *c, size_t col)
{
	if (col < c->ncols)
		c->maybe_wide[col] = true;
}

size_t grid_cell_width(const struct grid *c, size_t col, const char *s, size_t len)
{
	return col < c->ncols && c->maybe_wide[col] ? grid_text_width(c, s, len) : len;
}

void grid_measure(struct grid *c, size_t col, size_t len)
{
	if (len == 0)
		len = 1; /* printed as "-" */
	if (col < c->ncols && len > c->width[col])
		c->width[col] = len;
}

/* The common case, formatted straight into the output buffer: one call
 * per cell instead of one per separator, pad and text.  False when the cell
 * does not fit the buffer's room (the caller then writes it piecewise). */
static bool put_plain_cell(const struct grid *c, struct outbuf *o, size_t col, const char *s,
			   size_t len, size_t pad)
{
	size_t need = 1 + pad + len, n = 0;
	char *p = need <= 4096 ? outbuf_room(o, need) : NULL;

	if (p == NULL)
		return false;
	if (col > 0)
		p[n++] = ' ';
	if (c->spec[col].align == ALIGN_RIGHT) {
		memset(p + n, ' ', pad);
		n += pad;
	}
	memcpy(p + n, s, len);
	n += len;
	/* The last column is not padded: no trailing blanks. */
	if (c->spec[col].align == ALIGN_LEFT && col + 1 < c->ncols) {
		memset(p + n, ' ', pad);
		n += pad;
	}
	outbuf_commit(o, n);
	return true;
}

void grid_put_cell(const struct grid *c, struct outbuf *o, size_t col, const char *s, size_t len,
		   const char *sgr, const char *reset)
{
	size_t pad, w;

	if (len == 0) {
		s = "-";
		len = 1;
	}
	w = grid_cell_width(c, col, s, len);
	pad = c->width[col] > w ? c->width[col] - w : 0;
	if (sgr == NULL && put_plain_cell(c, o, col, s, len, pad))
		return;
	if (col > 0)
		outbuf_putc(o, ' ');
	if (c->spec[col].align == ALIGN_RIGHT)
		outbuf_pad(o, pad);
	if (sgr != NULL) {
		outbuf_puts(o, sgr);
		outbuf_write(o, s, len);
		outbuf_puts(o, reset);
	} else {
		outbuf_write(o, s, len);
	}
	/* The last column is not padded: no trailing blanks. */
	if (c->spec[col].align == ALIGN_LEFT && col + 1 < c->ncols)
		outbuf_pad(o, pad);
}

void grid_print_header(const struct grid *c, struct outbuf *o)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		grid_put_cell(c, o, i, c->spec[i].header, strlen(c->spec[i].header), NULL, NULL);
	outbuf_putc(o, '\n');
}

static void print_row(const struct grid *c, struct outbuf *o, const char *const *cells,
		      const size_t *lens)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		grid_put_cell(c, o, i, cells[i], lens[i], NULL, NULL);
	outbuf_putc(o, '\n');
}

void grid_print(const struct grid *c, struct outbuf *o, bool header)
{
	const char *cells[GRID_MAX_COLS] = {NULL};
	size_t lens[GRID_MAX_COLS] = {0};
	size_t r, i, rows = grid_rows(c);

	if (header)
		grid_print_header(c, o);
	for (r = 0; r < rows; r++) {
		for (i = 0; i < c->ncols; i++) {
			const char *s = c->text + c->cells[r * c->ncols + i];

			cells[i] = s;
			lens[i] = strlen(s);
		}
		print_row(c, o, cells, lens);
	}
}
