/*
 * escape.h - making untrusted text safe for a terminal or a text format.
 *
 * Every byte string that comes from the system (unix socket names, process
 * and user names, unit names) passes through here before any formatter
 * writes it.  Printable ASCII and well-formed UTF-8 pass unchanged; a
 * backslash is doubled; \n, \t and \r become those two-character escapes;
 * every other control byte, DEL, C1 control and invalid UTF-8 byte becomes
 * \xHH, and so does every byte of a Unicode format character that reorders
 * or hides text (bidi controls such as U+202E, zero-width spaces, U+FEFF,
 * U+2028/U+2029: escape_hidden_char).  The result never contains a byte below 0x20, never spans
 * lines, and can be decoded back to the exact input (tests/support/escape_decode.h).
 */
#ifndef PORTSTAT_ESCAPE_H
#define PORTSTAT_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/* Room escape_text needs for n input bytes, including the final NUL. */
#define ESCAPE_BOUND(n) (4 * (n) + 1)

/* Writes the escaped form of src[0..n) and a NUL to dst; returns its length. */
size_t escape_text(char *dst, const char *src, size_t n);

/* strlen(s) when escape_text would print s unchanged (printable ASCII, no
 * backslash), else (size_t)-1: measuring a cell without escaping it. */
size_t escape_unchanged_len(const char *s);

/* Length of the well-formed UTF-8 sequence (not a C1 control) at s[0..n), or 0. */
size_t escape_utf8_len(const char *s, size_t n);

/* The code point of the format character at s[0..n) that escape_text
 * escapes although it is well-formed UTF-8 (a bidi control, a zero-width
 * or invisible character, U+FEFF, U+2028, U+2029), or 0.  JSON writes such
 * a character as \uXXXX: the same string, never the raw bytes. */
uint32_t escape_hidden_char(const char *s, size_t n);

/* Abstract unix names: writes src with every NUL shown as '@', then escapes it. */
size_t escape_unix_name(char *dst, const char *src, size_t n);

#endif
