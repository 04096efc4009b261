/*
 * test_portclass.c - IANA class boundaries and the ephemeral range from a tree.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixtures.h"

#include "model/portclass.h"
#include "enrich/port_ranges.h"

static void test_class_boundaries(void **state)
{
	(void)state;
	assert_int_equal(portclass_of(0), PC_WELL_KNOWN);
	assert_int_equal(portclass_of(1023), PC_WELL_KNOWN);
	assert_int_equal(portclass_of(1024), PC_REGISTERED);
	assert_int_equal(portclass_of(49151), PC_REGISTERED);
	assert_int_equal(portclass_of(49152), PC_DYNAMIC);
	assert_int_equal(portclass_of(65535), PC_DYNAMIC);
}

static void test_class_names(void **state)
{
	(void)state;
	assert_int_equal(portclass_from_name("well-known"), PC_WELL_KNOWN);
	assert_int_equal(portclass_from_name("registered"), PC_REGISTERED);
	assert_int_equal(portclass_from_name("dynamic"), PC_DYNAMIC);
	assert_int_equal(portclass_from_name("ephemeral"), PC_NONE);
	assert_int_equal(portclass_from_name(""), PC_NONE);
}

static void test_ephemeral_is_separate(void **state)
{
	struct port_range r = {32768, 60999, false};
	(void)state;

	assert_false(portclass_is_ephemeral(32767, &r));
	assert_true(portclass_is_ephemeral(32768, &r));
	assert_true(portclass_is_ephemeral(60999, &r));
	assert_false(portclass_is_ephemeral(61000, &r));
	assert_false(portclass_is_ephemeral(0, &r));
	/* Linux's default range straddles two IANA classes. */
	assert_int_equal(portclass_of(40000), PC_REGISTERED);
	assert_true(portclass_is_ephemeral(40000, &r));
	assert_int_equal(portclass_of(55000), PC_DYNAMIC);
	assert_true(portclass_is_ephemeral(55000, &r));
	assert_int_equal(portclass_of(62000), PC_DYNAMIC);
	assert_false(portclass_is_ephemeral(62000, &r));
}

static void test_parse_range(void **state)
{
	struct port_range r;
	(void)state;

	assert_int_equal(port_range_parse("1024\t65535\n", &r), 0);
	assert_int_equal(r.low, 1024);
	assert_int_equal(r.high, 65535);
	assert_false(r.is_default);
	assert_int_equal(port_range_parse("40000 40000", &r), 0);
	assert_int_equal(port_range_parse("", &r), -EINVAL);
	assert_int_equal(port_range_parse("60999\t32768\n", &r), -EINVAL);
	assert_int_equal(port_range_parse("1 70000\n", &r), -EINVAL);
	assert_int_equal(port_range_parse("32768\n", &r), -EINVAL);
	assert_int_equal(port_range_parse("32768 60999 7\n", &r), -EINVAL);
	assert_int_equal(port_range_parse("0 100\n", &r), -EINVAL);
}

/* Writes a proc tree holding only the range file; returns its root. */
static char *make_tree(const char *content)
{
	char tmpl[] = "/tmp/portstat-range-XXXXXX";
	char path[4096];
	FILE *f;

	assert_non_null(mkdtemp(tmpl));
	(void)snprintf(path, sizeof(path), "%s/sys", tmpl);
	assert_int_equal(mkdir(path, 0700), 0);
	(void)snprintf(path, sizeof(path), "%s/sys/net", tmpl);
	assert_int_equal(mkdir(path, 0700), 0);
	(void)snprintf(path, sizeof(path), "%s/sys/net/ipv4", tmpl);
	assert_int_equal(mkdir(path, 0700), 0);
	(void)snprintf(path, sizeof(path), "%s/sys/net/ipv4/ip_local_port_range", tmpl);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
	return strdup(tmpl);
}

static void remove_tree(char *root)
{
	char path[4096];

	(void)snprintf(path, sizeof(path), "%s/sys/net/ipv4/ip_local_port_range", root);
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s/sys/net/ipv4", root);
	(void)rmdir(path);
	(void)snprintf(path, sizeof(path), "%s/sys/net", root);
	(void)rmdir(path);
	(void)snprintf(path, sizeof(path), "%s/sys", root);
	(void)rmdir(path);
	(void)rmdir(root);
	free(root);
}

static void test_read_range_from_tree(void **state)
{
	char *root = make_tree("20000\t29999\n");
	char *bad = make_tree("garbage\n");
	struct port_range r;
	(void)state;

	assert_int_equal(port_range_read(root, &r, NULL), 0);
	assert_int_equal(r.low, 20000);
	assert_int_equal(r.high, 29999);
	assert_false(r.is_default);
	assert_true(portclass_is_ephemeral(20000, &r));
	assert_false(portclass_is_ephemeral(40000, &r));

	assert_int_equal(port_range_read(bad, &r, NULL), -EINVAL);
	assert_true(r.is_default);
	assert_int_equal(r.low, 32768);
	assert_int_equal(r.high, 60999);

	assert_int_equal(port_range_read("/nonexistent", &r, NULL), -ENOENT);
	assert_true(r.is_default);
	assert_int_equal(r.low, PORTCLASS_EPHEMERAL_LOW);
	assert_int_equal(r.high, PORTCLASS_EPHEMERAL_HIGH);
	remove_tree(root);
	remove_tree(bad);
}

/* The saved golden tree, when the source directory is known. */
static void test_read_range_golden_tree(void **state)
{
	char root[4096];
	struct port_range r;
	(void)state;

	fixture_path(root, sizeof(root), "PORTSTAT_SOURCE_DIR", "tests/golden/trees/basic");
	assert_int_equal(port_range_read(root, &r, NULL), 0);
	assert_int_equal(r.low, 32768);
	assert_int_equal(r.high, 60999);
	assert_false(r.is_default);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_class_boundaries),
	    cmocka_unit_test(test_class_names),
	    cmocka_unit_test(test_ephemeral_is_separate),
	    cmocka_unit_test(test_parse_range),
	    cmocka_unit_test(test_read_range_from_tree),
	    cmocka_unit_test(test_read_range_golden_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
