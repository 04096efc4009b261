/*
 * test_names.c - the --state names: the parser, the unknown-state message,
 * --help, portstat(8) and the bash completion all name what
 * model/state_names.c holds; and the formatters' state names stay as
 * they were.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/options.h"
#include "filter/query.h"
#include "model/state_names.h"
#include "output/format.h"

#define MAX_NAMES 64

struct words {
	char *v[MAX_NAMES];
	size_t n;
};

static void words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	w->n = 0;
}

static bool words_has(const struct words *w, const char *s)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i], s) == 0)
			return true;
	return false;
}

/* Adds each word of text[0..len) split at seps, once; punctuation alone is no word. */
static void words_add(struct words *w, const char *text, size_t len, const char *seps)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		size_t n = 0;
		char *word;

		while (p + n < end && strchr(seps, p[n]) == NULL)
			n++;
		if (n > 0 && strspn(p, ",.()") < n) {
			word = strndup(p, n);
			assert_non_null(word);
			if (words_has(w, word) || w->n == MAX_NAMES)
				free(word);
			else
				w->v[w->n++] = word;
		}
		p += n + 1;
	}
}

/* The table's names on list (0: all), in table order. */
static void table_words(struct words *w, unsigned list)
{
	const struct state_name *st;
	size_t i;

	w->n = 0;
	for (i = 0; (st = state_name_at(i)) != NULL; i++)
		if (list == 0 || (st->lists & list))
			words_add(w, st->name, strlen(st->name), "");
}

/* got names every entry of the table and nothing else, in any order; frees got. */
static void assert_table_set(struct words *got)
{
	struct words table;
	size_t i;

	table_words(&table, 0);
	for (i = 0; i < got->n; i++)
		if (!words_has(&table, got->v[i]))
			fail_msg("'%s' is not in the table", got->v[i]);
	for (i = 0; i < table.n; i++)
		if (!words_has(got, table.v[i]))
			fail_msg("'%s' is missing here", table.v[i]);
	words_free(got);
	words_free(&table);
}

static char *read_source(const char *rel)
{
	const char *dir = getenv("PORTSTAT_SOURCE_DIR");
	char path[4096];
	FILE *fp;
	char *buf;
	long n;

	assert_non_null(dir); /* ctest sets it */
	assert_true(snprintf(path, sizeof(path), "%s/%s", dir, rel) < (int)sizeof(path));
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/* Every table name parses to its mask; nothing else does. */
static void test_parser(void **state)
{
	const struct state_name *st;
	struct query f;
	char msg[512];
	size_t i;
	(void)state;

	for (i = 0; (st = state_name_at(i)) != NULL; i++) {
		query_init(&f);
		assert_int_equal(query_add(&f, FARG_STATE, st->name, NULL, msg, sizeof(msg)), 0);
		assert_int_equal(f.states, st->mask);
		assert_true(state_name_find(st->name, strlen(st->name)) == st);
		query_free(&f);
	}
	assert_true(i >= 17);
	assert_null(state_name_find("listen", 5));
	assert_null(state_name_find("", 0));
	assert_null(state_name_find("_", 1));
	assert_null(state_name_find("listens", 7));
}

/* The names portstat prints are accepted as printed: any case, '_' or '-'. */
static void test_printed_names(void **state)
{
	static const struct {
		const char *printed, *name;
	} cases[] = {
	    {"LISTEN", "listen"},	    {"TIME_WAIT", "time-wait"},
	    {"ESTABLISHED", "established"}, {"SYN_SENT", "syn-sent"},
	    {"SYN_RECV", "syn-recv"},	    {"FIN_WAIT1", "fin-wait-1"},
	    {"FIN_WAIT2", "fin-wait-2"},    {"CLOSE_WAIT", "close-wait"},
	    {"LAST_ACK", "last-ack"},	    {"CLOSING", "closing"},
	    {"LISTENING", "listening"},	    {"Time-Wait", "time-wait"},
	    {"time_wait", "time-wait"},	    {"BOUND_INACTIVE", "bound-inactive"},
	};
	struct query f;
	char msg[512];
	size_t i;
	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct state_name *st =
		    state_name_find(cases[i].printed, strlen(cases[i].printed));

		assert_non_null(st);
		assert_string_equal(st->name, cases[i].name);
	}
	query_init(&f);
	assert_int_equal(query_add(&f, FARG_STATE, "LISTEN,TIME_WAIT", NULL, msg, sizeof(msg)), 0);
	assert_int_equal(f.states, state_name_find("listen", 6)->mask |
				       state_name_find("time-wait", 9)->mask);
	query_free(&f);
}

