/*
 * columns.c - measured-width text tables.
 */
#include "compat.h"

#include <stdio.h>

#include "columns.h"
#include "xmalloc.h"

void columns_init(struct columns *c, const struct column_spec *spec, size_t ncols)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->ncols = ncols < COLUMNS_MAX ? ncols : COLUMNS_MAX;
	for (i = 0; i < c->ncols; i++) {
		c->spec[i] = spec[i];
		c->width[i] = strlen(spec[i].header);
	}
}

void columns_free(struct columns *c)
{
	free(c->text);
	free(c->cells);
	memset(c, 0, sizeof(*c));
}

void columns_add(struct columns *c, const char *s, size_t len)
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

void columns_add_str(struct columns *c, const char *s)
{
	columns_add(c, s, strlen(s));
}

void columns_add_u64(struct columns *c, unsigned long long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%llu", v);

	columns_add(c, buf, (size_t)n);
}

size_t columns_rows(const struct columns *c)
{
	return c->ncells / c->ncols;
}

static void print_row(const struct columns *c, struct outbuf *o, const char *const *cells,
		      const size_t *lens)
{
	size_t i;

	for (i = 0; i < c->ncols; i++) {
		size_t pad = c->width[i] - lens[i];
		bool last = i + 1 == c->ncols;

		if (i > 0)
			outbuf_putc(o, ' ');
		if (c->spec[i].align == ALIGN_RIGHT)
			outbuf_pad(o, pad);
		outbuf_write(o, cells[i], lens[i]);
		if (c->spec[i].align == ALIGN_LEFT && !last)
			outbuf_pad(o, pad);
	}
	outbuf_putc(o, '\n');
}

void columns_print(const struct columns *c, struct outbuf *o, bool header)
{
	const char *cells[COLUMNS_MAX] = {NULL};
	size_t lens[COLUMNS_MAX] = {0};
	size_t r, i, rows = columns_rows(c);

	if (header) {
		for (i = 0; i < c->ncols; i++) {
			cells[i] = c->spec[i].header;
			lens[i] = strlen(cells[i]);
		}
		print_row(c, o, cells, lens);
	}
	for (r = 0; r < rows; r++) {
		for (i = 0; i < c->ncols; i++) {
			const char *s = c->text + c->cells[r * c->ncols + i];

			cells[i] = s;
			lens[i] = strlen(s);
		}
		print_row(c, o, cells, lens);
	}
}
