/*
 * columns.c - measured-width text tables.
 */
#include "lib/compat.h"

#include <stdio.h>

#include "output/grid.h"
#include "lib/xmalloc.h"

void grid_init(struct grid *c, const struct grid_column *spec, size_t ncols)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->ncols = ncols < GRID_MAX_COLS ? ncols : GRID_MAX_COLS;
	for (i = 0; i < c->ncols; i++) {
		c->spec[i] = spec[i];
		c->width[i] = strlen(spec[i].header);
	}
}

void grid_free(struct grid *c)
{
	free(c->text);
	free(c->cells);
	memset(c, 0, sizeof(*c));
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
	if (len > c->width[col])
		c->width[col] = len;
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
	size_t pad;

	if (len == 0) {
		s = "-";
		len = 1;
	}
	pad = c->width[col] > len ? c->width[col] - len : 0;
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
