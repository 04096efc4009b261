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
#include <locale.h>
#include <stdint.h>

#include "lib/outbuf.h"

#define GRID_MAX_COLS 32

enum grid_align { ALIGN_LEFT, ALIGN_RIGHT };

struct grid_column {
	const char *header;
	enum grid_align align;
};

struct grid {
	size_t ncols;
	struct grid_column spec[GRID_MAX_COLS];
	size_t width[GRID_MAX_COLS]; /* in terminal columns, not bytes */
	char *text;		     /* all cell bytes, NUL-terminated each */
	size_t text_len;
	size_t text_cap;
	uint32_t *cells; /* text offset of each cell, row-major */
	size_t ncells;
	size_t cells_cap;
	locale_t utf8; /* C.UTF-8 (or the user's UTF-8 locale) for widths; 0: none */
	/* A cell of the column may take other than its byte count of terminal
	 * columns, so printing measures each; false: every cell is as wide as
	 * its bytes, and printing pads by length (the common, ASCII case). */
	bool maybe_wide[GRID_MAX_COLS];
};

/*
 * Cells are measured in terminal columns: escaped text keeps valid UTF-8,
 * and a name such as "café" or "日本" is 4 or 4 columns wide, not 5 or 6
 * bytes.  Without a UTF-8 locale each character counts as one column.
 */
void grid_init(struct grid *c, const struct grid_column *spec, size_t ncols);
void grid_free(struct grid *c);
/* Appends the next cell, left to right, row after row. */
void grid_add(struct grid *c, const char *s, size_t len);
void grid_add_str(struct grid *c, const char *s);
void grid_add_u64(struct grid *c, unsigned long long v);
size_t grid_rows(const struct grid *c);
/* Writes the header (unless no_header) and every row; the last column is not padded. */
void grid_print(const struct grid *c, struct outbuf *o, bool header);

/*
 * Streaming use, for tables too large to hold as text: measure every cell
 * first (grid_measure, with the length grid_add would get), then
 * print the header and each row cell by cell, left to right, ending each
 * row with a newline.  The output is the same as grid_print's.
 */
void grid_measure(struct grid *c, size_t col, size_t len);
/* As grid_measure, for a cell whose text may be wider or narrower than its bytes. */
void grid_measure_text(struct grid *c, size_t col, const char *s, size_t len);
/* After grid_measure: the cell's text may be wider or narrower than the bytes measured. */
void grid_mark_wide(struct grid *c, size_t col);
/* The width of a cell of column col about to be printed, as grid_text_width. */
size_t grid_cell_width(const struct grid *c, size_t col, const char *s, size_t len);
/* The terminal columns s[0..len) takes. */
size_t grid_text_width(const struct grid *c, const char *s, size_t len);
void grid_print_header(const struct grid *c, struct outbuf *o);
/* One cell, padded to its column; sgr/reset (or NULL) wrap the text in colour. */
void grid_put_cell(const struct grid *c, struct outbuf *o, size_t col, const char *s, size_t len,
		   const char *sgr, const char *reset);

#endif
