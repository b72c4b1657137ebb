/* SPDX-License-Identifier: MIT */
/* The unit tests' whole framework: each test file checks groups of conditions and
 * prints one line per group, "PASS: <group>" or "FAIL: <group>: <first failure>",
 * prefixed with "$TEST_GROUP: " as tests/lib.sh does. Its exit status is non-zero if
 * a group failed. Include it once, from the test's only source file.
 */
#ifndef NAKEDINIT_UNIT_H
#define NAKEDINIT_UNIT_H

#include <stdio.h>
#include <stdlib.h>

static int group_failed;
static char group_failure[2048];
static int failures;

#define CHECK(cond, ...)                                                             \
	do {                                                                         \
		if (!(cond) && !group_failed++)                                      \
			snprintf(group_failure, sizeof(group_failure), __VA_ARGS__); \
	} while (0)

static void end_group(const char *name)
{
	const char *prefix = getenv("TEST_GROUP");

	printf("%s: %s%s%s", group_failed ? "FAIL" : "PASS", prefix ? prefix : "",
	       prefix ? ": " : "", name);
	printf(group_failed ? ": %s\n" : "\n", group_failure);
	failures += group_failed != 0;
	group_failed = 0;
}

#endif
