/*-------------------------------------------------------------------------
 *
 * harness.h
 *	  The checks of the C unit tests (test/test_*.c).
 *
 * A unit test is a standalone program built from the core sources alone.
 * Each check counts a pass or prints one line for the failure;
 * harness_report() prints the last line, "N passed, M failed", which
 * `make test-core` adds up, and returns the exit status: non-zero when
 * anything failed.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TEST_HARNESS_H
#define TEST_HARNESS_H

#include <stdio.h>

static int	n_passed;
static int	n_failed;

/*
 * CHECK(cond, format, ...): a failure prints the file and line of the check
 * and the message.
 */
#define CHECK(cond, ...) \
	do { \
		if (cond) \
			n_passed++; \
		else \
		{ \
			n_failed++; \
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

/* check(ok, what, detail): a failure prints what and, if any, the detail */
static inline void
check(int ok, const char *what, const char *detail)
{
	if (ok)
		n_passed++;
	else
	{
		n_failed++;
		printf("FAIL: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	}
}

/* Prints "N passed, M failed"; returns the exit status of the program */
static inline int
harness_report(void)
{
	printf("%d passed, %d failed\n", n_passed, n_failed);
	return n_failed == 0 ? 0 : 1;
}

#endif							/* TEST_HARNESS_H */
