/*
 * fixtures.h - what a unit test does when something it checks against is
 * not there: a shared fixture (../shared/fixtures, $SHARED_FIXTURES), the
 * source tree ($PORTSTAT_SOURCE_DIR) or a kernel feature.  A person's build
 * skips the test (cmocka's skip()); when fixtures are required it fails, so
 * that a skip never hides a missing file in CI.  Required means CI=true (as
 * CI sets it) or PORTSTAT_REQUIRE_FIXTURES=1.  Include after <cmocka.h>.
 */
#ifndef PORTSTAT_TESTS_UNIT_FIXTURES_H
#define PORTSTAT_TESTS_UNIT_FIXTURES_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline bool fixtures_required(void)
{
	const char *ci = getenv("CI");
	const char *req = getenv("PORTSTAT_REQUIRE_FIXTURES");

	return (ci != NULL && strcmp(ci, "true") == 0) || (req != NULL && strcmp(req, "1") == 0);
}

/* WHAT is missing: fails when fixtures are required, skips the test otherwise. */
static inline void fixture_missing(const char *what)
{
	if (fixtures_required())
		fail_msg("%s (required: CI=true or PORTSTAT_REQUIRE_FIXTURES=1)", what);
	skip();
}

/* $ENV_VAR/REL into BUF when that file is readable, else fixture_missing(). */
static inline void fixture_path(char *buf, size_t size, const char *env_var, const char *rel)
{
	const char *dir = getenv(env_var);
	char what[1200];

	if (dir == NULL) {
		(void)snprintf(what, sizeof(what), "%s is not set: cannot find %s", env_var, rel);
		fixture_missing(what);
		return;
	}
	(void)snprintf(buf, size, "%s/%s", dir, rel);
	if (access(buf, R_OK) != 0) {
		(void)snprintf(what, sizeof(what), "fixture %s is not readable", buf);
		fixture_missing(what);
	}
}

#endif