/* The unknown-state message lists the table's hint names, in order. */
static void test_error_message(void **state)
{
	struct query f;
	char msg[512], want[512], list[256];
	size_t need;
	(void)state;

	need = state_names_join(list, sizeof(list), STATE_IN_HINT);
	assert_true(need < sizeof(list));
	assert_string_equal(list,
			    "established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, "
			    "time-wait, closed, close-wait, last-ack, listening, closing, "
			    "all, connected, synchronized, listen, bucket, big, bound-inactive");
	(void)snprintf(want, sizeof(want), "bad filter '--state listen,up': unknown state (%s)",
		       list);
	query_init(&f);
	assert_int_equal(query_add(&f, FARG_STATE, "listen,up", NULL, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, want);
	query_free(&f);
	/* A short buffer still gets the length the whole list needs. */
	assert_int_equal(state_names_join(list, 4, STATE_IN_HINT), need);
	assert_string_equal(list, "est");
	/* Every entry is on the hint list: the whole table joins to the same text. */
	assert_int_equal(state_names_join(list, sizeof(list), 0), need);
}

/* --help's --state LIST names the table's help names, in order. */
static void test_help(void **state)
{
	const char *help = options_usage();
	const char *from = strstr(help, "\n      --state LIST"), *to;
	struct words got = {.n = 0}, want;
	size_t i;
	(void)state;

	assert_non_null(from);
	from += strlen("\n      --state LIST");
	to = strstr(from, "\n      --pid PID");
	assert_non_null(to);
	words_add(&got, from, (size_t)(to - from), " ,\n");
	table_words(&want, STATE_IN_HELP);
	assert_int_equal(got.n, want.n);
	for (i = 0; i < got.n; i++)
		assert_string_equal(got.v[i], want.v[i]);
	words_free(&got);
	words_free(&want);
}

/* portstat(8) names every entry of the table under --state, and no other. */
static void test_man_page(void **state)
{
	char *man = read_source("man/portstat.8");
	const char *from = strstr(man, "\n.It Fl -state Ar list\n"), *to, *line;
	struct words got = {.n = 0};
	(void)state;

	assert_non_null(from);
	from = strchr(from + 1, '\n') + 1;
	to = strstr(from, "\n.It ");
	assert_non_null(to);
	for (line = from; line < to; line = strchr(line, '\n') + 1) {
		size_t len = (size_t)(strchr(line, '\n') - line);

		if (strncmp(line, ".Cm ", 4) == 0)
			words_add(&got, line + 4, len - 4, " ");
	}
	assert_table_set(&got);
	free(man);
}

/* The completion offers every name of the table, and no other. */
static void test_completion(void **state)
{
	char *comp = read_source("completion/portstat.bash");
	const char *from = strstr(comp, "local states=\""), *to;
	struct words got = {.n = 0};
	(void)state;

	assert_non_null(from);
	from += strlen("local states=\"");
	to = strchr(from, '"');
	assert_non_null(to);
	words_add(&got, from, (size_t)(to - from), " ");
	assert_table_set(&got);
	free(comp);
}

/* The formatters print the kernel's names as before: the table is not theirs. */
static void test_format_names_unchanged(void **state)
{
	static const char *const tcp[CS_MAX] = {
	    "UNKNOWN",	 "ESTABLISHED", "SYN_SENT",	"SYN_RECV",   "FIN_WAIT1",
	    "FIN_WAIT2", "TIME_WAIT",	"BOUND",	"CLOSE_WAIT", "LAST_ACK",
	    "LISTEN",	 "CLOSING",	"NEW_SYN_RECV", "BOUND",
	};
	struct conn c;
	unsigned i;
	(void)state;

	memset(&c, 0, sizeof(c));
	c.proto = PROTO_TCP;
	for (i = 0; i < CS_MAX; i++) {
		c.state = (uint8_t)i;
		assert_string_equal(format_state_name(&c), tcp[i]);
	}
	c.state = 15; /* the largest state a record holds: four bits */
	assert_string_equal(format_state_name(&c), "UNKNOWN");
	c.proto = PROTO_UDP;
	c.state = CS_CLOSE;
	assert_string_equal(format_state_name(&c), "UNCONN");
	c.state = CS_ESTABLISHED;
	assert_string_equal(format_state_name(&c), "ESTABLISHED");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parser),
	    cmocka_unit_test(test_printed_names),
	    cmocka_unit_test(test_error_message),
	    cmocka_unit_test(test_help),
	    cmocka_unit_test(test_man_page),
	    cmocka_unit_test(test_completion),
	    cmocka_unit_test(test_format_names_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
