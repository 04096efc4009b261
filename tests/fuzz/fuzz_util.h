/*
 * fuzz_util.h - what the fuzz targets share: the libFuzzer entry points and
 * a memory file that a path can name, so that the code under test opens and
 * reads its input exactly as it opens a real /proc or services file.
 */
#ifndef PORTSTAT_FUZZ_UTIL_H
#define PORTSTAT_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Optional in a target, as in libFuzzer: replay_main.c calls it when defined. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An exact-size heap copy of data[0..size), so that AddressSanitizer sees
 * any read past its end; aborts when memory runs out. */
char *fuzz_copy(const uint8_t *data, size_t size);

/* The netlink parsers' targets (fuzz_addrs, fuzz_conntrack, fuzz_nat_rules,
 * fuzz_netlink): the first message's sequence number and port id, taken
 * for the expected ones when a target checks them as a live dump does;
 * left as they are when buf[0..len) holds no whole header. */
void fuzz_first_ids(const uint8_t *buf, size_t len, uint32_t *seq, uint32_t *portid);
/* Aborts unless a parser returned what it may (0, -EBADMSG, -EPROTO) and
 * its kernel error is an errno in [-4095, 0]: never INT_MIN, which negates
 * into undefined behaviour. */
void fuzz_check_parse(int r, int kernel_error);

/* A memfd that /proc/self/fd/N names; created once, refilled per input. */
struct fuzz_file {
	int fd;
	char path[64]; /* "/proc/self/fd/N" */
};

/* Creates the memory file; aborts when it cannot (the harness is broken). */
void fuzz_file_open(struct fuzz_file *f);
/* Replaces the file's content with data[0..size). */
void fuzz_file_fill(struct fuzz_file *f, const uint8_t *data, size_t size);

#endif
