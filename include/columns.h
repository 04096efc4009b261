/*
 * columns.h - a table of text cells whose column widths are measured from
 * the data, so that nothing is ever truncated.
 *
 * Cells are copied into one arena; a cell must not be empty (formatters
 * pass "-" instead) so that whitespace splitting always finds every field.
 */
#ifndef PORTSTAT_COLUMNS_H
#define PORTSTAT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outbuf.h"

#define COLUMNS_MAX 32

enum column_align { ALIGN_LEFT, ALIGN_RIGHT };

struct column_spec {
	const char *header;
	enum column_align align;
};

struct columns {
	size_t ncols;
	struct column_spec spec[COLUMNS_MAX];
	size_t width[COLUMNS_MAX];
	char *text; /* all cell bytes, NUL-terminated each */
	size_t text_len;
	size_t text_cap;
	uint32_t *cells; /* text offset of each cell, row-major */
	size_t ncells;
	size_t cells_cap;
};

void columns_init(struct columns *c, const struct column_spec *spec, size_t ncols);
void columns_free(struct columns *c);
/* Appends the next cell, left to right, row after row. */
void columns_add(struct columns *c, const char *s, size_t len);
void columns_add_str(struct columns *c, const char *s);
void columns_add_u64(struct columns *c, unsigned long long v);
size_t columns_rows(const struct columns *c);
/* Writes the header (unless no_header) and every row; the last column is not padded. */
void columns_print(const struct columns *c, struct outbuf *o, bool header);

/*
 * Streaming use, for tables too large to hold as text: measure every cell
 * first (columns_measure, with the length columns_add would get), then
 * print the header and each row cell by cell, left to right, ending each
 * row with a newline.  The output is the same as columns_print's.
 */
void columns_measure(struct columns *c, size_t col, size_t len);
void columns_print_header(const struct columns *c, struct outbuf *o);
/* One cell, padded to its column; sgr/reset (or NULL) wrap the text in colour. */
void columns_put_cell(const struct columns *c, struct outbuf *o, size_t col, const char *s,
		      size_t len, const char *sgr, const char *reset);

#endif
