/*
 * fuzz_services.c - a services file through services_load, then lookups.
 *
 * The input is the whole file, read by path from a memory file.  Every port
 * the loaded database names must map back: the name of a port, looked up
 * by name, gives a port that has a name (aliases may share names).
 */
#include <stdlib.h>
#include <string.h>

#include "model/conntable.h"
#include "fuzz_util.h"
#include "enrich/services.h"
#include "lib/warnings.h"

static struct fuzz_file input;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_file_open(&input);
	return 0;
}

static void check_port(const struct services *s, uint16_t port, int proto)
{
	const char *name = services_name(s, port, proto);
	int back;

	if (name == NULL)
		return;
	if (name[0] == '\0')
		abort();
	back = services_port(s, name, proto);
	if (back < 0 || back > 65535 || services_name(s, (uint16_t)back, proto) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t probes[] = {0, 1, 7, 22, 53, 80, 443, 8080, 65535};
	struct services *s = NULL;
	struct warnings w;
	size_t i;
	int r;

	fuzz_file_fill(&input, data, size);
	warnings_init(&w);
	r = services_load(&s, input.path, &w);
	if (s == NULL || r > 0)
		abort();
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		check_port(s, probes[i], PROTO_TCP);
		check_port(s, probes[i], PROTO_UDP);
		check_port(s, probes[i], PROTO_UDPLITE);
	}
	/* Names taken from the input itself: the first word of each line. */
	for (i = 0; i < size && i < 4096;) {
		size_t j = i;
		char name[64];

		while (j < size && data[j] != ' ' && data[j] != '\t' && data[j] != '\n' &&
		       j - i < sizeof(name) - 1)
			j++;
		memcpy(name, data + i, j - i);
		name[j - i] = '\0';
		(void)services_port(s, name, PROTO_TCP);
		(void)services_port(s, name, PROTO_UDP);
		while (j < size && data[j] != '\n')
			j++;
		i = j + 1;
	}
	services_free(s);
	warnings_free(&w);
	return 0;
}
